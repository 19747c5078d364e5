/** The shapes of the edit matcher: one replacement block the model asked for, and what became of it. */

/** One `old_string → new_string` replacement, as the model sends it in `replace_in_file`. */
export interface EditBlock {
  oldString: string;
  newString: string;
  /** How many places `oldString` must match; every one of them is replaced. Default 1. */
  expectedOccurrences?: number;
  /**
   * The 1-based line where the model saw the block start (in read_file). When `oldString` matches several places and
   * one occurrence is expected, the one place starting within `LINE_HINT_REACH` lines of it is chosen, if only one does.
   */
  lineHint?: number;
}

/** How a block was found: the first strategy that matched, strictest first. */
export type MatchKind = 'exact' | 'line-endings' | 'whitespace' | 'fuzzy';

export interface MatchOptions {
  /** Lowest similarity (0..1) a fuzzy match may have. Default 0.9. */
  fuzzyThreshold?: number;
}

/** Where the text that looked most like a failed block is, so the model (and the user) can see what differs. */
export interface NearestText {
  /** 1-based line where it starts. */
  line: number;
  text: string;
  /** Similarity 0..1. */
  score: number;
}

export type BlockResult =
  | {
      ok: true;
      kind: MatchKind;
      /** Similarity of what was replaced to `oldString`: 1 unless fuzzy. */
      score: number;
      /** How many places were replaced. */
      occurrences: number;
      /** 1-based first line of each replaced place, in the text the block was applied to. */
      lines: number[];
      /** Set when `lineHint` chose the place: how many places matched. */
      among?: number;
    }
  | {
      ok: false;
      reason: 'not-found' | 'ambiguous' | 'occurrences-mismatch' | 'empty-old-string' | 'no-change';
      /** For the model and the user: what went wrong and what to do. */
      message: string;
      nearest?: NearestText;
      /** For `ambiguous` / `occurrences-mismatch`: how many places matched. */
      found?: number;
    };

/** The result of applying a file's blocks: all of them or none. */
export type FileEditResult =
  | { ok: true; text: string; blocks: BlockResult[] }
  | { ok: false; blocks: BlockResult[] };
