/**
 * The status bar's text and tooltip, without `vscode` so they are unit-tested: the plan in the shared vocabulary
 * (src/common/planCounts.ts), the budget explained, and what the next questions cost at the billed tier.
 */
import { calibratedEstimate, describeFactor, type CostCalibration } from '../chat/costCalibration';
import { budgetText, countPlan, planCountsText } from '../common/planCounts';
import type { ContextPlan } from '../context/model';
import { formatDollars, rateFor, type Price } from '../providers/pricing';

/**
 * What a new conversation's first question and a follow-up would cost with this context, each at the tier the
 * provider bills the request at (the whole prompt decides it), scaled by what earlier bills taught.
 */
export function costLines(model: string, price: Price | undefined, providerTokens: number, calibration: CostCalibration = {}): { short: string; lines: string[] } | undefined {
  const first = calibratedEstimate(calibration, model, price, { inputTokens: providerTokens, cachedTokens: 0 });
  const followUp = calibratedEstimate(calibration, model, price, { inputTokens: providerTokens, cachedTokens: providerTokens });
  if (!price || !first || !followUp) return undefined;
  const rate = rateFor(price, providerTokens);
  const tier = rate.longContext ? `long-context rate (above ${rate.aboveInputTokens!.toLocaleString('en-US')} input tokens)` : 'base rate';
  const lines = [
    `A new conversation's first question: ${formatDollars(first.dollars)} · ${providerTokens.toLocaleString('en-US')} tokens of input to ${model}, ${tier}.`,
    `Follow-ups read it from the prompt cache: about ${formatDollars(followUp.dollars)} each${followUp.cachedRateEstimated ? " (the cached rate at this tier is not published: ours is an estimate)" : ''}.`,
  ];
  if (first.factor) lines.push(`Cost ${describeFactor(first.factor)} for ${model} at this rate.`);
  return { short: `≈ ${formatDollars(first.dollars)}${first.longContext ? ' · long context' : ''}`, lines };
}

/**
 * Dollars per counted token of the plan in a new conversation's first question: the status bar's figure spread over
 * the plan's tokens, so the Context view's folders and files add up to what the status bar says, at the tier (and
 * with the calibration) the whole request is billed at. Undefined without a price or for an empty plan.
 */
export function dollarsPerPlanToken(model: string, price: Price | undefined, countedTokens: number, providerTokens: number, calibration: CostCalibration = {}): number | undefined {
  const first = calibratedEstimate(calibration, model, price, { inputTokens: providerTokens, cachedTokens: 0 });
  return first && countedTokens > 0 ? first.dollars / countedTokens : undefined;
}

function compact(tokens: number): string {
  if (tokens >= 1_000_000) return `${(tokens / 1_000_000).toFixed(2)}M`;
  if (tokens >= 10_000) return `${Math.round(tokens / 1000)}K`;
  if (tokens >= 1000) return `${(tokens / 1000).toFixed(1)}K`;
  return String(tokens);
}

export interface StatusInputs {
  plan: Pick<ContextPlan, 'files' | 'excluded' | 'usedTokens' | 'budget'>;
  /** The request's window (src/context/budget.ts): what the plan's budget is a part of. */
  window: number;
  model: string;
  price: Price | undefined;
  /** The plan's tokens in the provider's count (calibrated from its answers). */
  providerTokens: number;
  costCalibration?: CostCalibration;
}

export function statusText({ plan, window, model, price, providerTokens, costCalibration = {} }: StatusInputs): { text: string; tooltip: string } {
  const cost = costLines(model, price, providerTokens, costCalibration);
  const calibrated = providerTokens !== plan.usedTokens ? `\n${model} counts this as about ${providerTokens.toLocaleString('en-US')} tokens (learnt from its answers).` : '';
  return {
    text: `$(library) ${compact(plan.usedTokens)} / ${compact(plan.budget)}${cost ? ` · ${cost.short}` : ''}`,
    tooltip:
      `Grok Context: ${plan.usedTokens.toLocaleString('en-US')} of ${plan.budget.toLocaleString('en-US')} tokens; files: ${planCountsText(countPlan(plan))}.` +
      `\nBudget: ${budgetText(plan.budget, window)}.` +
      calibrated +
      (cost ? `\n${cost.lines.join('\n')}` : '') +
      '\nClick to see what is sent.',
  };
}
