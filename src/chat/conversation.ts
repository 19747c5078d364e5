/**
 * One conversation's state: what the user sees (turns), what each question sent and each answer's rounds (the
 * exchanges the history is rebuilt from, byte for byte), and how the history was compacted. Its stored form is plain
 * JSON; the store decides where it lives.
 */
import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '../providers/types';
import type { AssistantTurnView, TurnView } from '../protocol/messages';
import type { Exchange, HistorySummary } from './history';
import type { SnapshotBasis } from './snapshot';

/** What an answer left for the history: its tool rounds and its final round's text and output items. */
export interface AnswerRecord {
  steps: ChatMessage[];
  /** The text of the last round: the answer proper. */
  finalText: string;
  /** The last round's output items (Responses API), sent back verbatim while not compacted. */
  answerItems?: unknown[];
  /** Compacted: tool results stubbed, provider items dropped. */
  stubbed?: boolean;
}

/** Everything needed to continue a conversation after a reload, byte for byte. */
export interface StoredConversation {
  id: string;
  /** Set when the user renamed it; otherwise the first question names it. */
  title?: string;
  createdAt: number;
  updatedAt: number;
  turns: TurnView[];
  /** What was sent as each user turn (workspace changes in front of the question), by turn id. */
  sentText: Record<string, string>;
  /** Each answer's tool rounds and output items, by the user turn's id. */
  records: Record<string, AnswerRecord>;
  /** The summary that replaced the oldest exchanges, if the history was ever summarised. */
  summary?: HistorySummary;
  /** When the history was last compacted (ms since the epoch), and how often. */
  lastCompactedAt?: number;
  compactions?: number;
  /** What the workspace snapshot was planned from: a reload plans the same bytes from it. */
  snapshotBasis?: SnapshotBasis;
  /** Images sent with each user turn (data URLs), by turn id: repeated in the history (long strings go to blobs). */
  sentImages?: Record<string, string[]>;
}

export class Conversation {
  id: string = randomUUID();
  createdAt = Date.now();
  title: string | undefined;
  turns: TurnView[] = [];
  private nextTurn = 1;
  readonly sentText = new Map<string, string>();
  readonly sentImages = new Map<string, string[]>();
  readonly records = new Map<string, AnswerRecord>();
  summary: HistorySummary | undefined;
  lastCompactedAt: number | undefined;
  compactions = 0;
  snapshotBasis: SnapshotBasis | undefined;

  static fromStored(stored: StoredConversation): Conversation {
    const conversation = new Conversation();
    conversation.id = stored.id;
    conversation.createdAt = stored.createdAt;
    conversation.title = stored.title;
    conversation.turns = structuredClone(stored.turns);
    for (const [id, text] of Object.entries(stored.sentText)) conversation.sentText.set(id, text);
    for (const [id, record] of Object.entries(stored.records)) conversation.records.set(id, structuredClone(record));
    for (const [id, images] of Object.entries(stored.sentImages ?? {})) conversation.sentImages.set(id, [...images]);
    conversation.snapshotBasis = stored.snapshotBasis && structuredClone(stored.snapshotBasis);
    conversation.summary = stored.summary && structuredClone(stored.summary);
    conversation.lastCompactedAt = stored.lastCompactedAt;
    conversation.compactions = stored.compactions ?? 0;
    const numbers = conversation.turns.map((turn) => Number(turn.id.slice(1))).filter(Number.isFinite);
    conversation.nextTurn = Math.max(0, ...numbers) + 1;
    return conversation;
  }

  /** The conversation as saved; a streaming answer is saved as stopped (after a reload nothing is streaming). */
  toStored(): StoredConversation {
    const turns = structuredClone(this.turns).map((turn) => (turn.role === 'assistant' && turn.status === 'streaming' ? { ...turn, status: 'stopped' as const } : turn));
    return {
      id: this.id,
      ...(this.title ? { title: this.title } : {}),
      createdAt: this.createdAt,
      updatedAt: Date.now(),
      turns,
      sentText: Object.fromEntries(this.sentText),
      records: structuredClone(Object.fromEntries(this.records)),
      ...(this.summary ? { summary: structuredClone(this.summary) } : {}),
      ...(this.lastCompactedAt !== undefined ? { lastCompactedAt: this.lastCompactedAt, compactions: this.compactions } : {}),
      ...(this.snapshotBasis ? { snapshotBasis: structuredClone(this.snapshotBasis) } : {}),
      ...(this.sentImages.size ? { sentImages: Object.fromEntries([...this.sentImages].map(([id, images]) => [id, [...images]])) } : {}),
    };
  }

  newTurnId(): string {
    return `t${this.nextTurn++}`;
  }

  /** The completed exchanges, oldest first; failed answers with no text are left out. */
  exchanges(): Exchange[] {
    const exchanges: Exchange[] = [];
    for (let i = 0; i + 1 < this.turns.length; i += 2) {
      const question = this.turns[i];
      const answer = this.turns[i + 1];
      if (question.role !== 'user' || answer.role !== 'assistant' || answer.text === '' || answer.status === 'streaming') continue;
      const record = this.records.get(question.id);
      exchanges.push({
        id: question.id,
        question: this.sentText.get(question.id) ?? question.text,
        images: this.sentImages.get(question.id),
        steps: record?.steps ?? [],
        answer: record ? record.finalText : answer.text,
        ...(record?.answerItems?.length ? { answerItems: record.answerItems } : {}),
        ...(record?.stubbed ? { stubbed: true } : {}),
      });
    }
    return exchanges;
  }

  /** Removes the last question and its answer (Retry, Edit), with what they sent. */
  dropLast(): { question: string; images: string[]; answerId: string; questionId: string } | undefined {
    const last = this.turns.at(-1);
    const question = this.turns.at(-2);
    if (last?.role !== 'assistant' || question?.role !== 'user') return undefined;
    this.turns.splice(-2, 2);
    const images = this.sentImages.get(question.id) ?? [];
    this.sentText.delete(question.id);
    this.sentImages.delete(question.id);
    this.records.delete(question.id);
    if (this.summary?.throughId === question.id) this.summary = undefined;
    return { question: question.text, images, answerId: last.id, questionId: question.id };
  }

  answerFor(questionId: string): AssistantTurnView | undefined {
    const index = this.turns.findIndex((turn) => turn.id === questionId);
    const answer = this.turns[index + 1];
    return answer?.role === 'assistant' ? answer : undefined;
  }
}
