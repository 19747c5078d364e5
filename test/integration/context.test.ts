/** The context engine as the extension runs it: in its worker, kept current by the file watcher. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID } from '../../src/common/ids';
import type { ContextPlan } from '../../src/context/model';
import type { GrokContextApi } from '../../src/extension';
import { ContextTreeProvider } from '../../src/vscode/contextTree';

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
    // the snapshot's share of a 1M window: 1K system, 100K history share, 32K answer reserve held back
    assert.equal(plan.budget, 867_000);
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

  it('the Context view: the budget explained, then the files by tier and folder, a history line when the session has one', async () => {
    // Focusing a view that was not registered rejects: this is the status bar item's command.
    await vscode.commands.executeCommand(COMMANDS.showContext);
    const plan = api.context.current!;
    const tree = new ContextTreeProvider(api.context);
    try {
      const roots = tree.getChildren();
      assert.deepEqual(roots, [{ kind: 'budget' }, { kind: 'group', category: 'whole' }], 'no history line without a session; empty tiers are not shown');
      assert.equal(tree.getTreeItem(roots[0]).label, '867K of 1M: 133K kept for the conversation and the answer');
      assert.equal(tree.getTreeItem(roots[1]).label, `Whole: ${plan.files.length} files`);
      const top = tree.getChildren(roots[1]);
      assert.deepEqual(top.map((node) => (node.kind === 'folder' ? `${node.folder.name}/` : node.kind === 'file' ? node.path : node.kind)), ['src/', '.gitignore']);
      const src = tree.getTreeItem(top[0]);
      assert.equal(src.label, 'src');
      assert.match(String(src.description), /^1 file · [\d,]+ tok · \$\d/, 'a folder: its files, tokens and dollars');
      assert.deepEqual(tree.getChildren(top[0]).map((node) => (node.kind === 'file' ? node.path : node.kind)), ['src/main.ts']);
      tree.setSortOrder('tokens');
      assert.equal(tree.sortOrder, 'tokens');
      const byTokens = tree.getChildren(roots[1]).map((node) => (node.kind === 'folder' ? node.folder.tokens : node.kind === 'file' ? node.tokens! : 0));
      assert.deepEqual(byTokens, [...byTokens].sort((a, b) => b - a), 'heaviest first');
    } finally {
      tree.dispose();
    }
    const compactedAt = new Date(2025, 0, 2, 14, 5).getTime();
    const withHistory = new ContextTreeProvider(api.context, () => ({ tokens: 12_345, share: 100_000, lastCompacted: compactedAt }));
    try {
      const [first, ...rest] = withHistory.getChildren();
      assert.equal(withHistory.getTreeItem(first).label, 'Conversation history: 12,345 tokens of 100,000 (last compacted 14:05)');
      assert.deepEqual(rest, [{ kind: 'budget' }, { kind: 'group', category: 'whole' }]);
    } finally {
      withHistory.dispose();
    }
  });

  it('Refresh re-plans: a new plan arrives before the command returns', async () => {
    const before = api.context.current;
    let replanned: ContextPlan | undefined;
    const subscription = api.context.onDidChangePlan((plan) => (replanned = plan));
    try {
      await vscode.commands.executeCommand(COMMANDS.refreshContext);
    } finally {
      subscription.dispose();
    }
    assert.ok(replanned, 'the refresh produced a plan');
    assert.notEqual(replanned, before, 'a fresh one, not the plan from before');
    assert.equal(api.context.current, replanned);
    assert.deepEqual(replanned.files.map((file) => file.path), before!.files.map((file) => file.path), 'nothing changed on disk, so the same files');
  });
});
