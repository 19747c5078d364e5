/**
 * One accounting for every request: system prompt + workspace snapshot + history + this turn's tool rounds + the
 * answer reserve must fit the window. The window is the smaller of the model's context window and
 * `grokContext.maxContextTokens`; the answer and the history each get a stated share that the snapshot never eats.
 */

/** The answer's reserve when `grokContext.maxOutputTokens` is not set: room for a reasoning model's thinking and answer. */
export const DEFAULT_ANSWER_RESERVE = 32_000;
/** The history's share of the window: a tenth, at least this many tokens. */
export const HISTORY_SHARE_OF_WINDOW = 0.1;
export const MIN_HISTORY_SHARE = 32_000;
/** On small windows (a local model, a test) neither reserve may take more than this share of the window. */
const MAX_RESERVE_SHARE = 0.25;
/** The system prompt and message framing, counted generously so a changed prompt never overflows the window. */
export const SYSTEM_RESERVE = 1_000;

export interface RequestBudget {
  /** min(the model's context window, grokContext.maxContextTokens). */
  window: number;
  /** Tokens held back for the answer (and its reasoning). */
  reserve: number;
  /** Tokens the history (earlier exchanges and this turn's tool rounds) may take before it is compacted. */
  historyShare: number;
  /** The system prompt and framing. */
  system: number;
  /** What is left for the workspace snapshot: window − system − history share − reserve. */
  snapshot: number;
}

/** Context windows of the models we know, in tokens; others take `grokContext.modelContextWindow` or the budget setting. */
const MODEL_WINDOWS: Array<[RegExp, number]> = [
  // xAI's model page: Grok 4.3 reads 1,000,000 tokens
  [/(^|[/:])grok-4[.-]3\b|^xai-grok-4-3$|^xai:grok@4\.3$/, 1_000_000],
];

/** The model's context window: the setting when set (custom models), else the known window, else undefined. */
export function modelContextWindow(model: string | undefined, setting = 0): number | undefined {
  if (setting > 0) return setting;
  return model === undefined ? undefined : MODEL_WINDOWS.find(([pattern]) => pattern.test(model))?.[1];
}

export interface BudgetInputs {
  maxContextTokens: number;
  /** The model's window (undefined: unknown, the budget setting alone decides). */
  modelWindow?: number;
  /** `grokContext.maxOutputTokens`; 0 or undefined: the default reserve. */
  maxOutputTokens?: number;
}

export function requestBudget({ maxContextTokens, modelWindow, maxOutputTokens }: BudgetInputs): RequestBudget {
  const window = Math.max(1, Math.min(maxContextTokens, modelWindow ?? Infinity));
  const cap = Math.floor(window * MAX_RESERVE_SHARE);
  const reserve = Math.min(maxOutputTokens && maxOutputTokens > 0 ? maxOutputTokens : DEFAULT_ANSWER_RESERVE, cap);
  const historyShare = Math.max(Math.floor(window * HISTORY_SHARE_OF_WINDOW), Math.min(MIN_HISTORY_SHARE, cap));
  const system = Math.min(SYSTEM_RESERVE, Math.floor(window * 0.05));
  return { window, reserve, historyShare, system, snapshot: Math.max(0, window - system - historyShare - reserve) };
}
