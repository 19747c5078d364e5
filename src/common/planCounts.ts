/**
 * The one vocabulary for what a context plan does with the workspace's files, shared by the Context view, the status
 * bar's tooltip and the chat's context line (the webview imports it too, so it takes plain shapes and imports nothing):
 * every file git sees is sent whole, as outline, as path only, or left out, and the four counts add up to all of them.
 */

export type PlanCategory = 'whole' | 'outline' | 'pathOnly' | 'leftOut';

export interface PlanCounts {
  whole: number;
  outline: number;
  pathOnly: number;
  /** Every file the plan does not send, for any reason (secret, binary, lock file, budget …). */
  leftOut: number;
}

export const PLAN_CATEGORIES: readonly PlanCategory[] = ['whole', 'outline', 'pathOnly', 'leftOut'];

/** The words after a count: "593 whole", "4,151 as outline", "4,313 as path only", "12 left out". */
export const CATEGORY_WORDS: Record<PlanCategory, string> = { whole: 'whole', outline: 'as outline', pathOnly: 'as path only', leftOut: 'left out' };

/** The plan's tiers (src/context/plan.ts) in this vocabulary. */
export const TIER_CATEGORY = { full: 'whole', outline: 'outline', path: 'pathOnly' } as const satisfies Record<string, PlanCategory>;

export type SentTier = keyof typeof TIER_CATEGORY;

/** The counts of a plan: the single place they are computed, so every surface shows the same numbers. */
export function countPlan(plan: { files: ReadonlyArray<{ tier: SentTier }>; excluded: ReadonlyArray<unknown> }): PlanCounts {
  const counts: PlanCounts = { whole: 0, outline: 0, pathOnly: 0, leftOut: plan.excluded.length };
  for (const file of plan.files) counts[TIER_CATEGORY[file.tier]] += 1;
  return counts;
}

/** The categories a surface shows: "whole" always (a plan that sends nothing whole says so), the others when not empty. */
export function shownCategories(counts: PlanCounts): PlanCategory[] {
  return PLAN_CATEGORIES.filter((category) => category === 'whole' || counts[category] > 0);
}

const NUMBER_FORMAT = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return NUMBER_FORMAT.format(value);
}

/** "593 whole, 4,151 as outline, 4,313 as path only, 12 left out" (empty categories other than whole omitted). */
export function planCountsText(counts: PlanCounts): string {
  return shownCategories(counts).map((category) => `${formatCount(counts[category])} ${CATEGORY_WORDS[category]}`).join(', ');
}

/** A group's heading in the Context view: "Whole: 593 files", "As path only: 1 file", "Left out: 12 files". */
export function categoryHeading(category: PlanCategory, count: number): string {
  const words = CATEGORY_WORDS[category];
  return `${words[0].toUpperCase()}${words.slice(1)}: ${formatCount(count)} file${count === 1 ? '' : 's'}`;
}

/** Tokens in a few characters: 936K, 1M, 1.5M, 4.2K, 950. */
export function compactTokens(tokens: number): string {
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(2))}M`;
  if (tokens >= 10_000) return `${Math.round(tokens / 1000)}K`;
  if (tokens >= 1000) return `${Number((tokens / 1000).toFixed(1))}K`;
  return String(tokens);
}

/**
 * Where the workspace's budget comes from, in one line: "936K of 1M: 64K kept for the conversation and the answer".
 * `snapshot` is the plan's budget, `window` the request's (src/context/budget.ts): the rest is the system prompt, the
 * history's share and the answer's reserve.
 */
export function budgetText(snapshot: number, window: number): string {
  return `${compactTokens(snapshot)} of ${compactTokens(window)}: ${compactTokens(Math.max(0, window - snapshot))} kept for the conversation and the answer`;
}
