/**
 * Pending edits shown where they land: a CodeLens "Accept | Reject | Diff" above each hunk and a decoration of the
 * lines it replaces and what it puts there. VS Code 1.100 has no per-hunk buttons inside the diff editor, so
 * per-hunk decisions happen here.
 */
import * as vscode from 'vscode';
import { textHash } from '../../edits/fileText';
import { countLines, splitLines, type Hunk } from '../../edits/hunks';
import type { EditProposals, Proposal } from '../../edits/proposals';
import { COMMANDS } from '../../common/ids';

/** The pending modifications of the file open in `document`. */
function proposalsFor(proposals: EditProposals, document: vscode.TextDocument): Proposal[] {
  if (document.uri.scheme !== 'file') return [];
  return proposals.pending().filter((proposal) => proposal.change === 'modify' && proposal.absolute === document.uri.fsPath);
}

/** The line a hunk's lens and decoration sit on, in a document whose text is the proposal's base. */
function hunkRange(document: vscode.TextDocument, hunk: Hunk): vscode.Range {
  const removed = countLines(hunk.removed);
  const start = Math.min(hunk.baseLine, Math.max(0, document.lineCount - 1));
  const end = removed > 0 ? Math.min(hunk.baseLine + removed - 1, document.lineCount - 1) : start;
  return new vscode.Range(start, 0, end, document.lineAt(end).text.length);
}

function preview(hunk: Hunk): string {
  const lines = splitLines(hunk.added).map((line) => line.replace(/\r?\n$/, ''));
  if (lines.length === 0) return '⇢ (removed)';
  const first = lines[0].trim().slice(0, 80);
  return `⇢ ${first}${lines.length > 1 ? `  (+${lines.length - 1} more line${lines.length > 2 ? 's' : ''})` : ''}`;
}

export class EditLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** The lines a hunk replaces, tinted as the diff editor tints removed lines. */
  private readonly removedLines = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  /** What the hunk puts there, as ghost text after the last replaced line (the whole text on hover). */
  private readonly proposedText = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorGhostText.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
  });
  private readonly subscriptions: vscode.Disposable[] = [this.removedLines, this.proposedText];

  constructor(private readonly proposals: EditProposals) {
    const refresh = () => {
      this.changed.fire();
      this.decorateVisible();
    };
    const subscription = proposals.onChange(refresh);
    this.subscriptions.push(
      new vscode.Disposable(() => subscription.dispose()),
      vscode.window.onDidChangeVisibleTextEditors(refresh),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (proposalsFor(proposals, event.document).length) refresh();
      }),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    const hash = textHash(document.getText());
    for (const proposal of proposalsFor(this.proposals, document)) {
      if (proposal.status === 'conflicted' || proposal.baseHash !== hash) {
        // positions no longer line up with the hunks: offer the review, which re-matches the edit
        const title = proposal.status === 'conflicted' ? "$(warning) Grok's edit conflicts with your changes: Review" : "$(sync) Grok's edit: file changed, Review to re-match";
        lenses.push(new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title, command: COMMANDS.reviewEdit, arguments: [proposal.id] }));
        continue;
      }
      this.proposals.hunks(proposal).forEach((hunk, index) => {
        const range = hunkRange(document, hunk);
        lenses.push(
          new vscode.CodeLens(range, { title: "$(check) Accept Grok's change", command: COMMANDS.acceptHunk, arguments: [proposal.id, index] }),
          new vscode.CodeLens(range, { title: '$(close) Reject', command: COMMANDS.rejectHunk, arguments: [proposal.id, index] }),
          new vscode.CodeLens(range, { title: '$(diff) Diff', command: COMMANDS.reviewEdit, arguments: [proposal.id] }),
        );
      });
    }
    return lenses;
  }

  /** The hunks of the proposal at `position`, for the lightbulb. */
  hunkAt(document: vscode.TextDocument, position: vscode.Position): { proposal: Proposal; index: number } | undefined {
    const hash = textHash(document.getText());
    for (const proposal of proposalsFor(this.proposals, document)) {
      if (proposal.baseHash !== hash) continue;
      const index = this.proposals.hunks(proposal).findIndex((hunk) => hunkRange(document, hunk).contains(position) || hunkRange(document, hunk).start.line === position.line);
      if (index >= 0) return { proposal, index };
    }
    return undefined;
  }

  private decorateVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const removed: vscode.DecorationOptions[] = [];
      const added: vscode.DecorationOptions[] = [];
      const hash = textHash(editor.document.getText());
      for (const proposal of proposalsFor(this.proposals, editor.document)) {
        if (proposal.baseHash !== hash) continue;
        for (const hunk of this.proposals.hunks(proposal)) {
          const range = hunkRange(editor.document, hunk);
          if (hunk.removed !== '') removed.push({ range, hoverMessage: "Grok proposes to replace these lines" });
          const endOfLine = editor.document.lineAt(range.end.line).range.end;
          added.push({ range: new vscode.Range(endOfLine, endOfLine), renderOptions: { after: { contentText: preview(hunk) } }, hoverMessage: new vscode.MarkdownString().appendCodeblock(hunk.added, editor.document.languageId) });
        }
      }
      editor.setDecorations(this.removedLines, removed);
      editor.setDecorations(this.proposedText, added);
    }
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.changed.dispose();
  }
}
