import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as vscode from 'vscode';

/**
 * Where this workspace's conversations are stored: the extension's per-workspace storage folder. A window with no
 * folder open has none, so it gets a folder under the global storage named by a hash of the workspace file (or one
 * shared folder for windows with nothing open at all).
 */
export function conversationFolder(extension: Pick<vscode.ExtensionContext, 'storageUri' | 'globalStorageUri'>): string {
  if (extension.storageUri) return join(extension.storageUri.fsPath, 'conversations');
  const workspace = vscode.workspace.workspaceFile?.toString() ?? 'no-folder';
  const hash = createHash('sha256').update(workspace).digest('hex').slice(0, 16);
  return join(extension.globalStorageUri.fsPath, 'workspaces', hash, 'conversations');
}
