/**
 * Token counts with the o200k tokenizer as the proxy for Grok's, and estimates for what is not counted.
 * Measured here: chars/4 under-counts code by 11-32% (C ≈ 2.9 bytes/token, JS/TS ≈ 3.4-3.5), so the default estimate
 * uses 3 bytes/token and each extension's ratio is calibrated from the exact counts made in the same session.
 */
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { requestBudget, type BudgetInputs } from './budget';

/** Special-token text such as "<|endoftext|>" inside a file is ordinary text, not a control token. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * The longest run of whitespace or of non-whitespace characters the tokenizer is given in one piece. Its BPE merge is
 * roughly quadratic in the length of one pre-token (measured: 16K unbroken characters 0.44 s, 32K 1.7 s, 64K 4.9 s),
 * and a pre-token never spans more than one such run (plus a character each side), so cutting runs at this length
 * bounds the work per character: no input makes counting superlinear. Ordinary text has no run this long and is
 * counted exactly in one piece; a longer run (a data URI, a hash wall, a minified bundle inside a normal file) is
 * counted slice by slice, which can differ from the whole-run count by a token or so per slice.
 */
export const MAX_RUN_CHARS = 256;

/** JavaScript's `\s`, the whitespace the tokenizer's pre-token pattern separates on. */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * Counts `text` with `count` (the tokenizer), giving it pieces in which no run of whitespace or non-whitespace is
 * longer than MAX_RUN_CHARS. One linear pass; a text without such a run is a single piece.
 */
export function countInBoundedPieces(text: string, count: (piece: string) => number): number {
  let total = 0;
  let pieceStart = 0;
  let runStart = 0;
  let runIsSpace = text.length > 0 && isWhitespace(text.charCodeAt(0));
  for (let i = 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = isWhitespace(code);
    if (space !== runIsSpace) {
      runStart = i;
      runIsSpace = space;
    } else if (i - runStart >= MAX_RUN_CHARS && !(code >= 0xdc00 && code <= 0xdfff)) {
      // cut before `i` (never between the halves of a surrogate pair)
      total += count(text.slice(pieceStart, i));
      pieceStart = i;
      runStart = i;
    }
  }
  return total + count(pieceStart === 0 ? text : text.slice(pieceStart));
}

export function countTokens(text: string): number {
  return countInBoundedPieces(text, (piece) => countO200k(piece, AS_TEXT));
}

export const DEFAULT_BYTES_PER_TOKEN = 3;

/** The snapshot's share of the window once the system prompt, the history share and the answer reserve are held back. */
export function contextBudget(inputs: BudgetInputs): number {
  return requestBudget(inputs).snapshot;
}

/** Bytes-per-token ratios learnt per file extension from exact counts. */
export class TokenEstimator {
  private readonly samples = new Map<string, { bytes: number; tokens: number }>();

  learn(extension: string, bytes: number, tokens: number): void {
    if (bytes < 64 || tokens === 0) return; // tiny files say little about a language
    const sample = this.samples.get(extension) ?? { bytes: 0, tokens: 0 };
    sample.bytes += bytes;
    sample.tokens += tokens;
    this.samples.set(extension, sample);
  }

  bytesPerToken(extension: string): number {
    const sample = this.samples.get(extension);
    // Until enough is seen, stay with the conservative default.
    if (!sample || sample.tokens < 2000) return DEFAULT_BYTES_PER_TOKEN;
    return sample.bytes / sample.tokens;
  }

  estimate(extension: string, bytes: number): number {
    return Math.ceil(bytes / this.bytesPerToken(extension));
  }
}
