/**
 * Line endings, the byte-order mark and where lines are: what the file uses, so a replacement is written the
 * same way and a match never lands inside a CRLF pair, a surrogate pair or a character's combining marks.
 */

export const BYTE_ORDER_MARK = '\uFEFF';

export type LineEnding = '\r\n' | '\n';

/** One line of a text: `[start, end)` is its content without the line break, `next` where the following line starts. */
export interface LineSpan {
  start: number;
  end: number;
  next: number;
}

const CARRIAGE_RETURN = 13;

/** The lines of `text`. A final line break does not open an empty last line, as editors count lines. */
export function splitLines(text: string): LineSpan[] {
  const lines: LineSpan[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      lines.push({ start, end: text.length, next: text.length });
      break;
    }
    const end = newline > start && text.charCodeAt(newline - 1) === CARRIAGE_RETURN ? newline - 1 : newline;
    lines.push({ start, end, next: newline + 1 });
    start = newline + 1;
  }
  return lines;
}

/** The line ending used most in `text[from, to)`, or `fallback` when it has none or as many of each. */
export function dominantLineEnding(text: string, fallback: LineEnding | undefined, from = 0, to = text.length): LineEnding | undefined {
  let crlf = 0;
  let lf = 0;
  for (let index = text.indexOf('\n', from); index !== -1 && index < to; index = text.indexOf('\n', index + 1)) {
    if (index > 0 && text.charCodeAt(index - 1) === CARRIAGE_RETURN) crlf++;
    else lf++;
  }
  if (crlf > lf) return '\r\n';
  if (lf > crlf) return '\n';
  return fallback;
}

/** `text` with every CRLF and LF written as `ending` (a lone CR is content, not a line break, and stays). */
export function withLineEnding(text: string, ending: LineEnding): string {
  return text.split(/\r?\n/).join(ending);
}

export function toLf(text: string): string {
  return text.includes('\r\n') ? text.split('\r\n').join('\n') : text;
}

/**
 * Maps offsets in `toLf(text)` back to offsets in `text`: a search can run on the normalised text and the
 * replacement still cut the original at the right places.
 */
export function lfOffsetMapper(text: string): (lfOffset: number) => number {
  // Where each CRLF's CR lands once the CRs before it are gone: the k-th sits at original offset - k.
  const shifted: number[] = [];
  for (let index = text.indexOf('\r\n'); index !== -1; index = text.indexOf('\r\n', index + 2)) shifted.push(index - shifted.length);
  return (lfOffset) => {
    let low = 0;
    let high = shifted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (shifted[middle] < lfOffset) low = middle + 1;
      else high = middle;
    }
    return lfOffset + low;
  };
}

// Characters that belong to the one before them: combining marks (accents, variation selectors), the
// zero-width joiner of emoji sequences and the skin-tone modifiers.
const CONTINUES_CHARACTER = /^[\p{M}\u200D\p{Emoji_Modifier}]/u;

/**
 * Whether `offset` may start or end a replacement: not between CR and LF, not inside a surrogate pair, not
 * before a mark that would then attach to a different character, not just after a zero-width joiner.
 */
export function isCharacterBoundary(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return true;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  if (before === CARRIAGE_RETURN && after === 10) return false;
  if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) return false;
  if (before === 0x200d) return false;
  return !CONTINUES_CHARACTER.test(text.slice(offset, offset + 2));
}

/** 1-based line numbers of sorted `offsets`, counted in one pass. */
export function lineNumbers(text: string, offsets: readonly number[]): number[] {
  const numbers: number[] = [];
  let line = 1;
  let position = 0;
  for (const offset of offsets) {
    for (let index = text.indexOf('\n', position); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
    position = Math.max(position, offset);
    numbers.push(line);
  }
  return numbers;
}

/**
 * `text` with its line breaks, in order, replaced by those of `model`, when both have as many (an edit whose only
 * change is line endings writes them as given); otherwise `text` as it is.
 */
export function withLineBreaksOf(text: string, model: string): string {
  const breaks = model.match(/\r?\n/g) ?? [];
  const parts = text.split(/\r?\n/);
  if (parts.length !== breaks.length + 1) return text;
  return parts.map((part, index) => (index === 0 ? part : breaks[index - 1] + part)).join('');
}
