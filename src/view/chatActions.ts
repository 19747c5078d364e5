/**
 * What the chat's buttons and links do in the editor: copy or insert a code block, propose it as an edit, and open a
 * cited `path:line`. Paths come from model output, so they go through the same workspace checks as the edit tools.
 */
import * as vscode from 'vscode';
import { sensitiveReason } from '../edits/sensitiveFiles';
import { resolveWorkspacePath } from '../edits/workspacePaths';
import type { EditApplier } from '../vscode/edits/editApplier';
import { reviewProposal } from '../vscode/edits/editReview';
import { workspaceRoots } from '../vscode/workspaceRoots';

export async function copyText(text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage('Grok Context: copied to the clipboard', 2000);
}

/** The editor to insert into: the active one, or the last visible file editor (the chat has focus when its button is clicked). */
function targetEditor(): vscode.TextEditor | undefined {
  return vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((editor) => editor.document.uri.scheme === 'file');
}

export async function insertCode(code: string): Promise<void> {
  const editor = targetEditor();
  if (!editor) {
    void vscode.window.showInformationMessage('Grok Context: open a file to insert the code into.');
    return;
  }
  // replaces the selection, as typing or pasting would; one undo step
  await editor.edit((builder) => editor.selections.forEach((selection) => builder.replace(selection, code)));
}

/** Opens a cited file at the cited lines; a path outside the workspace, or missing, is said, not followed. */
export async function openCitation(path: string, line?: number, endLine?: number): Promise<void> {
  const resolved = await resolveWorkspacePath(workspaceRoots(), path);
  if (!resolved.ok) {
    void vscode.window.showWarningMessage(`Grok Context: cannot open ${path}: ${resolved.error}`);
    return;
  }
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(resolved.absolute));
    const last = Math.max(0, document.lineCount - 1);
    const start = Math.min(Math.max(0, (line ?? 1) - 1), last);
    const end = Math.min(Math.max(start, (endLine ?? line ?? 1) - 1), last);
    const selection = new vscode.Range(start, 0, end, end === start && !endLine ? 0 : document.lineAt(end).text.length);
    await vscode.window.showTextDocument(document, { selection, preview: true, viewColumn: vscode.ViewColumn.Active });
  } catch {
    void vscode.window.showWarningMessage(`Grok Context: ${resolved.relative} does not exist in this workspace.`);
  }
}

/**
 * A code block's Apply: with a file path, a proposal replacing that file (or creating it), shown as a diff to review;
 * without one, a proposal replacing the active editor's selection. Either way it is a proposal like the model's own
 * edits: the path canonicalised and checked by resolveWorkspacePath, a sensitive file flagged, and Accept (which
 * asks to confirm a sensitive file) the only way it is written.
 */
export async function applyCode(applier: EditApplier, code: string, path?: string): Promise<void> {
  const proposals = applier.proposals;
  let result;
  if (path) {
    const resolved = await resolveWorkspacePath(workspaceRoots(), path);
    if (!resolved.ok) {
      void vscode.window.showWarningMessage(`Grok Context: ${resolved.error}`);
      return;
    }
    const current = await applier.currentText({ absolute: resolved.absolute, path: resolved.relative });
    if ('text' in current) {
      result = current.text === '' ? undefined : proposals.proposeReplace(resolved.relative, resolved.absolute, current.text, [{ oldString: current.text, newString: code }]);
    } else if (current.missing) result = proposals.proposeCreate(resolved.relative, resolved.absolute, code, false);
    else {
      void vscode.window.showWarningMessage(`Grok Context: ${current.error}`);
      return;
    }
  } else {
    const editor = targetEditor();
    const relative = editor ? vscode.workspace.asRelativePath(editor.document.uri, workspaceRoots().length > 1) : '';
    // no selection: insert at the cursor, as typing would, except into a sensitive file, which is reviewed instead
    if (!editor || (editor.selection.isEmpty && !sensitiveReason(relative))) {
      await insertCode(code);
      return;
    }
    const document = editor.document;
    const resolved = await resolveWorkspacePath(workspaceRoots(), relative);
    if (!resolved.ok) {
      void vscode.window.showWarningMessage(`Grok Context: ${resolved.error}`);
      return;
    }
    const text = document.getText();
    const at = document.offsetAt(editor.selection.start);
    // anchor the replacement with the selection's whole text (the whole file for an insertion); the matcher refuses
    // it if that text is not unique
    result = editor.selection.isEmpty
      ? proposals.proposeReplace(resolved.relative, resolved.absolute, text, [{ oldString: text, newString: text.slice(0, at) + code + text.slice(at) }])
      : proposals.proposeReplace(resolved.relative, resolved.absolute, text, [{ oldString: document.getText(editor.selection), newString: code }]);
  }
  if (!result?.ok) {
    void vscode.window.showWarningMessage(`Grok Context: could not propose the code block as an edit${result ? `: ${result.message}` : ' to an empty file; use Insert at Cursor'}.`);
    return;
  }
  await reviewProposal(applier, result.proposal.id);
}
