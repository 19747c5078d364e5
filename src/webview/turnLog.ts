/**
 * What the header, the input history and the Retry/Edit buttons need to know about the conversation, kept from the
 * same host messages the transcript renders: each question's text, each answer's status, usage and cost, and whether
 * an answer is running. Answer text is not kept here (the transcript owns it).
 */
import type { AssistantTurnView, ConversationView, TurnView, UsageView, UserTurnView } from '../protocol/messages';

type AnswerRecord = Pick<AssistantTurnView, 'role' | 'id' | 'status' | 'usage' | 'cost'>;
type QuestionRecord = Pick<UserTurnView, 'role' | 'id' | 'text'>;
type TurnRecord = QuestionRecord | AnswerRecord;
export type AnswerPatch = Partial<Omit<AssistantTurnView, 'role' | 'id' | 'text' | 'reasoning'>>;

function record(turn: TurnView): TurnRecord {
  return turn.role === 'user'
    ? { role: 'user', id: turn.id, text: turn.text }
    : { role: 'assistant', id: turn.id, status: turn.status, usage: turn.usage, cost: turn.cost };
}

export class TurnLog {
  private turns: TurnRecord[] = [];
  private running = false;

  snapshot(conversation: ConversationView): void {
    this.turns = conversation.turns.map(record);
    this.running = conversation.busy;
  }

  add(turn: TurnView): void {
    this.turns.push(record(turn));
  }

  update(turnId: string, patch: AnswerPatch): void {
    const turn = this.turns.find((candidate) => candidate.id === turnId);
    if (turn?.role !== 'assistant') return;
    if ('status' in patch && patch.status) turn.status = patch.status;
    if ('usage' in patch) turn.usage = patch.usage;
    if ('cost' in patch) turn.cost = patch.cost;
  }

  setBusy(busy: boolean): void {
    this.running = busy;
  }

  /** An answer is being produced (the host said busy, or the last answer is still streaming). */
  get busy(): boolean {
    const last = this.turns.at(-1);
    return this.running || (last?.role === 'assistant' && last.status === 'streaming');
  }

  /** The questions asked in this conversation, oldest first. */
  questions(): string[] {
    return this.turns.flatMap((turn) => (turn.role === 'user' ? [turn.text] : []));
  }

  /**
   * The question that Retry and Edit replace: the last one, when the conversation ends with it and its answer
   * (the host's `retry` needs exactly that shape).
   */
  lastQuestion(): { id: string; text: string } | undefined {
    const [question, answer] = this.turns.slice(-2);
    return question?.role === 'user' && answer?.role === 'assistant' ? { id: question.id, text: question.text } : undefined;
  }

  /** Usage of the latest answer that reported it. */
  lastUsage(): UsageView | undefined {
    return this.answers().findLast((turn) => turn.usage !== undefined)?.usage;
  }

  /** Dollars of the latest answer that has a price. */
  lastCost(): number | undefined {
    return this.answers().findLast((turn) => turn.cost !== undefined)?.cost;
  }

  /** Dollars of every priced answer in the conversation; undefined when none is priced. */
  totalCost(): number | undefined {
    const priced = this.answers().filter((turn) => turn.cost !== undefined);
    return priced.length === 0 ? undefined : priced.reduce((total, turn) => total + (turn.cost ?? 0), 0);
  }

  private answers(): AnswerRecord[] {
    return this.turns.filter((turn): turn is AnswerRecord => turn.role === 'assistant');
  }
}
