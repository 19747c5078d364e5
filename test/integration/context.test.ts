/** The context engine as the extension runs it: in its worker, kept current by the file watcher. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID } from '../../src/common/ids';
import type { ContextPlan } from '../../src/context/model';
import type { GrokContextApi } from '../../src/extension';

function nextPlan(api: GrokContextApi, accept: (plan: ContextPlan) => boolean): Promise<ContextPlan> {
  return new Promise((resolve) => {
    const subscription = api.context.onDidChangePlan((plan) => {
      if (accept(plan)) {
        subscription.dispose();
        resolve(plan);
      }
    });
  });
}

describe('workspace context in VS Code', () => {
  let api: GrokContextApi;
  let root: vscode.Uri;

  before(async () => {
    api = await vscode.extensions.getExtension<GrokContextApi>(EXTENSION_ID)!.activate();
    root = vscode.workspace.workspaceFolders![0].uri;
    await api.context.updateLivePlan();
  });

  it('plans the workspace as git/.gitignore sees it', () => {
    const plan = api.context.current!;
    assert.ok(plan.files.some((file) => file.path === 'src/main.ts' && file.tier === 'full'));
    assert.ok(!plan.files.some((file) => file.path.startsWith('build/')), 'build/ is ignored');
    assert.equal(plan.budget, 936_000);
  });

  it('after a file is edited on disk, the plan is current again without any command', async () => {
    const file = vscode.Uri.joinPath(root, 'src/main.ts');
    const original = await vscode.workspace.fs.readFile(file);
    const updated = nextPlan(api, (plan) => plan.text.includes('edited-by-the-integration-test'));
    try {
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('export const marker = "edited-by-the-integration-test";\n'));
      const plan = await updated;
      assert.ok(plan.files.some((entry) => entry.path === 'src/main.ts'));
    } finally {
      const restored = nextPlan(api, (plan) => !plan.text.includes('edited-by-the-integration-test'));
      await vscode.workspace.fs.writeFile(file, original);
      await restored;
    }
  });

  it('a new file appears in the plan, and a deleted one leaves it', async () => {
    const file = vscode.Uri.joinPath(root, 'src/added-by-test.ts');
    const appeared = nextPlan(api, (plan) => plan.files.some((entry) => entry.path === 'src/added-by-test.ts'));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('export {};\n'));
    await appeared;
    const gone = nextPlan(api, (plan) => !plan.files.some((entry) => entry.path === 'src/added-by-test.ts'));
    await vscode.workspace.fs.delete(file);
    await gone;
  });

  it('pin and exclude from the commands change the plan and persist in workspace state', async () => {
    const uri = vscode.Uri.joinPath(root, 'src/main.ts');
    await vscode.commands.executeCommand(COMMANDS.excludeFile, uri);
    assert.deepEqual(api.context.current!.excluded.find((item) => item.path === 'src/main.ts'), { path: 'src/main.ts', reason: 'excluded-by-user' });
    await vscode.commands.executeCommand(COMMANDS.pinFile, uri);
    assert.ok(api.context.current!.files.some((file) => file.path === 'src/main.ts'), 'pinning brings it back');
    assert.deepEqual(api.context.overrides('pinned'), ['src/main.ts']);
    assert.deepEqual(api.context.overrides('exclude'), []);
    await vscode.commands.executeCommand(COMMANDS.unpinFile, uri);
    assert.deepEqual(api.context.overrides('pinned'), []);
  });

  it('the Context view and the status bar command open', async () => {
    await vscode.commands.executeCommand(COMMANDS.showContext);
    await vscode.commands.executeCommand(COMMANDS.refreshContext);
    assert.ok(api.context.current);
  });
});
