/**
 * The chat's header: provider · model (each opens the host's picker), the reasoning effort, a meter of the context
 * against its budget with the share of the last prompt served from the provider's cache, and what the last answer
 * and the whole conversation cost. The text is built by pure functions below, so it is tested without a page.
 */
import { formatDollars } from '../common/format';
import { REASONING_EFFORT_CHOICES, type HeaderView, type UsageView } from '../protocol/messages';
import { element } from './dom';
import type { Send } from './vscodeApi';

const hiddenText = (text: string) => element('span', 'visually-hidden', text);

/** 850, 1.5K, 312K, 1.2M: short enough for a narrow sidebar. */
export function formatTokens(tokens: number): string {
  const value = Math.max(0, Math.round(tokens));
  if (value < 1000) return String(value);
  const short = (amount: number, unit: string) => `${amount < 10 ? Number(amount.toFixed(1)) : Math.round(amount)}${unit}`;
  if (value < 999_500) return short(value / 1000, 'K');
  return short(value / 1_000_000, 'M');
}

/** "312K / 936K". */
export function contextText(context: { tokens: number; budget: number }): string {
  return `${formatTokens(context.tokens)} / ${formatTokens(context.budget)}`;
}

export type ConversationWindow = NonNullable<HeaderView['conversation']>;

/** "14:05": when the history was last compacted, in the user's time zone. */
export function formatClock(epochMs: number): string {
  const time = new Date(epochMs);
  return `${String(time.getHours()).padStart(2, '0')}:${String(time.getMinutes()).padStart(2, '0')}`;
}

/** "Snapshot 936K · History 12K/100K · Answer 32K · of 1M": what one request holds, against the window it must fit. */
export function conversationText(fit: ConversationWindow): string {
  return `Snapshot ${formatTokens(fit.snapshot)} · History ${formatTokens(fit.history)}/${formatTokens(fit.historyShare)} · Answer ${formatTokens(fit.reserve)} · of ${formatTokens(fit.window)}`;
}

/** The exact numbers, for the tooltip. */
export function conversationTooltip(fit: ConversationWindow): string {
  const exact = (tokens: number) => Math.round(tokens).toLocaleString('en-US');
  const compacted = fit.lastCompacted === undefined ? 'not compacted yet' : `last compacted ${formatClock(fit.lastCompacted)}`;
  return [
    `Workspace snapshot: ${exact(fit.snapshot)} tokens`,
    `conversation history: ${exact(fit.history)} of ${exact(fit.historyShare)} tokens (its share, ${Math.round((fit.historyShare / Math.max(fit.window, 1)) * 100)}% of the window), ${compacted}`,
    `held back for the answer: ${exact(fit.reserve)} tokens`,
    `context window: ${exact(fit.window)} tokens`,
  ].join('; ');
}

/** Where each segment of the bar starts and how wide it is, in percent of the window (clipped to the bar). */
export function conversationSegments(fit: ConversationWindow): Array<{ left: number; width: number }> {
  const whole = Math.max(fit.window, 1);
  let left = 0;
  return [fit.snapshot, fit.history, fit.reserve].map((tokens) => {
    const width = Math.max(0, Math.min(100 - left, (tokens / whole) * 100));
    const segment = { left, width };
    left += width;
    return segment;
  });
}

/** How full the budget is, 0–100, for the meter's bar. */
export function contextPercent(context: { tokens: number; budget: number }): number {
  if (context.budget <= 0) return context.tokens > 0 ? 100 : 0;
  return Math.min(100, Math.max(0, (context.tokens / context.budget) * 100));
}

/** The share of the prompt the provider served from its cache, as a whole percentage; undefined without a prompt. */
export function cachedPercent(usage: UsageView | undefined): number | undefined {
  if (!usage || usage.promptTokens <= 0) return undefined;
  return Math.round((Math.min(usage.cachedPromptTokens, usage.promptTokens) / usage.promptTokens) * 100);
}

export interface CostSummary {
  last: string;
  total: string;
  /** The tooltip. */
  label: string;
}

/** The last answer's dollars and the conversation's; undefined before any answer was priced. */
export function costSummary(last: number | undefined, total: number | undefined): CostSummary | undefined {
  if (last === undefined || total === undefined) return undefined;
  return { last: formatDollars(last), total: formatDollars(total), label: `Last answer cost ${formatDollars(last)}; this conversation ${formatDollars(total)}` };
}

/**
 * Before any answer: what the first question would cost, at the rate it will be billed at, saying which ("≈ $2.50 ·
 * long context" in the header, "$2.50 · 1,000,000 tokens, long-context rate" in full for the tooltip and screen readers).
 */
export function firstQuestionSummary(first: HeaderView['firstQuestion']): { text: string; label: string } | undefined {
  if (!first) return undefined;
  const dollars = formatDollars(first.dollars);
  const rate = first.longContext ? 'long-context rate' : 'base rate';
  const calibration = first.calibration ? ` (${first.calibration})` : '';
  return {
    text: `≈ ${dollars}${first.longContext ? ' · long context' : ''}`,
    label: `First question ≈ ${dollars} · ${first.tokens.toLocaleString('en-US')} tokens, ${rate}${calibration}; follow-ups hit the prompt cache`,
  };
}

export const EFFORT_LABELS: Record<HeaderView['effort'], string> = {
  '': 'Default',
  none: 'None',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

/** What the header shows about the answers so far (read from the turn log). */
export interface AnswerStats {
  lastUsage(): UsageView | undefined;
  lastCost(): number | undefined;
  totalCost(): number | undefined;
}

export class Header {
  private readonly providerButton: HTMLButtonElement;
  private readonly modelButton: HTMLButtonElement;
  private readonly effort: HTMLSelectElement;
  private readonly meter: HTMLElement;
  private readonly meterText: HTMLElement;
  private readonly meterBar: HTMLElement;
  private readonly meterFill: HTMLElement;
  private readonly cacheRate: HTMLElement;
  private readonly cost: HTMLElement;
  private context: HeaderView['context'];
  private conversation: HeaderView['conversation'];
  /** The bar's history and answer-reserve segments, shown beside the snapshot's fill when the host sends `conversation`. */
  private readonly meterSegments: HTMLElement[];
  private cached: number | undefined;
  private firstQuestion: HeaderView['firstQuestion'];
  private answersCost: CostSummary | undefined;

  constructor(
    root: HTMLElement,
    private readonly send: Send,
  ) {
    const find = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
    this.providerButton = find('#provider-button');
    this.modelButton = find('#model-button');
    this.effort = find('#effort');
    this.meter = find('#context-meter');
    this.meterText = find('#context-tokens');
    this.meterBar = find('.meter-bar');
    this.meterFill = find('.meter-fill');
    this.cacheRate = find('#cache-rate');
    this.meterSegments = ['meter-history', 'meter-reserve'].map((name) => element('span', `meter-fill ${name}`));
    this.meterBar.append(...this.meterSegments);
    this.cost = find('#cost');
    this.providerButton.addEventListener('click', () => this.send({ type: 'pickProvider' }));
    this.modelButton.addEventListener('click', () => this.send({ type: 'pickModel' }));
    find<HTMLButtonElement>('#new-chat').addEventListener('click', () => this.send({ type: 'newChat' }));
    this.effort.addEventListener('change', () => {
      const effort = REASONING_EFFORT_CHOICES.find((choice) => choice === this.effort.value);
      if (effort !== undefined) this.send({ type: 'setEffort', effort });
    });
  }

  show(header: HeaderView): void {
    this.providerButton.textContent = header.provider;
    this.providerButton.setAttribute('aria-label', `Provider: ${header.provider}. Change provider`);
    this.providerButton.title = `Provider: ${header.provider} (click to change)`;
    const model = header.model || 'default model';
    this.modelButton.textContent = model;
    this.modelButton.setAttribute('aria-label', `Model: ${model}. Change model`);
    this.modelButton.title = `Model: ${model} (click to change)`;
    // Setting the value never fires `change`, so the host's own update is not sent back to it.
    if (this.effort.value !== header.effort) this.effort.value = header.effort;
    this.effort.title = `Reasoning effort: ${EFFORT_LABELS[header.effort]}`;
    this.context = header.context;
    this.conversation = header.conversation;
    this.firstQuestion = header.firstQuestion;
    this.renderMeter();
    this.renderCost();
  }

  showAnswers(stats: AnswerStats): void {
    this.cached = cachedPercent(stats.lastUsage());
    this.renderMeter();
    this.answersCost = costSummary(stats.lastCost(), stats.totalCost());
    this.renderCost();
  }

  /** The answers' cost once there is one; before that, what a first question would cost. */
  private renderCost(): void {
    const summary = this.answersCost;
    const first = summary ? undefined : firstQuestionSummary(this.firstQuestion);
    this.cost.hidden = !summary && !first;
    this.cost.replaceChildren();
    this.cost.title = summary?.label ?? first?.label ?? '';
    // Shown as "$0.11 · $0.49 total", read as "last answer $0.11 · conversation $0.49 total".
    if (summary) this.cost.append(hiddenText('last answer '), summary.last, ' · ', hiddenText('conversation '), `${summary.total} total`);
    else if (first) this.cost.append(hiddenText('first question '), first.text);
  }

  private renderMeter(): void {
    this.meter.dataset.mode = this.conversation ? 'conversation' : 'context';
    for (const segment of this.meterSegments) segment.hidden = !this.conversation;
    if (this.conversation) return this.renderConversationMeter(this.conversation);
    const { context, cached } = this;
    this.meter.hidden = !context && cached === undefined;
    this.meterText.hidden = !context;
    this.meterBar.hidden = !context;
    if (context) {
      const percent = contextPercent(context);
      this.meterText.textContent = contextText(context);
      // CSSOM, not a style attribute: the page's CSP allows no inline styles.
      this.meterFill.style.width = `${percent.toFixed(1)}%`;
      this.meter.dataset.level = context.tokens > context.budget ? 'over' : percent >= 90 ? 'high' : 'normal';
      this.meterBar.setAttribute('aria-valuenow', String(Math.min(context.tokens, context.budget)));
      this.meterBar.setAttribute('aria-valuemax', String(Math.max(context.budget, 1)));
      this.meterBar.setAttribute('aria-valuetext', `${formatTokens(context.tokens)} of ${formatTokens(context.budget)} tokens`);
    }
    this.cacheRate.hidden = cached === undefined;
    this.cacheRate.textContent = cached === undefined ? '' : `${cached}% cached`;
    const parts = [
      context ? `${formatTokens(context.tokens)} tokens of workspace context, budget ${formatTokens(context.budget)}` : '',
      cached === undefined ? '' : `${cached}% of the last prompt was cached`,
    ].filter(Boolean);
    this.meter.title = parts.join('; ');
  }
  /** Snapshot, history and answer reserve against the window, as one segmented bar; cached share as before. */
  private renderConversationMeter(fit: ConversationWindow): void {
    const { cached } = this;
    this.meter.hidden = false;
    this.meterText.hidden = false;
    this.meterBar.hidden = false;
    this.meterText.textContent = conversationText(fit);
    const [snapshot, ...rest] = conversationSegments(fit);
    // CSSOM, not a style attribute: the page's CSP allows no inline styles.
    this.meterFill.style.left = '0%';
    this.meterFill.style.width = `${snapshot.width.toFixed(1)}%`;
    rest.forEach((segment, index) => {
      this.meterSegments[index].style.left = `${segment.left.toFixed(1)}%`;
      this.meterSegments[index].style.width = `${segment.width.toFixed(1)}%`;
    });
    const used = fit.snapshot + fit.history + fit.reserve;
    const percent = fit.window > 0 ? (used / fit.window) * 100 : 100;
    this.meter.dataset.level = used > fit.window ? 'over' : percent >= 90 ? 'high' : 'normal';
    this.meterBar.setAttribute('aria-valuenow', String(Math.min(used, fit.window)));
    this.meterBar.setAttribute('aria-valuemax', String(Math.max(fit.window, 1)));
    this.meterBar.setAttribute('aria-valuetext', `${formatTokens(fit.snapshot)} snapshot, ${formatTokens(fit.history)} history, ${formatTokens(fit.reserve)} answer reserve, of ${formatTokens(fit.window)} tokens`);
    this.cacheRate.hidden = cached === undefined;
    this.cacheRate.textContent = cached === undefined ? '' : `${cached}% cached`;
    this.meter.title = [conversationTooltip(fit), cached === undefined ? '' : `${cached}% of the last prompt was cached`].filter(Boolean).join('; ');
  }
}
