/**
 * One answer's run: the snapshot for this turn, the request rounds (tool calls and their results), the history kept
 * within its share before every round, one retry of a round the provider refused as too large, and what every request
 * of the answer cost (the file-choosing request, summaries and a stopped round included).
 */
import { UserFacingError } from '../common/errors';
import { countPlan } from '../common/planCounts';
import { requestBudget, modelContextWindow, type RequestBudget } from '../context/budget';
import type { ContextPlan } from '../context/model';
import { EDIT_TOOLS, TOOL_DEFINITIONS } from '../edits/toolSchemas';
import { ProviderError } from '../providers/errors';
import { cacheSaving, estimateRequest, usageCost, type Price } from '../providers/pricing';
import type { RequestParameters } from '../providers/factory';
import type { ChatMessage, Provider, ProviderEvent, ToolCall, Usage } from '../providers/types';
import type { AssistantTurnView, ContextSummaryView, HostMessage, ToolActivityView, UserTurnView } from '../protocol/messages';
import type { Conversation } from './conversation';
import { HistoryCompactor } from './compactor';
import { buildMessages } from './prompt';
import type { DecisionNote } from './decisions';
import type { ConversationSnapshot } from './snapshot';
import type { TokenMeter } from './tokenMeter';
import type { ContextProgress } from '../context/workerProtocol';
import { describeContextProgress } from './contextProgress';
import type { ToolRunner } from './toolRunner';

export interface TurnPorts {
  createProvider(): Promise<{ provider: Provider; model: string; parameters?: RequestParameters; price?: Price }>;
  /** The window settings: grokContext.maxContextTokens and grokContext.modelContextWindow. */
  window(): { maxContextTokens: number; modelContextWindow: number };
  /** `edits` false: only the read-only tools (read_file, list_files, search) are offered. */
  tools?: { runner: ToolRunner; maxRounds(): number; edits?(): boolean };
  onPromptTokens?(model: string, reported: number, counted: number): void;
  /** A request's usage, for cost calibration from billed figures. */
  onUsage?(model: string, price: Price | undefined, usage: Usage): void;
  /** The estimate before sending, calibrated from bills when the session knows them. */
  estimateContext?(price: Price | undefined, model: string, request: { inputTokens: number; cachedTokens: number }): Pick<ContextSummaryView, 'estimatedCost' | 'longContext'>;
  warn(message: string): void;
  info(message: string): void;
  cacheKey?(snapshotText: string): string | undefined;
  /** False: the history is never compacted (the benchmark's peer: the conversation as it was before budgeting). */
  compaction?: boolean;
  /** What the user did with the model's earlier proposals since it last heard (decisions.ts), told with the question. */
  decisionNote?(): DecisionNote;
  /** What the context engine is busy with (see ContextPort.onProgress), shown while the answer waits for its context. */
  contextProgress?(listener: (progress: ContextProgress | undefined) => void): () => void;
}

export interface TurnState {
  conversation: Conversation;
  userTurn: UserTurnView;
  answer: AssistantTurnView;
  emit(message: HostMessage): void;
}

interface Round {
  text: string;
  calls: ToolCall[];
  items?: unknown[];
}

/** Why a request that is too large failed for good, with advice that can help this conversation. */
function overflowError(error: ProviderError, frozen: boolean): ProviderError {
  const advice = frozen
    ? ' The history was compacted and the request is still too large: start a new conversation (its workspace snapshot is planned afresh), or set grokContext.modelContextWindow to the model\'s real window.'
    : ' Lower grokContext.maxContextTokens (or set grokContext.modelContextWindow to the model\'s window).';
  const message = error.message.replace(/\s*Lower grokContext\.maxContextTokens\.?/, '') + advice;
  return new ProviderError('context-overflow', message, ['openSettings'], error.status, { cause: error });
}

/** Output items worth sending back: a lone reasoning item (an empty answer) would be refused without what follows it. */
function answerItemsWorthKeeping(items: readonly unknown[] | undefined): boolean {
  return (items ?? []).some((item) => {
    const type = (item as { type?: unknown } | null)?.type;
    return type === 'message' || type === 'function_call';
  });
}

/** One request's budget: the window the settings and the model allow, split between snapshot, history and answer. */
export function budgetFor(window: { maxContextTokens: number; modelContextWindow: number }, model: string, maxOutputTokens: number | undefined): RequestBudget {
  return requestBudget({ maxContextTokens: window.maxContextTokens, modelWindow: modelContextWindow(model, window.modelContextWindow), maxOutputTokens });
}

export class TurnRunner {
  private budget!: RequestBudget;
  private plan!: ContextPlan;
  private fresh = false;
  private model = '';
  private price: Price | undefined;
  /** The request being streamed, for the estimate of a stopped round. */
  private inFlight: { promptTokens: number; cachedTokens: number; usage: boolean; chars: number } | undefined;
  /** Moves the snapshot's baseline past this turn's workspace changes, once the answer is kept. */
  private commitChanges: ((turnId: string) => void) | undefined;
  private compactor: HistoryCompactor | undefined;

  constructor(
    private readonly ports: TurnPorts,
    private readonly view: TurnState,
    private readonly snapshot: ConversationSnapshot,
    private readonly meter: TokenMeter,
  ) {}

  private patch(patch: Extract<HostMessage, { type: 'turnUpdated' }>['patch']): void {
    Object.assign(this.view.answer, patch);
    this.view.emit({ type: 'turnUpdated', turnId: this.view.answer.id, patch: structuredClone(patch) });
  }

  /** Runs `work` while the answer says what the context engine is doing (instead of "thinking…"). */
  private async waitingForContext<T>(work: () => Promise<T>): Promise<T> {
    const stop = this.ports.contextProgress?.((progress) => {
      const waiting = progress ? describeContextProgress(progress) : '';
      if (waiting !== (this.view.answer.waiting ?? '')) this.patch({ waiting });
    });
    try {
      return await work();
    } finally {
      stop?.();
      if (this.view.answer.waiting) this.patch({ waiting: '' });
      delete this.view.answer.waiting; // nothing to keep with the conversation
    }
  }

  async run(question: string, images: readonly string[], overrides: Partial<RequestParameters>, signal: AbortSignal): Promise<void> {
    const { conversation, userTurn } = this.view;
    try {
      const resolved = await this.ports.createProvider();
      const { provider, model, price } = resolved;
      this.model = model;
      this.price = price;
      const parameters = { ...resolved.parameters, ...overrides };
      this.budget = budgetFor(this.ports.window(), model, parameters.maxOutputTokens);
      this.compactor = new HistoryCompactor({
        conversation,
        meter: this.meter,
        model,
        share: this.budget.historyShare,
        addUsage: (usage) => this.addUsage(usage),
        warn: (message) => this.ports.warn(message),
        info: (message) => this.ports.info(message),
        compacted: (notice) => {
          userTurn.compaction = notice;
          // A rare event that rewrites earlier turns' marks: the whole view is sent again.
          this.view.emit({ type: 'snapshot', conversation: { id: conversation.id, turns: structuredClone(conversation.turns), busy: true } });
        },
      });
      signal.throwIfAborted();
      const context = await this.waitingForContext(() => this.snapshot.forTurn(question, signal, { provider, model, budget: this.budget.snapshot }));
      conversation.snapshotBasis = this.snapshot.basis;
      for (const usage of context.usage ?? []) this.addUsage(usage);
      this.plan = context.plan;
      this.fresh = context.fresh;
      // appended in front of this question only: earlier messages stay byte-identical (the cached prefix)
      const decisions = this.ports.decisionNote?.();
      const heard = decisions?.commit;
      this.commitChanges = (turnId) => {
        context.commit(turnId);
        heard?.();
      };
      const sent = [context.update, decisions?.text ?? '', question].filter(Boolean).join('\n');
      conversation.sentText.set(userTurn.id, sent);
      if (context.notice) this.patch({ notice: context.notice });
      const tools = this.ports.tools && provider.supportsTools !== false && this.ports.tools.maxRounds() > 0 ? this.ports.tools : undefined;
      const steps: ChatMessage[] = [];
      const ask = (firstRound: boolean) => this.request(provider, { parameters, tools: tools !== undefined, firstRound }, { sent, images, steps }, signal);
      let round = await ask(true);
      for (let rounds = 0; tools && round.calls.length > 0; rounds++) {
        if (rounds >= tools.maxRounds()) {
          this.patch({ notice: `Stopped after ${rounds} rounds of tool calls (grokContext.maxToolRounds); ask again to continue.` });
          // every call the model made gets a result, or the next request would carry a call without its output
          steps.push(...this.unrunCalls(round, `Not run: this answer reached its limit of ${rounds} rounds of tool calls (grokContext.maxToolRounds).`));
          round = { text: '', calls: [] };
          break;
        }
        signal.throwIfAborted();
        steps.push(...(await this.runTools(round, tools.runner, signal)));
        signal.throwIfAborted();
        round = await ask(false);
      }
      conversation.records.set(userTurn.id, { steps, finalText: round.text, ...(answerItemsWorthKeeping(round.items) ? { answerItems: round.items } : {}) });
      this.commitChanges?.(userTurn.id);
      this.patch({ status: 'done' });
    } catch (error) {
      // an answer with text stays in the history, and so do the workspace changes its question carried
      if (this.view.answer.text !== '') this.commitChanges?.(userTurn.id);
      if (signal.aborted || (error instanceof ProviderError && error.kind === 'cancelled')) {
        this.chargeStoppedRound();
        this.patch({ status: 'stopped' });
        return;
      }
      this.ports.warn(`Request failed: ${error instanceof Error ? error.message : String(error)}`);
      const actions = error instanceof UserFacingError ? [...error.actions] : [];
      const message = error instanceof UserFacingError ? error.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
      this.patch({ status: 'error', error: { message, actions } });
    }
  }

  /** One round: the history kept within its share, the request, and one retry after compacting if it was too large. */
  private async request(
    provider: Provider,
    config: { parameters: RequestParameters; tools: boolean; firstRound: boolean },
    turn: { sent: string; images: readonly string[]; steps: ChatMessage[] },
    signal: AbortSignal,
  ): Promise<Round> {
    for (let retried = false; ; retried = true) {
      if (!retried) await this.fitHistory(provider, turn.steps, false, signal);
      const { conversation } = this.view;
      const messages = buildMessages({
        tools: config.tools,
        snapshot: this.plan.text,
        history: conversation.exchanges(),
        summary: conversation.summary,
        question: turn.sent,
        images: turn.images,
        steps: turn.steps,
      });
      await this.meter.prepare(messages.slice(2), signal);
      const historyTokens = this.meter.measure(messages.slice(2));
      const promptTokens = this.plan.usedTokens + historyTokens + this.budget.system;
      if (config.firstRound) this.showContext(historyTokens, promptTokens);
      // A first turn is all counted context plus a little text: a fair sample of the provider's tokenizer vs ours.
      const counted = config.firstRound && conversation.exchanges().length === 0 && turn.sent === this.view.userTurn.text ? promptTokens : undefined;
      try {
        return await this.streamOnce(provider, config, messages, { promptTokens, counted }, signal);
      } catch (error) {
        if (retried || !(error instanceof ProviderError) || error.kind !== 'context-overflow' || signal.aborted) {
          throw error instanceof ProviderError && error.kind === 'context-overflow' ? overflowError(error, !this.fresh) : error;
        }
        // Too large: compact the history (forced); when there is nothing to free there, shrink the snapshot.
        if (!(await this.fitHistory(provider, turn.steps, true, signal))) {
          const shrunk = await this.snapshot.shrinkAfterOverflow(this.plan, error, this.view.userTurn.text, signal);
          this.plan = shrunk.plan;
          this.fresh = true;
          this.patch({ notice: shrunk.notice });
        }
      }
    }
  }

  /** Compacts the history when it passes its share (or, forced, after the provider refused the request). */
  private fitHistory(provider: Provider, steps: ChatMessage[], force: boolean, signal: AbortSignal): Promise<boolean> {
    return this.ports.compaction === false ? Promise.resolve(false) : this.compactor!.fit(provider, steps, force, signal);
  }

  private showContext(historyTokens: number, promptTokens: number): void {
    const plan = this.plan;
    const cachedTokens = this.fresh ? 0 : plan.usedTokens + this.budget.system;
    const cost = this.ports.estimateContext
      ? this.ports.estimateContext(this.price, this.model, { inputTokens: promptTokens, cachedTokens })
      : (() => {
          const estimate = estimateRequest(this.price, { inputTokens: promptTokens, cachedTokens });
          return estimate ? { estimatedCost: estimate.dollars, longContext: estimate.longContext } : {};
        })();
    const summary: ContextSummaryView = {
      counts: countPlan(plan),
      tokens: plan.usedTokens,
      budget: plan.budget,
      ...cost,
      history: historyTokens,
      reserve: this.budget.reserve,
      window: this.budget.window,
    };
    this.patch({ context: summary });
  }

  private toolDefinitions() {
    const readOnly = this.ports.tools?.edits?.() === false;
    return TOOL_DEFINITIONS.filter((tool) => !readOnly || !(EDIT_TOOLS as readonly string[]).includes(tool.name));
  }

  /** One request, its events applied to the answer; returns the round's own text, tool calls and output items. */
  private async streamOnce(
    provider: Provider,
    config: { parameters: RequestParameters; tools: boolean },
    messages: ChatMessage[],
    counts: { promptTokens: number; counted?: number },
    signal: AbortSignal,
  ): Promise<Round> {
    const round: Round = { text: '', calls: [] };
    const conversationId = this.ports.cacheKey?.(this.plan.text) ?? this.view.conversation.id;
    const request = { ...config.parameters, model: this.model, messages, conversationId, ...(config.tools ? { tools: this.toolDefinitions() } : {}) };
    this.inFlight = { promptTokens: counts.promptTokens, cachedTokens: this.fresh ? 0 : this.plan.usedTokens, usage: false, chars: 0 };
    try {
      await this.consume(provider.stream(request, signal), round, counts);
    } catch (error) {
      // only a stopped round is charged as read; a refused one (too large, 4xx) was never billed
      if (!signal.aborted) this.inFlight = undefined;
      throw error;
    }
    this.inFlight = undefined;
    return round;
  }

  /** Applies one request's events to the answer and the round. */
  private async consume(events: AsyncIterable<ProviderEvent>, round: Round, counts: { counted?: number }): Promise<void> {
    const answer = this.view.answer;
    const inFlight = this.inFlight!;
    for await (const event of events) {
      switch (event.type) {
        case 'text': {
          // a later round's text starts a new paragraph of the same answer
          const text = round.text === '' && answer.text !== '' && !answer.text.endsWith('\n\n') ? `\n\n${event.text}` : event.text;
          round.text += event.text;
          answer.text += text;
          inFlight.chars += event.text.length;
          this.view.emit({ type: 'delta', turnId: answer.id, channel: 'text', text });
          break;
        }
        case 'reasoning':
          answer.reasoning += event.text;
          inFlight.chars += event.text.length;
          this.view.emit({ type: 'delta', turnId: answer.id, channel: 'reasoning', text: event.text });
          break;
        case 'usage':
          inFlight.usage = true;
          this.addUsage(event.usage);
          if (counts.counted !== undefined) this.ports.onPromptTokens?.(this.model, event.usage.promptTokens, counts.counted);
          break;
        case 'toolCall':
          round.calls.push(event.call);
          break;
        case 'items':
          round.items = event.items;
          break;
        case 'finish':
          break;
      }
    }
  }

  /** A stopped round still cost what the provider read: estimated from our counts, marked as an estimate. */
  private chargeStoppedRound(): void {
    const round = this.inFlight;
    this.inFlight = undefined;
    if (!round || round.usage) return;
    const completionTokens = Math.ceil(round.chars / 4);
    this.addUsage({ promptTokens: round.promptTokens, cachedPromptTokens: Math.min(round.cachedTokens, round.promptTokens), completionTokens, reasoningTokens: 0 }, false);
  }

  /** Usage adds up over an answer's requests: each round, summary and file choice is a request of its own. */
  private addUsage(usage: Usage, report = true): void {
    const answer = this.view.answer;
    const before = answer.usage;
    if (report) this.ports.onUsage?.(this.model, this.price, usage);
    const cost = usageCost(this.price, usage);
    const saving = cacheSaving(this.price, usage.cachedPromptTokens, usage.promptTokens);
    const billed = usage.costUsd !== undefined;
    this.patch({
      usage: {
        promptTokens: (before?.promptTokens ?? 0) + usage.promptTokens,
        completionTokens: (before?.completionTokens ?? 0) + usage.completionTokens,
        cachedPromptTokens: (before?.cachedPromptTokens ?? 0) + usage.cachedPromptTokens,
        reasoningTokens: (before?.reasoningTokens ?? 0) + usage.reasoningTokens,
      },
      // a sum of what is known: a round without a price leaves the earlier rounds' figure standing
      cost: cost === undefined ? answer.cost : (answer.cost ?? 0) + cost,
      // billed only while every request of the answer was billed by the provider
      costBilled: cost === undefined ? answer.costBilled : (before === undefined || answer.costBilled === true) && billed,
      cacheSaving: saving === undefined ? answer.cacheSaving : (answer.cacheSaving ?? 0) + saving,
    });
  }

  /** A round whose calls will not run: its assistant message with a result per call saying why. */
  private unrunCalls(round: Round, why: string): ChatMessage[] {
    return [
      {
        role: 'assistant',
        content: round.text,
        toolCalls: round.calls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })),
        ...(round.items?.length ? { providerItems: round.items } : {}),
      },
      ...round.calls.map((call): ChatMessage => ({ role: 'tool', toolCallId: call.id, content: why })),
    ];
  }

  /** Runs a round's tool calls, showing each as a card; returns the messages that carry them back. */
  private async runTools(round: Round, runner: ToolRunner, signal: AbortSignal): Promise<ChatMessage[]> {
    const answer = this.view.answer;
    const show = (activity: ToolActivityView) => {
      const tools = [...(answer.tools ?? [])];
      const index = tools.findIndex((existing) => existing.id === activity.id);
      // the card stays where the call was made: after the text streamed before it (a later round's text goes below)
      const shown = { ...activity, at: index >= 0 ? tools[index].at : answer.text.length };
      if (index >= 0) tools[index] = shown;
      else tools.push(shown);
      this.patch({ tools });
    };
    // Only the frozen snapshot counts as "above": changes sent later may have been compacted away since.
    const plan = this.plan;
    const outcomes = await runner.runAll(round.calls, signal, show, {
      owner: { conversationId: this.view.conversation.id, answerId: this.view.userTurn.id },
      readOnly: this.ports.tools?.edits?.() === false,
      alreadySent: (path, hash) => plan.versions[path] === hash && plan.files.some((file) => file.path === path && file.tier === 'full'),
    });
    return [
      {
        role: 'assistant',
        content: round.text,
        toolCalls: round.calls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })),
        ...(round.items?.length ? { providerItems: round.items } : {}),
      },
      ...outcomes.map((outcome, index): ChatMessage => ({ role: 'tool', toolCallId: round.calls[index].id, content: outcome.content })),
    ];
  }
}
