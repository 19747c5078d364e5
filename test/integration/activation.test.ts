/**
 * Nothing is scanned until wanted. Runs first in the suite (files run in name order), in a fresh window with a
 * workspace and no view of ours opened: activating the extension reads no file and starts no context worker; showing
 * the Context view does, and from then on the plan follows the workspace.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CONTEXT_VIEW_ID, EXTENSION_ID } from '../../src/common/ids';
import type { ContextPlan } from '../../src/context/model';
import type { GrokContextApi } from '../../src/extension';

describe('activation: nothing scanned until wanted', () => {
  // Showing the Context view opened our side bar, Chat included: close it, so the next suite opens the Chat afresh
  // (its page is rebuilt when shown again and says `ready`, which the chat suite waits for).
  after(() => vscode.commands.executeCommand('workbench.action.closeSidebar'));

  it('activating (as a command would) starts no context worker and no scan', async () => {
    const extension = vscode.extensions.getExtension<GrokContextApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    assert.ok(vscode.workspace.workspaceFolders?.length, 'a workspace is open');
    const api = await extension.activate();
    assert.equal(api.context.workerStarted, false, 'the context worker is not started');
    assert.equal(api.context.current, undefined, 'no plan');
  });

  it('showing the Context view starts the scan, and the plan is there', async () => {
    const api = await vscode.extensions.getExtension<GrokContextApi>(EXTENSION_ID)!.activate();
    const planned = new Promise<ContextPlan>((resolve) => {
      const subscription = api.context.onDidChangePlan((plan) => {
        subscription.dispose();
        resolve(plan);
      });
    });
    await vscode.commands.executeCommand(`${CONTEXT_VIEW_ID}.focus`);
    const plan = await planned;
    assert.equal(api.context.workerStarted, true);
    assert.ok(plan.files.some((file) => file.path === 'src/main.ts'));
  });
});
