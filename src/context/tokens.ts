/**
 * Token estimates before anything is sent. Measured on this kind of code, o200k tokenizers give about
 * 2.9 bytes/token for C and 3.4-3.5 for JS/TS, so chars/4 under-counts by up to a third; 3 bytes per token
 * over-counts slightly, which is the safe side for filling a budget.
 */
export const ESTIMATED_BYTES_PER_TOKEN = 3;

export function estimateTokens(byteLength: number): number {
  return Math.ceil(byteLength / ESTIMATED_BYTES_PER_TOKEN);
}

/**
 * Tokens held back from the context budget for the conversation, the question and the answer:
 * a tenth of the budget, at most 64K.
 */
export function contextBudget(maxContextTokens: number): number {
  const reserve = Math.min(64_000, Math.floor(maxContextTokens / 10));
  return maxContextTokens - reserve;
}
