/**
 * How alike two texts are: Levenshtein distance (Myers' bit-parallel algorithm, so a 2,000-character window costs
 * about 2,000 × 63 word operations instead of four million cells) and the similarity 1 - distance / longer length.
 */

/** Edit distance (insertions, deletions, substitutions of UTF-16 code units) between `a` and `b`. */
export function levenshtein(a: string, b: string): number {
  let start = 0;
  let endA = a.length;
  let endB = b.length;
  // A shared prefix and suffix cost nothing: most compared windows differ in a few places.
  while (start < endA && start < endB && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  if (endA === start) return endB - start;
  if (endB === start) return endA - start;
  // The shorter text is the bit-vector pattern: the work is its blocks times the longer one's length.
  return endA - start <= endB - start ? myers(a, start, endA, b, start, endB) : myers(b, start, endB, a, start, endA);
}

/** 1 for equal texts, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - levenshtein(a, b) / longer;
}

/** The best similarity two texts of these lengths could have: a cheap bound that skips hopeless comparisons. */
export function similarityBound(lengthA: number, lengthB: number): number {
  const longer = Math.max(lengthA, lengthB);
  return longer === 0 ? 1 : Math.min(lengthA, lengthB) / longer;
}

/**
 * Hyyrö's multi-word form of Myers' algorithm: the pattern's columns of the dynamic-programming table are kept
 * as bit vectors of vertical deltas, 32 rows per word, and advanced one text character at a time.
 */
function myers(pattern: string, patternStart: number, patternEnd: number, text: string, textStart: number, textEnd: number): number {
  const length = patternEnd - patternStart;
  if (length <= 32) return myersOneWord(pattern, patternStart, patternEnd, text, textStart, textEnd);
  const words = Math.ceil(length / 32);
  const matches = new Map<number, Int32Array>();
  for (let index = 0; index < length; index++) {
    const code = pattern.charCodeAt(patternStart + index);
    let bits = matches.get(code);
    if (!bits) matches.set(code, (bits = new Int32Array(words)));
    bits[index >> 5] |= 1 << (index & 31);
  }
  const positive = new Int32Array(words).fill(-1);
  const negative = new Int32Array(words);
  const none = new Int32Array(words);
  const lastBit = 1 << ((length - 1) & 31);
  let distance = length;
  for (let column = textStart; column < textEnd; column++) {
    const equal = matches.get(text.charCodeAt(column)) ?? none;
    // The top row of the table grows by one per column: the carry into the first word is +1.
    let carry = 1;
    for (let word = 0; word < words; word++) {
      const vertical = positive[word];
      const verticalNegative = negative[word];
      let eq = equal[word];
      const xv = eq | verticalNegative;
      if (carry < 0) eq |= 1;
      const xh = (((eq & vertical) + vertical) ^ vertical) | eq;
      let horizontal = verticalNegative | ~(xh | vertical);
      let horizontalNegative = vertical & xh;
      const high = word === words - 1 ? lastBit : 1 << 31;
      const out = horizontal & high ? 1 : horizontalNegative & high ? -1 : 0;
      horizontal <<= 1;
      horizontalNegative <<= 1;
      if (carry < 0) horizontalNegative |= 1;
      else if (carry > 0) horizontal |= 1;
      positive[word] = horizontalNegative | ~(xv | horizontal);
      negative[word] = horizontal & xv;
      carry = out;
    }
    distance += carry;
  }
  return distance;
}

// One pattern character's bit mask per UTF-16 code, shared by the short comparisons (and left zeroed after each):
// a typed-array lookup is what makes comparing a line with each of ten thousand lines cheap.
const oneWordMatches = new Int32Array(0x10000);

/** The same algorithm for a pattern of at most 32 code units: one machine word, no carries between words. */
function myersOneWord(pattern: string, patternStart: number, patternEnd: number, text: string, textStart: number, textEnd: number): number {
  const length = patternEnd - patternStart;
  for (let index = 0; index < length; index++) oneWordMatches[pattern.charCodeAt(patternStart + index)] |= 1 << index;
  const lastBit = 1 << (length - 1);
  let positive = -1;
  let negative = 0;
  let distance = length;
  for (let column = textStart; column < textEnd; column++) {
    let eq = oneWordMatches[text.charCodeAt(column)];
    const xv = eq | negative;
    eq |= ((eq & positive) + positive) ^ positive;
    let horizontal = negative | ~(eq | positive);
    let horizontalNegative = positive & eq;
    if (horizontal & lastBit) distance++;
    if (horizontalNegative & lastBit) distance--;
    horizontal = (horizontal << 1) | 1;
    horizontalNegative <<= 1;
    positive = horizontalNegative | ~(xv | horizontal);
    negative = horizontal & xv;
  }
  for (let index = 0; index < length; index++) oneWordMatches[pattern.charCodeAt(patternStart + index)] = 0;
  return distance;
}

function isWordCode(code: number): boolean {
  // ASCII letters, digits, _ and $; anything beyond ASCII (accented letters, CJK, emoji) counts as part of a word.
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36 || code >= 128;
}

/**
 * The tokens of `line` (words, and single punctuation characters) as FNV-1a hashes, appended to `into`:
 * the cheap currency of the fuzzy prefilter, which never builds a string per token. Returns how many.
 */
export function tokenHashes(line: string, into: number[]): number {
  let count = 0;
  for (let index = 0; index < line.length; ) {
    const code = line.charCodeAt(index);
    if (code <= 32) {
      index++;
      continue;
    }
    let hash = 0x811c9dc5;
    if (!isWordCode(code)) hash = Math.imul(hash ^ line.charCodeAt(index++), 0x01000193);
    else {
      while (index < line.length && isWordCode(line.charCodeAt(index))) hash = Math.imul(hash ^ line.charCodeAt(index++), 0x01000193);
    }
    // 30 bits: small integers stay unboxed in V8, which keeps the prefilter's map lookups cheap.
    into.push(hash & 0x3fffffff);
    count++;
  }
  return count;
}
