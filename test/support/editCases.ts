/**
 * The edit-matcher corpus, shared by test/unit/matcher.test.ts and `npm run bench:edits`: each case is a file,
 * the blocks a model sent, and the exact text the file must become or the exact refusal. This half: exact
 * matches, occurrences, line endings, the byte-order mark, final newlines, empty and no-op blocks, several
 * blocks, literal special characters and huge files. The tolerant strategies' cases are in editCasesLoose.ts.
 */
import { edit, type EditCase } from './editCaseTypes';
import { looseCases } from './editCasesLoose';
import { secondPassCases } from './editCasesSecondPass';

export { edit, expectsText, type EditCase, type ExpectedRefusal, type ExpectedText, type RefusalReason } from './editCaseTypes';

const exact: EditCase[] = [
  { name: 'exact: one line in the middle', file: 'a\nb\nc\n', blocks: [edit('b', 'B')], expected: { text: 'a\nB\nc\n', kinds: ['exact'], lines: [[2]] } },
  { name: 'exact: part of a line', file: 'const answer = 42;\n', blocks: [edit('42', '43')], expected: { text: 'const answer = 43;\n' } },
  { name: 'exact: multi-line block', file: 'function f() {\n  return 1;\n}\n', blocks: [edit('  return 1;\n}', '  return 2;\n}')], expected: { text: 'function f() {\n  return 2;\n}\n', kinds: ['exact'] } },
  { name: 'exact: old_string at the start of the file', file: 'first\nsecond\n', blocks: [edit('first', 'zeroth')], expected: { text: 'zeroth\nsecond\n', lines: [[1]] } },
  { name: 'exact: old_string at the end of the file', file: 'first\nlast', blocks: [edit('last', 'final')], expected: { text: 'first\nfinal', lines: [[2]] } },
  { name: 'exact: the whole file', file: 'only\n', blocks: [edit('only\n', 'changed\n')], expected: { text: 'changed\n' } },
  { name: 'exact: insert by repeating the anchor line', file: 'import a;\n\ncode();\n', blocks: [edit('import a;\n', 'import a;\nimport b;\n')], expected: { text: 'import a;\nimport b;\n\ncode();\n' } },
  { name: 'exact: indentation copied right is not re-indented', file: 'if (a) {\n    go();\n}\n', blocks: [edit('    go();', '    go();\n      more();')], expected: { text: 'if (a) {\n    go();\n      more();\n}\n', kinds: ['exact'] } },
  { name: 'delete: a whole line with an empty new_string', file: 'keep\ndrop\nkeep too\n', blocks: [edit('drop\n', '')], expected: { text: 'keep\nkeep too\n' } },
  { name: 'delete: part of a line', file: 'let x = a + b;\n', blocks: [edit(' + b', '')], expected: { text: 'let x = a;\n', kinds: ['exact'] } },
  { name: 'delete: the last line, which has no newline', file: 'a\nb', blocks: [edit('\nb', '')], expected: { text: 'a' } },
  { name: 'delete: a multi-line block', file: 'keep\n// one\n// two\nkeep\n', blocks: [edit('// one\n// two\n', '')], expected: { text: 'keep\nkeep\n' } },
  { name: 'delete: everything', file: 'all\n', blocks: [edit('all\n', '')], expected: { text: '' } },
  { name: 'exact: whitespace-only lines are content', file: 'a\n   \nb\n', blocks: [edit('a\n   \nb', 'a\nb')], expected: { text: 'a\nb\n', kinds: ['exact'] } },
  { name: 'single line file without a newline', file: 'hello', blocks: [edit('hello', 'goodbye')], expected: { text: 'goodbye' } },
  { name: 'single line file: a fragment in the middle', file: 'export const x = 1; // note', blocks: [edit('1', '2')], expected: { text: 'export const x = 2; // note' } },
  { name: 'single line file: a multi-line replacement keeps its own line ending', file: 'hello', blocks: [edit('hello', 'a\r\nb')], expected: { text: 'a\r\nb' } },
  { name: 'single line file: LF replacement', file: 'x', blocks: [edit('x', 'x\ny\n')], expected: { text: 'x\ny\n' } },
];

const occurrences: EditCase[] = [
  { name: 'duplicates: two matches are ambiguous', file: 'x = 1;\ny = 2;\nx = 1;\n', blocks: [edit('x = 1;', 'x = 9;')], expected: { refusal: 'ambiguous', found: 2 } },
  { name: 'duplicates: expected_occurrences 2 replaces both', file: 'x = 1;\ny = 2;\nx = 1;\n', blocks: [edit('x = 1;', 'x = 9;', 2)], expected: { text: 'x = 9;\ny = 2;\nx = 9;\n', lines: [[1, 3]] } },
  { name: 'duplicates: expected_occurrences 3 replaces all three', file: 'log();\nlog();\nwork();\nlog();\n', blocks: [edit('log();', 'trace();', 3)], expected: { text: 'trace();\ntrace();\nwork();\ntrace();\n', lines: [[1, 2, 4]] } },
  { name: 'duplicates: expected_occurrences 3 but 2 found', file: 'x = 1;\ny = 2;\nx = 1;\n', blocks: [edit('x = 1;', 'x = 9;', 3)], expected: { refusal: 'occurrences-mismatch', found: 2 } },
  { name: 'duplicates: expected_occurrences 1 stated but 2 found', file: 'x = 1;\ny = 2;\nx = 1;\n', blocks: [edit('x = 1;', 'x = 9;', 1)], expected: { refusal: 'occurrences-mismatch', found: 2 } },
  { name: 'duplicates: expected_occurrences 2 but 3 found', file: 'a();\na();\na();\n', blocks: [edit('a();', 'b();', 2)], expected: { refusal: 'occurrences-mismatch', found: 3 } },
  { name: 'duplicates: three matches inside one line', file: 'a a a', blocks: [edit('a', 'b')], expected: { refusal: 'ambiguous', found: 3 } },
  { name: 'duplicates: more context makes it unique', file: 'function a() {\n  return 1;\n}\nfunction b() {\n  return 1;\n}\n', blocks: [edit('function b() {\n  return 1;', 'function b() {\n  return 2;')], expected: { text: 'function a() {\n  return 1;\n}\nfunction b() {\n  return 2;\n}\n', lines: [[4]] } },
  // Occurrences are counted as replaceAll counts them, left to right without overlapping: `aa` is in `aaa` once.
  { name: 'duplicates: overlapping occurrences count once, so 2 expected is refused', file: 'aaa\n', blocks: [edit('aa', 'b', 2)], expected: { refusal: 'occurrences-mismatch', found: 1 } },
  { name: 'duplicates: expected_occurrences 0 is refused', file: 'a\n', blocks: [edit('a', 'b', 0)], expected: { refusal: 'occurrences-mismatch' } },
  { name: 'duplicates: expected_occurrences 1.5 is refused', file: 'a\n', blocks: [edit('a', 'b', 1.5)], expected: { refusal: 'occurrences-mismatch' } },
  { name: 'duplicates: one exact and one indented copy, expected 2', file: 'if (a) {\n  go();\n}\nif (b) {\n    go();\n}\n', blocks: [edit('  go();', '  stop();', 2)], expected: { text: 'if (a) {\n  stop();\n}\nif (b) {\n    stop();\n}\n', kinds: ['whitespace'], lines: [[2, 5]] } },
  { name: 'duplicates: CRLF file, expected 2', file: 'x\r\ny\r\nx\r\n', blocks: [edit('x\n', 'z\n', 2)], expected: { text: 'z\r\ny\r\nz\r\n', kinds: ['line-endings'] } },
];

const lineEndings: EditCase[] = [
  { name: 'CRLF file, LF block', file: 'one\r\ntwo\r\nthree\r\n', blocks: [edit('one\ntwo\n', 'uno\ndos\n')], expected: { text: 'uno\r\ndos\r\nthree\r\n', kinds: ['line-endings'] } },
  { name: 'LF file, CRLF block', file: 'one\ntwo\nthree\n', blocks: [edit('two\r\nthree', '2\r\n3')], expected: { text: 'one\n2\n3\n', kinds: ['line-endings'] } },
  { name: 'CRLF file, CRLF block: exact, new lines written CRLF', file: 'a\r\nb\r\n', blocks: [edit('a\r\n', 'a\r\nz\r\n')], expected: { text: 'a\r\nz\r\nb\r\n', kinds: ['exact'] } },
  { name: 'CRLF file, CRLF old_string, LF new_string', file: 'a\r\nb\r\n', blocks: [edit('a\r\nb', 'c\nd\ne')], expected: { text: 'c\r\nd\r\ne\r\n', kinds: ['exact'] } },
  { name: 'CRLF file: single line block, multi-line LF replacement', file: 'x\r\ny\r\n', blocks: [edit('y', 'y1\ny2')], expected: { text: 'x\r\ny1\r\ny2\r\n' } },
  { name: 'mixed endings: the replacement takes its region\'s ending', file: 'a\r\nb\r\nc\r\nd\ne\n', blocks: [edit('d\n', 'd\nd2\n')], expected: { text: 'a\r\nb\r\nc\r\nd\nd2\ne\n' } },
  { name: 'mixed endings: a region without a line break takes the file\'s dominant one', file: 'a\r\nb\r\nc\r\nd\ne\n', blocks: [edit('e', 'e1\ne2')], expected: { text: 'a\r\nb\r\nc\r\nd\ne1\r\ne2\n' } },
  { name: 'mixed endings: LF block across a CRLF and an LF line', file: 'a\r\nb\nc\n', blocks: [edit('a\nb\n', 'A\nB\n')], expected: { text: 'A\nB\nc\n', kinds: ['line-endings'] } },
  { name: 'a lone CR is content, not a line break', file: 'a\rb\n', blocks: [edit('a\rb', 'c')], expected: { text: 'c\n' } },
  { name: 'CRLF file: a block starting with the line break takes the CR with it', file: 'a\r\nb\r\n', blocks: [edit('\nb', '\nc')], expected: { text: 'a\r\nc\r\n', kinds: ['line-endings'] } },
  { name: 'CRLF file without a final newline', file: 'a\r\nb', blocks: [edit('a\nb', 'x\ny')], expected: { text: 'x\r\ny' } },
  { name: 'CRLF file: deleting a line', file: 'a\r\nb\r\nc\r\n', blocks: [edit('b\n', '')], expected: { text: 'a\r\nc\r\n' } },
];

const byteOrderMark: EditCase[] = [
  { name: 'BOM kept when the first line changes', file: '\uFEFFfirst\nsecond\n', blocks: [edit('first', '1st')], expected: { text: '\uFEFF1st\nsecond\n', lines: [[1]] } },
  { name: 'BOM: a block that copied the mark still matches', file: '\uFEFFfirst\nsecond\n', blocks: [edit('\uFEFFfirst', '\uFEFF1st')], expected: { text: '\uFEFF1st\nsecond\n' } },
  { name: 'BOM: replacing all the content keeps the mark', file: '\uFEFFa\nb\n', blocks: [edit('a\nb\n', 'c\n')], expected: { text: '\uFEFFc\n' } },
  { name: 'BOM: a file of only the mark takes an empty old_string', file: '\uFEFF', blocks: [edit('', 'hi\n')], expected: { text: '\uFEFFhi\n' } },
  { name: 'BOM: CRLF file with an LF block', file: '\uFEFFa\r\nb\r\n', blocks: [edit('a\nb', 'x\ny')], expected: { text: '\uFEFFx\r\ny\r\n' } },
  { name: 'BOM: deleting the first line keeps the mark', file: '\uFEFF// header\ncode();\n', blocks: [edit('// header\n', '')], expected: { text: '\uFEFFcode();\n' } },
];

const finalNewline: EditCase[] = [
  { name: 'final newline kept when the last line changes', file: 'a\nb\n', blocks: [edit('b', 'c')], expected: { text: 'a\nc\n' } },
  { name: 'no final newline stays absent', file: 'a\nb', blocks: [edit('b', 'c')], expected: { text: 'a\nc' } },
  { name: 'no final newline: a block ending in a line break still matches the last line', file: 'a\nb', blocks: [edit('b\n', 'c\n')], expected: { text: 'a\nc', kinds: ['whitespace'] } },
  { name: 'final newline: a block may add one on purpose', file: 'a\nb', blocks: [edit('b', 'b\n')], expected: { text: 'a\nb\n' } },
  { name: 'final newline: a block may remove it on purpose', file: 'a\nb\n', blocks: [edit('b\n', 'b')], expected: { text: 'a\nb' } },
];

const emptyAndNoChange: EditCase[] = [
  { name: 'empty file: an empty old_string sets the content', file: '', blocks: [edit('', 'x\ny\n')], expected: { text: 'x\ny\n', kinds: ['exact'] } },
  { name: 'empty old_string on a non-empty file is refused', file: 'a\n', blocks: [edit('', 'b')], expected: { refusal: 'empty-old-string' } },
  { name: 'empty old_string on a file of one newline is refused', file: '\n', blocks: [edit('', 'x')], expected: { refusal: 'empty-old-string' } },
  { name: 'empty file: a non-empty old_string is not found, with no nearest text', file: '', blocks: [edit('a', 'b')], expected: { refusal: 'not-found', nearestLine: null } },
  { name: 'no-change: identical strings', file: 'a\n', blocks: [edit('a', 'a')], expected: { refusal: 'no-change' } },
  { name: 'no-change: the file already has the line endings new_string asks for', file: 'a\r\nb\r\n', blocks: [edit('a\nb', 'a\r\nb')], expected: { refusal: 'no-change' } },
  { name: 'no-change: both empty', file: '', blocks: [edit('', '')], expected: { refusal: 'no-change' } },
  { name: 'not found: the nearest line is reported', file: 'alpha\nbeta\ngamma\n', blocks: [edit('betta', 'x')], expected: { refusal: 'not-found', nearestLine: 2 } },
  { name: 'not found: nothing alike, no nearest text', file: 'aaaa\n', blocks: [edit('zzzz', 'y')], expected: { refusal: 'not-found', nearestLine: null } },
];

const severalBlocks: EditCase[] = [
  { name: 'blocks: two in order', file: 'a\nb\nc\n', blocks: [edit('a', 'A'), edit('c', 'C')], expected: { text: 'A\nb\nC\n', lines: [[1], [3]] } },
  { name: 'blocks: the second edits what the first wrote', file: 'let x = 1;\n', blocks: [edit('x = 1', 'x = 2'), edit('x = 2;', 'x = 3;')], expected: { text: 'let x = 3;\n' } },
  { name: 'blocks: the second matches a line the first inserted', file: 'start\n', blocks: [edit('start\n', 'start\nmiddle\n'), edit('middle', 'MIDDLE')], expected: { text: 'start\nMIDDLE\n', lines: [[1], [2]] } },
  { name: 'blocks: the first removes what made the second ambiguous', file: 'f();\nf();\n', blocks: [edit('f();\nf();', 'f();\ng();'), edit('f();', 'h();')], expected: { text: 'h();\ng();\n' } },
  { name: 'blocks: line numbers are those of the text each block saw', file: 'a\nb\nc\n', blocks: [edit('a\n', 'a\n1\n2\n'), edit('c', 'C')], expected: { text: 'a\n1\n2\nb\nC\n', lines: [[1], [5]] } },
  { name: 'blocks: one bad block refuses the whole file', file: 'a\nb\nc\n', blocks: [edit('a', 'A'), edit('zzz', 'Z'), edit('c', 'C')], expected: { refusal: 'not-found', failing: [1] } },
  { name: 'blocks: a bad first block, the later ones still report', file: 'a\nb\n', blocks: [edit('missing', 'x'), edit('b', 'B')], expected: { refusal: 'not-found', failing: [0] } },
  { name: 'blocks: two bad blocks are both reported', file: 'a\nb\n', blocks: [edit('q', 'Q'), edit('b', 'B'), edit('b', 'C')], expected: { refusal: 'not-found', failing: [0, 2] } },
  { name: 'blocks: an earlier block makes a later one ambiguous', file: 'x\ny\n', blocks: [edit('y', 'x'), edit('x', 'z')], expected: { refusal: 'ambiguous', failing: [1], found: 2 } },
  { name: 'blocks: a no-change block refuses the file', file: 'a\nb\n', blocks: [edit('a', 'A'), edit('b', 'b')], expected: { refusal: 'no-change', failing: [1] } },
  { name: 'blocks: an ambiguous block among good ones', file: 'k\nv\nv\n', blocks: [edit('k', 'K'), edit('v', 'w')], expected: { refusal: 'ambiguous', failing: [1], found: 2 } },
  { name: 'blocks: none is no change', file: 'a\n', blocks: [], expected: { text: 'a\n' } },
];

const literal: EditCase[] = [
  { name: 'regex special characters in old_string are literal', file: 'const re = /^(a+)*$/.test(s);\n', blocks: [edit('/^(a+)*$/', '/^a+$/')], expected: { text: 'const re = /^a+$/.test(s);\n' } },
  { name: '$& and $1 in new_string are written as they are', file: 'price = 5;\n', blocks: [edit('5', "'$&' + '$1' + '$$'")], expected: { text: "price = '$&' + '$1' + '$$';\n" } },
  { name: "$` and $' in new_string are written as they are", file: 'a = b;\n', blocks: [edit('b', "`$`` + \"$'\"")], expected: { text: "a = `$`` + \"$'\";\n" } },
  { name: '$ patterns in a whitespace-tolerant replacement', file: '\tx = 1;\n', blocks: [edit('  x = 1;', "  x = '$&$1';")], expected: { text: "\tx = '$&$1';\n", kinds: ['whitespace'] } },
  { name: 'Windows paths and backslashes', file: String.raw`const dir = "C:\Users\me\src";` + '\n', blocks: [edit(String.raw`C:\Users\me\src`, String.raw`D:\Work\$1\src`)], expected: { text: String.raw`const dir = "D:\Work\$1\src";` + '\n' } },
  { name: 'Windows paths in a CRLF file with an LF block', file: 'path=C:\\Program Files\\App\r\nmode=1\r\n', blocks: [edit('path=C:\\Program Files\\App\nmode=1', 'path=D:\\Apps\\App\nmode=2')], expected: { text: 'path=D:\\Apps\\App\r\nmode=2\r\n', kinds: ['line-endings'] } },
  { name: 'punctuation-only old_string', file: 'a ?? b;\n', blocks: [edit('??', '||')], expected: { text: 'a || b;\n' } },
  { name: 'a backslash-n in the code is not a line break', file: 'print("a\\nb")\n', blocks: [edit('"a\\nb"', '"a\\tb"')], expected: { text: 'print("a\\tb")\n' } },
];

/** 20,000 lines: `function fN(value) {`, a tab-indented body of two lines, `}`. */
function hugeFile(change?: { at: number; lines: string[] }): string {
  const lines: string[] = [];
  for (let index = 0; index < 5000; index++) {
    const body = [`function f${index}(value) {`, `\tconst result = value * ${index};`, `\treturn result + ${index % 7};`, '}'];
    lines.push(...(change && change.at === index ? change.lines : body));
  }
  return lines.join('\n') + '\n';
}

const huge: EditCase[] = [
  {
    name: 'huge file: exact block near the end of 20,000 lines',
    file: hugeFile(),
    blocks: [edit('function f4990(value) {', 'function f4990(value: number) {')],
    expected: { text: hugeFile({ at: 4990, lines: ['function f4990(value: number) {', '\tconst result = value * 4990;', '\treturn result + 6;', '}'] }), kinds: ['exact'], lines: [[19961]] },
  },
  {
    name: 'huge file: whitespace-drifted block near the end',
    file: hugeFile(),
    blocks: [edit('function f4990(value) {\n    const result = value * 4990;\n    return result + 6;\n}', 'function f4990(value) {\n    const result = value * 4990;\n    console.log(result);\n    return result + 6;\n}')],
    expected: { text: hugeFile({ at: 4990, lines: ['function f4990(value) {', '\tconst result = value * 4990;', '\tconsole.log(result);', '\treturn result + 6;', '}'] }), kinds: ['whitespace'] },
  },
  {
    name: 'huge file: fuzzy block near the end',
    file: hugeFile(),
    blocks: [edit('function f4990(value) {\n\tconst result = value * 4990;\n\treturn reslt + 6;\n}', 'function f4990(value) {\n\tconst result = value * 4990;\n\treturn result + 7;\n}')],
    expected: { text: hugeFile({ at: 4990, lines: ['function f4990(value) {', '\tconst result = value * 4990;', '\treturn result + 7;', '}'] }), kinds: ['fuzzy'], lines: [[19961]] },
  },
  { name: 'huge file: a repeated line is ambiguous', file: hugeFile(), blocks: [edit('\treturn result + 6;', '\treturn result;')], expected: { refusal: 'ambiguous', found: 714 } },
  { name: 'huge file: an absent block is refused with the nearest line', file: hugeFile(), blocks: [edit('function f4990(value, other) {\n\tconst result = other * 4990;\n\tthrow new Error(result);\n}', 'x')], expected: { refusal: 'not-found', nearestLine: 19961 } },
];

export const editCases: EditCase[] = [...exact, ...occurrences, ...lineEndings, ...byteOrderMark, ...finalNewline, ...emptyAndNoChange, ...severalBlocks, ...literal, ...huge, ...looseCases, ...secondPassCases];
