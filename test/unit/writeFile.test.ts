// write_file: the whole new content of an existing file, and line_hint on replace_in_file, from the tool call's JSON to
// the proposal (real files on disk, the real tool runner and the same checks as the other edit tools).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ToolRunner, type ToolWorkspace } from '../../src/chat/toolRunner';
import { textHash } from '../../src/edits/fileText';
import { EditProposals, type Proposal } from '../../src/edits/proposals';
import { parseToolArguments } from '../../src/edits/toolSchemas';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

describe('write_file and line_hint: arguments', () => {
  it('write_file takes a path, the whole content and the base_hash read_file showed', () => {
    assert.deepEqual(parseToolArguments('write_file', { path: 'a.ts', content: '', base_hash: 'abc' }), { ok: true, value: { tool: 'write_file', path: 'a.ts', content: '', baseHash: 'abc' } });
    assert.deepEqual(parseToolArguments('write_file', { path: 'a.ts', content: 'x', base_hash: null }), { ok: false, error: 'Invalid arguments for write_file: "base_hash" must be a non-empty string.' });
  });

  it('line_hint is a positive line number or null', () => {
    const edits = (lineHint: unknown) => [{ old_string: 'a', new_string: 'b', expected_occurrences: null, line_hint: lineHint }];
    assert.deepEqual(parseToolArguments('replace_in_file', { path: 'a.ts', edits: edits(12), base_hash: null }), {
      ok: true,
      value: { tool: 'replace_in_file', path: 'a.ts', edits: [{ oldString: 'a', newString: 'b', lineHint: 12 }], baseHash: undefined },
    });
    assert.deepEqual(parseToolArguments('replace_in_file', { path: 'a.ts', edits: edits(null), base_hash: null }), {
      ok: true,
      value: { tool: 'replace_in_file', path: 'a.ts', edits: [{ oldString: 'a', newString: 'b' }], baseHash: undefined },
    });
    assert.deepEqual(parseToolArguments('replace_in_file', { path: 'a.ts', edits: edits(0), base_hash: null }), {
      ok: false,
      error: 'Invalid arguments for replace_in_file: edits[0]: "line_hint" must be a positive integer or null.',
    });
  });
});

describe('write_file: proposals', () => {
  it('proposes the new content as a modification reviewed as a diff', () => {
    const proposals = new EditProposals();
    const result = proposals.proposeWrite('a.ts', '/w/a.ts', 'one\ntwo\n', 'one\n2\nthree\n');
    assert.ok(result.ok);
    assert.equal(result.proposal.change, 'modify');
    assert.equal(result.proposal.proposedText, 'one\n2\nthree\n');
    assert.equal(result.proposal.baseHash, textHash('one\ntwo\n'));
    assert.deepEqual(proposals.views().map((view) => [view.added, view.removed, view.hunks]), [[2, 1, 1]]);
  });

  it('keeps the file\'s byte-order mark and CRLF when the content has neither; CRLF content is written as given', () => {
    const proposals = new EditProposals();
    const crlf = proposals.proposeWrite('a.ts', '/w/a.ts', '\uFEFFa\r\nb\r\n', 'a\nc\n');
    assert.ok(crlf.ok);
    assert.equal(crlf.proposal.proposedText, '\uFEFFa\r\nc\r\n');
    const given = new EditProposals().proposeWrite('b.ts', '/w/b.ts', 'a\nb\n', 'a\r\nb\r\n');
    assert.ok(given.ok);
    assert.equal(given.proposal.proposedText, 'a\r\nb\r\n');
  });

  it('builds on a pending proposal, and refuses content that changes nothing', () => {
    const proposals = new EditProposals();
    const first = proposals.proposeReplace('a.ts', '/w/a.ts', 'x = 1\n', [{ oldString: 'x = 1', newString: 'x = 2' }]);
    assert.ok(first.ok);
    const rewrite = proposals.proposeWrite('a.ts', '/w/a.ts', 'x = 1\n', 'x = 3\n');
    assert.ok(rewrite.ok);
    assert.equal(rewrite.proposal.id, first.proposal.id, 'one proposal per file');
    assert.equal(rewrite.proposal.proposedText, 'x = 3\n');
    assert.equal(rewrite.proposal.baseText, 'x = 1\n');
    assert.deepEqual(proposals.proposeWrite('a.ts', '/w/a.ts', 'x = 1\n', 'x = 3\n'), { ok: false, message: 'No change proposed to a.ts: the content is the same as the file\'s text.' });
  });

  it('waits for a pending delete', () => {
    const proposals = new EditProposals();
    assert.ok(proposals.proposeDelete('a.ts', '/w/a.ts', 'x\n').ok);
    assert.deepEqual(proposals.proposeWrite('a.ts', '/w/a.ts', 'x\n', 'y\n'), { ok: false, message: 'a.ts has a pending delete (e1); wait until the user decides on it.' });
  });
});

describe('write_file and line_hint: through the tool runner', () => {
  const APP = 'export const a = 1;\nexport const b = 1;\n';
  const files: Record<string, string> = {
    'src/app.ts': APP,
    'src/twice.ts': `let n = 0;\n${'// filler\n'.repeat(15)}let n = 0;\n`,
    'package.json': '{ "scripts": {} }\n',
    'config/keys.yaml': 'token: not-shown\n',
    'ignored.txt': 'x\n',
  };
  let workspace: TempWorkspace;
  let proposals: EditProposals;
  let applied: string[];
  let autoApply: boolean;
  const signal = new AbortController().signal;

  beforeEach(() => {
    workspace = createTempWorkspace(files);
    proposals = new EditProposals();
    applied = [];
    autoApply = false;
  });
  afterEach(() => workspace.remove());

  function runner(): ToolRunner {
    const tools: ToolWorkspace = {
      roots: () => [{ name: 'ws', path: workspace.root }],
      maxFileBytes: () => 1 << 20,
      collected: async () => ({ readable: Object.keys(files).filter((file) => file !== 'ignored.txt'), refused: new Map() }),
      secretCheck: async (file) => (file === 'config/keys.yaml' ? 'secret: test-rule' : undefined),
    };
    return new ToolRunner({
      workspace: tools,
      proposals,
      autoApply: {
        enabled: () => autoApply,
        apply: async (proposal: Proposal) => {
          applied.push(proposal.path);
          return undefined;
        },
      },
    });
  }
  const call = (name: string, args: Record<string, unknown>) => ({ id: 'c1', name, arguments: JSON.stringify(args), parsed: { ok: true as const, value: args } });
  const write = (file: string, content: string, baseHash: string) => runner().run(call('write_file', { path: file, content, base_hash: baseHash }), signal);

  it('proposes the rewrite and tells the model; the file on disk is unchanged', async () => {
    const outcome = await write('src/app.ts', 'export const a = 2;\n', textHash(APP));
    assert.equal(outcome.activity.status, 'done');
    assert.equal(outcome.activity.tool, 'write_file');
    assert.equal(outcome.activity.summary, 'edit proposed: modify src/app.ts (+1 −2)');
    assert.match(outcome.content, /^Proposed e1 \(modify src\/app\.ts \(\+1 −2\)\): the whole content rewritten\. The user reviews it/);
    assert.equal(proposals.get('e1')!.proposedText, 'export const a = 2;\n');
    assert.equal(readFileSync(path.join(workspace.root, 'src/app.ts'), 'utf8'), APP);
  });

  it('refuses a stale base_hash: the file changed since the model read it', async () => {
    const outcome = await write('src/app.ts', 'export const a = 2;\n', textHash('what the model read\n'));
    assert.equal(outcome.activity.status, 'failed');
    assert.equal(
      outcome.content,
      `Error: No change proposed to src/app.ts: the file changed since you read it (base_hash ${textHash('what the model read\n')}, now ${textHash(APP)}). Read it again with read_file and send its whole new content based on what it says now.`,
    );
    assert.equal(proposals.all().length, 0);
  });

  it('refuses a missing file (pointing to create_file), a path outside, an excluded file and a secret one, as the other edit tools do', async () => {
    assert.match((await write('src/new.ts', 'x\n', 'abc')).content, /^Error: src\/new\.ts does not exist\. To make a new file, use create_file\.$/);
    assert.match((await write('../outside.ts', 'x\n', 'abc')).content, /^Error: Refused path "\.\.\/outside\.ts"/);
    assert.match((await write('ignored.txt', 'y\n', textHash('x\n'))).content, /^Error: ignored\.txt is not among the workspace files/);
    const secret = await write('config/keys.yaml', 'token: other\n', textHash(files['config/keys.yaml']));
    assert.equal(secret.content, 'Error: config/keys.yaml is kept out of the context (secret: test-rule); the user can include it from the Context view if it should be used.');
    assert.equal(proposals.all().length, 0);
  });

  it('a sensitive file is marked and never auto-applied; an ordinary one is', async () => {
    autoApply = true;
    const sensitive = await write('package.json', '{ "scripts": { "postinstall": "x" } }\n', textHash(files['package.json']));
    assert.match(sensitive.content, /package\.json is sensitive \(package manifest \(its scripts run on npm install.*never applied automatically/);
    const ordinary = await write('src/app.ts', 'export const a = 2;\n', textHash(APP));
    assert.match(ordinary.content, /^Applied e2 /);
    assert.deepEqual(applied, ['src/app.ts']);
  });

  it('is an edit tool: refused where only reading tools may run', async () => {
    const outcome = await runner().run(call('write_file', { path: 'src/app.ts', content: 'x\n', base_hash: textHash(APP) }), signal, { readOnly: true });
    assert.match(outcome.content, /^Error: write_file is not available here/);
  });

  it('an empty old_string on a non-empty file is refused and the model is pointed to write_file', async () => {
    const outcome = await runner().run(call('replace_in_file', { path: 'src/app.ts', edits: [{ old_string: '', new_string: 'x', expected_occurrences: null, line_hint: null }], base_hash: null }), signal);
    assert.equal(outcome.activity.status, 'failed');
    assert.match(outcome.content, /old_string is empty, which only works on an empty file\..*call write_file with its whole new content instead\./);
  });

  it('line_hint picks the place the model means among several', async () => {
    const edit = (lineHint: number | null) => call('replace_in_file', { path: 'src/twice.ts', edits: [{ old_string: 'let n = 0;', new_string: 'let n = 1;', expected_occurrences: null, line_hint: lineHint }], base_hash: null });
    const refused = await runner().run(edit(null), signal);
    assert.match(refused.content, /matches 2 places \(lines 1 and 17\).*Set line_hint/);
    const outcome = await runner().run(edit(16), signal);
    assert.equal(outcome.activity.status, 'done');
    assert.match(outcome.content, /edit 1: applied \(exact, line 17, chosen by line_hint among 2 places\)/);
    assert.equal(proposals.get('e1')!.proposedText, `let n = 0;\n${'// filler\n'.repeat(15)}let n = 1;\n`);
  });
});
