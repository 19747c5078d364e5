/**
 * The ways a block's `old_string` can be found in a file, strictest first: verbatim, with the other line ending,
 * line by line with surrounding whitespace ignored, and line by line by similarity. Each returns the places it
 * found with their replacement text already written the way the file writes (line endings, indentation).
 */
import { pairLines } from './align';
import { fuzzyWindows, type ScoredWindow } from './fuzzy';
import { replacementLines } from './indentation';
import { similarity } from './similarity';
import { dominantLineEnding, isCharacterBoundary, lfOffsetMapper, type LineEnding, type LineSpan, splitLines, toLf, withLineEnding } from './lineEndings';

const LINE_ALIKE = 0.5;

/** `[start, end)` of the file is to become `replacement`. */
export interface Place {
  start: number;
  end: number;
  replacement: string;
}

/** The file a block is looked for in (without its byte-order mark); line tables are built only if a strategy needs them. */
export class SearchedFile {
  private spans?: LineSpan[];
  private contents?: string[];
  private trimmedContents?: string[];
  private collapsedContents?: string[];
  private windows?: { block: BlockText; found: ScoredWindow[] };
  private dominant?: { ending: LineEnding | undefined };

  constructor(readonly text: string) {}

  /** The line ending the file uses most, if it has line breaks. */
  get ending(): LineEnding | undefined {
    return (this.dominant ??= { ending: dominantLineEnding(this.text, undefined) }).ending;
  }

  get lines(): LineSpan[] {
    return (this.spans ??= splitLines(this.text));
  }

  get lineTexts(): string[] {
    return (this.contents ??= this.lines.map((line) => this.text.slice(line.start, line.end)));
  }

  get trimmed(): string[] {
    return (this.trimmedContents ??= this.lineTexts.map((line) => line.trim()));
  }

  /** Each line trimmed, its inner runs of spaces and tabs collapsed to one space: what the whitespace strategy compares. */
  get collapsed(): string[] {
    return (this.collapsedContents ??= this.trimmed.map(collapseRuns));
  }

  /** The index of the line `offset` is on. */
  lineIndexAt(offset: number): number {
    const lines = this.lines;
    let low = 0;
    let high = lines.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lines[middle].start <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** The fuzzy search's runs for `block`, searched once whether they end up as a match or as the nearest text. */
  fuzzy(block: BlockText): ScoredWindow[] {
    if (this.windows?.block !== block) this.windows = { block, found: fuzzyWindows(this.trimmed, block.trimmed) };
    return this.windows.found;
  }
}

/** A block's two texts and their lines (LF, without the line break that may end them). */
export class BlockText {
  readonly oldLf: string;
  readonly oldLines: string[];
  readonly oldEndsLine: boolean;
  readonly newLines: string[];
  readonly newEndsLine: boolean;
  readonly trimmed: string[];
  readonly collapsed: string[];

  constructor(readonly oldText: string, readonly newText: string) {
    this.oldLf = toLf(oldText);
    [this.oldLines, this.oldEndsLine] = linesOf(this.oldLf);
    [this.newLines, this.newEndsLine] = linesOf(toLf(newText));
    this.trimmed = this.oldLines.map((line) => line.trim());
    this.collapsed = this.trimmed.map(collapseRuns);
  }
}

/** A trimmed line with each inner run of spaces and tabs as one space (`a  =\tb` and `a = b` compare equal). */
function collapseRuns(trimmed: string): string {
  return trimmed.replace(/[ \t]{2,}|\t/g, ' ');
}

function linesOf(text: string): [string[], boolean] {
  if (text === '') return [[], false];
  const lines = text.split('\n');
  const endsLine = lines.length > 1 && lines.at(-1) === '';
  if (endsLine) lines.pop();
  return [lines, endsLine];
}

/** The line ending a replacement of `[start, end)` is written with: the region's own, else the file's, else the block's. */
function endingAt(file: SearchedFile, block: BlockText, start: number, end: number): LineEnding {
  return dominantLineEnding(file.text, undefined, start, end) ?? file.ending ?? dominantLineEnding(block.newText, undefined) ?? '\n';
}

/**
 * The occurrences of `needle` in `haystack` that do not overlap, left to right as `replaceAll` counts them, mapped
 * to offsets of the file. An occurrence that would cut a character apart is not one; nor is one that starts
 * inside a line's indentation with whitespace of its own, which is the model's indentation drifting, left to
 * the whitespace strategy so that the replacement is re-indented instead of nested one level too deep.
 */
function occurrences(file: SearchedFile, needle: string, haystack: string, toFile: (offset: number) => number): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  const text = file.text;
  const startsIndented = needle[0] === ' ' || needle[0] === '\t';
  for (let at = haystack.indexOf(needle); at !== -1; ) {
    const start = toFile(at);
    const end = toFile(at + needle.length);
    if (isOccurrence(text, start, end, startsIndented)) {
      found.push([start, end]);
      at = haystack.indexOf(needle, at + needle.length);
    } else at = haystack.indexOf(needle, at + 1);
  }
  return found;
}

/**
 * Verbatim matches are replaced verbatim, with one exception: a block that starts at a line's first non-blank
 * character, leaving out the indentation before it, and runs to the end of a line. Its new lines after the first
 * were written relative to a first line at column 0, so they are re-indented like a whitespace match's would be
 * (`log();` → `log();\nflush();` on an indented line puts `flush();` under `log();`, not at column 0).
 */
function verbatimPlaces(file: SearchedFile, block: BlockText, spans: Array<[number, number]>): Place[] {
  const text = file.text;
  return spans.map(([start, end]) => {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const endsLine = block.oldEndsLine || end === text.length || text[end] === '\n' || (text[end] === '\r' && text[end + 1] === '\n');
    if (block.newLines.length > 1 && lineStart < start && text.slice(lineStart, start).trim() === '' && endsLine) {
      const first = file.lineIndexAt(start);
      return linePlace(file, block, first, block.oldLines.length, block.oldLines.map((_, index) => index));
    }
    return { start, end, replacement: withLineEnding(block.newText, endingAt(file, block, start, end)) };
  });
}

function isOccurrence(text: string, start: number, end: number, startsIndented: boolean): boolean {
  if (!isCharacterBoundary(text, start) || !isCharacterBoundary(text, end)) return false;
  if (startsIndented && start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (text.slice(lineStart, start).trim() === '') return false;
  }
  return true;
}

export function exactPlaces(file: SearchedFile, block: BlockText): Place[] {
  return verbatimPlaces(file, block, occurrences(file, block.oldText, file.text, (offset) => offset));
}

/** The block as written but for CRLF against LF; `undefined` when neither side has a CR, as that is the exact search again. */
export function lineEndingPlaces(file: SearchedFile, block: BlockText): Place[] | undefined {
  if (!file.text.includes('\r\n') && !block.oldText.includes('\r\n')) return undefined;
  return verbatimPlaces(file, block, occurrences(file, block.oldLf, toLf(file.text), lfOffsetMapper(file.text)));
}

/**
 * The block's lines equal to consecutive whole lines of the file once leading and trailing whitespace is trimmed and
 * runs of spaces and tabs inside a line are taken as one; runs that do not overlap, left to right.
 */
export function whitespacePlaces(file: SearchedFile, block: BlockText): Place[] {
  const wanted = block.collapsed;
  const collapsed = file.collapsed;
  if (wanted.length === 0) return [];
  const identity = wanted.map((_, index) => index);
  const places: Place[] = [];
  for (let first = 0; first + wanted.length <= collapsed.length; ) {
    let line = 0;
    while (line < wanted.length && collapsed[first + line] === wanted[line]) line++;
    if (line === wanted.length) {
      places.push(linePlace(file, block, first, wanted.length, identity));
      first += wanted.length;
    } else first++;
  }
  return places;
}

/**
 * The fuzzy search's best run as a place. When the line counts agree, the block's lines stand for the run's one
 * to one, where they are at least half alike (a mistyped line still is; a line the model made up is not);
 * otherwise only lines that are the same once trimmed are known to stand for each other.
 */
export function windowPlace(file: SearchedFile, block: BlockText, window: ScoredWindow): Place {
  const windowTrimmed = file.trimmed.slice(window.first, window.first + window.count);
  const oldToWindow = window.count === block.oldLines.length
    ? block.trimmed.map((line, index) => (similarity(line, windowTrimmed[index]) >= LINE_ALIKE ? index : -1))
    : pairTrimmed(windowTrimmed, block.trimmed);
  return linePlace(file, block, window.first, window.count, oldToWindow);
}

function pairTrimmed(windowTrimmed: readonly string[], blockTrimmed: readonly string[]): number[] {
  // Lines the model left blank pair with nothing: a blank line is no evidence of where a block sits.
  const marked = blockTrimmed.map((line, index) => (line === '' ? `\u0000${index}` : line));
  return pairLines(windowTrimmed, marked);
}

/** Lines `[first, first + count)` replaced by the block's new lines, re-indented, with the file's line ending. */
function linePlace(file: SearchedFile, block: BlockText, first: number, count: number, oldToWindow: readonly number[]): Place {
  const lines = file.lines;
  const last = lines[first + count - 1];
  const start = lines[first].start;
  const end = block.oldEndsLine ? last.next : last.end;
  const ending = endingAt(file, block, start, last.next);
  const written = replacementLines({
    oldLines: block.oldLines,
    newLines: block.newLines,
    windowLines: file.lineTexts.slice(first, first + count),
    oldToWindow,
    fileLines: file.lineTexts,
  });
  // A block ending in a line break that matched the file's last line, which has none, keeps the file without one.
  const atEndWithoutBreak = block.oldEndsLine && last.next === last.end;
  const replacement = written.join(ending) + (block.newEndsLine && !atEndWithoutBreak ? ending : '');
  return { start, end, replacement };
}

/**
 * A deletion of whole lines (an empty new_string, old_string from a line's first character, or its indentation, to its
 * last, without the line break) takes a line break with it, or the file would keep a blank line: the break after the
 * lines, or on the file's last line, which has none, the break before them. Places are in file order.
 */
export function withWholeLinesDeleted(file: SearchedFile, places: readonly Place[]): Place[] {
  const text = file.text;
  let previousEnd = 0;
  return places.map((place) => {
    let { start, end } = place;
    if (place.replacement === '' && coversWholeLines(text, start, end)) {
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const newline = text.indexOf('\n', end);
      if (newline !== -1) [start, end] = [lineStart, newline + 1];
      else if (lineStart > 0) [start, end] = [Math.max(previousEnd, lineStart - (text[lineStart - 2] === '\r' ? 2 : 1)), text.length];
      else [start, end] = [0, text.length];
    }
    previousEnd = end;
    return { start, end, replacement: place.replacement };
  });
}

/** `[start, end)` holds whole lines but not the line break that ends the last of them (nor one before the first). */
function coversWholeLines(text: string, start: number, end: number): boolean {
  if (start >= end || text[start] === '\n' || text[start] === '\r' || text[end - 1] === '\n') return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline === -1 ? text.length : newline;
  return text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '';
}
