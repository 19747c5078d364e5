/**
 * A proposal as hunks: the runs of lines that differ between the file as the model saw it and the proposed text.
 * Hunks are what the editor shows per-hunk Accept/Reject on, and what a stale proposal is re-matched with.
 * Texts keep their own line endings throughout: hunks carry them verbatim.
 */
import { createTwoFilesPatch, diffLines } from 'diff';
import type { EditBlock } from './types';

export interface Hunk {
  /** 0-based line in the base text where the hunk starts. */
  baseLine: number;
  /** Lines of the base text it replaces, with their line endings ('' for a pure insertion). */
  removed: string;
  /** The lines that replace them ('' for a pure deletion). */
  added: string;
}

/** Splits text into lines that keep their terminators, so joining them gives the text back byte for byte. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function countLines(text: string): number {
  return splitLines(text).length;
}

export function computeHunks(base: string, proposed: string): Hunk[] {
  const hunks: Hunk[] = [];
  let line = 0;
  let open: Hunk | undefined;
  for (const change of diffLines(base, proposed)) {
    if (!change.added && !change.removed) {
      open = undefined;
      line += change.count ?? countLines(change.value);
      continue;
    }
    if (!open) {
      open = { baseLine: line, removed: '', added: '' };
      hunks.push(open);
    }
    if (change.removed) {
      open.removed += change.value;
      line += change.count ?? countLines(change.value);
    } else open.added += change.value;
  }
  return hunks;
}

/** Lines added and removed over all hunks (what a card shows as +N −M). */
export function lineCounts(hunks: readonly Hunk[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const hunk of hunks) {
    added += countLines(hunk.added);
    removed += countLines(hunk.removed);
  }
  return { added, removed };
}

/** Character offsets in `base` that each hunk replaces, with its new text: the edits to make on a document equal to `base`. */
export function hunkOffsets(base: string, hunks: readonly Hunk[]): Array<{ start: number; end: number; text: string }> {
  const lines = splitLines(base);
  const lineStarts: number[] = [0];
  for (const line of lines) lineStarts.push(lineStarts[lineStarts.length - 1] + line.length);
  return hunks.map((hunk) => {
    const start = lineStarts[Math.min(hunk.baseLine, lines.length)];
    return { start, end: start + hunk.removed.length, text: hunk.added };
  });
}

/** `base` with only the chosen hunks applied (the others keep the base text). */
export function applyHunks(base: string, hunks: readonly Hunk[]): string {
  let result = '';
  let at = 0;
  for (const edit of hunkOffsets(base, hunks).sort((a, b) => a.start - b.start)) {
    result += base.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + base.slice(at);
}

/**
 * Hunks as matcher blocks with up to `context` unchanged lines around them, to re-apply a proposal to a file that
 * changed since: the context keeps a short hunk from matching in the wrong place.
 */
export function hunksAsBlocks(base: string, hunks: readonly Hunk[], context = 2): EditBlock[] {
  const lines = splitLines(base);
  return hunks.map((hunk) => {
    const removedCount = countLines(hunk.removed);
    const before = lines.slice(Math.max(0, hunk.baseLine - context), hunk.baseLine).join('');
    const after = lines.slice(hunk.baseLine + removedCount, hunk.baseLine + removedCount + context).join('');
    return { oldString: before + hunk.removed + after, newString: before + hunk.added + after };
  });
}

/** A unified diff of one file, as `git diff` would print it (for the command line's --propose). */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined): string {
  return createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${path}`, after === undefined ? '/dev/null' : `b/${path}`, before ?? '', after ?? '', undefined, undefined, { context: 3 });
}
