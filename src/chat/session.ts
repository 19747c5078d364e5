/**
 * One conversation, owned by the extension host: the webview only mirrors it. Streams answers from a
 * provider, keeps partial answers when stopped or cut off, and reports every change as a `HostMessage`.
 */
import { randomUUID } from 'node:crypto';
import { UserFacingError, errorMessage } from '../common/errors';
import type { Logger } from '../common/logger';
import { applyChanges, type Baseline, type Changes, type ContextPlan } from '../context/model';
import { ProviderError } from '../providers/errors';
import { cacheSaving, usageCost, type Price } from '../providers/pricing';
import type { RequestParameters } from '../providers/factory';
import type { ChatMessage, Provider } from '../providers/types';
import type { AssistantTurnView, ContextSummaryView, ConversationView, HostMessage, TurnView } from '../protocol/messages';
import { chooseFilesToExpand } from './expandPaths';
import { SYSTEM_PROMPT, buildMessages, type PastExchange } from './prompt';

export interface ContextPort {
  /**
   * A fresh plan of the workspace for this question; `budget` overrides the configured one (after an overflow),
   * `relevant` names files to prefer (chosen by the model from the path list).
   */
  plan(question: string, signal: AbortSignal, budget?: number, relevant?: readonly string[]): Promise<ContextPlan>;
  /** What changed in the workspace since the baseline. */
  changesSince(baseline: Baseline, signal: AbortSignal): Promise<Changes>;
}

export interface ChatPorts {
  /** Resolves the configured provider; throws a `UserFacingError` (e.g. no key) when it cannot. */
  createProvider(): Promise<{ provider: Provider; model: string; parameters?: RequestParameters; price?: Price }>;
  context: ContextPort;
  logger: Logger;
  /** The provider's prompt_tokens for a first turn, next to our count of what was sent (for calibration). */
  onPromptTokens?(model: string, reported: number, counted: number): void;
  /** Whether the model may pick path-only files to read whole before a conversation's first answer. */
  expandPathsWithModel?(): boolean;
}

/**
 * When the changes sent since the snapshot reach this share of it, a fresh snapshot is cheaper: at xAI's prices
 * ($1.25/M input, $0.20/M cached) re-sending a snapshot of P tokens costs 1.25·P once, while keeping D tokens of
 * changes costs 1.25·D plus 0.20·D on every later turn; over the next five turns the two meet near D ≈ 0.56·P.
 */
export const RESNAPSHOT_SHARE = 0.5;

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

interface Snapshot {
  plan: ContextPlan;
  baseline: Baseline;
  changeTokens: number;
}

type Listener = (message: HostMessage) => void;

export class ChatSession {
  private id = randomUUID();
  private turns: TurnView[] = [];
  private nextTurn = 1;
  private running: { controller: AbortController; done: Promise<void> } | undefined;
  /** Frozen at the first turn, so the request prefix stays byte-identical for the provider's cache. */
  private snapshot: Snapshot | undefined;
  /** What was sent as each user turn: workspace changes travel in front of the question and stay in the history. */
  private readonly sentText = new Map<string, string>();
  /** Images attached to each user turn (data URLs), kept for the history and for Retry. */
  private readonly sentImages = new Map<string, string[]>();
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
    const images = this.sentImages.get(question.id) ?? [];
    this.sentText.delete(question.id);
    this.sentImages.delete(question.id);
    this.emit({ type: 'snapshot', conversation: this.view() });
    await this.ask(question.text, images);
  }

  async reset(): Promise<void> {
    await this.stop();
    this.id = randomUUID();
    this.turns = [];
    this.sentText.clear();
    this.sentImages.clear();
    this.snapshot = undefined;
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
        exchanges.push({ question: this.sentText.get(question.id) ?? question.text, answer: answer.text, images: this.sentImages.get(question.id) });
      }
    }
    return exchanges;
  }

  private patch(turn: AssistantTurnView, patch: Extract<HostMessage, { type: 'turnUpdated' }>['patch']): void {
    Object.assign(turn, patch);
    this.emit({ type: 'turnUpdated', turnId: turn.id, patch: structuredClone(patch) });
  }

  /** One request to the provider, its events applied to the turn. `counted`: our count of a first turn, for calibration. */
  private async streamOnce(
    turn: AssistantTurnView,
    provider: Provider,
    config: { model: string; parameters?: RequestParameters; counted?: number; price?: Price },
    messages: ChatMessage[],
    signal: AbortSignal,
  ): Promise<void> {
    const { model, parameters, counted, price } = config;
    for await (const event of provider.stream({ ...parameters, model, messages, conversationId: this.id }, signal)) {
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
          this.patch(turn, { usage: event.usage, cost: usageCost(price, event.usage), cacheSaving: cacheSaving(price, event.usage.cachedPromptTokens) });
          if (counted !== undefined) this.ports.onPromptTokens?.(model, event.usage.promptTokens, counted);
          break;
        case 'toolCall': // the chat offers no tools yet: the edit tools and their loop come with issue #5
        case 'finish':
          break;
      }
    }
  }

  /** A new snapshot that fits the limit the provider named (or 70% of the one it refused), and what it cost. */
  private async shrinkAfterOverflow(refused: ContextPlan, error: ProviderError, question: string, signal: AbortSignal): Promise<{ plan: ContextPlan; notice: string }> {
    // Leave a fifth of the provider's limit for the conversation and the answer.
    const budget = error.contextLimit ? Math.min(Math.floor(error.contextLimit * 0.8), Math.floor(refused.usedTokens * 0.9)) : Math.floor(refused.usedTokens * 0.7);
    const plan = await this.ports.context.plan(question, signal, budget);
    this.snapshot = { plan, baseline: plan, changeTokens: 0 };
    const whole = (p: ContextPlan) => p.files.filter((file) => file.tier === 'full').length;
    const limit = error.contextLimit ? ` (its limit: ${error.contextLimit.toLocaleString('en-US')} tokens)` : '';
    const notice =
      `The provider refused ${refused.usedTokens.toLocaleString('en-US')} tokens of context${limit}; ` +
      `re-planned to ${plan.usedTokens.toLocaleString('en-US')}: ${whole(refused) - whole(plan)} fewer files sent whole. ` +
      'Lower grokContext.maxContextTokens to avoid the extra request.';
    this.ports.logger.warn(notice);
    return { plan, notice };
  }

  /** The workspace context for this turn: the frozen snapshot, plus the changes since it as a prefix of the question. */
  private async contextFor(
    question: string,
    signal: AbortSignal,
    chooser?: { provider: Provider; model: string },
  ): Promise<{ plan: ContextPlan; update: string; notice?: string; fresh: boolean }> {
    if (this.snapshot) {
      const changes = await this.ports.context.changesSince(this.snapshot.baseline, signal);
      const changeTokens = this.snapshot.changeTokens + changes.tokens;
      if (changes.tokens === 0) return { plan: this.snapshot.plan, update: '', fresh: false };
      if (changeTokens < RESNAPSHOT_SHARE * this.snapshot.plan.usedTokens) {
        this.snapshot = { plan: this.snapshot.plan, baseline: applyChanges(this.snapshot.baseline, changes), changeTokens };
        return { plan: this.snapshot.plan, update: changes.text, fresh: false };
      }
      this.ports.logger.info(`Workspace changes reached ${changeTokens} tokens: taking a fresh snapshot.`);
    }
    let plan = await this.ports.context.plan(question, signal);
    let notice: string | undefined;
    const listed = plan.files.filter((file) => file.tier !== 'full').map((file) => file.path);
    if (chooser && listed.length > 0 && this.ports.expandPathsWithModel?.()) {
      try {
        const chosen = await chooseFilesToExpand(chooser.provider, chooser.model, question, listed, signal);
        if (chosen.length > 0) {
          plan = await this.ports.context.plan(question, signal, undefined, chosen);
          const whole = new Set(plan.files.filter((file) => file.tier === 'full').map((file) => file.path));
          const read = chosen.filter((path) => whole.has(path));
          if (read.length > 0) notice = `Read whole at Grok's choice: ${read.join(', ')}`;
        }
      } catch (error) {
        if (signal.aborted) throw error;
        // the choice is a refinement: without it the plan stands
        this.ports.logger.warn(`Choosing files to expand failed: ${errorMessage(error)}`);
      }
    }
    this.snapshot = { plan, baseline: plan, changeTokens: 0 };
    return { plan, update: '', notice, fresh: true };
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
      const { plan, update, notice, fresh } = await this.contextFor(question, signal, { provider, model });
      const sent = update ? `${update}\n${question}` : question;
      this.sentText.set(userTurnId, sent);
      this.patch(turn, { context: contextSummary(plan, price, !fresh), ...(notice ? { notice } : {}) });
      let attempt = { plan, sent };
      for (let retried = false; ; retried = true) {
        const messages = buildMessages(attempt.plan.text, history, attempt.sent, images);
        // A first turn is all counted context plus a little text: a fair sample of the provider's tokenizer vs ours.
        const counted = history.length === 0 && attempt.sent === question ? attempt.plan.usedTokens + Math.ceil((SYSTEM_PROMPT.length + question.length) / 4) : undefined;
        try {
          await this.streamOnce(turn, provider, { model, parameters, counted, price }, messages, signal);
          break;
        } catch (error) {
          // A context larger than the provider accepts: shrink the plan once, say what was dropped, and ask again.
          if (retried || turn.text !== '' || !(error instanceof ProviderError) || error.kind !== 'context-overflow') throw error;
          const shrunk = await this.shrinkAfterOverflow(attempt.plan, error, question, signal);
          this.patch(turn, { notice: shrunk.notice, context: contextSummary(shrunk.plan, price, false) });
          attempt = { plan: shrunk.plan, sent: question };
          this.sentText.set(userTurnId, question);
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
