/**
 * The context engine's vocabulary, shared by the worker, the CLI and the extension host. Kept free of the engine's
 * heavy imports (tokenizer, secret scanner) so the extension host bundle never loads them.
 */
import type { ExclusionReason } from './classify';
import type { Tier } from './plan';

export type { ExclusionReason, Tier };

export interface PlanRequest {
  maxContextTokens: number;
  /** The model's context window, when known (the smaller of it and maxContextTokens is the window). */
  modelWindow?: number;
  /** The answer reserve asked for (grokContext.maxOutputTokens); 0: the default. */
  maxOutputTokens?: number;
  /** Tokens for the context itself; defaults to the snapshot's share of the window (src/context/budget.ts). */
  budget?: number;
  /** Workspace-relative paths, as the plan reports them. */
  pinned?: readonly string[];
  open?: readonly string[];
  /** Files chosen as relevant to the question (by the model, from the path list): preferred like files it names. */
  relevant?: readonly string[];
  /** The question: files it names are preferred. */
  question?: string;
  /** Explicit consent: sent even if a filter (secret, lock file, generated, .grokignore, setting) would keep them out. */
  include?: readonly string[];
  /** Kept out by the user. */
  exclude?: readonly string[];
}

export interface ManifestFile {
  path: string;
  tier: Tier;
  tokens: number;
  /** Relevance to the conversation's first question among every candidate file, 1 = most relevant (relevance.ts). */
  rank?: number;
}

export interface ContextPlan {
  budget: number;
  usedTokens: number;
  /** Every file that is sent, in path order. */
  files: ManifestFile[];
  excluded: Array<{ path: string; reason: ExclusionReason }>;
  text: string;
  /** Content hash of every file sent whole or as outline: what a later turn compares against. */
  versions: Record<string, string>;
  /** The question's ranking separates its top files clearly (relevanceIndex.ts `isRelevanceClear`): no need to ask the model. */
  relevanceClear?: boolean;
}

export interface FullManifestEntry {
  path: string;
  size: number;
  reason?: ExclusionReason;
  tokens: number;
  exact: boolean;
}

export interface Changes {
  text: string;
  tokens: number;
  changed: string[];
  added: string[];
  deleted: string[];
  /** New content hashes of the changed and added files, to fold into the baseline once the changes are sent. */
  versions: Record<string, string>;
}

/** What a conversation compares the workspace against: the frozen plan plus the changes already sent. */
export type Baseline = Pick<ContextPlan, 'versions' | 'files' | 'excluded'>;

/** The baseline after `changes` were sent: later turns only carry what changed after them. */
export function applyChanges(baseline: Baseline, changes: Changes): Baseline {
  const versions = { ...baseline.versions, ...changes.versions };
  for (const path of changes.deleted) delete versions[path];
  const deleted = new Set(changes.deleted);
  // changed and added files have now been sent whole
  const whole = new Set([...changes.changed, ...changes.added]);
  const files = [
    ...baseline.files.filter((file) => !deleted.has(file.path) && !whole.has(file.path)),
    ...[...whole].map((path) => ({ path, tier: 'full' as const, tokens: 0 })),
  ];
  return { versions, files, excluded: baseline.excluded };
}
