/**
 * Re-indenting a replacement to where it lands. The model often copies a block with the wrong indentation (a
 * method shown at column 0, spaces where the file has tabs); its new lines must still sit where the file's do.
 */
import { pairLines } from './align';

export interface LineReplacement {
  /** The block's `old_string`, one entry per line. */
  oldLines: readonly string[];
  /** The block's `new_string`, one entry per line. */
  newLines: readonly string[];
  /** The file's lines that were matched, as they are. */
  windowLines: readonly string[];
  /** For each old line, the index in `windowLines` of the line it stands for, or -1. */
  oldToWindow: readonly number[];
  /** Every line of the file: how it indents when the matched lines do not say. */
  fileLines: readonly string[];
}

const DEFAULT_TAB_WIDTH = 4;
const TRAILING = /[ \t]$/;

export function leadingWhitespace(line: string): string {
  let index = 0;
  while (index < line.length && (line[index] === ' ' || line[index] === '\t')) index++;
  return line.slice(0, index);
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function columns(indent: string, tabWidth: number): number {
  let column = 0;
  for (const character of indent) column = character === '\t' ? (Math.floor(column / tabWidth) + 1) * tabWidth : column + 1;
  return column;
}

function renderIndent(column: number, useTabs: boolean, tabWidth: number): string {
  return useTabs ? '\t'.repeat(Math.floor(column / tabWidth)) + ' '.repeat(column % tabWidth) : ' '.repeat(column);
}

/** Positive when more lines indent with a tab than with a space, negative for spaces, 0 when they do not say. */
function tabPreference(lines: readonly string[]): number {
  let preference = 0;
  for (const line of lines) {
    if (line[0] === '\t' && !isBlank(line)) preference++;
    else if (line[0] === ' ' && !isBlank(line)) preference--;
  }
  return preference;
}

/** The most common step between consecutive space-indented lines (2 or 4, usually), if there is one. */
function spaceUnit(lines: readonly string[]): number | undefined {
  const steps = new Map<number, number>();
  let previous: number | undefined;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const indent = leadingWhitespace(line);
    if (indent.includes('\t')) {
      previous = undefined;
      continue;
    }
    const step = previous === undefined ? 0 : Math.abs(indent.length - previous);
    if (step > 0 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = indent.length;
  }
  let unit: number | undefined;
  for (const [step, count] of steps) {
    if (unit === undefined || count > steps.get(unit)! || (count === steps.get(unit) && step < unit)) unit = step;
  }
  return unit;
}

/**
 * How many columns a tab stands for when one side indents with tabs and the other with spaces: read off the
 * anchor lines when they line up (`\t\t` against 8 spaces is 4), else the space side's indentation step.
 */
function tabWidthBetween(fileIndent: string, blockIndent: string, spaceSide: () => readonly string[]): number {
  const fileTabs = /^\t+$/.test(fileIndent);
  const blockTabs = /^\t+$/.test(blockIndent);
  const fileSpaces = /^ +$/.test(fileIndent);
  const blockSpaces = /^ +$/.test(blockIndent);
  if ((fileTabs && blockSpaces) || (fileSpaces && blockTabs)) {
    const tabs = fileTabs ? fileIndent.length : blockIndent.length;
    const spaces = fileTabs ? blockIndent.length : fileIndent.length;
    if (spaces % tabs === 0) return spaces / tabs;
  }
  return spaceUnit(spaceSide()) ?? DEFAULT_TAB_WIDTH;
}

/**
 * The (block, file) indentation of each non-blank old line and the file line it stands for; when none stand for
 * each other, the first non-blank line of each.
 */
function indentPairs(oldLines: readonly string[], windowLines: readonly string[], oldToWindow: readonly number[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  oldLines.forEach((line, index) => {
    const windowIndex = oldToWindow[index];
    if (!isBlank(line) && windowIndex >= 0 && !isBlank(windowLines[windowIndex])) pairs.push([leadingWhitespace(line), leadingWhitespace(windowLines[windowIndex])]);
  });
  if (pairs.length > 0) return pairs;
  const oldLine = oldLines.find((line) => !isBlank(line));
  const windowLine = windowLines.find((line) => !isBlank(line));
  return [[oldLine === undefined ? '' : leadingWhitespace(oldLine), windowLine === undefined ? '' : leadingWhitespace(windowLine)]];
}

/**
 * The indentation step a set of lines uses, in columns: the most common difference between consecutive non-blank
 * lines' indentation (2 or 4, usually), the smaller among equals; undefined when the lines never step.
 */
function columnUnit(lines: readonly string[], tabWidth: number): number | undefined {
  const steps = new Map<number, number>();
  let previous: number | undefined;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const column = columns(leadingWhitespace(line), tabWidth);
    const step = previous === undefined ? 0 : Math.abs(column - previous);
    if (step > 0 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = column;
  }
  let unit: number | undefined;
  for (const [step, count] of steps) {
    if (unit === undefined || count > steps.get(unit)! || (count === steps.get(unit) && step < unit)) unit = step;
  }
  return unit;
}

// A block with many places (expected_occurrences) re-indents each against the same file: its step is read once.
const fileUnits = new WeakMap<readonly string[], Map<number, number | undefined>>();

function fileColumnUnit(fileLines: readonly string[], tabWidth: number): number | undefined {
  let byWidth = fileUnits.get(fileLines);
  if (!byWidth) fileUnits.set(fileLines, (byWidth = new Map()));
  if (!byWidth.has(tabWidth)) byWidth.set(tabWidth, columnUnit(fileLines, tabWidth));
  return byWidth.get(tabWidth);
}

/** A block's indentation column and the file's column for the line it stands for. */
interface Anchor {
  block: number;
  file: number;
}

/**
 * Where a block's indentation lands in the file, one rule for every line of the block. Block columns that matched
 * lines have are mapped to those lines' file columns (the most common one when the copy was uneven); any other column
 * is measured from the nearest such column, shallower first, in indentation levels: levels of the block's own step
 * become levels of the file's step (a block indented by 2 nests by 4 in a file indented by 4), and what is left over
 * (alignment) is kept as it is; when the anchors at two or more depths all moved alike, the block's steps already are
 * the file's and distances are kept. So a new line nests under the file's line as it nests under the block's, whatever
 * the drift of the lines around it. One exception: a block copied from the middle of a line lacks only its first
 * line's indentation; that line's column then says nothing about the others and is used for the first new line only.
 */
class IndentMap {
  private readonly anchors: Anchor[];
  private readonly first?: Anchor;

  private units?: [block: number | undefined, file: number | undefined];
  private readonly even: boolean;

  constructor(
    pairs: readonly Anchor[],
    /** The two indent steps, asked for only when a column is not an anchor's (reading a whole file's lines costs). */
    private readonly unitsOf: () => [block: number | undefined, file: number | undefined],
  ) {
    const rest = IndentMap.collapse(pairs.slice(1));
    const head = pairs[0];
    // Only a first line at column 0 against an indented file line can have lost its indentation to the copy.
    const lostIndent = head !== undefined && head.block === 0 && head.file > 0 && rest.length > 0;
    if (lostIndent && IndentMap.mapWith(rest, head.block, (distance) => this.scale(distance)) !== head.file) {
      this.anchors = rest;
      this.first = head;
    } else this.anchors = IndentMap.collapse(pairs);
    // Anchors at two or more depths, all moved alike: the block's structure already is the file's, steps included.
    const shift = this.anchors[0] ? this.anchors[0].file - this.anchors[0].block : 0;
    this.even = this.anchors.length > 1 && this.anchors.every((anchor) => anchor.file - anchor.block === shift);
  }

  /** The file column for a new line at block column `column`; `isFirst`: the first line of new_string. */
  fileColumn(column: number, isFirst: boolean): number {
    if (isFirst && this.first) return Math.max(0, this.first.file + this.scale(column - this.first.block));
    return IndentMap.mapWith(this.anchors, column, (distance) => this.scale(distance));
  }

  /** A distance in block columns as file columns: whole block levels become file levels, the rest is kept. */
  private scale(distance: number): number {
    if (this.even) return distance;
    const [blockUnit, fileUnit] = (this.units ??= this.unitsOf());
    if (blockUnit === undefined || fileUnit === undefined || blockUnit === fileUnit) return distance;
    const size = Math.abs(distance);
    return Math.sign(distance) * (Math.floor(size / blockUnit) * fileUnit + (size % blockUnit));
  }

  private static mapWith(anchors: readonly Anchor[], column: number, scale: (distance: number) => number): number {
    let below: Anchor | undefined;
    let above: Anchor | undefined;
    for (const anchor of anchors) {
      if (anchor.block === column) return anchor.file;
      if (anchor.block < column && (!below || anchor.block > below.block)) below = anchor;
      if (anchor.block > column && (!above || anchor.block < above.block)) above = anchor;
    }
    if (below) return below.file + scale(column - below.block);
    return above ? Math.max(0, above.file - scale(above.block - column)) : column;
  }

  /** One anchor per block column: the file column most of its lines have, the earliest among equals. */
  private static collapse(pairs: readonly Anchor[]): Anchor[] {
    const byBlock = new Map<number, number[]>();
    for (const pair of pairs) byBlock.set(pair.block, [...(byBlock.get(pair.block) ?? []), pair.file]);
    return [...byBlock].map(([block, files]) => ({ block, file: mostCommon(files) }));
  }
}

/** The most common value, the earliest among equals. */
function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = values[0];
  for (const value of values) if (counts.get(value)! > counts.get(best)!) best = value;
  return best;
}

/**
 * The lines that replace the matched ones. A new line equal to an old line the model left alone is written as
 * the file has it (its own indentation and trailing whitespace, even where the model's copy had drifted); every
 * other line is indented by the block's one map onto the file (IndentMap), with tabs or spaces as the file indents.
 */
export function replacementLines(replacement: LineReplacement): string[] {
  const { oldLines, newLines, windowLines, oldToWindow, fileLines } = replacement;
  const pairs = pairLines(oldLines, newLines);
  const indents = indentPairs(oldLines, windowLines, oldToWindow);
  const [blockIndent, fileIndent] = indents.find(([block, file]) => block !== '' && file !== '') ?? indents[0];
  const blockLines = [...oldLines, ...newLines];
  const blockPreference = tabPreference(blockLines);
  const filePreference = tabPreference(windowLines) || tabPreference(fileLines) || blockPreference;
  const useTabs = filePreference > 0;
  // When both sides indent alike a tab's width changes nothing that is written; when they differ it decides it.
  const sameStyle = blockPreference !== 0 && (blockPreference > 0) === useTabs;
  const tabWidth = sameStyle ? DEFAULT_TAB_WIDTH : tabWidthBetween(fileIndent, blockIndent, () => (useTabs ? blockLines : fileLines));
  const anchors = indents.map(([block, file]) => ({ block: columns(block, tabWidth), file: columns(file, tabWidth) }));
  const map = new IndentMap(anchors, () => [columnUnit(blockLines, tabWidth), useTabs ? tabWidth : fileColumnUnit(fileLines, tabWidth)]);

  // Trailing whitespace the model's copy has where the file has none is an artefact of the copy: not written.
  const trailingDrift = oldLines.some((line, index) => oldToWindow[index] >= 0 && TRAILING.test(line) && !TRAILING.test(windowLines[oldToWindow[index]]));

  return newLines.map((line, index) => {
    const oldIndex = pairs[index];
    const windowIndex = oldIndex >= 0 ? oldToWindow[oldIndex] : -1;
    if (windowIndex >= 0) return windowLines[windowIndex];
    if (isBlank(line)) return trailingDrift ? '' : line;
    const indent = leadingWhitespace(line);
    const column = map.fileColumn(columns(indent, tabWidth), index === 0);
    const rest = line.slice(indent.length);
    return renderIndent(column, useTabs, tabWidth) + (trailingDrift ? rest.trimEnd() : rest);
  });
}
