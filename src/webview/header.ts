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
  private cached: number | undefined;

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
    this.renderMeter();
  }

  showAnswers(stats: AnswerStats): void {
    this.cached = cachedPercent(stats.lastUsage());
    this.renderMeter();
    const summary = costSummary(stats.lastCost(), stats.totalCost());
    this.cost.hidden = !summary;
    this.cost.replaceChildren();
    this.cost.title = summary?.label ?? '';
    // Shown as "$0.11 · $0.49 total", read as "last answer $0.11 · conversation $0.49 total".
    if (summary) this.cost.append(hiddenText('last answer '), summary.last, ' · ', hiddenText('conversation '), `${summary.total} total`);
  }

  private renderMeter(): void {
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
}
