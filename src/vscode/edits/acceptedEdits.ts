/**
 * Accepted edits, watched in their documents: the card offers Undo while the edit is still the last change made to
 * its file, and the proposal becomes "undone" whenever the file's text goes back to what it was before the edit, by
 * the card's Undo, Ctrl+Z in the editor, or any other way (and "accepted" again on Redo). A change that is neither
 * means the user edited the file after accepting: the model is told so before the next question (chat/decisions.ts).
 */
import * as vscode from 'vscode';
import type { EditProposals } from '../../edits/proposals';

interface Watched {
  uri: string;
  /** The document's text just before and just after the edit, as VS Code holds it (its own line endings). */
  before: string;
  after: string;
  /** The edit was saved for the user (grokContext.saveAfterApplyingEdits): Undo from the card saves too. */
  saved: boolean;
}

/** Texts kept for at most this many accepted edits; the oldest stops offering Undo. */
const MAX_WATCHED = 50;

export class AcceptedEdits implements vscode.Disposable {
  private readonly watched = new Map<string, Watched>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly proposals: EditProposals) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) this.changed(event.document);
    });
  }

  /**
   * An edit to these files is about to be written: the edits accepted there earlier stop being watched (the new one
   * is not the user's hand, and Undo would now undo the new edit first).
   */
  release(absolutePaths: readonly string[]): void {
    for (const [id, entry] of this.watched) {
      if (!absolutePaths.some((path) => vscode.Uri.file(path).toString() === entry.uri)) continue;
      this.watched.delete(id);
      this.proposals.note(id, { undoable: false });
    }
  }

  /** Starts watching an accepted edit of `document`, whose text was `before` until the edit. */
  track(id: string, document: vscode.TextDocument, before: string, saved: boolean): void {
    if (before === document.getText()) return;
    this.watched.set(id, { uri: document.uri.toString(), before, after: document.getText(), saved });
    for (const oldest of [...this.watched.keys()].slice(0, Math.max(0, this.watched.size - MAX_WATCHED))) {
      this.watched.delete(oldest);
      this.proposals.note(oldest, { undoable: false });
    }
    this.proposals.note(id, { undoable: true });
  }

  private changed(document: vscode.TextDocument): void {
    const uri = document.uri.toString();
    for (const [id, entry] of this.watched) {
      if (entry.uri !== uri) continue;
      const proposal = this.proposals.get(id);
      if (!proposal || (proposal.status !== 'accepted' && proposal.status !== 'undone')) {
        this.watched.delete(id);
        continue;
      }
      const text = document.getText();
      if (text === entry.before) {
        if (proposal.status !== 'undone') this.proposals.setStatus(id, 'undone');
        this.proposals.note(id, { undoable: false });
      } else if (text === entry.after) {
        // Redo: the edit is back, and again the last change
        if (proposal.status !== 'accepted') this.proposals.setStatus(id, 'accepted');
        this.proposals.note(id, { undoable: true });
      } else if (proposal.status === 'accepted' && (proposal.undoable || !proposal.history?.editedAfter)) {
        this.proposals.note(id, { editedAfter: true, undoable: false });
      }
    }
  }

  /**
   * The card's Undo: VS Code's own undo, in the file's editor, while the edit is the last change there. Resolves to
   * why it could not, or undefined (the watcher marks the proposal undone when the text is back).
   */
  async undo(id: string): Promise<string | undefined> {
    const entry = this.watched.get(id);
    const proposal = this.proposals.get(id);
    if (!entry || !proposal?.undoable) return `${proposal?.path ?? id}: this edit is no longer the last change in its file; undo it in the editor (Ctrl+Z) if it should go.`;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(entry.uri));
    if (document.getText() !== entry.after) return `${proposal.path} changed since the edit was accepted; undo it in the editor (Ctrl+Z) if it should go.`;
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('undo');
    const text = document.getText();
    if (text !== entry.before && text !== entry.after) {
      // something other than the edit was undone (the undo stack did not end with it): put it back, say so
      await vscode.commands.executeCommand('redo');
      return `${proposal.path}: the last change in the editor was not this edit, so it was left as it is; undo it in the editor (Ctrl+Z).`;
    }
    if (text === entry.before && entry.saved && document.isDirty) await document.save();
    return undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.watched.clear();
  }
}
