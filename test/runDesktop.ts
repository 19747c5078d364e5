/**
 * `npm run test:desktop`: the same integration suite in desktop VS Code via @vscode/test-electron,
 * on a machine that can download VS Code (these CI machines cannot; they use code-server instead).
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const workspace = mkdtempSync(path.join(tmpdir(), 'grok-desktop-ws-'));
  mkdirSync(path.join(workspace, 'src'));
  writeFileSync(path.join(workspace, 'src/main.ts'), 'export function main(): void {}\n');
  writeFileSync(path.join(workspace, '.gitignore'), 'build/\n');
  await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'dist/test/integration/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
