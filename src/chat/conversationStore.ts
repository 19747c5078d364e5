/**
 * Conversations saved per workspace (in VS Code's workspace state), so they survive hiding the view and reloading
 * the window. Pure over a key-value port: the extension passes `workspaceState`, tests pass a Map.
 */
import type { ChatMessage } from '../providers/types';
import type { AssistantTurnView, ConversationSummary, TurnView } from '../protocol/messages';

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

/** Everything needed to continue a conversation after a reload (images are not kept: they are too big for state). */
export interface StoredConversation {
  id: string;
  /** Set when the user renamed it; otherwise the first question names it. */
  title?: string;
  createdAt: number;
  updatedAt: number;
  turns: TurnView[];
  /** What was sent as each user turn (workspace changes in front of the question), by turn id. */
  sentText: Record<string, string>;
  /** Each answer's tool rounds, by the user turn's id. */
  records: Record<string, { steps: ChatMessage[]; finalText: string }>;
}

const INDEX_KEY = 'grokContext.conversations';
const ITEM_PREFIX = 'grokContext.conversation.';
/** Older conversations beyond this many are dropped (workspace state is loaded whole at startup). */
export const MAX_CONVERSATIONS = 100;

export function titleOf(conversation: Pick<StoredConversation, 'title' | 'turns'>): string {
  if (conversation.title) return conversation.title;
  const first = conversation.turns.find((turn) => turn.role === 'user')?.text ?? '';
  const line = first.split('\n')[0].trim();
  return line === '' ? 'New chat' : line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

export function summaryOf(conversation: StoredConversation): ConversationSummary {
  return { id: conversation.id, title: titleOf(conversation), updatedAt: conversation.updatedAt, questions: conversation.turns.filter((turn) => turn.role === 'user').length };
}

export class ConversationStore {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly state: KeyValueStore) {}

  /** Fires after the list changed (saved, renamed, deleted). */
  onChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Newest first. */
  list(): ConversationSummary[] {
    return [...(this.state.get<ConversationSummary[]>(INDEX_KEY) ?? [])].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  get(id: string): StoredConversation | undefined {
    return this.state.get<StoredConversation>(ITEM_PREFIX + id);
  }

  async save(conversation: StoredConversation): Promise<void> {
    if (conversation.turns.length === 0) return; // an empty chat is not worth a list entry
    await this.state.update(ITEM_PREFIX + conversation.id, conversation);
    const others = this.list().filter((summary) => summary.id !== conversation.id);
    const kept = [summaryOf(conversation), ...others].sort((a, b) => b.updatedAt - a.updatedAt);
    for (const dropped of kept.slice(MAX_CONVERSATIONS)) await this.state.update(ITEM_PREFIX + dropped.id, undefined);
    await this.state.update(INDEX_KEY, kept.slice(0, MAX_CONVERSATIONS));
    this.changed();
  }

  async rename(id: string, title: string): Promise<void> {
    const conversation = this.get(id);
    if (conversation) await this.save({ ...conversation, title: title.trim().slice(0, 200) });
  }

  async delete(id: string): Promise<void> {
    await this.state.update(ITEM_PREFIX + id, undefined);
    await this.state.update(
      INDEX_KEY,
      this.list().filter((summary) => summary.id !== id),
    );
    this.changed();
  }
}

/** A conversation as Markdown, for Export: questions, answers, tool activity and costs. */
export function conversationMarkdown(conversation: StoredConversation): string {
  const lines = [`# ${titleOf(conversation)}`, '', `_Exported from Grok Context, ${new Date(conversation.updatedAt).toISOString()}_`, ''];
  for (const turn of conversation.turns) {
    if (turn.role === 'user') {
      lines.push('## You', '', turn.text, '');
      continue;
    }
    const answer: AssistantTurnView = turn;
    lines.push('## Grok', '');
    for (const tool of answer.tools ?? []) lines.push(`- _${tool.summary}${tool.status === 'failed' ? ' (failed)' : ''}_`);
    if (answer.tools?.length) lines.push('');
    lines.push(answer.text || (answer.status === 'error' ? `_Error: ${answer.error?.message ?? 'the request failed'}_` : '_No answer._'), '');
    if (answer.usage) {
      const cost = answer.cost !== undefined ? `, $${answer.cost.toFixed(4)}` : '';
      lines.push(`<sub>${answer.usage.promptTokens} tokens in (${answer.usage.cachedPromptTokens} cached), ${answer.usage.completionTokens} out${cost}</sub>`, '');
    }
  }
  return lines.join('\n');
}
