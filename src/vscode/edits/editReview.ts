/**
 * Review in VS Code's diff editor: the file as it is now (left) against the proposal (right, a read-only virtual
 * document). A new file is compared with an empty document, a deletion with an empty proposal.
 */
import * as vscode from 'vscode';
import type { EditProposals, Proposal } from '../../edits/proposals';
import type { EditApplier } from './editApplier';

export const PROPOSED_SCHEME = 'grok-proposed';

/** The URI of a proposal's text: the path keeps the file's name (and so its language), the query names the proposal. */
export function proposedUri(proposal: Proposal, side: 'proposed' | 'empty' = 'proposed'): vscode.Uri {
  const name = proposal.newPath ?? proposal.path;
  return vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${name}`, query: `id=${proposal.id}&side=${side}` });
}

export function proposalIdOf(uri: vscode.Uri | undefined): string | undefined {
  if (uri?.scheme !== PROPOSED_SCHEME) return undefined;
  return new URLSearchParams(uri.query).get('id') ?? undefined;
}

export class ProposedContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly proposals: EditProposals) {
    // proposals change as the model adds edits or the file is re-matched: refresh every open proposal document
    this.subscription = proposals.onChange(() => {
      for (const document of vscode.workspace.textDocuments) if (document.uri.scheme === PROPOSED_SCHEME) this.changed.fire(document.uri);
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const proposal = this.proposals.get(proposalIdOf(uri) ?? '');
    if (!proposal || new URLSearchParams(uri.query).get('side') === 'empty') return '';
    return proposal.change === 'delete' ? '' : proposal.proposedText;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Opens the diff for one proposal, after re-matching it against the file as it is now. */
export async function reviewProposal(applier: EditApplier, id: string): Promise<void> {
  const proposal = applier.proposals.get(id);
  if (!proposal) return;
  await applier.refresh(proposal);
  const left = proposal.change === 'create' ? proposedUri(proposal, 'empty') : vscode.Uri.file(proposal.absolute);
  const what = { modify: 'proposed edit', create: 'proposed new file', delete: 'proposed deletion', rename: `proposed rename to ${proposal.newPath}` }[proposal.change];
  const title = `${proposal.path} ↔ Grok's ${what}${proposal.status === 'conflicted' ? ' (conflicted)' : ''}`;
  await vscode.commands.executeCommand('vscode.diff', left, proposedUri(proposal), title, { preview: true });
}
