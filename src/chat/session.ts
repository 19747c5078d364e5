/**
 * One conversation, owned by the extension host: the webview only mirrors it. Streams answers from a
 * provider, keeps partial answers when stopped or cut off, and reports every change as a `HostMessage`.
 */
import { randomUUID } from 'node:crypto';
import { UserFacingError, errorMessage } from '../common/errors';
import type { Logger } from '../common/logger';
import type { ContextPlan } from '../context/model';
import { TOOL_DEFINITIONS } from '../edits/toolSchemas';
import { ProviderError } from '../providers/errors';
import { cacheSaving, usageCost, type Price } from '../providers/pricing';
import type { RequestParameters } from '../providers/factory';
import type { ChatMessage, Provider, ToolCall, Usage } from '../providers/types';
import type { AssistantTurnView, ContextSummaryView, ConversationView, HostMessage, ToolActivityView, TurnView } from '../protocol/messages';
import { SYSTEM_PROMPT, buildMessages, type PastExchange } from './prompt';
import type { StoredConversation } from './conversationStore';
import { ConversationSnapshot, type ContextPort } from './snapshot';
import type { ToolRunner } from './toolRunner';

export type { ContextPort };

export interface ChatPorts {
  /** Resolves the configured provider; throws a `UserFacingError` (e.g. no key) when it cannot. */
  createProvider(): Promise<{ provider: Provider; model: string; parameters?: RequestParameters; price?: Price }>;
  context: ContextPort;
  logger: Logger;
  /** The provider's prompt_tokens for a first turn, next to our count of what was sent (for calibration). */
  onPromptTokens?(model: string, reported: number, counted: number): void;
  /** Whether the model may pick path-only files to read whole before a conversation's first answer. */
  expandPathsWithModel?(): boolean;
  /** The model's tools (read, list, search, propose edits); without it the chat answers from the context alone. */
  tools?: { runner: ToolRunner; maxRounds(): number };
  /** Called whenever the conversation changed in a way worth keeping (an answer ended, a retry, a reset). */
  persist?(conversation: StoredConversation): void;
}

/** One answer's tool rounds, kept so later requests repeat them byte for byte (the prompt cache depends on it). */
interface AnswerRecord {
  steps: ChatMessage[];
  /** The text of the last round: the answer proper. */
  finalText: string;
}

function contextSummary(plan: ContextPlan, price: Price | undefined, cachedPrefix: boolean): ContextSummaryView {
  return {
    // before sending: the context at the input price, or at the cached price when the prefix was sent before
    estimatedCost: price ? (plan.usedTokens * (cachedPrefix ? price.cachedInput : price.input)) / 1_000_000 : undefined,
    files: plan.files.filter((file) => file.tier !== 'path').length,
    tokens: plan.usedTokens,
    budget: plan.budget,
    omitted: plan.excluded.filter((item) => item.reason === 'budget').length + plan.files.filter((file) => file.tier === 'path').length,
  };
}

type Listener = (message: HostMessage) => void;

export class ChatSession {
  private id: string = randomUUID();
  private createdAt = Date.now();
  private title: string | undefined;
  private turns: TurnView[] = [];
  private nextTurn = 1;
  private running: { controller: AbortController; done: Promise<void> } | undefined;
  /** Frozen at the first turn, so the request prefix stays byte-identical for the provider's cache. */
  private readonly snapshot: ConversationSnapshot;
  /** Tool rounds of each answer (by the user turn's id). */
  private readonly records = new Map<string, AnswerRecord>();
  /** What was sent as each user turn: workspace changes travel in front of the question and stay in the history. */
  private readonly sentText = new Map<string, string>();
  /** Images attached to each user turn (data URLs), kept for the history and for Retry. */
  private readonly sentImages = new Map<string, string[]>();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly ports: ChatPorts) {
    this.snapshot = new ConversationSnapshot(ports.context, ports.logger, () => ports.expandPathsWithModel?.() ?? false);
  }

  get conversationId(): string {
    return this.id;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  view(): ConversationView {
    return { id: this.id, turns: structuredClone(this.turns), busy: this.busy };
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
      records: Object.fromEntries(this.records),
    };
  }

  /** Continues a saved conversation (the workspace context is planned afresh on its next question). */
  async load(stored: StoredConversation): Promise<void> {
    await this.stop();
    this.clear();
    this.id = stored.id;
    this.createdAt = stored.createdAt;
    this.title = stored.title;
    this.turns = structuredClone(stored.turns);
    for (const [id, text] of Object.entries(stored.sentText)) this.sentText.set(id, text);
    for (const [id, record] of Object.entries(stored.records)) this.records.set(id, record);
    const numbers = this.turns.map((turn) => Number(turn.id.slice(1))).filter(Number.isFinite);
    this.nextTurn = Math.max(0, ...numbers) + 1;
    this.emit({ type: 'snapshot', conversation: this.view() });
  }

  /** Renames this conversation (its list entry shows the new title). */
  setTitle(title: string): void {
    this.title = title.trim() || undefined;
    this.save();
  }

  private clear(): void {
    this.turns = [];
    this.sentText.clear();
    this.sentImages.clear();
    this.records.clear();
    this.snapshot.reset();
    this.title = undefined;
  }

  private save(): void {
    if (this.turns.length > 0) this.ports.persist?.(this.toStored());
  }

  onMessage(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(message: HostMessage): void {
    for (const listener of this.listeners) listener(message);
  }

  /**
   * Asks a question; a question asked while another streams stops that one first. Resolves when the answer ends.
   * `overrides` lets a command ask with its own reasoning effort (Explain: low, Refactor: medium).
   */
  async ask(question: string, images: readonly string[] = [], overrides: Partial<RequestParameters> = {}): Promise<void> {
    const text = question.trim();
    if (!text) return;
    if (this.running) await this.stop();
    const userTurn: TurnView = { role: 'user', id: `t${this.nextTurn++}`, text, ...(images.length ? { images: images.length } : {}) };
    const answer: AssistantTurnView = { role: 'assistant', id: `t${this.nextTurn++}`, text: '', reasoning: '', status: 'streaming' };
    const history = this.history();
    this.turns.push(userTurn, answer);
    this.sentText.set(userTurn.id, text);
    if (images.length) this.sentImages.set(userTurn.id, [...images]);
    this.emit({ type: 'turnAdded', turn: structuredClone(userTurn) });
    this.emit({ type: 'turnAdded', turn: structuredClone(answer) });

    const controller = new AbortController();
    const done = this.stream(userTurn.id, answer, history, text, images, overrides, controller.signal);
    this.running = { controller, done };
    this.emit({ type: 'busy', busy: true });
    try {
      await done;
    } finally {
      if (this.running?.done === done) {
        this.running = undefined;
        this.emit({ type: 'busy', busy: false });
      }
      this.save();
    }
  }

  /** Removes a queued question before it starts. */
  unqueue(_id: string): void {}

  /** Aborts the answer being streamed (closing the HTTP request) and waits until it has ended. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.controller.abort();
    await running.done;
  }

  /** Asks the last question again (or `edited` in its place), replacing it and its answer. */
  async retry(edited?: string): Promise<void> {
    if (this.running) await this.stop();
    const last = this.turns.at(-1);
    const question = this.turns.at(-2);
    if (last?.role !== 'assistant' || question?.role !== 'user') return;
    this.turns.splice(-2, 2);
    const images = this.sentImages.get(question.id) ?? [];
    this.sentText.delete(question.id);
    this.sentImages.delete(question.id);
    this.records.delete(question.id);
    this.emit({ type: 'snapshot', conversation: this.view() });
    await this.ask(edited?.trim() || question.text, images);
  }

  async reset(): Promise<void> {
    await this.stop();
    this.id = randomUUID();
    this.createdAt = Date.now();
    this.clear();
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
        const record = this.records.get(question.id);
        exchanges.push({
          question: this.sentText.get(question.id) ?? question.text,
          answer: record ? record.finalText : answer.text,
          images: this.sentImages.get(question.id),
          ...(record?.steps.length ? { steps: record.steps } : {}),
        });
      }
    }
    return exchanges;
  }

  private patch(turn: AssistantTurnView, patch: Extract<HostMessage, { type: 'turnUpdated' }>['patch']): void {
    Object.assign(turn, patch);
    this.emit({ type: 'turnUpdated', turnId: turn.id, patch: structuredClone(patch) });
  }

  /**
   * One request to the provider, its events applied to the turn; returns the round's own text and tool calls.
   * `counted`: our count of a first turn, for calibration.
   */
  private async streamOnce(
    turn: AssistantTurnView,
    provider: Provider,
    config: { model: string; parameters?: RequestParameters; counted?: number; price?: Price; tools: boolean },
    messages: ChatMessage[],
    signal: AbortSignal,
  ): Promise<{ text: string; calls: ToolCall[] }> {
    const { model, parameters, counted, price } = config;
    const round = { text: '', calls: [] as ToolCall[] };
    const request = { ...parameters, model, messages, conversationId: this.id, ...(config.tools ? { tools: [...TOOL_DEFINITIONS] } : {}) };
    for await (const event of provider.stream(request, signal)) {
      switch (event.type) {
        case 'text': {
          // a later round's text starts a new paragraph of the same answer
          const text = round.text === '' && turn.text !== '' && !turn.text.endsWith('\n\n') ? `\n\n${event.text}` : event.text;
          round.text += event.text;
          turn.text += text;
          this.emit({ type: 'delta', turnId: turn.id, channel: 'text', text });
          break;
        }
        case 'reasoning':
          turn.reasoning += event.text;
          this.emit({ type: 'delta', turnId: turn.id, channel: 'reasoning', text: event.text });
          break;
        case 'usage':
          this.addUsage(turn, event.usage, price);
          if (counted !== undefined) this.ports.onPromptTokens?.(model, event.usage.promptTokens, counted);
          break;
        case 'toolCall':
          round.calls.push(event.call);
          break;
        case 'finish':
          break;
      }
    }
    return round;
  }

  /** Usage adds up over an answer's tool rounds: each round is a request of its own. */
  private addUsage(turn: AssistantTurnView, usage: Usage, price: Price | undefined): void {
    const before = turn.usage;
    // a sum of what is known: an unknown price for this round leaves the earlier rounds' figure standing
    const add = (earlier: number | undefined, round: number | undefined) => (round === undefined ? earlier : (before ? (earlier ?? 0) : 0) + round);
    this.patch(turn, {
      usage: {
        promptTokens: (before?.promptTokens ?? 0) + usage.promptTokens,
        completionTokens: (before?.completionTokens ?? 0) + usage.completionTokens,
        cachedPromptTokens: (before?.cachedPromptTokens ?? 0) + usage.cachedPromptTokens,
        reasoningTokens: (before?.reasoningTokens ?? 0) + usage.reasoningTokens,
      },
      cost: add(turn.cost, usageCost(price, usage)),
      cacheSaving: add(turn.cacheSaving, cacheSaving(price, usage.cachedPromptTokens)),
    });
  }

  /** Runs a round's tool calls, showing each as a card on the turn; returns the messages that carry them back. */
  private async runTools(turn: AssistantTurnView, round: { text: string; calls: ToolCall[] }, runner: ToolRunner, signal: AbortSignal): Promise<ChatMessage[]> {
    const show = (activity: ToolActivityView) => {
      const tools = [...(turn.tools ?? [])];
      const at = tools.findIndex((existing) => existing.id === activity.id);
      if (at >= 0) tools[at] = activity;
      else tools.push(activity);
      this.patch(turn, { tools });
    };
    const outcomes = await runner.runAll(round.calls, signal, show);
    return [
      { role: 'assistant', content: round.text, toolCalls: round.calls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })) },
      ...outcomes.map((outcome, index): ChatMessage => ({ role: 'tool', toolCallId: round.calls[index].id, content: outcome.content })),
    ];
  }

  private async stream(
    userTurnId: string,
    turn: AssistantTurnView,
    history: PastExchange[],
    question: string,
    images: readonly string[],
    overrides: Partial<RequestParameters>,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      const resolved = await this.ports.createProvider();
      const { provider, model, price } = resolved;
      const parameters = { ...resolved.parameters, ...overrides };
      signal.throwIfAborted();
      const { plan, update, notice, fresh } = await this.snapshot.forTurn(question, signal, { provider, model });
      const sent = update ? `${update}\n${question}` : question;
      this.sentText.set(userTurnId, sent);
      this.patch(turn, { context: contextSummary(plan, price, !fresh), ...(notice ? { notice } : {}) });
      const tools = this.ports.tools && provider.supportsTools !== false && this.ports.tools.maxRounds() > 0 ? this.ports.tools : undefined;
      const config = { model, parameters, price, tools: tools !== undefined };
      let attempt = { plan, sent };
      let messages: ChatMessage[];
      let round: { text: string; calls: ToolCall[] };
      for (let retried = false; ; retried = true) {
        messages = buildMessages(attempt.plan.text, history, attempt.sent, images, config.tools);
        // A first turn is all counted context plus a little text: a fair sample of the provider's tokenizer vs ours.
        const counted = history.length === 0 && attempt.sent === question ? attempt.plan.usedTokens + Math.ceil((SYSTEM_PROMPT.length + question.length) / 4) : undefined;
        try {
          round = await this.streamOnce(turn, provider, { ...config, counted }, messages, signal);
          break;
        } catch (error) {
          // A context larger than the provider accepts: shrink the plan once, say what was dropped, and ask again.
          if (retried || turn.text !== '' || !(error instanceof ProviderError) || error.kind !== 'context-overflow') throw error;
          const shrunk = await this.snapshot.shrinkAfterOverflow(attempt.plan, error, question, signal);
          this.patch(turn, { notice: shrunk.notice, context: contextSummary(shrunk.plan, price, false) });
          attempt = { plan: shrunk.plan, sent: question };
          this.sentText.set(userTurnId, question);
        }
      }
      // The tool loop: results go back to the model until it answers without calling a tool, or the rounds run out.
      const steps: ChatMessage[] = [];
      for (let rounds = 0; tools && round.calls.length > 0; rounds++) {
        if (rounds >= tools.maxRounds()) {
          this.patch(turn, { notice: `Stopped after ${rounds} rounds of tool calls (grokContext.maxToolRounds); ask again to continue.` });
          break;
        }
        steps.push(...(await this.runTools(turn, round, tools.runner, signal)));
        round = await this.streamOnce(turn, provider, config, [...messages, ...steps], signal);
      }
      this.records.set(userTurnId, { steps, finalText: round.text });
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
