/**
 * Decides what goes into the context and how: whole file, outline, or path only, within a token budget.
 * Deterministic: candidates are taken in (priority, relevance rank) order and every cost comes from the file's content,
 * so the same workspace and request always give the same plan.
 *
 * Passes: (1) files are listed by path (as a directory tree, pathTree.ts), most important first, up to a tenth of the budget; (2) files are upgraded to whole, most
 * important first, keeping a share of the budget back; (3) the files not sent whole get outlines from that share;
 * (4) whatever is left upgrades more files to whole. So a repository larger than the budget still shows the model
 * the shape of everything, not just the first files that happened to fit.
 */
import { comparePaths } from './paths';
import type { ExclusionReason } from './classify';
import { PathTreeLedger, type TreeCosts } from './pathTree';

export type Tier = 'full' | 'outline' | 'path';

/** Lower is more important: the tiers. Within a tier files go by relevance rank (relevance.ts). `chosen`: files the
 *  model picked to read whole for the question (expandPaths.ts). Recent changes are a capped input to the rank. */
export const PRIORITY = { pinned: 0, open: 1, chosen: 2, ranked: 3 } as const;

export interface PlanCandidate {
  path: string;
  size: number;
  priority: number;
  /** Relevance rank among all candidates, 1 = most relevant. */
  rank: number;
}

/** Costs come back synchronously when cached (a re-plan is mostly cache hits), as a promise when work was needed. */
export type Cost<T> = T | Promise<T>;

const settle = async <T>(cost: Cost<T>): Promise<T> => cost;

export interface PlanCosts {
  /** Estimated tokens of the whole-file block from its size, or a lower bound once calibrated: files whose estimate
   *  is far above the remaining budget are skipped without reading them. */
  estimateFull(candidate: PlanCandidate): number;
  /** Exact tokens of the whole-file block, or why the file cannot be sent. `limit`: the caller cannot use more. */
  full(candidate: PlanCandidate, limit: number): Cost<number | ExclusionReason>;
  /** Exact tokens of the outline block, undefined when the file has no outline, or why it cannot be sent at all. */
  outline(candidate: PlanCandidate): Cost<number | ExclusionReason | undefined>;
  /** Tokens of the path-only tier's parts. */
  tree: TreeCosts;
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

/** Share of the budget held back for outlines while whole files are chosen. */
export const OUTLINE_SHARE = 0.2;
/** Most the path list may take: on a 76K-file tree the paths alone would fill a 1M budget and leave no code. A tenth: the
 *  tree (pathTree.ts) lists about as many files in it as the flat list did in a quarter, and the rest goes to whole files. */
export const PATH_SHARE = 0.1;
/** An estimate this far above what is left cannot fit: the file is not even read. */
const ESTIMATE_SAFETY = 0.7;

export async function planContext(candidates: readonly PlanCandidate[], budget: number, costs: PlanCosts, signal?: AbortSignal): Promise<PlanResult> {
  const ordered = [...candidates].sort((a, b) => a.priority - b.priority || a.rank - b.rank || comparePaths(a.path, b.path));
  const tiers = new Map<string, { tier: Tier; tokens: number }>();
  const excluded: PlanResult['excluded'] = [];
  let remaining = budget;
  let pathSpend = 0;
  const pathCap = Math.floor(budget * PATH_SHARE);

  const tree = new PathTreeLedger(costs.tree);
  let listFull = false;
  for (const candidate of ordered) {
    // Once the path list is full the rest are not even counted (a 76K-file tree would spend seconds on it).
    const cost = listFull ? Infinity : tree.costOf(candidate.path);
    if (cost <= remaining && pathSpend + cost <= pathCap) {
      remaining -= tree.add(candidate.path);
      pathSpend += cost;
      tiers.set(candidate.path, { tier: 'path', tokens: costs.tree.file(candidate.path) });
    } else {
      listFull = true;
      excluded.push({ path: candidate.path, reason: 'budget' });
    }
  }
  const listed = ordered.filter((candidate) => tiers.has(candidate.path));
  /** Takes a file out of the path tree; the tokens its piece and the folder lines only it needed are free again. */
  const unlist = (path: string) => {
    if (tiers.get(path)?.tier === 'path') remaining += tree.remove(path);
  };
  const drop = (candidate: PlanCandidate, reason: ExclusionReason) => {
    const current = tiers.get(candidate.path)!;
    if (current.tier === 'path') unlist(candidate.path);
    else remaining += current.tokens;
    tiers.delete(candidate.path);
    excluded.push({ path: candidate.path, reason });
  };

  const wholePass = async (holdBack: number) => {
    for (const candidate of listed) {
      signal?.throwIfAborted();
      const current = tiers.get(candidate.path);
      if (!current || current.tier === 'full') continue;
      const room = remaining - holdBack + current.tokens;
      if (room <= 0) break;
      if (costs.estimateFull(candidate) * ESTIMATE_SAFETY > room) continue;
      const pending = costs.full(candidate, room);
      const full = pending instanceof Promise ? await pending : pending;
      if (typeof full === 'string') drop(candidate, full);
      else if (full <= room) {
        unlist(candidate.path);
        if (current.tier !== 'path') remaining += current.tokens;
        remaining -= full;
        tiers.set(candidate.path, { tier: 'full', tokens: full });
      }
    }
  };

  await wholePass(Math.floor(budget * OUTLINE_SHARE));
  for (const candidate of listed) {
    signal?.throwIfAborted();
    const current = tiers.get(candidate.path);
    if (!current || current.tier !== 'path') continue;
    if (remaining < 16) break;
    const pending = costs.outline(candidate);
    const outline = pending instanceof Promise ? await settle(pending) : pending;
    if (typeof outline === 'string') drop(candidate, outline);
    else if (outline !== undefined && outline - current.tokens <= remaining) {
      unlist(candidate.path);
      remaining -= outline;
      tiers.set(candidate.path, { tier: 'outline', tokens: outline });
    }
  }
  await wholePass(0);

  // a listed file's tokens: its name plus the folder lines it is the first to need, so the tiers' tokens add up
  const shares = tree.shares([...tiers].filter(([, { tier }]) => tier === 'path').map(([path]) => path));
  const files = [...tiers].map(([path, { tier, tokens }]) => ({ path, tier, tokens: shares.get(path) ?? tokens })).sort((a, b) => comparePaths(a.path, b.path));
  excluded.sort((a, b) => comparePaths(a.path, b.path));
  return { files, excluded, usedTokens: budget - remaining };
}
