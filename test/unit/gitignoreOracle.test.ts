/**
 * Both ways of listing the workspace, checked against git itself on repositories built here at test time
 * (a committed fixture's .gitignore would apply to this project's own repository).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { listGitFiles } from '../../src/context/gitFiles';
import { comparePaths } from '../../src/context/paths';
import { walkFiles } from '../../src/context/walkFiles';
import { git, gitOracle } from '../support/gitRepo';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

/** Every pattern kind: nested files at several depths, negations, anchoring, directory-only, **, ranges, escapes. */
const PATTERN_FIXTURE: Record<string, string> = {
  '.gitignore': [
    '# comments and blank lines are ignored',
    '',
    '*.log',
    '!important.log',
    '/anchored.txt',
    'build/',
    '**/cache',
    'docs/**/draft-*.md',
    'tmp?.txt',
    'range[0-2].dat',
    '\\#hash.txt',
    '\\!bang.txt',
    'trailing\\ ',
    'vendor/*',
    '!vendor/keep/',
    'excluded-dir/',
    '!excluded-dir/back.txt',
    'no-slash-dir',
  ].join('\n'),
  'a.log': '', 'important.log': '', 'anchored.txt': '', 'sub/anchored.txt': '',
  'build/out.js': '', 'src/build/nested.js': '', 'src/build.js': '',
  'cache/x': '', 'deep/er/cache/y': '', 'deep/er/cachet': '',
  'docs/draft-top.md': '', 'docs/a/b/draft-deep.md': '', 'docs/a/final.md': '',
  'tmp1.txt': '', 'tmp12.txt': '', 'range1.dat': '', 'range5.dat': '',
  '#hash.txt': '', '!bang.txt': '', 'trailing ': '', 'trailing': '',
  'vendor/lib.js': '', 'vendor/keep/kept.js': '',
  'excluded-dir/back.txt': '', 'no-slash-dir/inner.txt': '', 'file-named-no-slash-dir/ok.txt': '',
  'pkg/.gitignore': '*.generated.ts\n!keep.generated.ts\n/local-only\nsecret/\n',
  'pkg/a.generated.ts': '', 'pkg/keep.generated.ts': '', 'pkg/local-only': '', 'pkg/x/local-only': '',
  'pkg/secret/s.txt': '', 'pkg/src/index.ts': '',
  'pkg/deeper/.gitignore': '!*.log\n*.tmp\n', 'pkg/deeper/re-included.log': '', 'pkg/deeper/x.tmp': '', 'pkg/deeper/y.ts': '',
  'unicode/ünïcødé.ts': '', 'spaces dir/file with spaces.md': '',
};

describe('listing the workspace as git sees it (git is the oracle)', () => {
  let ws: TempWorkspace;
  beforeEach(() => (ws = createTempWorkspace(PATTERN_FIXTURE)));
  afterEach(() => ws.remove());

  it('the walk applies nested .gitignore files exactly as git does', () => {
    git(ws.root, 'init', '-q');
    const walked = walkFiles(ws.root).files.sort(comparePaths);
    assert.deepEqual(walked, gitOracle(ws.root));
    // guard against a vacuous pass: the fixture really exercises the rules
    assert.ok(walked.includes('pkg/deeper/re-included.log'));
    assert.ok(!walked.includes('vendor/lib.js') && walked.includes('vendor/keep/kept.js'));
    assert.ok(!walked.includes('excluded-dir/back.txt'), 'a file cannot be re-included under an ignored directory');
  });

  it('the walk honours .git/info/exclude', () => {
    git(ws.root, 'init', '-q');
    writeFileSync(path.join(ws.root, '.git/info/exclude'), 'src/\n');
    const walked = walkFiles(ws.root).files.sort(comparePaths);
    assert.deepEqual(walked, gitOracle(ws.root));
    assert.ok(!walked.some((file) => file.startsWith('src/')));
  });

  it('asking git gives the same set, and adds what only git knows', async () => {
    git(ws.root, 'init', '-q');
    assert.deepEqual((await listGitFiles(ws.root))!.sort(comparePaths), gitOracle(ws.root));
    // tracked-but-ignored stays; core.excludesFile applies; deleted-on-disk files are git's business
    git(ws.root, 'add', '-f', 'a.log');
    git(ws.root, 'config', 'core.excludesFile', path.join(ws.root, 'global-ignore'));
    writeFileSync(path.join(ws.root, 'global-ignore'), 'tmp1.txt\n');
    const listed = (await listGitFiles(ws.root))!.sort(comparePaths);
    assert.deepEqual(listed, gitOracle(ws.root));
    assert.ok(listed.includes('a.log'));
    assert.ok(!listed.includes('tmp1.txt'));
  });

  it('includes nested repositories (untracked clones and submodules) with their own ignore rules', async () => {
    git(ws.root, 'init', '-q');
    const nested = path.join(ws.root, 'nested');
    mkdirSync(nested);
    git(nested, 'init', '-q');
    writeFileSync(path.join(nested, '.gitignore'), 'dist/\n');
    writeFileSync(path.join(nested, 'lib.ts'), '');
    mkdirSync(path.join(nested, 'dist'));
    writeFileSync(path.join(nested, 'dist/lib.js'), '');
    const listed = await listGitFiles(ws.root);
    assert.ok(listed!.includes('nested/lib.ts'));
    assert.ok(listed!.includes('nested/.gitignore'));
    assert.ok(!listed!.includes('nested/dist/lib.js'));
    assert.ok(!listed!.some((file) => file === 'nested/' || file === 'nested'));
  });

  it('includes a submodule (a gitlink) through its own git', async () => {
    const upstream = createTempWorkspace({ 'lib.ts': 'export {};\n', '.gitignore': 'gen/\n' }, 'grok-upstream-');
    try {
      git(upstream.root, 'init', '-q');
      git(upstream.root, 'add', '.');
      git(upstream.root, 'commit', '-qm', 'upstream');
      git(ws.root, 'init', '-q');
      git(ws.root, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', upstream.root, 'modules/upstream');
      writeFileSync(path.join(ws.root, 'modules/upstream/untracked.ts'), '');
      mkdirSync(path.join(ws.root, 'modules/upstream/gen'));
      writeFileSync(path.join(ws.root, 'modules/upstream/gen/x.ts'), '');
      const listed = await listGitFiles(ws.root);
      assert.ok(listed!.includes('modules/upstream/lib.ts'));
      assert.ok(listed!.includes('modules/upstream/untracked.ts'));
      assert.ok(!listed!.includes('modules/upstream/gen/x.ts'), "the submodule's own .gitignore applies");
      assert.ok(!listed!.includes('modules/upstream'), 'the gitlink itself is not a file');
      assert.ok(listed!.includes('.gitmodules'));
    } finally {
      upstream.remove();
    }
  });

  it('lists a workspace folder that is a subdirectory of a repository relative to that folder', async () => {
    git(ws.root, 'init', '-q');
    const listed = (await listGitFiles(path.join(ws.root, 'pkg')))!.sort(comparePaths);
    assert.deepEqual(listed, gitOracle(path.join(ws.root, 'pkg')));
    assert.ok(listed.includes('src/index.ts'));
  });

  it('answers undefined outside a repository, so the caller walks instead', async () => {
    rmSync(path.join(ws.root, '.git'), { recursive: true, force: true });
    const outside = createTempWorkspace({ 'a.txt': '' }, 'grok-nogit-');
    try {
      // /tmp itself is not in a repository on these machines; guard in case it is
      let inRepo = true;
      try { git(outside.root, 'rev-parse', '--is-inside-work-tree'); } catch { inRepo = false; }
      if (!inRepo) assert.equal(await listGitFiles(outside.root), undefined);
      else assert.ok(await listGitFiles(outside.root));
    } finally {
      outside.remove();
    }
  });

  it('the walk lists symlinks without following them, even in a loop', () => {
    symlinkSync('..', path.join(ws.root, 'pkg', 'loop'));
    const walked = walkFiles(ws.root).files;
    assert.ok(walked.includes('pkg/loop'));
    assert.ok(!walked.some((file) => file.startsWith('pkg/loop/')));
  });
});
