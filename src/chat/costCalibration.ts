/**
 * Our cost estimates come from a price table; the provider's bill (xAI's `cost_in_usd_ticks`, Runware's `cost`) is the
 * truth. Each request that reports both its bill and its token counts gives a ratio, billed dollars per dollar of our
 * arithmetic on those same counts, kept per model and per price tier (a wrong long-context threshold or rate shows up
 * in its tier only). The ratio then scales the "before sending" estimates. Token-count calibration (calibration.ts)
 * is separate: it corrects how many tokens we think we send; this corrects what a counted token costs.
 */
import type { ContextSummaryView } from '../protocol/messages';
import { estimateRequest, estimatedUsageCost, rateFor, type Price, type RequestEstimate, type UsageLike } from '../providers/pricing';
import { blendSample, type CalibrationEntry } from './calibration';

/** Model id → price tier ("base", "above-204800") → billed dollars per estimated dollar. */
export type CostCalibration = Record<string, Record<string, CalibrationEntry>>;

/** Ratios outside this range mean the bill and our figure are not about the same thing (a free tier, a proxy's own
 *  pricing, another unit): ignored rather than learnt. Wide enough for a tier threshold that is off (a full ×2). */
const PLAUSIBLE = { min: 0.25, max: 4 };
/** Below this many dollars the bill's rounding says more than the price: a connection test, a one-line question. */
const MIN_ESTIMATE_USD = 0.0001;

/** Which of a price's tiers a request of `inputTokens` input tokens falls in, as the calibration's key. */
export function tierKey(price: Price, inputTokens: number): string {
  const rate = rateFor(price, inputTokens);
  return rate.aboveInputTokens === undefined ? 'base' : `above-${rate.aboveInputTokens}`;
}

/** Learns from one request's bill against our estimate of it (both in dollars). */
export function recordBilledCost(calibration: CostCalibration, model: string, tier: string, billed: number, estimated: number): CostCalibration {
  if (!(estimated >= MIN_ESTIMATE_USD) || !(billed > 0)) return calibration;
  const ratio = billed / estimated;
  if (ratio < PLAUSIBLE.min || ratio > PLAUSIBLE.max) return calibration;
  const tiers = calibration[model] ?? {};
  return { ...calibration, [model]: { ...tiers, [tier]: blendSample(tiers[tier], ratio) } };
}

/**
 * Learns from one request's usage when the provider billed it (`usage.costUsd`): the bill against our arithmetic on
 * the same token counts at the tier of its prompt. Usage without a bill, or a model without a price, changes nothing.
 */
export function recordBilledUsage(calibration: CostCalibration, model: string, price: Price | undefined, usage: UsageLike): CostCalibration {
  if (!price || usage.costUsd === undefined) return calibration;
  return recordBilledCost(calibration, model, tierKey(price, usage.promptTokens), usage.costUsd, estimatedUsageCost(price, usage));
}

/** The learnt ratio for a request of `inputTokens` to `model`, if any bill was seen in that tier. */
export function costFactor(calibration: CostCalibration, model: string, price: Price, inputTokens: number): CalibrationEntry | undefined {
  return calibration[model]?.[tierKey(price, inputTokens)];
}

export interface CalibratedEstimate extends RequestEstimate {
  /** The ratio applied to our arithmetic, with how many bills taught it; absent when none was seen. */
  factor?: CalibrationEntry;
}

/** `estimateRequest`, scaled by what earlier bills in the same model and tier said. */
export function calibratedEstimate(
  calibration: CostCalibration,
  model: string,
  price: Price | undefined,
  request: { inputTokens: number; cachedTokens: number; outputTokens?: number },
): CalibratedEstimate | undefined {
  const estimate = estimateRequest(price, request);
  if (!estimate || !price) return undefined;
  const factor = costFactor(calibration, model, price, request.inputTokens);
  return factor ? { ...estimate, dollars: estimate.dollars * factor.ratio, factor } : estimate;
}

/** "estimates × 1.03 from 12 billed requests". */
export function describeFactor(factor: CalibrationEntry): string {
  return `estimates × ${factor.ratio.toFixed(2)} from ${factor.samples.toLocaleString('en-US')} billed request${factor.samples === 1 ? '' : 's'}`;
}

/**
 * The cost part of an answer's context summary, before it is sent: the request's whole prompt (`inputTokens`, in the
 * provider's tokens: snapshot, history and question), the part expected from the cache (`cachedTokens`: 0 on a first
 * question, the prefix sent before on a follow-up), at the tier the prompt falls in, calibrated when bills were seen.
 */
export function contextSummaryCost(
  price: Price | undefined,
  request: { inputTokens: number; cachedTokens: number },
  calibration: CostCalibration = {},
  model = '',
): Pick<ContextSummaryView, 'estimatedCost' | 'longContext'> {
  const estimate = calibratedEstimate(calibration, model, price, request);
  return estimate ? { estimatedCost: estimate.dollars, longContext: estimate.longContext } : {};
}
