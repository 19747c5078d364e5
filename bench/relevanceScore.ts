/**
 * Scoring one plan of the relevance benchmark against the BM25 peer, and the tables that sum them up.
 *
 * Same snapshot, same budget, same counts: the peer's candidates are exactly the files ours planned (whole, outline
 * or path) or left out for lack of room, minus those the engine's own content filters would keep out; each is
 * counted as the engine counts a file sent whole; the peer fills the plan's `budget` (less the fixed frame every
 * context carries) with whole files in BM25 order. Only the order differs.
 */
import { bm25Order, fillWhole, type TermCounts } from './relevanceBm25';
import type { PackPlan } from './relevanceOurs';

export interface PeerFile {
  path: string;
  tokens: number;
  terms: TermCounts;
}

export interface TargetOutcome {
  path: string;
  ours: boolean;
  bm25: boolean;
  /** Ours' tier for it, or why neither could send it (the engine's exclusion reason, or "not listed"). */
  oursTier: string;
  /** Ours' relevance rank for it (1 = most relevant), when the CLI reports ranks. */
  oursRank?: number;
  /** 1-based position in the BM25 order among the peer's candidates; undefined when it is not one. */
  bm25Position?: number;
}

export interface PlanScore {
  window: number;
  budget: number;
  targets: TargetOutcome[];
  /** Files ours sent whole whose count differs from the peer's count for the same file (should be none). */
  countMismatches: number;
  candidates: number;
  /** Tokens of every candidate sent whole: how far over the budget the repository is. */
  candidateTokens: number;
  /** False when the chat would ask Grok to choose files first (grokContext.expandPathsWithModel). */
  relevanceClear?: boolean;
}

/** Paths ours could place in a plan of this snapshot: planned in any tier, or left out only for lack of room. */
export function candidatePaths(plan: PackPlan): string[] {
  return [...plan.files.map((file) => file.path), ...plan.excluded.filter((item) => item.reason === 'budget').map((item) => item.path)].sort();
}

export function scorePlan(options: {
  window: number;
  plan: PackPlan;
  question: string;
  targets: readonly string[];
  /** The peer's view of a candidate, or undefined when the engine's content filters keep it out. */
  peerFile: (path: string) => PeerFile | undefined;
  frameTokens: number;
}): PlanScore {
  const { plan } = options;
  const peer = candidatePaths(plan).map(options.peerFile).filter((file): file is PeerFile => file !== undefined);
  const order = bm25Order(options.question, peer.map((file) => file.terms)).map((index) => peer[index]);
  const tokens = new Map(peer.map((file) => [file.path, file.tokens]));
  const sentByPeer = fillWhole(order.map((file) => file.path), (path) => tokens.get(path)!, plan.budget - options.frameTokens);
  const position = new Map(order.map((file, index) => [file.path, index + 1]));
  const tiers = new Map(plan.files.map((file) => [file.path, file.tier as string]));
  const ranks = new Map(plan.files.map((file) => [file.path, file.rank]));
  const reasons = new Map(plan.excluded.map((item) => [item.path, `left out: ${item.reason}`]));
  let countMismatches = 0;
  for (const file of plan.files) if (file.tier === 'full' && tokens.has(file.path) && tokens.get(file.path) !== file.tokens) countMismatches++;
  return {
    window: options.window,
    budget: plan.budget,
    relevanceClear: plan.relevanceClear,
    countMismatches,
    candidates: peer.length,
    candidateTokens: peer.reduce((sum, file) => sum + file.tokens, 0),
    targets: options.targets.map((path) => ({
      path,
      ours: tiers.get(path) === 'full',
      bm25: sentByPeer.has(path),
      oursTier: tiers.get(path) ?? reasons.get(path) ?? 'not listed',
      oursRank: ranks.get(path),
      bm25Position: position.get(path),
    })),
  };
}

export interface Tally {
  files: number;
  ours: number;
  bm25: number;
}

export function tally(scores: readonly PlanScore[]): Tally {
  const total: Tally = { files: 0, ours: 0, bm25: 0 };
  for (const score of scores) {
    for (const target of score.targets) {
      total.files++;
      if (target.ours) total.ours++;
      if (target.bm25) total.bm25++;
    }
  }
  return total;
}

const percent = (part: number, whole: number) => (whole === 0 ? 'n/a' : `${Math.round((100 * part) / whole)}% (${part}/${whole})`);

export function ratio(ours: number, bm25: number): string {
  if (bm25 === 0) return ours === 0 ? 'n/a' : '∞';
  return `${(ours / bm25).toFixed(2)}×`;
}

/** A Markdown table: window | ours | BM25 | ours ÷ BM25, one row per window. */
export function table(rows: ReadonlyArray<{ window: number; tally: Tally }>): string {
  const lines = ['| window (--max-context-tokens) | changed files sent whole: ours | plain BM25, same budget and counts | ours ÷ BM25 |', '| ---: | ---: | ---: | ---: |'];
  for (const { window, tally: t } of rows) lines.push(`| ${window.toLocaleString('en-US')} | ${percent(t.ours, t.files)} | ${percent(t.bm25, t.files)} | ${ratio(t.ours, t.bm25)} |`);
  return lines.join('\n');
}

/**
 * What the optional file-choosing request can add, per window: the questions it would run for (the ranking did not
 * separate the top files) and, in those, the files that matter ours did not send whole: the most it could win back.
 */
export function expandReach(scores: readonly PlanScore[]): { questions: number; runs: number; missedWhereRun: number } {
  let runs = 0;
  let missedWhereRun = 0;
  for (const score of scores) {
    if (score.relevanceClear !== false) continue;
    runs++;
    missedWhereRun += score.targets.filter((target) => !target.ours).length;
  }
  return { questions: scores.length, runs, missedWhereRun };
}
