/**
 * The edit matcher: where each `old_string → new_string` block of a `replace_in_file` call goes, and the file's
 * text once all of them are applied. It never guesses its way into a corrupted file: a block that matches no
 * place, or more places than it should, is refused with what to do instead, and then the file is left alone.
 */
import { BYTE_ORDER_MARK, lineNumbers, toLf, withLineBreaksOf } from './lineEndings';
import {
  ambiguousMessage,
  emptyOldStringMessage,
  fuzzyTieMessage,
  hintMissMessage,
  invalidOccurrencesMessage,
  lineEndingsAlreadyMessage,
  mismatchMessage,
  noChangeMessage,
  notFoundMessage,
  overlapMessage,
} from './messages';
import { BlockText, exactPlaces, SearchedFile, lineEndingPlaces, type Place, whitespacePlaces, windowPlace, withWholeLinesDeleted } from './strategies';
import type { BlockResult, EditBlock, FileEditResult, MatchKind, MatchOptions, NearestText } from './types';

export const DEFAULT_FUZZY_THRESHOLD = 0.9;
/** Blocks with fewer non-blank lines than this are never matched fuzzily. */
export const MIN_FUZZY_LINES = 3;

/** Below this a fuzzy "match" is a guess, whatever the caller asks for. */
export const LOWEST_FUZZY_THRESHOLD = 0.5;
/** Fuzzy runs this close to the best are as good as it: the block is ambiguous. */
export const FUZZY_TIE = 0.01;
/** How far (in lines) from `line_hint` the place it picks among several may start. */
export const LINE_HINT_REACH = 10;
const NEAREST_TEXT_LIMIT = 2000;

export type Refusal = Extract<BlockResult, { ok: false }>;

/** Where a block goes: the places (offsets into the text as given, byte-order mark included) and what they become. */
export interface BlockMatch {
  ok: true;
  kind: MatchKind;
  score: number;
  places: Array<Place & { line: number }>;
  /** Set when `lineHint` chose the place: how many places matched. */
  among?: number;
}

/** Applies `blocks` in order, each to the text the ones before it produced: all of them, or none. */
export function applyBlocks(text: string, blocks: readonly EditBlock[], options: MatchOptions = {}): FileEditResult {
  let current = text;
  let failed = false;
  const results: BlockResult[] = [];
  // Each block's line_hint counts lines of the text the model read; the blocks before it may have moved them.
  const moves: Array<[line: number, delta: number]> = [];
  for (const block of blocks) {
    const applied = applyBlock(current, block.lineHint === undefined ? block : { ...block, lineHint: movedLine(block.lineHint, moves) }, options);
    results.push(applied.result);
    // A refused block leaves the text as it was, so each later block still reports how it would have gone.
    if (applied.text === undefined) failed = true;
    else {
      current = applied.text;
      moves.push(...applied.moves);
    }
  }
  return failed ? { ok: false, blocks: results } : { ok: true, text: current, blocks: results };
}

/** Where line `line` of the original text is after edits that moved the lines below each `[line, delta]` by `delta`. */
function movedLine(line: number, moves: ReadonlyArray<[number, number]>): number {
  let moved = line;
  for (const [at, delta] of moves) if (at < moved) moved += delta;
  return moved;
}

function lineBreaks(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

/** One block: its result, and when it matched the new text and how it moved the lines after each place. */
export function applyBlock(text: string, block: EditBlock, options: MatchOptions = {}): { result: BlockResult; text?: string; moves: Array<[number, number]> } {
  const found = findBlock(text, block, options);
  if (!found.ok) return { result: found, moves: [] };
  let written = '';
  let from = 0;
  const moves: Array<[number, number]> = [];
  for (const place of found.places) {
    written += text.slice(from, place.start) + place.replacement;
    from = place.end;
    moves.push([place.line, lineBreaks(place.replacement) - lineBreaks(text.slice(place.start, place.end))]);
  }
  written += text.slice(from);
  const result: BlockResult = {
    ok: true,
    kind: found.kind,
    score: found.score,
    occurrences: found.places.length,
    lines: found.places.map((place) => place.line),
    ...(found.among !== undefined ? { among: found.among } : {}),
  };
  return { result, text: written, moves };
}

/** Where `block` goes in `text`, by the first strategy that finds it, or why it cannot go anywhere. */
export function findBlock(text: string, block: EditBlock, options: MatchOptions = {}): BlockMatch | Refusal {
  // The byte-order mark belongs to the file, not to its content: it is never matched, replaced or written twice.
  const mark = text.startsWith(BYTE_ORDER_MARK) ? 1 : 0;
  const file = new SearchedFile(text.slice(mark));
  const oldText = withoutMark(block.oldString);
  const newText = withoutMark(block.newString);
  const asked = options.fuzzyThreshold;
  const threshold = Math.min(1, Math.max(LOWEST_FUZZY_THRESHOLD, asked !== undefined && Number.isFinite(asked) ? asked : DEFAULT_FUZZY_THRESHOLD));
  const stated = block.expectedOccurrences;
  const expected = stated ?? 1;

  if (oldText === newText) return { ok: false, reason: 'no-change', message: noChangeMessage() };
  if (!Number.isInteger(expected) || expected < 1) {
    return { ok: false, reason: 'occurrences-mismatch', message: invalidOccurrencesMessage(expected) };
  }
  if (oldText === '') {
    if (file.text !== '') return { ok: false, reason: 'empty-old-string', message: emptyOldStringMessage() };
    return matched(file, mark, 'exact', 1, [{ start: 0, end: 0, replacement: newText }], new BlockText(oldText, newText));
  }

  const blockText = new BlockText(oldText, newText);
  const hint = expected === 1 && block.lineHint !== undefined && Number.isInteger(block.lineHint) && block.lineHint >= 1 ? block.lineHint : undefined;
  const done = (kind: MatchKind, score: number, places: Place[], among?: number) => matched(file, mark, kind, score, places, blockText, among);
  const strategies: Array<[MatchKind, () => Place[] | undefined]> = [
    ['exact', () => exactPlaces(file, blockText)],
    ['line-endings', () => lineEndingPlaces(file, blockText)],
    ['whitespace', () => whitespacePlaces(file, blockText)],
  ];
  let fewest = 0;
  let fewestLines: number[] = [];
  for (const [kind, search] of strategies) {
    const places = search();
    if (!places || places.length === 0) continue;
    const lines = lineNumbers(file.text, places.map((place) => place.start));
    if (places.length > expected && hint !== undefined) {
      const near = nearHint(lines, hint);
      if (near.length === 1) return done(kind, 1, [places[near[0]]], places.length);
      return { ok: false, reason: 'ambiguous', message: hintMissMessage(places.length, lines, hint, near.length), found: places.length };
    }
    if (places.length > expected || (places.length === expected && overlapping(places))) {
      return refuseCount(places, lines, stated, kind === 'whitespace');
    }
    if (places.length === expected) return done(kind, 1, places);
    // Fewer than expected: a looser strategy may find the rest (the same lines, drifted).
    if (places.length > fewest) [fewest, fewestLines] = [places.length, lines];
  }
  if (fewest > 0) return { ok: false, reason: 'occurrences-mismatch', message: mismatchMessage(expected, fewest, fewestLines), found: fewest };

  const windows = file.fuzzy(blockText);
  const best = windows[0];
  // One or two lines that nearly match are a different statement more often than a drifted copy (`a + b` vs
  // `a * b` scores 0.92): such blocks must match exactly or up to whitespace.
  const fuzzyAllowed = blockText.trimmed.filter((line) => line !== '').length >= MIN_FUZZY_LINES;
  if (best && fuzzyAllowed && expected === 1 && best.score >= threshold - 1e-9) {
    const ties = windows.filter((window) => window.score >= best.score - FUZZY_TIE).sort((a, b) => a.first - b.first);
    if (ties.length > 1) {
      const lines = ties.map((window) => window.first + 1);
      const near = hint === undefined ? [] : nearHint(lines, hint);
      if (near.length === 1) {
        const chosen = ties[near[0]];
        return done('fuzzy', chosen.score, [windowPlace(file, blockText, chosen)], ties.length);
      }
      const message = hint === undefined ? fuzzyTieMessage(ties.length, lines, reported(best.score)) : hintMissMessage(ties.length, lines, hint, near.length);
      return { ok: false, reason: 'ambiguous', message, found: ties.length };
    }
    return done('fuzzy', best.score, [windowPlace(file, blockText, best)]);
  }
  const nearest: NearestText | undefined = best && best.score > 0
    ? { line: best.first + 1, text: clip(file.lineTexts.slice(best.first, best.first + best.count).join('\n')), score: reported(best.score) }
    : undefined;
  return { ok: false, reason: 'not-found', message: notFoundMessage(nearest, threshold, file.text === ''), ...(nearest ? { nearest } : {}) };
}

/**
 * The places as found, made final: a deletion of whole lines takes their line break too, and an edit whose only change
 * is line endings writes new_string's (a replacement is otherwise written in the file's line ending).
 */
function matched(file: SearchedFile, mark: number, kind: MatchKind, score: number, found: Place[], block: BlockText, among?: number): BlockMatch | Refusal {
  let places = block.newText === '' ? withWholeLinesDeleted(file, found) : found;
  if (block.oldText !== block.newText && toLf(block.oldText) === toLf(block.newText)) {
    places = places.map((place) => ({ ...place, replacement: withLineBreaksOf(place.replacement, block.newText) }));
    if (places.every((place) => place.replacement === file.text.slice(place.start, place.end))) {
      return { ok: false, reason: 'no-change', message: lineEndingsAlreadyMessage() };
    }
  }
  // the lines where the blocks were found, not where a deletion's line break moved a place's start
  const lines = lineNumbers(file.text, found.map((place) => place.start));
  return {
    ok: true,
    kind,
    score: reported(score),
    places: places.map((place, index) => ({ start: place.start + mark, end: place.end + mark, replacement: place.replacement, line: lines[index] })),
    ...(among !== undefined ? { among } : {}),
  };
}

/** The indexes of the places (by 1-based first line) that start within reach of the hint. */
function nearHint(lines: readonly number[], hint: number): number[] {
  return lines.flatMap((line, index) => (Math.abs(line - hint) <= LINE_HINT_REACH ? [index] : []));
}

function refuseCount(places: readonly Place[], lines: number[], stated: number | undefined, loosely: boolean): Refusal {
  const found = places.length;
  if (stated !== undefined && found !== stated) return { ok: false, reason: 'occurrences-mismatch', message: mismatchMessage(stated, found, lines), found };
  if (found > 1 && overlapping(places)) return { ok: false, reason: 'ambiguous', message: overlapMessage(found, lines), found };
  return { ok: false, reason: 'ambiguous', message: ambiguousMessage(found, lines, loosely), found };
}

function overlapping(places: readonly Place[]): boolean {
  return places.some((place, index) => index > 0 && place.start < places[index - 1].end);
}

function withoutMark(text: string): string {
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

/** Scores are shown to three decimals, rounded down so that a refused 0.8996 never reads as the 0.9 it missed. */
function reported(score: number): number {
  return Math.floor(score * 1000 + 1e-9) / 1000;
}

function clip(text: string): string {
  if (text.length <= NEAREST_TEXT_LIMIT) return text;
  const code = text.charCodeAt(NEAREST_TEXT_LIMIT - 1);
  // Never half an emoji: a cut after a high surrogate moves back by one.
  return `${text.slice(0, code >= 0xd800 && code <= 0xdbff ? NEAREST_TEXT_LIMIT - 1 : NEAREST_TEXT_LIMIT)}…`;
}
