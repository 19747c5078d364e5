/** Commands of the Context view and the Explorer: pin, unpin, include, exclude, open, refresh, show, sort. */
import * as vscode from 'vscode';
import { COMMANDS, CONTEXT_VIEW_ID } from '../common/ids';
import type { ContextService } from './contextService';
import { fileUri, type ContextNode, type ContextTreeProvider } from './contextTree';

/** Commands get a tree node from the Context view, or a Uri from the Explorer and editor menus. */
function planPath(target: unknown): string | undefined {
  if (target instanceof vscode.Uri) {
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    return vscode.workspace.getWorkspaceFolder(target) ? vscode.workspace.asRelativePath(target, multiRoot) : undefined;
  }
  const node = target as ContextNode | undefined;
  if (node?.kind === 'file') return node.path;
  const active = vscode.window.activeTextEditor?.document.uri;
  return active ? planPath(active) : undefined;
}

export function registerContextCommands(context: ContextService, tree: ContextTreeProvider): vscode.Disposable[] {
  const override = (kind: 'pinned' | 'include' | 'exclude', on: boolean) => async (target: unknown) => {
    const file = planPath(target);
    if (!file) {
      void vscode.window.showWarningMessage('Grok Context: choose a file inside the workspace.');
      return;
    }
    if (kind === 'include' && on) {
      // Including overrides the filters, secrets among them: say so before anything is sent.
      const reason = context.current?.excluded.find((item) => item.path === file)?.reason;
      if (reason === 'secret-file' || reason === 'secret-content') {
        const choice = await vscode.window.showWarningMessage(
          `${file} may contain secrets. Include it anyway? Its content will be sent to the provider with every question.`,
          { modal: true },
          'Include',
        );
        if (choice !== 'Include') return;
      }
    }
    await context.setOverride(kind, file, on);
  };
  return [
    vscode.commands.registerCommand(COMMANDS.showContext, () => vscode.commands.executeCommand(`${CONTEXT_VIEW_ID}.focus`)),
    vscode.commands.registerCommand(COMMANDS.refreshContext, () => context.rescan()),
    vscode.commands.registerCommand(COMMANDS.sortContextByTokens, () => tree.setSortOrder('tokens')),
    vscode.commands.registerCommand(COMMANDS.sortContextByName, () => tree.setSortOrder('name')),
    vscode.commands.registerCommand(COMMANDS.pinFile, override('pinned', true)),
    vscode.commands.registerCommand(COMMANDS.unpinFile, override('pinned', false)),
    vscode.commands.registerCommand(COMMANDS.includeFile, override('include', true)),
    vscode.commands.registerCommand(COMMANDS.excludeFile, async (target: unknown) => {
      const file = planPath(target);
      if (file && context.overrides('pinned').includes(file)) await context.setOverride('pinned', file, false);
      await override('exclude', true)(target);
    }),
    vscode.commands.registerCommand(COMMANDS.openContextFile, async (target: unknown) => {
      const file = planPath(target);
      const uri = file ? fileUri(file) : undefined;
      if (uri) await vscode.window.showTextDocument(uri, { preview: true });
    }),
  ];
}
