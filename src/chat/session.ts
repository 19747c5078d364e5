/**
 * One conversation, owned by the extension host: the webview only mirrors it. Streams answers from a
 * provider, keeps partial answers when stopped or cut off, and reports every change as a `HostMessage`.
 */
import { randomUUID } from 'node:crypto';
import { UserFacingError, errorMessage } from '../common/errors';
import type { Logger } from '../common/logger';
import type { ContextSnapshot } from '../context/snapshot';
import { ProviderError } from '../providers/errors';
import type { Provider } from '../providers/types';
import type { AssistantTurnView, ConversationView, HostMessage, TurnView } from '../protocol/messages';
import { buildMessages, type PastExchange } from './prompt';

export interface ChatPorts {
  /** Resolves the configured provider; throws a `UserFacingError` (e.g. no key) when it cannot. */
  createProvider(): Promise<{ provider: Provider; model: string }>;
  buildContext(signal: AbortSignal): Promise<ContextSnapshot>;
  logger: Logger;
}

type Listener = (message: HostMessage) => void;

export class ChatSession {
  private id = randomUUID();
  private turns: TurnView[] = [];
  private nextTurn = 1;
  private running: { controller: AbortController; done: Promise<void> } | undefined;
  /** Frozen at the first turn, so the request prefix stays byte-identical for the provider's cache. */
  private context: ContextSnapshot | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly ports: ChatPorts) {}

  get conversationId(): string {
    return this.id;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  view(): ConversationView {
    return { id: this.id, turns: structuredClone(this.turns), busy: this.busy };
  }

  onMessage(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(message: HostMessage): void {
    for (const listener of this.listeners) listener(message);
  }

  /** Asks a question; a question asked while another streams stops that one first. Resolves when the answer ends. */
  async ask(question: string): Promise<void> {
    const text = question.trim();
    if (!text) return;
    if (this.running) await this.stop();
    const userTurn: TurnView = { role: 'user', id: `t${this.nextTurn++}`, text };
    const answer: AssistantTurnView = { role: 'assistant', id: `t${this.nextTurn++}`, text: '', reasoning: '', status: 'streaming' };
    const history = this.history();
    this.turns.push(userTurn, answer);
    this.emit({ type: 'turnAdded', turn: structuredClone(userTurn) });
    this.emit({ type: 'turnAdded', turn: structuredClone(answer) });

    const controller = new AbortController();
    const done = this.stream(answer, history, text, controller.signal);
    this.running = { controller, done };
    this.emit({ type: 'busy', busy: true });
    try {
      await done;
    } finally {
      if (this.running?.done === done) {
        this.running = undefined;
        this.emit({ type: 'busy', busy: false });
      }
    }
  }

  /** Aborts the answer being streamed (closing the HTTP request) and waits until it has ended. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.controller.abort();
    await running.done;
  }

  /** Asks the last question again, replacing its failed or stopped answer. */
  async retry(): Promise<void> {
    if (this.running) await this.stop();
    const last = this.turns.at(-1);
    const question = this.turns.at(-2);
    if (last?.role !== 'assistant' || question?.role !== 'user') return;
    this.turns.splice(-2, 2);
    this.emit({ type: 'snapshot', conversation: this.view() });
    await this.ask(question.text);
  }

  async reset(): Promise<void> {
    await this.stop();
    this.id = randomUUID();
    this.turns = [];
    this.context = undefined;
    this.emit({ type: 'snapshot', conversation: this.view() });
  }

  dispose(): void {
    this.running?.controller.abort();
    this.listeners.clear();
  }

  /** Completed exchanges sent back as history; failed answers with no text are left out. */
  private history(): PastExchange[] {
    const exchanges: PastExchange[] = [];
    for (let i = 0; i + 1 < this.turns.length; i += 2) {
      const question = this.turns[i];
      const answer = this.turns[i + 1];
      if (question.role === 'user' && answer.role === 'assistant' && answer.text !== '') {
        exchanges.push({ question: question.text, answer: answer.text });
      }
    }
    return exchanges;
  }

  private patch(turn: AssistantTurnView, patch: Extract<HostMessage, { type: 'turnUpdated' }>['patch']): void {
    Object.assign(turn, patch);
    this.emit({ type: 'turnUpdated', turnId: turn.id, patch: structuredClone(patch) });
  }

  private async stream(turn: AssistantTurnView, history: PastExchange[], question: string, signal: AbortSignal): Promise<void> {
    try {
      const { provider, model } = await this.ports.createProvider();
      signal.throwIfAborted();
      if (!this.context) this.context = await this.ports.buildContext(signal);
      const context = this.context;
      this.patch(turn, {
        context: {
          files: context.includedFiles.length,
          tokens: context.tokens,
          budget: context.budget,
          omitted: context.excluded.filter((item) => item.reason === 'budget').length,
        },
      });
      const messages = buildMessages(context.text, history, question);
      for await (const event of provider.stream({ model, messages, conversationId: this.id }, signal)) {
        switch (event.type) {
          case 'text':
            turn.text += event.text;
            this.emit({ type: 'delta', turnId: turn.id, channel: 'text', text: event.text });
            break;
          case 'reasoning':
            turn.reasoning += event.text;
            this.emit({ type: 'delta', turnId: turn.id, channel: 'reasoning', text: event.text });
            break;
          case 'usage':
            this.patch(turn, { usage: event.usage });
            break;
          case 'finish':
            break;
        }
      }
      this.patch(turn, { status: 'done' });
    } catch (error) {
      if (signal.aborted || (error instanceof ProviderError && error.kind === 'cancelled')) {
        this.patch(turn, { status: 'stopped' });
        return;
      }
      this.ports.logger.warn(`Request failed: ${errorMessage(error)}`);
      const actions = error instanceof UserFacingError ? [...error.actions] : [];
      const message = error instanceof UserFacingError ? error.message : `Unexpected error: ${errorMessage(error)}`;
      this.patch(turn, { status: 'error', error: { message, actions } });
    }
  }
}
