// Model-given paths: one canonical spelling, then the rules. Real folders and symlinks on disk for the resolving part.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { canonicalPath } from '../../src/edits/canonicalPath';
import { isInside, recheckAtWrite, resolveWorkspacePath } from '../../src/edits/workspacePaths';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

describe('canonicalPath', () => {
  const accepted: Array<[string, string]> = [
    ['src/a.ts', 'src/a.ts'],
    ['src\\new\\b.ts', 'src/new/b.ts'],
    ['./src//a.ts', 'src/a.ts'],
    ['  src/a.ts  ', 'src/a.ts'],
    ['src./a.ts', 'src/a.ts'],
    ['src/a.ts.', 'src/a.ts'],
    ['src/a.ts . .', 'src/a.ts'],
    ['src/a.ts::$DATA', 'src/a.ts'],
    ['src/a.ts:stream', 'src/a.ts'],
    ['src/a.ts:12', 'src/a.ts'],
    ['src/. /a.ts', 'src/a.ts'],
    ['..foo', '..foo'],
    ['src/..foo/a.ts', 'src/..foo/a.ts'],
    ['a..b/c', 'a..b/c'],
    ['backup~', 'backup~'],
    ['src/Ünïcode.ts', 'src/Ünïcode.ts'],
    ['src/console.ts', 'src/console.ts'],
    ['nullable/com10.ts', 'nullable/com10.ts'],
  ];
  for (const [requested, canonical] of accepted) {
    it(`${JSON.stringify(requested)} → ${canonical}`, () => {
      const result = canonicalPath(requested);
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.path, canonical);
    });
  }

  const refused: Array<[string, RegExp]> = [
    ['', /names no file/],
    ['.', /names no file/],
    ['./', /names no file/],
    ['a\0b', /NUL/],
    ['/etc/passwd', /absolute paths/],
    ['\\\\server\\share\\x', /absolute paths/],
    ['C:\\Windows\\x', /absolute paths/],
    ['c:relative', /absolute paths/],
    ['..', /"\.\." is not allowed/],
    ['../x', /"\.\." is not allowed/],
    ['src/../../x', /"\.\." is not allowed/],
    ['.. /x', /"\.\." is not allowed/],
    ['.../x', /"\.\." is not allowed/],
    ['..\\x', /"\.\." is not allowed/],
    ['GIT~1/config', /8\.3 short name/],
    ['git~1/hooks/pre-commit', /8\.3 short name/],
    ['GITHUB~1/workflows/ci.yml', /8\.3 short name/],
    ['PROGRA~1.TXT', /8\.3 short name/],
    ['src/:stream', /names no file/],
    ['.g\u200cit/config', /invisible characters/],
    ['\ufeffsrc/a.ts', /invisible characters/],
  ];
  for (const [requested, reason] of refused) {
    it(`refuses ${JSON.stringify(requested)}`, () => {
      const result = canonicalPath(requested);
      assert.equal(result.ok, false, JSON.stringify(result));
      assert.match((result as { reason: string }).reason, reason);
    });
  }
});

describe('Windows device names', () => {
  // they open a device, not a file, on Windows only: elsewhere `aux.ts` is an ordinary file
  const names = ['con', 'src/NUL.txt', 'logs/com1.log', 'Aux/readme.md', 'lpt9'];
  for (const requested of names) {
    it(`${process.platform === 'win32' ? 'refuses' : 'keeps'} ${requested} on ${process.platform}`, () => {
      const result = canonicalPath(requested);
      if (process.platform === 'win32') assert.match((result as { reason: string }).reason, /device name/);
      else assert.ok(result.ok, JSON.stringify(result));
    });
  }
});

describe('resolveWorkspacePath', () => {
  let workspace: TempWorkspace;
  let outside: TempWorkspace;
  const roots = () => [{ name: 'ws', path: workspace.root }];
  const refusal = async (requested: string) => {
    const result = await resolveWorkspacePath(roots(), requested);
    assert.equal(result.ok, false, `${JSON.stringify(requested)} was accepted`);
    return (result as { error: string }).error;
  };

  before(() => {
    outside = createTempWorkspace({ 'secret.txt': 'outside' }, 'grok-outside-');
    workspace = createTempWorkspace({ 'src/a.ts': 'export {};\n', '..foo/b.ts': 'x\n', '.git/config': '[core]\n' });
    symlinkSync(path.join(workspace.root, '.git'), path.join(workspace.root, 'gitdir'));
  });
  after(() => {
    workspace.remove();
    outside.remove();
  });

  const dotGit = ['.git/config', '.git', '.git/', '.GIT/hooks/pre-commit', '.Git/config', '.git./config', '.git /config', '.git . /config', '.git::$INDEX_ALLOCATION/config', '.git:$I30:$INDEX_ALLOCATION/hooks/x', 'src/.git/config', 'src\\.git\\hooks\\post-checkout'];
  for (const requested of dotGit) {
    it(`refuses .git spelled ${JSON.stringify(requested)}`, async () => {
      assert.match(await refusal(requested), /inside \.git are never touched/);
    });
  }

  it('refuses a path that reaches a file running code through a symlinked folder (docs/cfg -> ../.vscode)', async () => {
    mkdirSync(path.join(workspace.root, '.vscode'), { recursive: true });
    mkdirSync(path.join(workspace.root, 'docs'), { recursive: true });
    symlinkSync(path.join(workspace.root, '.vscode'), path.join(workspace.root, 'docs', 'cfg'));
    assert.match(await refusal('docs/cfg/tasks.json'), /leads to \.vscode\/tasks\.json \(.*\) through a symbolic link; use that path/);
    const direct = await resolveWorkspacePath(roots(), '.vscode/tasks.json');
    assert.ok(direct.ok, 'the real path is allowed (and is marked sensitive when proposed)');
  });

  it('refuses a dangling symlink: where it points is where a write would land', async () => {
    symlinkSync(path.join(outside.root, 'not-yet.txt'), path.join(workspace.root, 'dangling'));
    assert.match(await refusal('dangling'), /cannot be resolved \(EDANGLING\)/);
  });

  it('refuses .git reached through a symlink inside the workspace, and 8.3 names for it', async () => {
    assert.match(await refusal('gitdir/hooks/pre-commit'), /leads into \.git through a symbolic link/);
    assert.match(await refusal('GIT~1/hooks/pre-commit'), /8\.3 short name/);
  });

  it('resolves to the canonical path, which is what gets written', async () => {
    const result = await resolveWorkspacePath(roots(), 'src\\a.ts.::$DATA');
    assert.deepEqual(result, { ok: true, relative: 'src/a.ts', absolute: path.join(workspace.root, 'src', 'a.ts'), root: roots()[0] });
  });

  it('accepts ..foo, a legitimate name, existing or new (today refused as an escape)', async () => {
    const existing = await resolveWorkspacePath(roots(), '..foo/b.ts');
    assert.ok(existing.ok, JSON.stringify(existing));
    assert.equal(existing.absolute, path.join(workspace.root, '..foo', 'b.ts'));
    assert.ok((await resolveWorkspacePath(roots(), '..foo')).ok);
    assert.ok((await resolveWorkspacePath(roots(), '..new-folder/c.ts')).ok);
  });

  it('isInside tells ..foo (inside) from .. and ../x (outside)', () => {
    const parent = path.join(path.sep, 'w');
    assert.equal(isInside(parent, path.join(parent, '..foo')), true);
    assert.equal(isInside(parent, path.join(parent, '..foo', 'x')), true);
    assert.equal(isInside(parent, path.dirname(parent)), false);
    assert.equal(isInside(parent, path.join(path.sep, 'other')), false);
    assert.equal(isInside(parent, parent), true);
  });

  it('re-checks at write time: a folder swapped for a symlink that leads out is refused, nothing written', async () => {
    mkdirSync(path.join(workspace.root, 'lib'));
    writeFileSync(path.join(workspace.root, 'lib', 'util.ts'), 'inside\n');
    const proposed = await resolveWorkspacePath(roots(), 'lib/util.ts');
    assert.ok(proposed.ok);
    const proposal = { path: proposed.relative, absolute: proposed.absolute };
    assert.equal(await recheckAtWrite(roots(), proposal), undefined, 'unchanged: the write may go ahead');
    // after proposing, lib/ becomes a link to a folder outside the workspace
    rmSync(path.join(workspace.root, 'lib'), { recursive: true });
    symlinkSync(outside.root, path.join(workspace.root, 'lib'));
    writeFileSync(path.join(outside.root, 'util.ts'), 'outside\n');
    assert.match((await recheckAtWrite(roots(), proposal))!, /leads outside the workspace through a symbolic link.*Nothing was written/);
    assert.match((await recheckAtWrite(roots(), { path: 'src/a.ts', absolute: path.join(workspace.root, 'src/a.ts'), newPath: 'lib/util.ts', newAbsolute: path.join(workspace.root, 'lib/util.ts') }))!, /outside the workspace/, 'a rename target too');
    assert.match((await recheckAtWrite([{ name: 'ws', path: outside.root }], { path: 'secret.txt', absolute: path.join(workspace.root, 'secret.txt') }))!, /no longer leads to the file/);
  });
});
