/**
 * Entry point VS Code loads in the extension host (`extensionTestsPath`), under code-server or desktop
 * (@vscode/test-electron): runs every `*.test.js` bundled beside it with mocha.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    reporter: path.resolve(__dirname, '../../../test/support/statsReporter.js'),
    // GROK_TEST_GREP=<text>: only the tests whose title contains it (one file's suite while working on it)
    ...(process.env.GROK_TEST_GREP ? { grep: process.env.GROK_TEST_GREP } : {}),
  });
  // GROK_INTEGRATION_FILES=activation,chat runs only the files whose names contain one of those words
  const only = process.env.GROK_INTEGRATION_FILES?.split(',').filter(Boolean);
  const wanted = (name: string) => !only || only.some((word) => name.includes(word));
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js') && wanted(name)).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
