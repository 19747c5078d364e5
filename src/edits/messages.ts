/** What a refused block tells the model (and the user): what was wrong, where, and what to send instead. */
import type { NearestText } from './types';

const REREAD = 'Re-read the file with read_file and copy old_string from it exactly (indentation included), then send the edit again.';

function places(count: number): string {
  return count === 1 ? '1 place' : `${count} places`;
}

/** "line 4", "lines 3 and 9", "lines 1, 2, 3, … and 12 more". */
export function lineList(lines: readonly number[]): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  const shown = lines.slice(0, 8);
  const rest = lines.length - shown.length;
  if (rest > 0) return `lines ${shown.join(', ')}, … and ${rest} more`;
  return `lines ${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

export function noChangeMessage(): string {
  return 'old_string and new_string are the same, so this block would change nothing. Leave it out, or put the change you mean in new_string.';
}

export function emptyOldStringMessage(): string {
  return 'old_string is empty, which only works on an empty file. To insert text, put the line(s) next to the insertion point in old_string and repeat them in new_string with your addition; to rewrite the whole file, call write_file with its whole new content instead.';
}

export function lineEndingsAlreadyMessage(): string {
  return 'old_string and new_string differ only in line endings, and the file already has the line endings of new_string, so this block would change nothing. Leave it out.';
}

export function invalidOccurrencesMessage(value: number): string {
  return `expected_occurrences must be a whole number of 1 or more (it was ${value}). Nothing was changed.`;
}

export function ambiguousMessage(count: number, lines: readonly number[], loosely: boolean): string {
  const how = loosely ? ' when indentation and the length of runs of spaces and tabs are ignored' : '';
  return `old_string matches ${places(count)}${how} (${lineList(lines)}), so it is not clear which to change. Nothing was changed. Set line_hint to the line where the place you mean starts (as read_file numbers it), include more of the surrounding lines in old_string so it matches only that place, or set expected_occurrences to ${count} to change all of them.`;
}

export function hintMissMessage(count: number, lines: readonly number[], hint: number, near: number): string {
  const within = near === 0 ? 'none of them starts' : `${near} of them start`;
  return `old_string matches ${places(count)} (${lineList(lines)}) and ${within} within 10 lines of line_hint ${hint}, so it is not clear which to change. Nothing was changed. Re-read the file with read_file and give the line where the place you mean starts as line_hint, or include more of the surrounding lines in old_string so it matches only that place.`;
}

export function mismatchMessage(expected: number, count: number, lines: readonly number[]): string {
  return `expected_occurrences is ${expected}, but old_string matches ${places(count)} (${lineList(lines)}). Nothing was changed. Set expected_occurrences to ${count} if every one of them should change, or make old_string match exactly the places you mean.`;
}

export function overlapMessage(count: number, lines: readonly number[]): string {
  return `old_string matches ${places(count)} that overlap (${lineList(lines)}), so they cannot all be replaced. Nothing was changed. Make old_string longer so that it matches only the place you mean.`;
}

export function fuzzyTieMessage(count: number, lines: readonly number[], score: number): string {
  return `old_string was not found exactly, and ${places(count)} look equally like it (${lineList(lines)}, similarity ${score}). Nothing was changed. ${REREAD} Include enough surrounding lines to make it unique.`;
}

export function notFoundMessage(nearest: NearestText | undefined, threshold: number, fileIsEmpty: boolean): string {
  if (fileIsEmpty) return 'old_string was not found: the file is empty. To give it content, send one block with an empty old_string and the whole content as new_string.';
  if (!nearest) return `old_string was not found in the file. Nothing was changed. ${REREAD}`;
  return `old_string was not found in the file, not even with indentation and whitespace ignored. Nothing was changed. The most similar text starts at line ${nearest.line} (similarity ${nearest.score}; an inexact match needs ${threshold}):\n${nearest.text}\n${REREAD}`;
}
