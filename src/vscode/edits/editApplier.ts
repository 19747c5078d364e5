/**
 * Applies accepted proposals as one WorkspaceEdit (one Undo restores everything it changed) and keeps the rules:
 * a proposal is re-matched when its file changed since, unsaved text is never overwritten or saved for the user,
 * nothing outside a workspace folder is touched (paths are resolved again at write time, symlinks included), and a
 * sensitive file (sensitiveFiles.ts) is written only after the user confirms it in a modal dialog. Every accept
 * path (card, Accept all, CodeLens hunk, diff editor title, code block Apply) goes through `accept` or `acceptHunk`,
 * so through that confirmation.
 */
import * as vscode from 'vscode';
import { readFileText } from '../../edits/fileText';
import { hunkOffsets } from '../../edits/hunks';
import type { EditProposals, Proposal } from '../../edits/proposals';
import { sensitiveConfirmation } from '../../edits/sensitiveFiles';
import { recheckAtWrite } from '../../edits/workspacePaths';
import type { Logger } from '../../common/logger';
import { readSettings } from '../configuration';
import { workspaceRoots } from '../workspaceRoots';
import { AcceptedEdits } from './acceptedEdits';

export interface ApplyOutcome {
  applied: string[];
  /** Proposals that could not be applied, with the reason (also shown on their cards). */
  skipped: Array<{ id: string; reason: string }>;
  /** The user declined the confirmation for a sensitive file: nothing was written, the proposals stay pending. */
  cancelled?: boolean;
}

/** Asks the user to confirm applying edits to sensitive files; true only for an explicit "Apply". */
export type ConfirmSensitive = (proposals: readonly Proposal[]) => Promise<boolean>;

/** A modal dialog naming each file and why it is sensitive; closing it or Cancel declines. */
export const confirmInModal: ConfirmSensitive = async (proposals) => {
  const { message, detail } = sensitiveConfirmation(proposals.map((proposal) => ({ path: proposal.path, newPath: proposal.newPath, sensitive: proposal.sensitive ?? '' })));
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Apply')) === 'Apply';
};

export class EditApplier {
  /** Accepted edits watched in their documents: Undo on the card, "undone" however the user undoes them. */
  readonly accepted: AcceptedEdits;

  constructor(
    readonly proposals: EditProposals,
    private readonly logger: Logger,
    /** Replaceable for tests that cannot answer a modal dialog; the extension uses the modal. */
    public confirmSensitive: ConfirmSensitive = confirmInModal,
  ) {
    this.accepted = new AcceptedEdits(proposals);
  }

  /** The one gate for sensitive files: every accept path asks here before anything is written. */
  private async confirmed(chosen: readonly Proposal[]): Promise<boolean> {
    const sensitive = chosen.filter((proposal) => proposal.sensitive && (proposal.status === 'pending' || proposal.status === 'conflicted'));
    if (sensitive.length === 0) return true;
    const yes = await this.confirmSensitive(sensitive);
    this.logger.info(`${yes ? 'Confirmed' : 'Declined'} applying sensitive ${sensitive.map((proposal) => proposal.path).join(', ')}.`);
    return yes;
  }

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
    if (document && read.ok && document.getText() !== read.text) {
      await dirtyStateSettled(document, read.text);
      if (document.isDirty) return { text: document.getText() };
    }
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

  /** Accepts proposals (all pending ones when `ids` is empty) as one undoable WorkspaceEdit. */
  async accept(ids: readonly string[]): Promise<ApplyOutcome> {
    const chosen = ids.length ? ids.map((id) => this.proposals.get(id)).filter((proposal): proposal is Proposal => !!proposal) : this.proposals.pending();
    const outcome: ApplyOutcome = { applied: [], skipped: [] };
    if (!(await this.confirmed(chosen))) {
      const names = chosen.filter((proposal) => proposal.sensitive).map((proposal) => proposal.path).join(', ');
      return { applied: [], skipped: chosen.map((proposal) => ({ id: proposal.id, reason: `Nothing was written: applying ${names} was not confirmed.` })), cancelled: true };
    }
    const edit = new vscode.WorkspaceEdit();
    const toSave: vscode.Uri[] = [];
    const befores = new Map<string, { document: vscode.TextDocument; text: string }>();
    for (const proposal of chosen) {
      const reason = await this.addToEdit(edit, proposal, toSave, befores);
      if (reason) outcome.skipped.push({ id: proposal.id, reason });
      else outcome.applied.push(proposal.id);
    }
    if (outcome.applied.length === 0) return outcome;
    this.accepted.release(outcome.applied.map((id) => this.proposals.get(id)!.absolute));
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) {
      for (const id of outcome.applied) outcome.skipped.push({ id, reason: 'VS Code refused the edit (the file may be read-only or changed at the same moment). Nothing was written.' });
      outcome.applied = [];
      for (const skipped of outcome.skipped) this.proposals.setStatus(skipped.id, 'conflicted', skipped.reason);
      return outcome;
    }
    if (readSettings().saveAfterApplyingEdits) {
      for (const uri of toSave) await this.save(vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString()));
    }
    // accepted once written: whoever watches the status (the chat's cards, tests) may read the files from then on
    for (const id of outcome.applied) this.proposals.setStatus(id, 'accepted');
    for (const [id, { document, text }] of befores) if (outcome.applied.includes(id)) this.accepted.track(id, document, text, toSave.some((uri) => uri.toString() === document.uri.toString()));
    this.logger.info(`Applied ${outcome.applied.join(', ')}${outcome.skipped.length ? `; skipped ${outcome.skipped.map((item) => item.id).join(', ')}` : ''}.`);
    return outcome;
  }

  /** Adds one proposal to the edit; returns why it cannot be applied instead, if so. */
  private async addToEdit(
    edit: vscode.WorkspaceEdit,
    proposal: Proposal,
    toSave: vscode.Uri[],
    befores: Map<string, { document: vscode.TextDocument; text: string }>,
  ): Promise<string | undefined> {
    if (proposal.status !== 'pending' && proposal.status !== 'conflicted') return `${proposal.id} was already ${proposal.status}.`;
    // resolved again now, by the same rules and with symlinks followed: a link swapped since the proposal is refused
    const moved = await recheckAtWrite(workspaceRoots(), proposal);
    if (moved) return this.conflictReason(proposal, moved);
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
        befores.set(proposal.id, { document: target, text: target.getText() });
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
    if (!(await this.confirmed([proposal]))) return undefined; // declined in the dialog: nothing to add
    const moved = await recheckAtWrite(workspaceRoots(), proposal);
    if (moved) return this.conflictReason(proposal, moved);
    if (!(await this.refresh(proposal))) return proposal.reason;
    const uri = vscode.Uri.file(proposal.absolute);
    const document = this.openDocument(proposal.absolute) ?? (await vscode.workspace.openTextDocument(uri));
    const hunk = this.proposals.hunks(proposal)[index];
    if (!hunk) return 'That change is no longer pending.';
    const [change] = hunkOffsets(proposal.baseText, [hunk]);
    const wasDirty = document.isDirty;
    this.accepted.release([proposal.absolute]);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
    if (!(await vscode.workspace.applyEdit(edit))) return 'VS Code refused the edit; nothing was written.';
    // saved before the hunk counts as accepted (and before the command resolves): whoever reacts to the change,
    // or reads the file once the command returns, finds it written
    const saveFailure = !wasDirty && readSettings().saveAfterApplyingEdits ? await this.save(document) : undefined;
    this.proposals.acceptHunk(id, index);
    return saveFailure;
  }

  /** Saves a document the edit changed; says so when VS Code did not write it (a save conflict, a read-only file). */
  private async save(document: vscode.TextDocument | undefined): Promise<string | undefined> {
    if (!document) return undefined;
    if ((await document.save()) && !document.isDirty) return undefined;
    const failure = `${vscode.workspace.asRelativePath(document.uri)} was changed in the editor but could not be saved; save it yourself.`;
    this.logger.warn(failure);
    return failure;
  }
}

/** How long a clean document that differs from the disk is given to be reported dirty or to reload. */
const DIRTY_STATE_GRACE_MS = 500;

/**
 * VS Code reports that a document became dirty in a message of its own, after the text change: right after a
 * keystroke an edited document can still read as clean. One that differs from the disk is either that (typed, not yet
 * reported dirty: its text is the user's) or a clean copy lagging a write by another program (it reloads soon). Wait
 * until one of the two shows, briefly, so the user's text is never taken for a stale copy and replaced or saved.
 */
function dirtyStateSettled(document: vscode.TextDocument, diskText: string): Promise<void> {
  if (document.isDirty || document.getText() === diskText) return Promise.resolve(); // reported while the disk was read
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    };
    const timer = setTimeout(done, DIRTY_STATE_GRACE_MS);
    const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document && (document.isDirty || document.getText() === diskText)) done();
    });
  });
}
