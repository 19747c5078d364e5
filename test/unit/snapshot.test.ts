import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { collectFiles } from '../../src/context/collect';
import { looksBinary } from '../../src/context/content';
import { buildSnapshot } from '../../src/context/snapshot';
import { contextBudget, estimateTokens } from '../../src/context/tokens';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

describe('workspace collection and context snapshot', () => {
  let ws: TempWorkspace;
  before(() => {
    ws = createTempWorkspace({
      '.gitignore': '# build output\ndist/\n*.log\n!keep.log\n/root-only.txt\n',
      'src/a.ts': 'export const a = 1;\n',
      'src/b.ts': 'export const b = 2;', // no final newline
      'src/deep/root-only.txt': 'not anchored here, so kept',
      'root-only.txt': 'anchored: ignored',
      'dist/bundle.js': 'ignored',
      'debug.log': 'ignored',
      'keep.log': 'negated: kept',
      'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
      'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), // invalid UTF-8
      '.git/config': '[core]',
      'big.txt': 'x'.repeat(2048),
    });
    symlinkSync('..', path.join(ws.root, 'src', 'loop')); // a symlink loop
    symlinkSync('/etc/hostname', path.join(ws.root, 'outside')); // a link out of the workspace
  });
  after(() => ws.remove());

  it('lists files in path order, honouring the root .gitignore, never entering .git or following symlinks', async () => {
    const { files, excluded } = await collectFiles(ws.root);
    assert.deepEqual(
      files.map((file) => file.relativePath),
      ['.gitignore', 'big.txt', 'image.png', 'keep.log', 'latin1.txt', 'src/a.ts', 'src/b.ts', 'src/deep/root-only.txt'],
    );
    assert.deepEqual(excluded, [
      { relativePath: 'outside', reason: 'symlink' },
      { relativePath: 'src/loop', reason: 'symlink' },
    ]);
  });

  it('renders whole files with their paths, skips binaries and oversized files with a reason', async () => {
    const snapshot = await buildSnapshot([{ name: 'ws', path: ws.root }], { maxContextTokens: 100_000, maxFileBytes: 1024 });
    assert.deepEqual(snapshot.includedFiles, ['.gitignore', 'keep.log', 'latin1.txt', 'src/a.ts', 'src/b.ts', 'src/deep/root-only.txt']);
    assert.match(snapshot.text, /<file path="src\/b.ts">\nexport const b = 2;\n<\/file>\n/);
    assert.match(snapshot.text, /<file path="latin1.txt">\ncaf\uFFFD\n<\/file>/);
    const reasons = Object.fromEntries(snapshot.excluded.map((item) => [item.relativePath, item.reason]));
    assert.deepEqual(reasons, { 'big.txt': 'too-large', 'image.png': 'binary', outside: 'symlink', 'src/loop': 'symlink' });
    assert.equal(snapshot.tokens, estimateTokens(Buffer.byteLength(snapshot.text)));
  });

  it('is byte-identical when built twice from an unchanged workspace', async () => {
    const roots = [{ name: 'ws', path: ws.root }];
    const [first, second] = await Promise.all([
      buildSnapshot(roots, { maxContextTokens: 100_000 }),
      buildSnapshot(roots, { maxContextTokens: 100_000 }),
    ]);
    assert.equal(first.text, second.text);
  });

  it('leaves out files past the budget, lists them as path only, and stays within it', async () => {
    const big = createTempWorkspace(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${String(i).padStart(2, '0')}.txt`, 'y'.repeat(3000)])));
    try {
      const snapshot = await buildSnapshot([{ name: 'big', path: big.root }], { maxContextTokens: 10_000 });
      assert.equal(snapshot.budget, contextBudget(10_000));
      assert.ok(snapshot.tokens <= snapshot.budget, `${snapshot.tokens} > ${snapshot.budget}`);
      const omitted = snapshot.excluded.filter((item) => item.reason === 'budget').map((item) => item.relativePath);
      assert.ok(snapshot.includedFiles.length > 0 && omitted.length > 0);
      assert.equal(snapshot.includedFiles.length + omitted.length, 30);
      assert.match(snapshot.text, new RegExp(`<omitted reason="context budget">\\n${omitted.join('\\n')}\\n</omitted>`));
    } finally {
      big.remove();
    }
  });

  it('prefixes paths with the folder name in a multi-root workspace', async () => {
    const other = createTempWorkspace({ 'lib.ts': 'export {};\n' });
    try {
      const snapshot = await buildSnapshot(
        [{ name: 'app', path: ws.root }, { name: 'lib', path: other.root }],
        { maxContextTokens: 100_000 },
      );
      assert.ok(snapshot.includedFiles.includes('app/src/a.ts'));
      assert.ok(snapshot.includedFiles.includes('lib/lib.ts'));
    } finally {
      other.remove();
    }
  });

  it('reports an unreadable directory instead of failing', async function () {
    if (process.getuid?.() === 0) this.skip(); // root reads everything; the permission cannot be taken away
    const locked = createTempWorkspace({ 'ok.txt': 'ok', 'secret/inner.txt': 'x' });
    chmodSync(path.join(locked.root, 'secret'), 0o000);
    try {
      const { files, excluded } = await collectFiles(locked.root);
      assert.deepEqual(files.map((file) => file.relativePath), ['ok.txt']);
      assert.deepEqual(excluded, [{ relativePath: 'secret/', reason: 'unreadable' }]);
    } finally {
      chmodSync(path.join(locked.root, 'secret'), 0o755);
      locked.remove();
    }
  });

  it('survives a tree deeper than any recursion limit would allow', async () => {
    const deep = createTempWorkspace();
    try {
      const segments = Array.from({ length: 300 }, () => 'd');
      mkdirSync(path.join(deep.root, ...segments), { recursive: true });
      deep.write(path.join(...segments, 'leaf.txt'), 'leaf');
      const { files } = await collectFiles(deep.root);
      assert.equal(files.length, 1);
      assert.equal(files[0].relativePath, `${segments.join('/')}/leaf.txt`);
    } finally {
      deep.remove();
    }
  });

  it('sniffs binaries by content: a NUL byte in the first 8000 bytes', () => {
    assert.equal(looksBinary(Buffer.from('plain text\n')), false);
    assert.equal(looksBinary(Buffer.from([0x41, 0x00, 0x42])), true);
    const lateNul = Buffer.alloc(9000, 0x41);
    lateNul[8500] = 0;
    assert.equal(looksBinary(lateNul), false);
  });
});
