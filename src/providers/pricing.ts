export { formatDollars } from '../common/format';

/** Rates (dollars per million tokens) that replace the base rates when a request's input is above a size. */
export interface PriceTier {
  /** The tier applies to a request whose input tokens are strictly more than this. */
  aboveInputTokens: number;
  input: number;
  /** Unpublished for a tier: derived from the base cached rate at the tier's input multiple (and flagged). */
  cachedInput?: number;
  output: number;
  /** `cachedInput` is our derivation, not a published figure. */
  cachedEstimated?: boolean;
}

/** Prices per million tokens, by model id; `tiers` for the long-context rates above an input size. */
export interface Price {
  input: number;
  cachedInput: number;
  output: number;
  tiers?: PriceTier[];
}

/**
 * Grok 4.3's long-context tier. xAI's model page only says requests whose context "exceeds 200K tokens" are charged
 * different rates; a reseller mirroring xAI's list gives the exact threshold, 204,800 input tokens (200 × 1024, so both
 * say the same thing), with $2.50/M input and output at the same multiple, $5.00/M
 * (see ../shared/reference/xai-api-notes.md, "Cost"). The cached rate above it is not published: 0.40 is the base
 * cached $0.20 at the tier's input multiple (×2), flagged as an estimate.
 */
const GROK_4_3_LONG_CONTEXT: PriceTier = { aboveInputTokens: 204_800, input: 2.5, cachedInput: 0.4, output: 5, cachedEstimated: true };

const PRICES: Array<[RegExp, Price]> = [
  // xAI's model page for grok-4.3: $1.25/M input, $0.20/M cached input, $2.50/M output.
  [/(^|[/:])grok-4[.-]3\b|^xai-grok-4-3$|^xai:grok@4\.3$/, { input: 1.25, cachedInput: 0.2, output: 2.5, tiers: [GROK_4_3_LONG_CONTEXT] }],
];

/** The price of a model: the user's override (grokContext.pricing) first, then the built-in table. */
export function priceFor(model: string, overrides: Readonly<Record<string, Price>> = {}): Price | undefined {
  return overrides[model] ?? PRICES.find(([pattern]) => pattern.test(model))?.[1];
}

/** The rates one request is billed at. */
export interface Rate {
  input: number;
  cachedInput: number;
  output: number;
  /** The request is above a tier's threshold (the long-context rates apply). */
  longContext: boolean;
  /** The threshold of the tier applied; undefined at the base rates. */
  aboveInputTokens?: number;
  /** The cached rate is our derivation, not a published figure. */
  cachedEstimated: boolean;
}

/**
 * The rates for a request of `inputTokens` input tokens: the highest tier whose threshold it exceeds, else the base.
 * Assumption (xAI's wording, "requests whose context exceeds 200K tokens"): the tier is chosen by the whole prompt,
 * cached tokens included, and then applies to every token of that request, not only to those above the threshold.
 */
export function rateFor(price: Price, inputTokens: number): Rate {
  const tier = [...(price.tiers ?? [])].sort((a, b) => b.aboveInputTokens - a.aboveInputTokens).find((candidate) => inputTokens > candidate.aboveInputTokens);
  if (!tier) return { input: price.input, cachedInput: price.cachedInput, output: price.output, longContext: false, cachedEstimated: false };
  // a tier without its own cached rate (a user's setting): the base cached rate at the tier's input multiple
  const derived = tier.cachedInput === undefined;
  const cachedInput = tier.cachedInput ?? (price.input > 0 ? price.cachedInput * (tier.input / price.input) : tier.input);
  return { input: tier.input, cachedInput, output: tier.output, longContext: true, aboveInputTokens: tier.aboveInputTokens, cachedEstimated: derived || tier.cachedEstimated === true };
}

export interface UsageLike {
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  costUsd?: number;
}

/** Our arithmetic for one request, ignoring what the provider billed: the tier of its prompt, each kind at its rate. */
export function estimatedUsageCost(price: Price, usage: UsageLike): number {
  const rate = rateFor(price, usage.promptTokens);
  const cached = Math.min(usage.cachedPromptTokens, usage.promptTokens);
  const uncached = Math.max(0, usage.promptTokens - cached);
  return (uncached * rate.input + cached * rate.cachedInput + usage.completionTokens * rate.output) / 1_000_000;
}

/** Dollars for one request: what the provider billed when it says so, else our estimate at the tier of its prompt. */
export function usageCost(price: Price | undefined, usage: UsageLike): number | undefined {
  if (usage.costUsd !== undefined) return usage.costUsd; // the provider's own figure wins
  return price ? estimatedUsageCost(price, usage) : undefined;
}

export interface RequestEstimate {
  dollars: number;
  /** Priced at a long-context tier. */
  longContext: boolean;
  /** Part of the figure uses a cached rate that is our derivation (cached tokens in a tier without a published rate). */
  cachedRateEstimated: boolean;
}

/**
 * What a request will cost before it is sent: `inputTokens` is the whole prompt (cached part included, it decides the
 * tier), `cachedTokens` the part expected from the prompt cache (0 on a first question), `outputTokens` if known.
 */
export function estimateRequest(price: Price | undefined, request: { inputTokens: number; cachedTokens: number; outputTokens?: number }): RequestEstimate | undefined {
  if (!price) return undefined;
  const rate = rateFor(price, request.inputTokens);
  const cached = Math.min(Math.max(0, request.cachedTokens), request.inputTokens);
  const dollars = estimatedUsageCost(price, { promptTokens: request.inputTokens, cachedPromptTokens: cached, completionTokens: request.outputTokens ?? 0 });
  return { dollars, longContext: rate.longContext, cachedRateEstimated: cached > 0 && rate.cachedEstimated };
}

/**
 * Dollars for `tokens` uncached input tokens, at the tier of a request of `requestTokens` input tokens (by default
 * the tokens themselves: a first question of that size). Pass the request's size for one file's share of it.
 */
export function inputCost(price: Price | undefined, tokens: number, requestTokens = tokens): number | undefined {
  return price ? (tokens / 1_000_000) * rateFor(price, requestTokens).input : undefined;
}

/**
 * What the prompt cache saved: cached tokens at the input price minus the cached price, both at the tier of the
 * request (`promptTokens`, its whole prompt; by default only the cached tokens, which can only under-state the tier).
 */
export function cacheSaving(price: Price | undefined, cachedTokens: number, promptTokens = cachedTokens): number | undefined {
  if (!price || cachedTokens <= 0) return undefined;
  const rate = rateFor(price, promptTokens);
  return (cachedTokens * (rate.input - rate.cachedInput)) / 1_000_000;
}

/** xAI bills in ticks: 10^10 ticks to the dollar (`usage.cost_in_usd_ticks`, on both of its APIs). */
const TICKS_PER_USD = 1e10;

/** The dollars a response's `cost_in_usd_ticks` says were billed, or undefined when it says nothing. */
export function billedDollars(ticks: unknown): number | undefined {
  return typeof ticks === 'number' && Number.isFinite(ticks) ? ticks / TICKS_PER_USD : undefined;
}
