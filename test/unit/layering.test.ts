// The lint rule that keeps `vscode` inside the adapter layer must actually fire.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../..');
const source = "import * as vscode from 'vscode';\nexport const x = vscode;\n";

async function restrictedImportErrors(filePath: string): Promise<number> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(source, { filePath: path.join(root, filePath) });
  return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').length;
}

describe('layering lint rule', function () {
  this.timeout(60_000);

  for (const file of ['src/context/probe.ts', 'src/chat/probe.ts', 'src/providers/probe.ts', 'src/protocol/probe.ts', 'src/common/probe.ts', 'src/webview/probe.ts', 'src/cli/probe.ts']) {
    it(`fails when ${path.dirname(file)} imports vscode`, async () => assert.equal(await restrictedImportErrors(file), 1));
  }
  for (const file of ['src/vscode/probe.ts', 'src/view/probe.ts', 'src/extension.ts']) {
    it(`allows vscode in ${file}`, async () => assert.equal(await restrictedImportErrors(file), 0));
  }
});
