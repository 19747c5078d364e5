/** The status bar's cost text, without `vscode` so it is unit-tested: what the next questions cost, at the billed tier. */
import { calibratedEstimate, describeFactor, type CostCalibration } from '../chat/costCalibration';
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
