/**
 * Decides what goes into the context and how: whole file, outline, or path only, within a token budget.
 * Deterministic: candidates are taken in (priority, path) order and every cost comes from the file's content,
 * so the same workspace and request always give the same plan.
 */
import { comparePaths } from './paths';
import type { ExclusionReason } from './classify';

export type Tier = 'full' | 'outline' | 'path';

/** Lower is more important. */
export const PRIORITY = { pinned: 0, open: 1, mentioned: 2, recent: 3, rest: 4 } as const;
export type PriorityName = keyof typeof PRIORITY;

export interface PlanCandidate {
  path: string;
  size: number;
  priority: number;
}

export interface PlanCosts {
  /** Estimated tokens of the whole-file block, from its size (used to skip files that cannot fit without reading them). */
  estimateFull(candidate: PlanCandidate): number;
  /** Exact tokens of the whole-file block, or why the file cannot be sent. */
  full(candidate: PlanCandidate): Promise<number | ExclusionReason>;
  /** Exact tokens of the outline block, undefined when the file has no outline, or why it cannot be sent at all. */
  outline(candidate: PlanCandidate): Promise<number | ExclusionReason | undefined>;
  /** Tokens of the file's line in the path-only list. */
  pathLine(candidate: PlanCandidate): number;
}

export interface PlannedFile {
  path: string;
  tier: Tier;
  tokens: number;
}

export interface PlanResult {
  files: PlannedFile[];
  excluded: Array<{ path: string; reason: ExclusionReason }>;
  usedTokens: number;
}

/** An estimate this far above the remaining budget cannot fit: skip reading the file at all. */
const ESTIMATE_SAFETY = 0.6;

export async function planContext(candidates: readonly PlanCandidate[], budget: number, costs: PlanCosts, signal?: AbortSignal): Promise<PlanResult> {
  const ordered = [...candidates].sort((a, b) => a.priority - b.priority || comparePaths(a.path, b.path));
  const tiers = new Map<string, { tier: Tier; tokens: number }>();
  const excluded: PlanResult['excluded'] = [];

  // Everything is listed by path first, in order, as far as the budget goes: the floor of the plan.
  let remaining = budget;
  const listed: PlanCandidate[] = [];
  for (const candidate of ordered) {
    const cost = costs.pathLine(candidate);
    if (cost <= remaining) {
      remaining -= cost;
      tiers.set(candidate.path, { tier: 'path', tokens: cost });
      listed.push(candidate);
    } else {
      excluded.push({ path: candidate.path, reason: 'budget' });
    }
  }

  // Then upgrade to whole files, most important first; a file's path line is given back when it is upgraded.
  const notWhole: PlanCandidate[] = [];
  for (const candidate of listed) {
    signal?.throwIfAborted();
    const pathCost = tiers.get(candidate.path)!.tokens;
    if (costs.estimateFull(candidate) * ESTIMATE_SAFETY > remaining + pathCost) {
      notWhole.push(candidate);
      continue;
    }
    const full = await costs.full(candidate);
    if (typeof full === 'string') {
      tiers.delete(candidate.path);
      remaining += pathCost;
      excluded.push({ path: candidate.path, reason: full });
    } else if (full - pathCost <= remaining) {
      remaining -= full - pathCost;
      tiers.set(candidate.path, { tier: 'full', tokens: full });
    } else {
      notWhole.push(candidate);
    }
  }

  // Then outlines for what did not fit whole.
  for (const candidate of notWhole) {
    signal?.throwIfAborted();
    const pathCost = tiers.get(candidate.path)!.tokens;
    if (remaining < 16) break;
    const outline = await costs.outline(candidate);
    if (typeof outline === 'string') {
      tiers.delete(candidate.path);
      remaining += pathCost;
      excluded.push({ path: candidate.path, reason: outline });
    } else if (outline !== undefined && outline - pathCost <= remaining) {
      remaining -= outline - pathCost;
      tiers.set(candidate.path, { tier: 'outline', tokens: outline });
    }
  }

  const files = [...tiers].map(([path, { tier, tokens }]) => ({ path, tier, tokens })).sort((a, b) => comparePaths(a.path, b.path));
  excluded.sort((a, b) => comparePaths(a.path, b.path));
  return { files, excluded, usedTokens: budget - remaining };
}
