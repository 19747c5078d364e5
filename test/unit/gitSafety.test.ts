import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ContextEngine } from '../../src/context/engine';
import { git } from '../support/gitRepo';
import { createTempWorkspace } from '../support/tempWorkspace';

describe('listing a repository runs nothing it configures', () => {
  it('a .git/config whose core.fsmonitor names a program: scanning and planning never run it', async () => {
    const ws = createTempWorkspace({ 'src/a.ts': 'export const a = 1;\n' });
    try {
      git(ws.root, 'init', '-q');
      git(ws.root, 'add', '.');
      git(ws.root, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'init');
      const marker = path.join(ws.root, 'fsmonitor-ran');
      // the folder came with its own .git (a zip, not a clone): its config names a command git would run
      git(ws.root, 'config', 'core.fsmonitor', `touch '${marker}'; false`);
      ws.write('src/b.ts', 'export const b = 2;\n');
      const engine = new ContextEngine({ roots: [{ name: 'ws', path: ws.root }], maxFileBytes: 1 << 20, exclude: [] });
      await engine.scan();
      const plan = await engine.plan({ maxContextTokens: 100_000 });
      assert.deepEqual(plan.files.map((file) => file.path).sort(), ['src/a.ts', 'src/b.ts']);
      assert.equal(existsSync(marker), false, 'the configured program never ran');
    } finally {
      ws.remove();
    }
  });
});
