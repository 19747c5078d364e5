/**
 * Runs the integration suite (dist/test/integration) inside a real VS Code extension host:
 * code-server started on loopback, the workbench opened in headless Chromium with a `payload` that loads
 * this checkout as a development extension and its tests; exits with the suite's exit code.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT, ensureCodeServer, launchBrowser, startCodeServer } from './codeServer';

const TIMEOUT_MS = Number(process.env.GROK_E2E_TIMEOUT_SECONDS ?? 600) * 1000;

function createWorkspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'grok-it-ws-'));
  mkdirSync(path.join(root, 'src'));
  mkdirSync(path.join(root, 'build'));
  writeFileSync(path.join(root, 'src/main.ts'), 'export function main(): void {\n  console.log("hello");\n}\n');
  writeFileSync(path.join(root, 'build/main.js'), 'function main(){console.log("hello")}\n');
  writeFileSync(path.join(root, '.gitignore'), 'build/\n');
  return root;
}

async function main(): Promise<number> {
  const started = Date.now();
  const bin = ensureCodeServer();
  const server = await startCodeServer({ bin, env: process.env.GROK_TEST_RESULTS ? { GROK_TEST_RESULTS: process.env.GROK_TEST_RESULTS } : {} });
  console.log(`[vscode] code-server ${server.url} (pid ${server.pid}) up after ${Date.now() - started} ms`);
  const { context, page } = await launchBrowser();
  try {
    let finish!: (code: number) => void;
    const exitCode = new Promise<number>((resolve) => (finish = resolve));
    // The workbench reports the extension host's console here and calls codeAutomationExit when mocha ends.
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => console.log(...(args ?? [])));
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    const workspace = createWorkspace();
    const url = await server.workbenchUrl(workspace, [
      ['extensionDevelopmentPath', PROJECT_ROOT],
      ['extensionTestsPath', path.join(PROJECT_ROOT, 'dist/test/integration/index.js')],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(url);
    const timer = setTimeout(() => {
      console.error(`[vscode] no result after ${TIMEOUT_MS / 1000} s; code-server log: ${server.logFile}`);
      finish(124);
    }, TIMEOUT_MS);
    const code = await exitCode;
    clearTimeout(timer);
    console.log(`[vscode] suite exited with ${code} after ${Date.now() - started} ms`);
    return code;
  } finally {
    await context.close().catch(() => {});
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('[vscode] harness failed:', error);
    process.exit(2);
  },
);
