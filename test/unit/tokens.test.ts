import * as assert from 'node:assert/strict';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { MAX_RUN_CHARS, countInBoundedPieces, countTokens } from '../../src/context/tokens';

/** The longest run of whitespace or of non-whitespace characters in `text`. */
function longestRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/\s+|\S+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}

/** Replaces the tokenizer for the duration of `work`, recording every piece it is given. A piece holding a run of more
 *  than SPY_LIMIT characters is not tokenized (unbounded, that would take minutes): it is recorded and counted as 0. */
const SPY_LIMIT = 4096;
function withTokenizerSpy<T>(work: () => T): { value: T; pieces: string[] } {
  // the module's own exports object (the namespace import is read-only); src/context/tokens.ts reads through it
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require('gpt-tokenizer/encoding/o200k_base') as { countTokens: typeof o200k.countTokens };
  const real = module.countTokens;
  const pieces: string[] = [];
  module.countTokens = ((piece: string, options?: Parameters<typeof o200k.countTokens>[1]) => {
    pieces.push(piece);
    return longestRun(piece) > SPY_LIMIT ? 0 : real(piece, options);
  }) as typeof o200k.countTokens;
  try {
    return { value: work(), pieces };
  } finally {
    module.countTokens = real;
  }
}

const ordinaryLines = Array.from({ length: 2000 }, (_, i) => `export const value${i} = compute(${i}, "label ${i}");`).join('\n');

describe('token counting', () => {
  it('counts a file of short lines holding a 1 MB unbroken run in bounded slices, never giving the tokenizer a longer run', () => {
    const run = 'QUJD'.repeat(256 * 1024); // 1 MB with no whitespace, the shape of an inlined data URI
    const text = `${ordinaryLines}\nconst image = "data:image/png;base64,${run}";\n${ordinaryLines}\n`;
    const { value, pieces } = withTokenizerSpy(() => countTokens(text));
    const longest = Math.max(...pieces.map(longestRun));
    assert.ok(longest <= MAX_RUN_CHARS + 1, `the tokenizer was given a run of ${longest} characters`);
    assert.equal(pieces.join(''), text, 'every character is counted once, in order');
    assert.ok(pieces.length >= (1 << 20) / MAX_RUN_CHARS, `${pieces.length} pieces for a 1 MB run`);
    assert.ok(value > countTokens(ordinaryLines) * 2, 'the run adds to the count');
  });

  it('counts ordinary text exactly, in one piece', () => {
    const { value, pieces } = withTokenizerSpy(() => countTokens(ordinaryLines));
    assert.equal(pieces.length, 1);
    assert.equal(value, o200k.countTokens(ordinaryLines, { disallowedSpecial: new Set() }));
  });

  it('bounds runs of whitespace too, and never cuts a surrogate pair', () => {
    const seen: string[] = [];
    const spaces = ' '.repeat(5000);
    const emoji = '😀'.repeat(3000); // 6,000 UTF-16 units without whitespace
    countInBoundedPieces(`a${spaces}b\n${emoji}\n`, (piece) => (seen.push(piece), piece.length));
    assert.ok(Math.max(...seen.map(longestRun)) <= MAX_RUN_CHARS + 1);
    for (const piece of seen) {
      assert.doesNotMatch(piece, /^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/, 'a piece starts or ends inside a surrogate pair');
    }
    assert.equal(seen.join(''), `a${spaces}b\n${emoji}\n`);
  });

  it('counts the empty text as 0 and a long run close to its whole-run count', () => {
    assert.equal(countTokens(''), 0);
    const run = 'x9'.repeat(2000); // 4,000 characters: small enough to count whole for comparison
    const whole = o200k.countTokens(run);
    const sliced = countTokens(run);
    assert.ok(Math.abs(sliced - whole) <= Math.ceil(run.length / MAX_RUN_CHARS) * 2, `sliced ${sliced} vs whole ${whole}`);
  });
});
