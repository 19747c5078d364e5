import * as vscode from 'vscode';
import type { WorkspaceRoot } from '../context/scan';

/** The workspace folders on disk (virtual file systems cannot be scanned with Node's fs). */
export function workspaceRoots(): WorkspaceRoot[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => ({ name: folder.name, path: folder.uri.fsPath }));
}
