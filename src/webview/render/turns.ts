/**
 * One section per turn. An assistant turn owns its streaming Markdown with the tool cards where the calls were made
 * (answerFlow.ts), reasoning, error and meta line,
 * and can drop its rendered answer while far off screen (dehydrate) and rebuild it on the way back (hydrate):
 * a long conversation then holds DOM for what is near the viewport, not for every answer ever given.
 */
import type { AssistantTurnView, ContextSummaryView, ErrorAction, UserTurnView } from '../../protocol/messages';
import { formatDollars } from '../../common/format';
import { planCountsText } from '../../common/planCounts';
import { element, formatNumber } from '../dom';
import type { Send } from '../vscodeApi';
import { AnswerFlow } from './answerFlow';
import { ReasoningView } from './reasoning';
import { renderUserText } from './userText';

const ACTION_LABELS: Record<ErrorAction, string> = {
  setApiKey: 'Set API Key',
  openSettings: 'Open Settings',
  retry: 'Retry',
};

export type AssistantPatch = Partial<Omit<AssistantTurnView, 'role' | 'id' | 'text' | 'reasoning'>>;

export interface TurnContext {
  send: Send;
  /** Dollars of every answer so far, for the meta line. */
  conversationCost(): number;
}

/** An answer's cost: what the provider billed, to the ten-thousandth ("$0.4213 billed"), or our estimate ("≈ $0.42"). */
export function answerCostText(cost: number, billed: boolean | undefined): string {
  return billed ? `$${cost.toFixed(4)} billed` : `≈ ${formatDollars(cost)}`;
}

/** Before the answer arrives: its context at the rate it will be billed at ("≈$2.50 of input, long-context rate"). */
export function contextEstimateText(estimatedCost: number, longContext: boolean | undefined): string {
  return `≈${formatDollars(estimatedCost)} of input${longContext ? ', long-context rate' : ''}`;
}

/**
 * The line the transcript shows above a question sent just after earlier turns were compacted: the text says what
 * was summarised or stubbed (the turns above it stay readable here; only what is sent to the model shrank).
 */
export function compactionNote(text: string): HTMLElement {
  const note = element('div', 'compaction');
  note.setAttribute('role', 'note');
  note.append(element('span', 'compaction-text', text));
  return note;
}

/** "history 12,345 · answer reserve 32,000 · window 1,000,000 tokens"; undefined when the host did not say. */
export function windowText(context: ContextSummaryView | undefined): string | undefined {
  if (!context || (context.history === undefined && context.reserve === undefined && context.window === undefined)) return undefined;
  const parts = [
    context.history === undefined ? '' : `history ${formatNumber(context.history)}`,
    context.reserve === undefined ? '' : `answer reserve ${formatNumber(context.reserve)}`,
    context.window === undefined ? '' : `window ${formatNumber(context.window)}`,
  ].filter(Boolean);
  return `${parts.join(' · ')} tokens`;
}

/** The files of an answer's context in the words of the Context view and the status bar ("3 whole, 1 left out"). */
export function contextFilesText(context: ContextSummaryView): string {
  if (context.counts) return planCountsText(context.counts);
  // saved before the counts existed: what it recorded, in its own words
  const omitted = context.omitted ? `, ${formatNumber(context.omitted)} left out` : '';
  return `${formatNumber(context.files ?? 0)} files${omitted}`;
}

export function userTurn(turn: UserTurnView): HTMLElement {
  const root = element('section', 'turn user');
  root.dataset.turnId = turn.id;
  root.setAttribute('aria-label', 'You');
  const body = element('div', 'body markdown');
  renderUserText(body, turn.text);
  root.append(element('div', 'speaker', 'You'), body);
  if (turn.images) root.append(element('div', 'meta', `${turn.images} image${turn.images === 1 ? '' : 's'} attached`));
  return root;
}

export class AssistantView {
  readonly root = element('section', 'turn assistant');
  readonly turn: AssistantTurnView;
  /** The answer's text with its tool cards where the calls were made (answerFlow.ts). */
  private readonly body = element('div', 'body markdown');
  private readonly reasoning = new ReasoningView();
  private readonly error = element('div', 'error');
  private readonly meta = element('div', 'meta');
  /** How this request fit the window: the history sent, the answer's reserve, the window (when the host says). */
  private readonly windowLine = element('div', 'meta answer-window');
  private flow: AnswerFlow | undefined;

  constructor(
    turn: AssistantTurnView,
    private readonly context: TurnContext,
    hydrated: boolean,
  ) {
    this.turn = { ...turn };
    this.root.dataset.turnId = turn.id;
    this.root.setAttribute('aria-label', 'Grok');
    this.reasoning.reset(turn.reasoning);
    this.root.append(element('div', 'speaker', 'Grok'), this.reasoning.root, this.body, this.error, this.meta, this.windowLine);
    this.renderError();
    if (hydrated) this.hydrate();
    else this.body.classList.add('dehydrated');
    this.renderChrome();
  }

  get isStreaming(): boolean {
    return this.turn.status === 'streaming';
  }

  get isHydrated(): boolean {
    return this.flow !== undefined;
  }

  appendText(delta: string): void {
    this.turn.text += delta;
    this.flow?.append(delta);
  }

  appendReasoning(delta: string): void {
    this.turn.reasoning += delta;
    this.reasoning.append(delta);
  }

  update(patch: AssistantPatch): void {
    Object.assign(this.turn, patch);
    if ('error' in patch) this.renderError();
    if ('tools' in patch) this.flow?.setTools(this.turn.tools ?? [], this.turn.text);
  }

  /** One frame's work: the answer's new text, then the cheap parts. Returns true when more is left. */
  render(hasTime: () => boolean): boolean {
    const more = this.flow?.render(!this.isStreaming, hasTime) ?? false;
    if (!more) this.body.style.minHeight = '';
    this.renderChrome();
    return more;
  }

  /** Builds the answer's DOM again from its text (rendered over the next frames by `render`). */
  hydrate(): void {
    if (this.flow) return;
    this.body.classList.remove('dehydrated');
    // Keep the space it had so the scroll position holds while it renders again.
    this.body.style.minHeight = this.body.style.height;
    this.body.style.height = '';
    this.flow = new AnswerFlow(this.body);
    this.flow.build(this.turn.text, this.turn.tools);
  }

  /** Drops the answer's DOM, keeping its height; only for a finished answer that is fully on screen and unfocused. */
  dehydrate(height: number): boolean {
    if (!this.flow || this.isStreaming || !this.flow.isSettled(true) || this.root.contains(document.activeElement)) return false;
    this.flow = undefined;
    this.body.replaceChildren();
    this.body.classList.add('dehydrated');
    this.body.style.height = `${Math.round(height)}px`;
    return true;
  }

  /** A rough height for an answer that was never rendered (snapshot), so the scrollbar is about right. */
  estimateHeight(width: number): void {
    if (this.flow) return;
    const charsPerLine = Math.max(20, Math.floor(width / 7.5));
    const lines = this.turn.text.split('\n').reduce((total, line) => total + Math.max(1, Math.ceil(line.length / charsPerLine)), 0);
    this.body.style.height = `${Math.round(lines * 19)}px`;
  }

  get bodyElement(): HTMLElement {
    return this.body;
  }

  private renderChrome(): void {
    const { turn, root } = this;
    root.dataset.status = turn.status;
    root.setAttribute('aria-busy', String(this.isStreaming));
    this.reasoning.update(turn);
    this.meta.textContent = this.metaText();
    const fit = windowText(turn.context);
    this.windowLine.hidden = fit === undefined;
    this.windowLine.textContent = fit ?? '';
  }

  private metaText(): string {
    const { turn } = this;
    const parts: string[] = [];
    if (turn.context) {
      const estimate = turn.context.estimatedCost !== undefined && turn.status === 'streaming' ? ` (${contextEstimateText(turn.context.estimatedCost, turn.context.longContext)})` : '';
      parts.push(`context: ${contextFilesText(turn.context)}; ${formatNumber(turn.context.tokens)} of ${formatNumber(turn.context.budget)} tokens${estimate}`);
    }
    if (turn.usage) {
      const cached = turn.usage.cachedPromptTokens > 0 ? ` (${formatNumber(turn.usage.cachedPromptTokens)} cached)` : '';
      parts.push(`${formatNumber(turn.usage.promptTokens)} in${cached} · ${formatNumber(turn.usage.completionTokens)} out`);
    }
    if (turn.cost !== undefined) parts.push(`${answerCostText(turn.cost, turn.costBilled)} (conversation ${formatDollars(this.context.conversationCost())})`);
    if (turn.cacheSaving) parts.push(`cache saved ${formatDollars(turn.cacheSaving)}`);
    if (turn.notice) parts.unshift(turn.notice);
    if (turn.status === 'streaming') parts.unshift(turn.text === '' ? turn.waiting || 'thinking…' : 'streaming…');
    if (turn.status === 'stopped') parts.unshift('stopped');
    return parts.join(' · ');
  }

  private renderError(): void {
    const { turn, error } = this;
    error.replaceChildren();
    error.hidden = !turn.error;
    if (!turn.error) return;
    error.setAttribute('role', 'alert');
    error.append(element('p', 'error-message', turn.error.message));
    const actions = element('div', 'error-actions');
    for (const action of turn.error.actions) {
      const control = element('button', 'secondary', ACTION_LABELS[action]);
      control.type = 'button';
      control.dataset.action = action;
      control.addEventListener('click', () => this.context.send({ type: 'runAction', action }));
      actions.append(control);
    }
    error.append(actions);
  }
}
