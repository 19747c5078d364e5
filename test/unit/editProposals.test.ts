import * as assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { textHash } from '../../src/edits/fileText';
import { applyHunks, computeHunks, hunksAsBlocks, lineCounts, unifiedDiff } from '../../src/edits/hunks';
import { EditProposals } from '../../src/edits/proposals';
import { TOOL_DEFINITIONS, parseToolArguments } from '../../src/edits/toolSchemas';
import { resolveWorkspacePath } from '../../src/edits/workspacePaths';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

describe('edit tool schemas', () => {
  it('are strict: every property required, no others allowed, optional ones nullable', () => {
    const check = (schema: Record<string, any>, where: string) => {
      assert.equal(schema.additionalProperties, false, where);
      assert.deepEqual([...schema.required].sort(), Object.keys(schema.properties).sort(), where);
      for (const [key, property] of Object.entries<Record<string, any>>(schema.properties)) {
        if (property.type === 'object') check(property, `${where}.${key}`);
        if (property.type === 'array' && property.items.type === 'object') check(property.items, `${where}.${key}[]`);
      }
    };
    for (const tool of TOOL_DEFINITIONS) check(tool.parameters, tool.name);
    assert.deepEqual(TOOL_DEFINITIONS.map((tool) => tool.name), ['read_file', 'list_files', 'search', 'replace_in_file', 'write_file', 'create_file', 'delete_file', 'rename_file']);
  });

  it('turns valid arguments into typed values, nulls into absent options', () => {
    assert.deepEqual(parseToolArguments('replace_in_file', { path: 'a.ts', edits: [{ old_string: 'a', new_string: 'b', expected_occurrences: null }], base_hash: null }), {
      ok: true,
      value: { tool: 'replace_in_file', path: 'a.ts', edits: [{ oldString: 'a', newString: 'b' }], baseHash: undefined },
    });
    assert.deepEqual(parseToolArguments('read_file', { path: 'a.ts', start_line: 3, end_line: null }), { ok: true, value: { tool: 'read_file', path: 'a.ts', startLine: 3, endLine: undefined } });
  });

  it('says exactly what is wrong with invalid arguments', () => {
    assert.deepEqual(parseToolArguments('replace_in_file', { path: 'a.ts', edits: [] }), {
      ok: false,
      error: 'Invalid arguments for replace_in_file: "edits" must be a non-empty array of {old_string, new_string, expected_occurrences, line_hint}.',
    });
    assert.deepEqual(parseToolArguments('replace_in_file', { path: 'a.ts', edits: [{ old_string: 'a', new_string: 3 }] }), {
      ok: false,
      error: 'Invalid arguments for replace_in_file: edits[0]: "new_string" must be a string.',
    });
    assert.deepEqual(parseToolArguments('read_file', { path: 'a', start_line: 9, end_line: 2 }), { ok: false, error: 'Invalid arguments for read_file: "end_line" is before "start_line".' });
    assert.deepEqual(parseToolArguments('format_disk', {}), { ok: false, error: `Unknown tool "format_disk". Available: ${TOOL_DEFINITIONS.map((tool) => tool.name).join(', ')}.` });
    assert.deepEqual(parseToolArguments('delete_file', [1]), { ok: false, error: 'The arguments of delete_file must be a JSON object.' });
  });
});

describe('workspace paths the model names', () => {
  let workspace: TempWorkspace;
  let outside: TempWorkspace;
  before(() => {
    workspace = createTempWorkspace({ 'src/a.ts': 'a\n' });
    outside = createTempWorkspace({ 'secret.txt': 'no' }, 'grok-outside-');
    symlinkSync(outside.root, path.join(workspace.root, 'escape'));
    symlinkSync(path.join(workspace.root, 'src'), path.join(workspace.root, 'inner'));
    symlinkSync(path.join(workspace.root, 'loop-b'), path.join(workspace.root, 'loop-a'));
    symlinkSync(path.join(workspace.root, 'loop-a'), path.join(workspace.root, 'loop-b'));
  });
  after(() => {
    workspace.remove();
    outside.remove();
  });
  const roots = () => [{ name: 'ws', path: workspace.root }];

  it('resolves relative paths (existing or new, with backslashes) inside the folder', async () => {
    assert.deepEqual(await resolveWorkspacePath(roots(), 'src/a.ts'), { ok: true, relative: 'src/a.ts', absolute: path.join(workspace.root, 'src/a.ts'), root: roots()[0] });
    assert.equal((await resolveWorkspacePath(roots(), 'src\\new\\b.ts')).ok, true);
    assert.equal((await resolveWorkspacePath(roots(), './inner/a.ts')).ok, true, 'a symlink that stays inside is fine');
  });

  it('refuses .., absolute paths, .git, escaping symlinks and loops, each with the reason', async () => {
    const refusal = async (requested: string) => {
      const result = await resolveWorkspacePath(roots(), requested);
      assert.equal(result.ok, false, requested);
      return (result as { error: string }).error;
    };
    assert.match(await refusal('../outside.txt'), /"\.\." is not allowed/);
    assert.match(await refusal('src/../../x'), /"\.\." is not allowed/);
    assert.match(await refusal('/etc/passwd'), /absolute paths are not allowed/);
    assert.match(await refusal('C:\\Windows\\x'), /absolute paths are not allowed/);
    assert.match(await refusal('.git/hooks/pre-commit'), /inside \.git are never touched/);
    assert.match(await refusal('escape/secret.txt'), /outside the workspace through a symbolic link/);
    assert.match(await refusal('escape/new-file.txt'), /outside the workspace through a symbolic link/);
    assert.match(await refusal('loop-a/x'), /cannot be resolved \(ELOOP\)/);
    assert.match(await refusal(''), /names no file/);
  });

  it('needs the folder name first in a multi-root workspace', async () => {
    mkdirSync(path.join(outside.root, 'lib'), { recursive: true });
    const two = [...roots(), { name: 'other', path: outside.root }];
    assert.equal((await resolveWorkspacePath(two, 'other/secret.txt')).ok, true);
    assert.match((await resolveWorkspacePath(two, 'src/a.ts') as { error: string }).error, /starts with a folder name \(ws, other\)/);
  });
});

describe('hunks', () => {
  const base = 'one\r\ntwo\r\nthree\r\nfour\r\n';
  const proposed = 'one\r\nTWO\r\nthree\r\nfour\r\nfive\r\n';

  it('finds the changed runs of lines, keeping CRLF, and applies any subset', () => {
    const hunks = computeHunks(base, proposed);
    assert.deepEqual(hunks, [
      { baseLine: 1, removed: 'two\r\n', added: 'TWO\r\n' },
      { baseLine: 4, removed: '', added: 'five\r\n' },
    ]);
    assert.deepEqual(lineCounts(hunks), { added: 2, removed: 1 });
    assert.equal(applyHunks(base, hunks), proposed);
    assert.equal(applyHunks(base, [hunks[1]]), 'one\r\ntwo\r\nthree\r\nfour\r\nfive\r\n');
    assert.equal(applyHunks(base, []), base);
  });

  it('turns hunks into blocks with context, and prints a unified diff', () => {
    assert.deepEqual(hunksAsBlocks(base, computeHunks(base, proposed), 1)[0], { oldString: 'one\r\ntwo\r\nthree\r\n', newString: 'one\r\nTWO\r\nthree\r\n' });
    assert.equal(unifiedDiff('a.txt', 'x\n', 'y\n'), '===================================================================\n--- a/a.txt\n+++ b/a.txt\n@@ -1,1 +1,1 @@\n-x\n+y\n');
  });
});

describe('EditProposals', () => {
  const file = 'function greet() {\n  return "hi";\n}\n\nfunction part() {\n  return "bye";\n}\n';

  it('anchors a proposal to the text it was made against; a second edit builds on the first', () => {
    const proposals = new EditProposals();
    const first = proposals.proposeReplace('a.ts', '/w/a.ts', file, [{ oldString: 'return "hi";', newString: 'return "hello";' }]);
    assert.ok(first.ok);
    const second = proposals.proposeReplace('a.ts', '/w/a.ts', file, [{ oldString: 'return "hello";\n}', newString: 'return "hello!";\n}' }]);
    assert.ok(second.ok);
    assert.equal(second.proposal.id, first.proposal.id);
    assert.equal(second.proposal.baseHash, textHash(file));
    assert.equal(second.proposal.proposedText, file.replace('"hi"', '"hello!"'));
    assert.deepEqual(proposals.views(), [{ id: 'e1', path: 'a.ts', change: 'modify', added: 1, removed: 1, matchKinds: ['exact'], hunks: 1, status: 'pending' }]);
  });

  it('refuses a failed match without creating anything, naming the block', () => {
    const proposals = new EditProposals();
    const result = proposals.proposeReplace('a.ts', '/w/a.ts', file, [{ oldString: 'return "hi";', newString: 'x' }, { oldString: 'not in the file at all', newString: 'y' }]);
    assert.equal(result.ok, false);
    assert.match((result as { message: string }).message, /^No change proposed to a\.ts: edit 1: applied \(exact, line 2\)\nedit 2: FAILED \(not-found\)/);
    assert.deepEqual(proposals.views(), []);
  });

  it('re-matches a stale proposal onto the changed file, or marks it conflicted with the reason', () => {
    const proposals = new EditProposals();
    const { proposal } = proposals.proposeReplace('a.ts', '/w/a.ts', file, [{ oldString: '  return "bye";', newString: '  return "ciao";' }]) as { proposal: { id: string } };
    const userEdited = `// header\n${file}`;
    assert.equal(proposals.rebase(proposal.id, userEdited), true);
    assert.equal(proposals.get(proposal.id)!.proposedText, userEdited.replace('"bye"', '"ciao"'));
    const rewritten = userEdited.replace('  return "bye";', '  throw new Error("gone");');
    assert.equal(proposals.rebase(proposal.id, rewritten), false);
    assert.equal(proposals.get(proposal.id)!.status, 'conflicted');
    assert.match(proposals.get(proposal.id)!.reason!, /^a\.ts changed since the edit was proposed and the edit no longer fits .* Nothing was written; ask Grok to redo it\.$/);
  });

  it('accepts and rejects single hunks', () => {
    const proposals = new EditProposals();
    const { proposal } = proposals.proposeReplace('a.ts', '/w/a.ts', file, [
      { oldString: 'return "hi";', newString: 'return "hello";' },
      { oldString: 'return "bye";', newString: 'return "ciao";' },
    ]) as { proposal: { id: string } };
    assert.equal(proposals.hunks(proposals.get(proposal.id)!).length, 2);
    proposals.rejectHunk(proposal.id, 0);
    assert.equal(proposals.get(proposal.id)!.proposedText, file.replace('"bye"', '"ciao"'));
    proposals.acceptHunk(proposal.id, 0);
    assert.equal(proposals.get(proposal.id)!.baseText, file.replace('"bye"', '"ciao"'));
    assert.equal(proposals.get(proposal.id)!.status, 'accepted');
  });

  it('creates, deletes and renames only where that makes sense', () => {
    const proposals = new EditProposals();
    assert.deepEqual(proposals.proposeCreate('a.ts', '/w/a.ts', 'x', true), { ok: false, message: 'a.ts already exists: use replace_in_file to change it, or write_file to rewrite it whole (read it first with read_file).' });
    assert.ok(proposals.proposeCreate('b.ts', '/w/b.ts', 'x\n', false).ok);
    assert.ok(proposals.proposeCreate('b.ts', '/w/b.ts', 'y\n', false).ok, 'a second create of the same new file replaces its content');
    assert.equal(proposals.pendingFor('b.ts')!.proposedText, 'y\n');
    assert.deepEqual(proposals.proposeRename('c.ts', '/w/c.ts', 'c', { path: 'b.ts', absolute: '/w/b.ts', exists: false }), {
      ok: false,
      message: 'c.ts or b.ts has a pending edit; wait until the user decides on it.',
    });
    assert.ok(proposals.proposeDelete('d.ts', '/w/d.ts', 'gone\n').ok);
    assert.deepEqual(
      proposals.views().map((view) => [view.path, view.change, view.added, view.removed]),
      [
        ['b.ts', 'create', 1, 0],
        ['d.ts', 'delete', 0, 1],
      ],
    );
  });
});
