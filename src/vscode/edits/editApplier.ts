/**
 * Applies accepted proposals as one WorkspaceEdit (one Undo restores everything it changed) and keeps the rules:
 * a proposal is re-matched when its file changed since, unsaved text is never overwritten or saved for the user,
 * and nothing outside a workspace folder is touched.
 */
import * as vscode from 'vscode';
import { readFileText } from '../../edits/fileText';
import { hunkOffsets } from '../../edits/hunks';
import type { EditProposals, Proposal } from '../../edits/proposals';
import { isInside } from '../../edits/workspacePaths';
import type { Logger } from '../../common/logger';
import { readSettings } from '../configuration';
import { workspaceRoots } from '../workspaceRoots';

export interface ApplyOutcome {
  applied: string[];
  /** Proposals that could not be applied, with the reason (also shown on their cards). */
  skipped: Array<{ id: string; reason: string }>;
}

export class EditApplier {
  constructor(
    readonly proposals: EditProposals,
    private readonly logger: Logger,
  ) {}

  /** The open document for a path, if any (its text may be unsaved). */
  openDocument(absolute: string): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.uri.fsPath === absolute);
  }

  /**
   * What the file says now: an editor's unsaved text, else the disk. (An open document without unsaved changes can
   * lag behind the disk for a moment after another program wrote the file; the disk is the truth then.)
   */
  async currentText(proposal: Pick<Proposal, 'absolute' | 'path'>): Promise<{ text: string } | { missing: boolean; error: string }> {
    const document = this.openDocument(proposal.absolute);
    if (document?.isDirty) return { text: document.getText() };
    const read = await readFileText(proposal.absolute, proposal.path, readSettings().maxFileBytes);
    return read.ok ? { text: read.text } : { missing: read.missing, error: read.error };
  }

  /** Re-matches a proposal against the file as it is now; false (and the card says why) when it no longer fits. */
  async refresh(proposal: Proposal): Promise<boolean> {
    if (proposal.status !== 'pending' && proposal.status !== 'conflicted') return false;
    const current = await this.currentText(proposal);
    if (proposal.change === 'create') {
      if ('text' in current || !current.missing) return this.conflict(proposal, `${proposal.path} exists now; the proposal would overwrite it. Nothing was written.`);
      return true;
    }
    if (!('text' in current)) return this.conflict(proposal, `${current.error} Nothing was written.`);
    if (proposal.status === 'conflicted') this.proposals.setStatus(proposal.id, 'pending');
    return this.proposals.rebase(proposal.id, current.text);
  }

  private conflict(proposal: Proposal, reason: string): false {
    this.proposals.setStatus(proposal.id, 'conflicted', reason);
    return false;
  }

  /** Never write outside the workspace folders, whatever a proposal says (it was checked when made; folders change). */
  private inWorkspace(...paths: Array<string | undefined>): boolean {
    const roots = workspaceRoots();
    return paths.every((path) => path === undefined || roots.some((root) => isInside(root.path, path)));
  }

  /** Accepts proposals (all pending ones when `ids` is empty) as one undoable WorkspaceEdit. */
  async accept(ids: readonly string[]): Promise<ApplyOutcome> {
    const chosen = ids.length ? ids.map((id) => this.proposals.get(id)).filter((proposal): proposal is Proposal => !!proposal) : this.proposals.pending();
    const outcome: ApplyOutcome = { applied: [], skipped: [] };
    const edit = new vscode.WorkspaceEdit();
    const toSave: vscode.Uri[] = [];
    for (const proposal of chosen) {
      const reason = await this.addToEdit(edit, proposal, toSave);
      if (reason) outcome.skipped.push({ id: proposal.id, reason });
      else outcome.applied.push(proposal.id);
    }
    if (outcome.applied.length === 0) return outcome;
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) {
      for (const id of outcome.applied) outcome.skipped.push({ id, reason: 'VS Code refused the edit (the file may be read-only or changed at the same moment). Nothing was written.' });
      outcome.applied = [];
      for (const skipped of outcome.skipped) this.proposals.setStatus(skipped.id, 'conflicted', skipped.reason);
      return outcome;
    }
    if (readSettings().saveAfterApplyingEdits) {
      for (const uri of toSave) await vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString())?.save();
    }
    // accepted once written: whoever watches the status (the chat's cards, tests) may read the files from then on
    for (const id of outcome.applied) this.proposals.setStatus(id, 'accepted');
    this.logger.info(`Applied ${outcome.applied.join(', ')}${outcome.skipped.length ? `; skipped ${outcome.skipped.map((item) => item.id).join(', ')}` : ''}.`);
    return outcome;
  }

  /** Adds one proposal to the edit; returns why it cannot be applied instead, if so. */
  private async addToEdit(edit: vscode.WorkspaceEdit, proposal: Proposal, toSave: vscode.Uri[]): Promise<string | undefined> {
    if (proposal.status !== 'pending' && proposal.status !== 'conflicted') return `${proposal.id} was already ${proposal.status}.`;
    if (!this.inWorkspace(proposal.absolute, proposal.newAbsolute)) return this.conflictReason(proposal, `${proposal.path} is outside the workspace folders; nothing was written.`);
    if (!(await this.refresh(proposal))) return proposal.reason ?? 'The file changed.';
    const uri = vscode.Uri.file(proposal.absolute);
    const document = this.openDocument(proposal.absolute);
    switch (proposal.change) {
      case 'create':
        edit.createFile(uri, { overwrite: false, contents: new TextEncoder().encode(proposal.proposedText) });
        toSave.push(uri);
        return undefined;
      case 'delete':
        if (document?.isDirty) return this.conflictReason(proposal, `${proposal.path} has unsaved changes; save or revert them before deleting it.`);
        edit.deleteFile(uri, { ignoreIfNotExists: false });
        return undefined;
      case 'rename':
        if (document?.isDirty) return this.conflictReason(proposal, `${proposal.path} has unsaved changes; save them before renaming it.`);
        edit.renameFile(uri, vscode.Uri.file(proposal.newAbsolute!), { overwrite: false });
        return undefined;
      case 'modify': {
        // the document's positions: open it (without showing it) so the edit lands on exactly the text we matched
        const target = document ?? (await vscode.workspace.openTextDocument(uri));
        if (target.getText() === proposal.baseText) {
          for (const change of hunkOffsets(proposal.baseText, this.proposals.hunks(proposal))) {
            edit.replace(uri, new vscode.Range(target.positionAt(change.start), target.positionAt(change.end)), change.text);
          }
        } else {
          // the open document has not caught up with the disk yet: positions in it would be wrong, so replace it whole
          // with the proposal, which was matched against the disk
          edit.replace(uri, new vscode.Range(target.positionAt(0), target.positionAt(target.getText().length)), proposal.proposedText);
        }
        // text the user had not saved stays theirs to save
        if (!target.isDirty) toSave.push(uri);
        return undefined;
      }
    }
  }

  private conflictReason(proposal: Proposal, reason: string): string {
    this.proposals.setStatus(proposal.id, 'conflicted', reason);
    return reason;
  }

  reject(ids: readonly string[]): void {
    const chosen = ids.length ? ids : this.proposals.pending().map((proposal) => proposal.id);
    for (const id of chosen) {
      const proposal = this.proposals.get(id);
      if (proposal && (proposal.status === 'pending' || proposal.status === 'conflicted')) this.proposals.setStatus(id, 'rejected');
    }
  }

  /** Applies one hunk of a proposal to its file (the others stay pending). */
  async acceptHunk(id: string, index: number): Promise<string | undefined> {
    const proposal = this.proposals.get(id);
    if (!proposal || proposal.change !== 'modify') return 'No such pending edit.';
    if (!(await this.refresh(proposal))) return proposal.reason;
    const uri = vscode.Uri.file(proposal.absolute);
    const document = this.openDocument(proposal.absolute) ?? (await vscode.workspace.openTextDocument(uri));
    const hunk = this.proposals.hunks(proposal)[index];
    if (!hunk) return 'That change is no longer pending.';
    const [change] = hunkOffsets(proposal.baseText, [hunk]);
    const wasDirty = document.isDirty;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
    if (!(await vscode.workspace.applyEdit(edit))) return 'VS Code refused the edit; nothing was written.';
    this.proposals.acceptHunk(id, index);
    if (!wasDirty && readSettings().saveAfterApplyingEdits) await document.save();
    return undefined;
  }
}
