/** The shape of an edit-matcher case, shared by the unit tests and `npm run bench:edits`. */
import type { BlockResult, EditBlock, MatchKind, MatchOptions } from '../../src/edits/types';

export type RefusalReason = Extract<BlockResult, { ok: false }>['reason'];

/** The file must become exactly `text`. */
export interface ExpectedText {
  text: string;
  /** Each block's match kind, in order. */
  kinds?: MatchKind[];
  /** The (single) block's reported score. */
  score?: number;
  /** Each block's replaced lines (1-based), in order. */
  lines?: number[][];
}

/** The file must be refused, nothing returned. */
export interface ExpectedRefusal {
  refusal: RefusalReason;
  /** The blocks that fail (default: only the first); the first of them fails with `refusal`. */
  failing?: number[];
  /** For ambiguous / occurrences-mismatch: the count reported. */
  found?: number;
  /** The nearest text's line, or null when there must be none. */
  nearestLine?: number | null;
}

export interface EditCase {
  name: string;
  /** The class of edit the case stands for, reported separately by `npm run bench:edits`; none for the first corpus. */
  category?: string;
  file: string;
  blocks: EditBlock[];
  options?: MatchOptions;
  expected: ExpectedText | ExpectedRefusal;
}

export function edit(oldString: string, newString: string, expectedOccurrences?: number, lineHint?: number): EditBlock {
  return {
    oldString,
    newString,
    ...(expectedOccurrences !== undefined ? { expectedOccurrences } : {}),
    ...(lineHint !== undefined ? { lineHint } : {}),
  };
}

export function expectsText(expected: EditCase['expected']): expected is ExpectedText {
  return 'text' in expected;
}
