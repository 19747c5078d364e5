import * as assert from 'node:assert/strict';
import { applyBlock, applyBlocks, DEFAULT_FUZZY_THRESHOLD, findBlock } from '../../src/edits/match';
import { levenshtein, similarity } from '../../src/edits/similarity';
import type { BlockResult } from '../../src/edits/types';
import { editCases, expectsText, type EditCase } from '../support/editCases';

type Refused = Extract<BlockResult, { ok: false }>;

function check(testCase: EditCase): void {
  const result = applyBlocks(testCase.file, testCase.blocks, testCase.options);
  assert.equal(result.blocks.length, testCase.blocks.length, 'one result per block');
  const expected = testCase.expected;
  if (expectsText(expected)) {
    const failures = result.blocks.filter((block): block is Refused => !block.ok);
    assert.deepEqual(failures.map((block) => `${block.reason}: ${block.message}`), [], 'every block applies');
    assert.ok(result.ok);
    assert.equal(result.text, expected.text);
    const applied = result.blocks.map((block) => (block.ok ? block : assert.fail('refused')));
    if (expected.kinds) assert.deepEqual(applied.map((block) => block.kind), expected.kinds);
    if (expected.lines) assert.deepEqual(applied.map((block) => block.lines), expected.lines);
    if (expected.score !== undefined) assert.equal(applied[0].score, expected.score);
    for (const block of applied) if (block.kind !== 'fuzzy') assert.equal(block.score, 1, 'only a fuzzy match scores below 1');
    return;
  }
  assert.equal(result.ok, false, 'refused');
  assert.ok(!('text' in result), 'a refused file returns no text');
  const failing = result.blocks.flatMap((block, index) => (block.ok ? [] : [index]));
  assert.deepEqual(failing, expected.failing ?? [0]);
  const refused = result.blocks[failing[0]] as Refused;
  assert.equal(refused.reason, expected.refusal, refused.message);
  assert.ok(refused.message.length > 20, 'says what to do');
  if (expected.found !== undefined) {
    assert.equal(refused.found, expected.found);
    assert.match(refused.message, new RegExp(`\\b${expected.found}\\b`), 'the message gives the count');
  }
  if (expected.nearestLine === null) assert.equal(refused.nearest, undefined);
  else if (expected.nearestLine !== undefined) {
    assert.equal(refused.nearest?.line, expected.nearestLine, refused.message);
    assert.ok(refused.message.includes(`line ${expected.nearestLine}`), 'the message gives the nearest line');
    assert.ok(refused.nearest!.score > 0 && refused.nearest!.score < 1);
  }
}

describe('edit matcher: the case corpus', () => {
  it('has at least 100 cases with distinct names', () => {
    assert.ok(editCases.length >= 100, `${editCases.length} cases`);
    assert.equal(new Set(editCases.map((testCase) => testCase.name)).size, editCases.length);
  });

  for (const testCase of editCases) it(testCase.name, () => check(testCase));
});

describe('edit matcher: refusals', () => {
  it('a not-found message tells the model to re-read the file and shows the nearest text', () => {
    const result = findBlock('alpha\nbeta\ngamma\n', { oldString: 'betta', newString: 'x' });
    assert.ok(!result.ok);
    assert.deepEqual(result.nearest, { line: 2, text: 'beta', score: 0.8 });
    assert.match(result.message, /read_file/);
    assert.match(result.message, /line 2 \(similarity 0\.8; an inexact match needs 0\.9\):\nbeta\n/);
  });

  it('an ambiguous message lists the lines and suggests expected_occurrences', () => {
    const result = findBlock('x\ny\nx\n', { oldString: 'x', newString: 'z' });
    assert.ok(!result.ok);
    assert.match(result.message, /2 places \(lines 1 and 3\)/);
    assert.match(result.message, /expected_occurrences to 2/);
  });

  it('an ambiguous message offers line_hint; a hint that does not settle it says how many places were near it', () => {
    const ambiguous = findBlock('x\ny\nx\n', { oldString: 'x', newString: 'z' });
    assert.ok(!ambiguous.ok);
    assert.match(ambiguous.message, /Set line_hint to the line where the place you mean starts/);
    const both = findBlock('x\ny\nx\n', { oldString: 'x', newString: 'z', lineHint: 2 });
    assert.ok(!both.ok);
    assert.match(both.message, /matches 2 places \(lines 1 and 3\) and 2 of them start within 10 lines of line_hint 2/);
    const none = findBlock(`x\n${'.\n'.repeat(30)}x\n`, { oldString: 'x', newString: 'z', lineHint: 16 });
    assert.ok(!none.ok);
    assert.match(none.message, /none of them starts within 10 lines of line_hint 16/);
  });

  it('a place chosen by line_hint reports how many places matched', () => {
    const result = applyBlocks(`x\n${'.\n'.repeat(30)}x\n`, [{ oldString: 'x', newString: 'z', lineHint: 30 }]);
    assert.deepEqual(result.blocks, [{ ok: true, kind: 'exact', score: 1, occurrences: 1, lines: [32], among: 2 }]);
  });

  it('an empty old_string on a non-empty file points to write_file', () => {
    const result = findBlock('a\n', { oldString: '', newString: 'b' });
    assert.ok(!result.ok);
    assert.equal(result.reason, 'empty-old-string');
    assert.match(result.message, /call write_file with its whole new content/);
  });

  it('a mismatch message states both counts', () => {
    const result = findBlock('x\nx\n', { oldString: 'x', newString: 'z', expectedOccurrences: 3 });
    assert.ok(!result.ok);
    assert.match(result.message, /expected_occurrences is 3, but old_string matches 2 places/);
  });

  it('long lists of lines are shortened', () => {
    const result = findBlock('a\n'.repeat(20), { oldString: 'a', newString: 'b' });
    assert.ok(!result.ok);
    assert.match(result.message, /lines 1, 2, 3, 4, 5, 6, 7, 8, … and 12 more/);
  });

  it('a refused block reports a rounded-down score, so 0.8996 never reads as 0.9', () => {
    const file = `${'x'.repeat(997)}yyy\n`;
    const result = findBlock(file, { oldString: 'x'.repeat(997) + 'zzz', newString: 'w' }, { fuzzyThreshold: 0.998 });
    assert.ok(!result.ok);
    assert.equal(result.nearest?.score, 0.997);
  });

  it('the default threshold is 0.9 and a score exactly at the threshold is accepted', () => {
    assert.equal(DEFAULT_FUZZY_THRESHOLD, 0.9);
    const file = 'first();\nsecond(alpha, beta);\nthird();\n';
    const block = { oldString: 'first();\nsecond(alfa, beta);\nthird();', newString: 'changed();' };
    const loose = applyBlocks(file, [block], { fuzzyThreshold: 0.5 });
    assert.ok(loose.ok && loose.blocks[0].ok && loose.blocks[0].kind === 'fuzzy');
    const score = loose.blocks[0].score;
    assert.deepEqual(applyBlocks(file, [block], { fuzzyThreshold: score }), { ok: true, text: 'changed();\n', blocks: [{ ok: true, kind: 'fuzzy', score, occurrences: 1, lines: [1] }] });
    assert.equal(applyBlocks(file, [block], { fuzzyThreshold: Math.min(1, score + 0.001) }).ok, false);
  });

  it('never matches a one- or two-line block fuzzily: `a + b` vs `a * b` is another statement, not drift', () => {
    const result = applyBlocks('function f(a, b) {\n  return a + b;\n}\n', [{ oldString: '  return a * b;', newString: '  return 0;' }], { fuzzyThreshold: 0.5 });
    assert.equal(result.ok, false);
    assert.deepEqual(result.blocks[0].ok ? undefined : [result.blocks[0].reason, result.blocks[0].nearest?.line], ['not-found', 2]);
  });
});

describe('edit matcher: API', () => {
  it('findBlock gives offsets in the text as given, byte-order mark included', () => {
    const result = findBlock('\uFEFFab\ncd\n', { oldString: 'cd', newString: 'x' });
    assert.ok(result.ok);
    assert.deepEqual(result.places, [{ start: 4, end: 6, replacement: 'x', line: 2 }]);
  });

  it('applyBlock returns no text for a refused block', () => {
    const refused = applyBlock('a\n', { oldString: 'b', newString: 'c' });
    assert.equal(refused.text, undefined);
    assert.equal(refused.result.ok, false);
    assert.deepEqual(applyBlock('a\n', { oldString: 'a', newString: 'c' }), { result: { ok: true, kind: 'exact', score: 1, occurrences: 1, lines: [1] }, text: 'c\n', moves: [[1, 0]] });
  });

  it('does not change the blocks it is given', () => {
    const blocks = [{ oldString: 'a', newString: 'b' }];
    const copy = structuredClone(blocks);
    applyBlocks('a\n', blocks);
    assert.deepEqual(blocks, copy);
  });
});

describe('edit matcher: similarity', () => {
  function naive(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = row;
    }
    return previous[b.length];
  }

  it('Myers\' bit-parallel distance equals the textbook one (1,000 pseudo-random pairs, up to 140 characters)', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'ab c\n\t😀é';
    for (let round = 0; round < 1000; round++) {
      const a = Array.from({ length: Math.floor(random() * 140) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const b = [...a].map((character) => (random() < 0.8 ? character : alphabet[Math.floor(random() * alphabet.length)])).join('') + (random() < 0.5 ? 'xyz' : '');
      assert.equal(levenshtein(a, b), naive(a, b), JSON.stringify([a, b]));
    }
  });

  it('similarity is 1 for equal texts and 0 for nothing in common', () => {
    assert.equal(similarity('', ''), 1);
    assert.equal(similarity('same', 'same'), 1);
    assert.equal(similarity('aaaa', 'bbbb'), 0);
    assert.equal(similarity('kitten', 'sitting'), 1 - 3 / 7);
  });
});

describe('edit matcher: bounded work', () => {
  // Generous bounds: they catch a search gone quadratic, not a slow machine.
  function tenThousandLines(): string[] {
    const lines: string[] = [];
    for (let index = 0; lines.length < 10_000; index++) {
      lines.push(`export function handler${index}(request: Request): Response {`, `  const body = parse(request.body, ${index});`, `  if (!body.ok) return error(${index});`, '  return ok(body.value);', '}', '');
    }
    return lines.slice(0, 10_000);
  }

  it('a 50-line fuzzy block in a 10,000-line file takes well under a second', () => {
    const lines = tenThousandLines();
    const block = lines.slice(9000, 9050);
    const typo = [...block];
    // Lines 7 and 33 of the block are a parse(...) line and a return ok(...) line; 21 is another return.
    typo[7] = typo[7].replace('parse', 'prase');
    typo[33] = typo[33].replace('return', 'retrun');
    const changed = [...block];
    changed[21] = changed[21].replace('ok(', 'accepted(');
    const started = performance.now();
    const result = applyBlocks(lines.join('\n'), [{ oldString: typo.join('\n'), newString: changed.join('\n') }]);
    const elapsed = performance.now() - started;
    assert.ok(result.ok);
    assert.equal(result.blocks[0].ok && result.blocks[0].kind, 'fuzzy');
    assert.equal(result.text, [...lines.slice(0, 9021), changed[21], ...lines.slice(9022)].join('\n'));
    assert.ok(elapsed < 1000, `${elapsed.toFixed(0)} ms`);
  });

  it('a 1,000-line block found nowhere is refused quickly, without a nearest text', () => {
    const lines = tenThousandLines();
    const block = lines.slice(2000, 3000).map((line) => line.replace(/e/g, 'é'));
    const started = performance.now();
    const result = findBlock(lines.join('\n'), { oldString: block.join('\n'), newString: 'x' });
    assert.ok(!result.ok);
    assert.equal(result.reason, 'not-found');
    assert.equal(result.nearest, undefined);
    assert.ok(performance.now() - started < 1000);
  });

  it('a block found nowhere in a 10,000-line file is refused quickly', () => {
    const started = performance.now();
    const result = applyBlocks(tenThousandLines().join('\n'), [{ oldString: 'nothing like this\n'.repeat(40), newString: 'x' }]);
    assert.equal(result.ok, false);
    assert.ok(performance.now() - started < 1000);
  });
});

describe('edit matcher: re-indenting keeps the block\'s structure in the file\'s indentation', () => {
  // A Python-like outline: each line's depth; a line ending in ':' opens the next depth.
  const depths = [0, 1, 2, 2, 1, 2, 3, 3, 2, 1, 1, 2, 0];
  type Unit = 2 | 4 | 8 | '\t';
  const indent = (depth: number, unit: Unit): string => (unit === '\t' ? '\t'.repeat(depth) : ' '.repeat(depth * unit));
  const line = (index: number, depth: number, unit: Unit): string => `${indent(depth, unit)}${depths[index + 1] > depths[index] ? `block${index}:` : `stmt${index}`}`;

  it('new lines land at the file\'s depth for every file indent, block indent and block offset (no per-line drift)', () => {
    let checked = 0;
    for (const fileUnit of [2, 4, '\t'] as Unit[]) {
      for (const blockUnit of [2, 4, 8, '\t'] as Unit[]) {
        for (const [from, to] of [[1, 4], [4, 9], [5, 10], [0, 13]]) {
          const slice = depths.slice(from, to).map((depth, offset) => ({ index: from + offset, depth }));
          const least = Math.min(...slice.map((entry) => entry.depth));
          for (const blockBase of [0, 1, 2]) {
            // The file sits inside a class (one level in); the model's copy starts at blockBase levels of its own unit.
            const file = depths.map((depth, index) => line(index, depth + 1, fileUnit)).join('\n') + '\n';
            const old = slice.map(({ index, depth }) => line(index, depth - least + blockBase, blockUnit));
            // After each opener a new nested line, after each other line a new sibling.
            const added = (index: number, depth: number) => (depths[index + 1] > depth ? depth + 1 : depth);
            const withNew = (render: (depth: number, text: string) => string, original: (index: number, depth: number) => string) =>
              slice.flatMap(({ index, depth }) => [original(index, depth), render(added(index, depth), `added${index}()`)]);
            const newString = withNew((depth, text) => indent(depth - least + blockBase, blockUnit) + text, (index, depth) => line(index, depth - least + blockBase, blockUnit)).join('\n');
            const expectedBlock = withNew((depth, text) => indent(depth + 1, fileUnit) + text, (index, depth) => line(index, depth + 1, fileUnit));
            const fileLines = file.split('\n');
            const expected = [...fileLines.slice(0, from), ...expectedBlock, ...fileLines.slice(to)].join('\n');
            const result = applyBlocks(file, [{ oldString: old.join('\n'), newString }]);
            const where = JSON.stringify({ fileUnit, blockUnit, from, to, blockBase });
            assert.ok(result.ok, where);
            assert.equal(result.text, expected, where);
            checked++;
          }
        }
      }
    }
    assert.equal(checked, 3 * 4 * 4 * 3);
  });
});
