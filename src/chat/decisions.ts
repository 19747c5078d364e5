/**
 * What the model hears about its proposals after the fact. A tool result says "Proposed e1 … the user reviews it" and
 * stays that way in the history (it is part of the cached prefix); what the user did next (accepted, rejected, edited
 * the file by hand, undid it) travels as one short note in front of the next question, never by rewriting an earlier
 * message. The ledger remembers what each question told, so a proposal is reported again only when its fate changed,
 * and a question replaced by Retry or Edit gives its news back to the next one.
 */
import type { Proposal } from '../edits/proposals';

/** A phrase is cut here: a conflict's reason is written for the user and can be long. */
const MAX_REASON_CHARS = 200;

/** What the model was told when the proposal was made (the tool result). */
export function phraseWhenProposed(proposal: Pick<Proposal, 'history'>): string {
  return proposal.history?.autoApplied ? 'applied automatically' : 'awaiting review';
}

function shortReason(reason: string | undefined): string {
  if (!reason) return '';
  const text = reason.replace(/\s+/g, ' ').trim();
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS - 1)}…` : text;
}

/**
 * The proposal's fate in a few words, or undefined when there is nothing to tell (withdrawn: the answer that made it
 * was asked again, so the model never saw it). Advice to re-read is part of the phrase where the file is not what the
 * model proposed.
 */
export function decisionPhrase(proposal: Pick<Proposal, 'status' | 'reason' | 'history'>): string | undefined {
  const history = proposal.history ?? {};
  const reread = 'read the file again before editing it';
  const accepted = history.autoApplied ? 'applied automatically' : 'accepted';
  switch (proposal.status) {
    case 'pending':
      return history.hunksAccepted ? `partly accepted (${history.hunksAccepted} change${history.hunksAccepted === 1 ? '' : 's'} so far), the rest still awaiting review; ${reread}` : phraseWhenProposed(proposal);
    case 'conflicted':
      return `not applied: it no longer fits the file (${shortReason(proposal.reason)}); ${reread}`;
    case 'undone':
      return `${accepted}, then undone by the user: the file is back as it was before the edit`;
    case 'rejected': {
      if (proposal.reason?.startsWith('Withdrawn')) return undefined;
      if (proposal.reason?.startsWith('Superseded')) return 'superseded: the file changed, and your later edit of it was proposed against the new text';
      if (history.hunksAccepted) return `partly accepted: ${history.hunksAccepted} change${history.hunksAccepted === 1 ? '' : 's'} accepted, the rest rejected; ${reread}`;
      return 'rejected by the user; the file is unchanged';
    }
    case 'accepted': {
      const parts = [accepted];
      if (history.hunksRejected) parts.push(`except ${history.hunksRejected} rejected change${history.hunksRejected === 1 ? '' : 's'}`);
      if (history.editedBefore) parts.push('onto a file the user had edited meanwhile');
      if (history.editedAfter) parts.push('then edited by hand');
      const changed = history.hunksRejected || history.editedBefore || history.editedAfter;
      return `${parts.join(', ')}${changed ? `; ${reread}` : ''}`;
    }
  }
}

function describe(proposal: Proposal): string {
  const what = proposal.change === 'rename' ? `rename ${proposal.path} → ${proposal.newPath}` : `${proposal.change} ${proposal.path}`;
  return `${proposal.id} (${what})`;
}

export interface DecisionNote {
  /** One line to put in front of the question ('' when nothing changed). */
  text: string;
  /** Call once the question is in the history (its answer was kept): then the model has heard it. */
  commit(): void;
}

/** What each question of each conversation told about which proposal: conversation → question → proposal → phrase. */
export class DecisionLedger {
  private readonly told = new Map<string, Map<string, Map<string, string>>>();

  /** The last thing the model heard about `proposalId`, from the questions still in the conversation. */
  private heard(conversationId: string, proposalId: string): string | undefined {
    let last: string | undefined;
    for (const phrases of this.told.get(conversationId)?.values() ?? []) last = phrases.get(proposalId) ?? last;
    return last;
  }

  /**
   * The note for question `turnId`: every proposal of the conversation's earlier answers (`answerIds`, the question
   * turn ids still in it) whose fate differs from what the model last heard.
   */
  noteFor(conversationId: string, turnId: string, proposals: readonly Proposal[], answerIds: ReadonlySet<string>): DecisionNote {
    const news = new Map<string, string>();
    const lines: string[] = [];
    for (const proposal of proposals) {
      if (proposal.owner?.conversationId !== conversationId || !answerIds.has(proposal.owner.answerId)) continue;
      const phrase = decisionPhrase(proposal);
      if (phrase === undefined) continue;
      if (phrase === (this.heard(conversationId, proposal.id) ?? phraseWhenProposed(proposal))) continue;
      news.set(proposal.id, phrase);
      lines.push(`${describe(proposal)}: ${phrase}.`);
    }
    if (lines.length === 0) return { text: '', commit: () => undefined };
    return {
      text: `[What the user did with your proposed edits since your last answer: ${lines.join(' ')}]`,
      commit: () => {
        let questions = this.told.get(conversationId);
        if (!questions) this.told.set(conversationId, (questions = new Map()));
        questions.set(turnId, news);
      },
    };
  }

  /** Question `turnId` left the conversation (Retry, Edit): what it told is news again for the next question. */
  forget(conversationId: string, turnId: string): void {
    this.told.get(conversationId)?.delete(turnId);
  }
}
