export { formatDollars } from '../common/format';

/** Prices per million tokens, by model id. Issue #4 makes this a table per preset, overridable in settings. */
export interface Price {
  input: number;
  cachedInput: number;
  output: number;
}

const PRICES: Array<[RegExp, Price]> = [
  // xAI's model page for grok-4.3: $1.25/M input, $0.20/M cached input, $2.50/M output.
  [/(^|[/:])grok-4[.-]3\b|^xai-grok-4-3$|^xai:grok@4\.3$/, { input: 1.25, cachedInput: 0.2, output: 2.5 }],
];

/** The price of a model: the user's override (grokContext.pricing) first, then the built-in table. */
export function priceFor(model: string, overrides: Readonly<Record<string, Price>> = {}): Price | undefined {
  return overrides[model] ?? PRICES.find(([pattern]) => pattern.test(model))?.[1];
}

/** Dollars for one answer: uncached input, cached input and output at their own rates. */
export function usageCost(price: Price | undefined, usage: { promptTokens: number; cachedPromptTokens: number; completionTokens: number; costUsd?: number }): number | undefined {
  if (usage.costUsd !== undefined) return usage.costUsd; // the provider's own figure wins
  if (!price) return undefined;
  const uncached = Math.max(0, usage.promptTokens - usage.cachedPromptTokens);
  return (uncached * price.input + usage.cachedPromptTokens * price.cachedInput + usage.completionTokens * price.output) / 1_000_000;
}

/** Dollars for a number of uncached input tokens. */
export function inputCost(price: Price | undefined, tokens: number): number | undefined {
  return price ? (tokens / 1_000_000) * price.input : undefined;
}

/** What the prompt cache saved: cached tokens at the input price minus the cached price. */
export function cacheSaving(price: Price | undefined, cachedTokens: number): number | undefined {
  return price && cachedTokens > 0 ? (cachedTokens * (price.input - price.cachedInput)) / 1_000_000 : undefined;
}
