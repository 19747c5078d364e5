/**
 * The `search` tool's matcher. The model writes the pattern, so a regular expression runs on RE2 (re2js, linear time
 * in the line's length): a pattern like `^(a+)+$` cannot freeze the extension host the way a backtracking engine
 * would. Plain text is a substring test, no regular expression at all.
 */
import { RE2JS } from 're2js';

export interface LineMatcher {
  /** Whether a line holds a match. */
  test(line: string): boolean;
  /** False when no line of the text can hold a match: one pass over a file that lets most files skip the per-line tests. */
  mayMatch(text: string): boolean;
}

export type SearchPattern = ({ ok: true } & LineMatcher) | { ok: false; error: string };

/** Anchors that keep meaning the text's start and end in multi-line mode (\A, \z, multi-line turned off inline): with
 *  these a whole-text pass is no longer a safe first filter. */
const TEXT_ANCHORS = /\\[Az]|\(\?[a-zA-Z]*-[a-zA-Z]*m/;

/**
 * RE2's work is linear in the text and in the compiled program: `(?:x?){1000}` compiles to thousands of instructions
 * and would keep the host busy for minutes on a long line. Patterns a model writes to find code are far smaller.
 */
export const MAX_PROGRAM_SIZE = 200;
/** Up to this size a whole-file pre-pass (one RE2 run over the text) is cheaper than what it saves. */
const WHOLE_TEXT_PASS_MAX = 60;

/** What a backtracking engine offers and RE2 cannot do in linear time: lookaround and backreferences. */
const UNSUPPORTED = /\(\?<?[=!]|\\[1-9]|\\k</;

export function compileSearchPattern(query: string, isRegex: boolean): SearchPattern {
  if (!isRegex) {
    const test = (text: string) => text.indexOf(query) !== -1;
    return { ok: true, test, mayMatch: test };
  }
  let compiled: RE2JS;
  let anyLine: RE2JS;
  try {
    compiled = RE2JS.compile(fromJavaScriptSyntax(query));
    // With ^ and $ at line boundaries, a match in a line is a match in the whole text (the converse need not hold:
    // \s can cross a newline), so a text without one has no line with one.
    anyLine = RE2JS.compile(fromJavaScriptSyntax(query), RE2JS.MULTILINE);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (UNSUPPORTED.test(query)) {
      return {
        ok: false,
        error: `"${query}" uses lookaround or a backreference, which this search does not support (it runs on RE2, in linear time): rephrase the pattern without them, e.g. search for the surrounding text and read the lines. (${message})`,
      };
    }
    return { ok: false, error: `"${query}" is not a valid regular expression (RE2 syntax): ${message}` };
  }
  if (compiled.programSize() > MAX_PROGRAM_SIZE) {
    return { ok: false, error: `"${query.slice(0, 200)}" is too complex to search with (its compiled size is ${compiled.programSize()}, the limit ${MAX_PROGRAM_SIZE}): use fewer and smaller counted repetitions.` };
  }
  const mayMatch = TEXT_ANCHORS.test(query) || compiled.programSize() > WHOLE_TEXT_PASS_MAX ? () => true : (text: string) => anyLine.test(text);
  return { ok: true, test: (line) => compiled.test(line), mayMatch };
}

/**
 * Models write JavaScript regular expressions (we used to run them with the `u` flag); RE2 already matches by code
 * point, so only JavaScript's Unicode escapes need rewriting: `\uXXXX` and `\u{X…}` become RE2's `\x{…}`. Escaped
 * backslashes are kept as they are.
 */
function fromJavaScriptSyntax(pattern: string): string {
  return pattern.replace(/\\\\|\\u\{([0-9A-Fa-f]{1,6})\}|\\u([0-9A-Fa-f]{4})/g, (escape, braced?: string, four?: string) => {
    const hex = braced ?? four;
    return hex === undefined ? escape : `\\x{${hex}}`;
  });
}
