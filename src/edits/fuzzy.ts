/**
 * The bounded fuzzy search: which run of the file's lines looks most like a block that matched nowhere exactly.
 * Lines are compared trimmed (indentation is the whitespace strategy's business), runs have the block's line
 * count give or take a small slack, and similarity is Levenshtein over the joined lines. Small searches score
 * every run; large ones find the few places whose tokens overlap the block's most (a window sliding in linear
 * time) and score only the runs around those.
 */
import { similarity, similarityBound, tokenHashes } from './similarity';

/** A run of lines `[first, first + count)` and its similarity to the block. */
export interface ScoredWindow {
  first: number;
  count: number;
  score: number;
}

// Up to this many Myers word operations the search scores every run: exact, and still a few milliseconds.
const EXHAUSTIVE_BUDGET = 3_000_000;
// Otherwise: this many separate places, and this many runs around the best (and around each rival), get a real score.
const PLACES = 3;
const RUNS_AT_BEST = 4;
const RUNS_AT_RIVAL = 2;
// A place whose token overlap is below this share of the best place's is not a rival worth scoring.
const RIVAL_OVERLAP = 0.9;
// No single comparison may cost more word operations than this (about 11,000 characters against as many): a
// block of hundreds of lines that matched nowhere is refused without a nearest text rather than slowly.
const MAX_COMPARISON = 4_000_000;
// A run this much worse than the best cannot win nor tie with it, so it is not scored.
const TIE_MARGIN = 0.011;
const REPORTED = 4;

/** The best-scoring runs, best first, no two overlapping: the first is the match, the next its rivals. */
export function fuzzyWindows(fileLines: readonly string[], blockLines: readonly string[]): ScoredWindow[] {
  const lineCount = fileLines.length;
  const blockText = blockLines.join('\n');
  if (lineCount === 0 || blockText.trim() === '') return [];
  const slack = Math.min(2, Math.floor(blockLines.length / 4));
  const sizes: number[] = [];
  for (let size = blockLines.length - slack; size <= blockLines.length + slack; size++) {
    if (size >= 1 && size <= lineCount) sizes.push(size);
  }
  if (sizes.length === 0) sizes.push(lineCount);

  const lengthBefore = new Float64Array(lineCount + 1);
  for (let line = 0; line < lineCount; line++) lengthBefore[line + 1] = lengthBefore[line] + fileLines[line].length + 1;
  const scored: ScoredWindow[] = [];
  let best = 0;
  const score = (first: number, count: number): void => {
    const length = lengthBefore[first + count] - lengthBefore[first] - 1;
    if (similarityBound(blockText.length, length) < best - TIE_MARGIN) return;
    if (Math.max(blockText.length, length) * Math.ceil(Math.min(blockText.length, length) / 32) > MAX_COMPARISON) return;
    const value = similarity(blockText, fileLines.slice(first, first + count).join('\n'));
    best = Math.max(best, value);
    scored.push({ first, count, score: value });
  };

  const runs = sizes.reduce((total, size) => total + lineCount - size + 1, 0);
  if (runs * blockText.length * Math.ceil(blockText.length / 32) <= EXHAUSTIVE_BUDGET) {
    for (const size of sizes) for (let first = 0; first + size <= lineCount; first++) score(first, size);
  } else {
    for (const [first, count] of new TokenOverlap(fileLines, blockLines).candidates(sizes, slack, blockLines.length)) score(first, count);
  }
  return separate(scored, blockLines.length);
}

/** Best first; among equals the earlier run, then the one whose line count is closest to the block's. */
function separate(scored: ScoredWindow[], blockCount: number): ScoredWindow[] {
  scored.sort((a, b) => b.score - a.score || a.first - b.first || Math.abs(a.count - blockCount) - Math.abs(b.count - blockCount));
  const chosen: ScoredWindow[] = [];
  for (const window of scored) {
    if (chosen.some((other) => overlaps(window.first, window.count, other.first, other.count))) continue;
    chosen.push(window);
    if (chosen.length === REPORTED) break;
  }
  return chosen;
}

function overlaps(first: number, count: number, otherFirst: number, otherCount: number): boolean {
  return first < otherFirst + otherCount && otherFirst < first + count;
}

/**
 * How much a run's tokens overlap the block's, as the Dice coefficient of the two token multisets. Tokens are
 * hashed, and a file line keeps only the ids of the tokens the block has (flat: line L's are
 * `ids[idStart[L] .. idStart[L + 1])`), so sliding a window over ten thousand lines is a few array reads per line.
 */
class TokenOverlap {
  private readonly wanted: Int32Array;
  private readonly blockTotal: number;
  private readonly lineTotals: Int32Array;
  private readonly idStart: Int32Array;
  private readonly ids: Int32Array;
  private readonly have: Int32Array;

  constructor(private readonly fileLines: readonly string[], blockLines: readonly string[]) {
    const idOf = new Map<number, number>();
    const wanted: number[] = [];
    const hashes: number[] = [];
    for (const line of blockLines) tokenHashes(line, hashes);
    for (const hash of hashes) {
      const id = idOf.get(hash);
      if (id === undefined) {
        idOf.set(hash, wanted.length);
        wanted.push(1);
      } else wanted[id]++;
    }
    this.wanted = Int32Array.from(wanted);
    this.blockTotal = hashes.length;
    this.have = new Int32Array(wanted.length);
    this.lineTotals = new Int32Array(fileLines.length);
    this.idStart = new Int32Array(fileLines.length + 1);
    const ids: number[] = [];
    for (let line = 0; line < fileLines.length; line++) {
      hashes.length = 0;
      this.lineTotals[line] = tokenHashes(fileLines[line], hashes);
      for (const hash of hashes) {
        const id = idOf.get(hash);
        if (id !== undefined) ids.push(id);
      }
      this.idStart[line + 1] = ids.length;
    }
    this.ids = Int32Array.from(ids);
  }

  /** Each run of `size` lines' overlap, by first line. */
  slide(size: number): Float64Array {
    const { wanted, have, ids, idStart, lineTotals } = this;
    const overlap = new Float64Array(this.fileLines.length - size + 1);
    let shared = 0;
    let total = 0;
    for (let line = 0; line < this.fileLines.length; line++) {
      total += lineTotals[line];
      for (let index = idStart[line]; index < idStart[line + 1]; index++) if (have[ids[index]]++ < wanted[ids[index]]) shared++;
      const leaving = line - size;
      if (leaving >= 0) {
        total -= lineTotals[leaving];
        for (let index = idStart[leaving]; index < idStart[leaving + 1]; index++) if (--have[ids[index]] < wanted[ids[index]]) shared--;
      }
      if (line - size + 1 >= 0) overlap[line - size + 1] = this.dice(shared, total);
    }
    have.fill(0);
    return overlap;
  }

  /** One run's overlap. */
  of(first: number, count: number): number {
    const { wanted, have, ids, idStart, lineTotals } = this;
    let shared = 0;
    let total = 0;
    for (let line = first; line < first + count; line++) {
      total += lineTotals[line];
      for (let index = idStart[line]; index < idStart[line + 1]; index++) if (have[ids[index]]++ < wanted[ids[index]]) shared++;
    }
    for (let index = idStart[first]; index < idStart[first + count]; index++) have[ids[index]] = 0;
    return this.dice(shared, total);
  }

  /**
   * The runs worth a real score: the few best separate places for a run of the block's own length, then around
   * each the runs (shifted, longer, shorter) that overlap most.
   */
  candidates(sizes: readonly number[], slack: number, blockCount: number): Array<[number, number]> {
    const size = sizes.reduce((closest, candidate) => (Math.abs(candidate - blockCount) < Math.abs(closest - blockCount) ? candidate : closest));
    const overlap = this.slide(size);
    const places: Array<[number, number]> = [];
    for (let place = 0; place < PLACES; place++) {
      let top = -1;
      for (let first = 0; first < overlap.length; first++) {
        if (top >= 0 && overlap[first] <= overlap[top]) continue;
        if (!places.some(([placeFirst]) => overlaps(first, size, placeFirst, size))) top = first;
      }
      if (top < 0 || (places.length > 0 && overlap[top] < places[0][1] * RIVAL_OVERLAP)) break;
      places.push([top, overlap[top]]);
    }
    const runs: Array<[number, number]> = [];
    places.forEach(([placeFirst], place) => {
      const around: Array<[number, number, number]> = [];
      for (const count of sizes) {
        const last = Math.min(placeFirst + slack + 1, this.fileLines.length - count);
        for (let first = Math.max(0, placeFirst - slack - 1); first <= last; first++) around.push([first, count, this.of(first, count)]);
      }
      around.sort((a, b) => b[2] - a[2]);
      // The best place's runs decide the match; a rival's only need to show whether it comes close.
      for (const [first, count] of around.slice(0, place === 0 ? RUNS_AT_BEST : RUNS_AT_RIVAL)) runs.push([first, count]);
    });
    return runs;
  }

  private dice(shared: number, total: number): number {
    return this.blockTotal + total === 0 ? 0 : (2 * shared) / (this.blockTotal + total);
  }
}
