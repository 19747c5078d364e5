/**
 * The chat, owned by the extension host (the webview only mirrors it): one conversation at a time, one answer at a
 * time. A question asked while an answer runs waits in a queue; Stop aborts the request and the tool calls still to
 * run. Every change is reported as a `HostMessage`.
 */
import type { Logger } from '../common/logger';
import type { Price } from '../providers/pricing';
import type { RequestParameters } from '../providers/factory';
import type { Provider, Usage } from '../providers/types';
import type { AssistantTurnView, ContextSummaryView, ConversationView, HeaderView, HostMessage, QueuedQuestionView, TurnView, UserTurnView } from '../protocol/messages';
import { HISTORY_SHARE_OF_WINDOW, MIN_HISTORY_SHARE } from '../context/budget';
import type { Proposal } from '../edits/proposals';
import { Conversation, type StoredConversation } from './conversation';
import { DecisionLedger } from './decisions';
import { ConversationSnapshot, type ContextPort } from './snapshot';
import { TokenMeter } from './tokenMeter';
import type { ToolRunner } from './toolRunner';
import { TurnRunner, budgetFor } from './turnRunner';

export type { ContextPort };

/** The proposals' side of conversations: whose proposals are shown, and withdrawing an answer's. */
export interface ProposalOwnership {
  /** Only this conversation's proposals are shown and accepted; the others' come back with their conversation. */
  setActiveConversation(conversationId: string): void;
  /** Withdraws the proposals an answer made (it is being replaced by Retry or Edit). */
  withdrawAnswer(conversationId: string, answerId: string): void;
  /** Every proposal the conversation's answers made: what became of them is told to the model (decisions.ts). */
  ofConversation?(conversationId: string): readonly Proposal[];
}

export interface ChatPorts {
  /** Resolves the configured provider; throws a `UserFacingError` (e.g. no key) when it cannot. */
  createProvider(): Promise<{ provider: Provider; model: string; parameters?: RequestParameters; price?: Price }>;
  context: ContextPort;
  logger: Logger;
  /** grokContext.maxContextTokens and grokContext.modelContextWindow (defaults: 1,000,000 and the model's own). */
  window?(): { maxContextTokens: number; modelContextWindow: number };
  /** The provider's prompt_tokens for a first turn, next to our count of what was sent (for calibration). */
  onPromptTokens?(model: string, reported: number, counted: number): void;
  /** Every request's usage (billed cost included), for calibrating cost estimates. */
  onUsage?(model: string, price: Price | undefined, usage: Usage): void;
  /** The estimate before sending (tier and calibration); without it the plain table estimate is used. */
  estimateContext?(price: Price | undefined, model: string, request: { inputTokens: number; cachedTokens: number }): Pick<ContextSummaryView, 'estimatedCost' | 'longContext'>;
  /** Whether the model may pick path-only files to read whole before a conversation's first answer. */
  expandPathsWithModel?(): boolean;
  /** The model's tools (read, list, search, propose edits); without it the chat answers from the context alone. */
  tools?: { runner: ToolRunner; maxRounds(): number; edits?(): boolean };
  proposals?: ProposalOwnership;
  /** Called whenever the conversation changed in a way worth keeping (an answer ended, a retry, a reset). */
  persist?(conversation: StoredConversation): void;
  /** False turns history compaction off (only the session benchmark's peer does). */
  compaction?: boolean;
  /** The prompt-cache key for a request given its snapshot (default: the conversation's id). */
  cacheKey?(snapshotText: string): string | undefined;
}

type Listener = (message: HostMessage) => void;

interface Queued extends Omit<QueuedQuestionView, 'images'> {
  images: string[];
  overrides: Partial<RequestParameters>;
  settle(): void;
}

export class ChatSession {
  private conversation = new Conversation();
  private running: { controller: AbortController; done: Promise<void> } | undefined;
  private readonly queue: Queued[] = [];
  private nextQueued = 1;
  /** Set while the running answer is being stopped to change the conversation (Retry, New, switch, close): nothing queued may start in between. */
  private holding = 0;
  /** Frozen at the first turn, so the request prefix stays byte-identical for the provider's cache. */
  private readonly snapshot: ConversationSnapshot;
  private readonly meter: TokenMeter;
  /** What the model has been told about the user's decisions on its proposals, per question. */
  private readonly decisions = new DecisionLedger();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly ports: ChatPorts) {
    this.snapshot = new ConversationSnapshot(ports.context, ports.logger, () => ports.expandPathsWithModel?.() ?? false);
    this.meter = new TokenMeter(ports.context.countTokens?.bind(ports.context));
    ports.proposals?.setActiveConversation(this.conversation.id);
  }

  get conversationId(): string {
    return this.conversation.id;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  view(): ConversationView {
    return { id: this.conversation.id, turns: structuredClone(this.conversation.turns), busy: this.busy, queued: this.queuedView() };
  }

  /** The history's place in the window, for the header and the Context view. */
  historyInfo(): { lastCompacted?: number; compactions: number; summarised: number } {
    return { lastCompacted: this.conversation.lastCompactedAt, compactions: this.conversation.compactions, summarised: this.conversation.summary?.exchanges ?? 0 };
  }

  /** The window as the last answer used it: snapshot, history (and its share), answer reserve; undefined before one. */
  budgetView(): HeaderView['conversation'] {
    const last = [...this.conversation.turns].reverse().find((turn): turn is AssistantTurnView => turn.role === 'assistant' && turn.context?.window !== undefined);
    const context = last?.context;
    if (!context || context.window === undefined) return undefined;
    const share = Math.max(Math.floor(context.window * HISTORY_SHARE_OF_WINDOW), Math.min(MIN_HISTORY_SHARE, Math.floor(context.window / 4)));
    return {
      snapshot: context.tokens,
      history: context.history ?? 0,
      historyShare: share,
      reserve: context.reserve ?? 0,
      window: context.window,
      ...(this.conversation.lastCompactedAt !== undefined ? { lastCompacted: this.conversation.lastCompactedAt } : {}),
    };
  }

  toStored(): StoredConversation {
    return this.conversation.toStored();
  }

  /** Continues a saved conversation (the workspace context is planned afresh on its next question). */
  async load(stored: StoredConversation): Promise<void> {
    await this.halt(() => {
      // planned again from what it was planned from: the same workspace gives the same bytes (the cache still hits)
      this.conversation = Conversation.fromStored(stored);
      this.snapshot.reset(this.conversation.snapshotBasis);
      this.ports.proposals?.setActiveConversation(this.conversation.id);
      this.emit({ type: 'snapshot', conversation: this.view() });
    });
  }

  /** Renames this conversation (its list entry shows the new title). */
  setTitle(title: string): void {
    this.conversation.title = title.trim() || undefined;
    this.save();
  }

  private save(): void {
    if (this.conversation.turns.length > 0) this.ports.persist?.(this.conversation.toStored());
  }

  onMessage(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(message: HostMessage): void {
    for (const listener of this.listeners) listener(message);
  }

  private queuedView(): QueuedQuestionView[] {
    return this.queue.map(({ id, text, images }) => ({ id, text, ...(images.length ? { images: images.length } : {}) }));
  }

  private emitQueue(): void {
    this.emit({ type: 'queue', queued: this.queuedView() });
  }

  /**
   * Asks a question. While an answer runs, the question waits its turn in the queue (shown as queued, removable
   * until it starts). Resolves when its answer ends, or when it was removed from the queue.
   * `overrides` lets a command ask with its own reasoning effort (Explain: low, Refactor: medium).
   */
  ask(question: string, images: readonly string[] = [], overrides: Partial<RequestParameters> = {}): Promise<void> {
    const text = question.trim();
    if (!text) return Promise.resolve();
    if (this.running || this.holding > 0 || this.queue.length > 0) {
      return new Promise<void>((settle) => {
        this.queue.push({ id: `q${this.nextQueued++}`, text, images: [...images], overrides, settle });
        this.emitQueue();
      });
    }
    return this.start(text, images, overrides);
  }

  /**
   * The first question as it is being typed: its plan is made now, in the background, so that Enter does not wait for
   * it (the snapshot uses it only for that very question, and only when nothing changed since). Ignored once the
   * conversation has a question. Resolves when that plan is ready or was given up.
   */
  async draft(text: string): Promise<void> {
    if (this.conversation.turns.length > 0 || this.running || this.holding > 0 || this.queue.length > 0) return;
    const conversation = this.conversation;
    let budget: number;
    try {
      const { model, parameters } = await this.ports.createProvider();
      budget = budgetFor(this.ports.window?.() ?? { maxContextTokens: 1_000_000, modelContextWindow: 0 }, model, parameters?.maxOutputTokens).snapshot;
    } catch {
      return; // no provider yet (no key): Enter will say so
    }
    if (conversation !== this.conversation || conversation.turns.length > 0) return;
    await this.snapshot.prepare(text, budget);
  }

  /** Removes a queued question before it starts. */
  unqueue(id: string): void {
    const index = this.queue.findIndex((item) => item.id === id);
    if (index < 0) return;
    const [removed] = this.queue.splice(index, 1);
    removed.settle();
    this.emitQueue();
  }

  private async start(text: string, images: readonly string[], overrides: Partial<RequestParameters>): Promise<void> {
    const conversation = this.conversation;
    const userTurn: UserTurnView = { role: 'user', id: conversation.newTurnId(), text, ...(images.length ? { images: images.length } : {}) };
    const answer: AssistantTurnView = { role: 'assistant', id: conversation.newTurnId(), text: '', reasoning: '', status: 'streaming' };
    conversation.turns.push(userTurn, answer);
    conversation.sentText.set(userTurn.id, text);
    if (images.length) conversation.sentImages.set(userTurn.id, [...images]);
    this.emit({ type: 'turnAdded', turn: structuredClone(userTurn) });
    this.emit({ type: 'turnAdded', turn: structuredClone(answer) });

    const controller = new AbortController();
    const runner = new TurnRunner(
      {
        createProvider: () => this.ports.createProvider(),
        window: () => this.ports.window?.() ?? { maxContextTokens: 1_000_000, modelContextWindow: 0 },
        tools: this.ports.tools,
        onPromptTokens: this.ports.onPromptTokens,
        onUsage: this.ports.onUsage,
        estimateContext: this.ports.estimateContext,
        warn: (message) => this.ports.logger.warn(message),
        info: (message) => this.ports.logger.info(message),
        compaction: this.ports.compaction,
        cacheKey: this.ports.cacheKey,
        decisionNote: () => {
          const questions = new Set(conversation.turns.filter((turn) => turn.role === 'user' && turn.id !== userTurn.id).map((turn) => turn.id));
          return this.decisions.noteFor(conversation.id, userTurn.id, this.ports.proposals?.ofConversation?.(conversation.id) ?? [], questions);
        },
        contextProgress: this.ports.context.onProgress?.bind(this.ports.context),
      },
      {
        conversation,
        userTurn,
        answer,
        // a compaction re-sends the whole view: with the queue, which only the session knows
        emit: (message) => conversation === this.conversation && this.emit(message.type === 'snapshot' ? { type: 'snapshot', conversation: this.view() } : message),
      },
      this.snapshot,
      this.meter,
    );
    const done = runner.run(text, images, overrides, controller.signal);
    this.running = { controller, done };
    this.emit({ type: 'busy', busy: true });
    try {
      await done;
    } finally {
      this.meter.trim();
      if (this.running?.done === done) {
        this.running = undefined;
        this.emit({ type: 'busy', busy: false });
      }
      if (conversation === this.conversation) this.save();
      else this.ports.persist?.(conversation.toStored());
      this.next();
    }
  }

  /** Starts the next queued question, if any (after the running answer ended, or was stopped). */
  private next(): void {
    if (this.running || this.holding > 0) return;
    const queued = this.queue.shift();
    if (!queued) return;
    this.emitQueue();
    void this.start(queued.text, queued.images, queued.overrides).finally(queued.settle);
  }

  /** Aborts the answer being streamed (closing the HTTP request, and no tool call runs after it); waits until it ended. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.controller.abort();
    await running.done;
  }

  /**
   * Stops the running answer without letting a queued question start meanwhile, then runs `change` (it replaces or
   * rewinds the conversation). Questions queued before are dropped when `dropQueue`; any asked during the stop wait for
   * `change` and then run on the conversation it leaves.
   */
  private async hold(change: () => void, dropQueue: boolean): Promise<void> {
    this.holding++;
    try {
      if (dropQueue) {
        for (const queued of this.queue.splice(0)) queued.settle();
        this.emitQueue();
      }
      await this.stop();
      change();
    } finally {
      this.holding--;
    }
  }

  /** Stops the answer and drops the queue, then replaces the conversation (New, switch, close). */
  private async halt(change: () => void = () => undefined): Promise<void> {
    await this.hold(change, true);
    this.next();
  }

  /**
   * Asks the last question again (or `edited` in its place), replacing it and its answer: its edits are withdrawn and
   * the workspace changes it carried travel again. It runs before anything queued.
   */
  async retry(edited?: string): Promise<void> {
    let dropped: ReturnType<Conversation['dropLast']>;
    await this.hold(() => {
      dropped = this.conversation.dropLast();
      if (!dropped) return;
      this.snapshot.rollback(dropped.questionId);
      this.decisions.forget(this.conversation.id, dropped.questionId);
      this.ports.proposals?.withdrawAnswer(this.conversation.id, dropped.questionId);
      this.emit({ type: 'snapshot', conversation: this.view() });
    }, false);
    if (!dropped) {
      this.next();
      return;
    }
    await this.start(edited?.trim() || dropped.question, dropped.images, {});
  }

  /** A new conversation: the running answer stops, queued questions are dropped, other proposals are hidden. */
  async reset(): Promise<void> {
    await this.halt(() => {
      this.snapshot.reset();
      this.conversation = new Conversation();
      this.ports.proposals?.setActiveConversation(this.conversation.id);
      this.emit({ type: 'snapshot', conversation: this.view() });
    });
  }

  /** The view was closed: nobody can see an answer, so it is not worth paying for. */
  async close(): Promise<void> {
    await this.halt();
  }

  dispose(): void {
    for (const queued of this.queue.splice(0)) queued.settle();
    this.running?.controller.abort();
    this.listeners.clear();
  }
}

export type { TurnView };
