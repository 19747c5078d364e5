/**
 * The second pass of the edit-matcher corpus (issue 13), one category per class of edit that used to give a wrong
 * text or a refusal it should not: deleting whole lines, re-indenting with uneven drift, one indentation rule per
 * block, line_hint, runs of whitespace inside a line, overlapping occurrences and edits of line endings only. Each
 * category also holds the refusals that must stay refusals. `npm run bench:edits` reports each category.
 */
import { edit, type EditCase } from './editCaseTypes';

const DELETE = 'delete whole lines';
const UNEVEN = 're-indent: uneven drift';
const ONE_RULE = 're-indent: one rule per block';
const HINT = 'line_hint';
const RUNS = 'whitespace runs inside lines';
const OVERLAP = 'overlapping occurrences';
const ENDINGS = 'line-ending-only edits';

const deleteWholeLines: EditCase[] = [
  { name: 'delete lines: a middle line without its break', file: 'keep\ndrop\nkeep too\n', blocks: [edit('drop', '')], expected: { text: 'keep\nkeep too\n', lines: [[2]] } },
  { name: 'delete lines: the first line without its break', file: 'drop\nkeep\n', blocks: [edit('drop', '')], expected: { text: 'keep\n', lines: [[1]] } },
  { name: 'delete lines: the last line, the file ending in a newline', file: 'keep\ndrop\n', blocks: [edit('drop', '')], expected: { text: 'keep\n' } },
  { name: 'delete lines: the last line of a file without a final newline takes the break before it', file: 'keep\ndrop', blocks: [edit('drop', '')], expected: { text: 'keep', lines: [[2]] } },
  { name: 'delete lines: the only line', file: 'only', blocks: [edit('only', '')], expected: { text: '' } },
  { name: 'delete lines: CRLF, a middle line', file: 'a\r\nb\r\nc\r\n', blocks: [edit('b', '')], expected: { text: 'a\r\nc\r\n' } },
  { name: 'delete lines: CRLF, the first line', file: 'b\r\nc\r\n', blocks: [edit('b', '')], expected: { text: 'c\r\n' } },
  { name: 'delete lines: CRLF, the last line with a final newline', file: 'a\r\nb\r\n', blocks: [edit('b', '')], expected: { text: 'a\r\n' } },
  { name: 'delete lines: CRLF, the last line without a final newline takes the CRLF before it', file: 'a\r\nb', blocks: [edit('b', '')], expected: { text: 'a' } },
  { name: 'delete lines: CRLF file, two lines sent with LF', file: 'x\r\n// one\r\n// two\r\ny\r\n', blocks: [edit('// one\n// two', '')], expected: { text: 'x\r\ny\r\n', kinds: ['line-endings'] } },
  { name: 'delete lines: an indented line sent without its indentation', file: 'if (a) {\n    log();\n    go();\n}\n', blocks: [edit('log();', '')], expected: { text: 'if (a) {\n    go();\n}\n', kinds: ['exact'] } },
  { name: 'delete lines: a line with trailing whitespace', file: 'a\nb  \nc\n', blocks: [edit('b', '')], expected: { text: 'a\nc\n' } },
  { name: 'delete lines: drifted lines without the final break', file: 'a();\n    b();\n    c();\nd();\n', blocks: [edit('  b();\n  c();', '')], expected: { text: 'a();\nd();\n', kinds: ['whitespace'] } },
  { name: 'delete lines: the last two lines, drifted, no final newline', file: 'a();\n    b();\n    c();', blocks: [edit('b();\nc();', '')], expected: { text: 'a();', kinds: ['whitespace'] } },
  { name: 'delete lines: the first line of a file with a byte-order mark', file: '\uFEFFhead\nbody\n', blocks: [edit('head', '')], expected: { text: '\uFEFFbody\n' } },
  { name: 'delete lines: every occurrence, the last one at the end without a newline', file: 'x\ny\nx', blocks: [edit('x', '', 2)], expected: { text: 'y', lines: [[1, 3]] } },
  { name: 'delete lines: two adjacent lines, the second last without a newline', file: 'x\nx', blocks: [edit('x', '', 2)], expected: { text: '' } },
  { name: 'delete lines: a later block still finds its line', file: 'a\nb\nc\n', blocks: [edit('a', ''), edit('c', 'C')], expected: { text: 'b\nC\n', lines: [[1], [2]] } },
  { name: 'delete lines: the start of a line is only part of it', file: 'foo(); // note\n', blocks: [edit('foo();', '')], expected: { text: ' // note\n' } },
  { name: 'delete lines: the end of a line is only part of it', file: 'a = 1; b = 2;\n', blocks: [edit(' b = 2;', '')], expected: { text: 'a = 1;\n' } },
  { name: 'delete lines: a block ending in its line break is deleted as sent', file: 'a\nb\nc\n', blocks: [edit('b\n', '')], expected: { text: 'a\nc\n' } },
  { name: 'delete lines: a block starting with a line break is deleted as sent', file: 'a\n\nb\n', blocks: [edit('\nb', '')], expected: { text: 'a\n\n' } },
  { name: 'delete lines: an ambiguous line is still refused', file: 'x\ny\nx\n', blocks: [edit('x', '')], expected: { refusal: 'ambiguous', found: 2 } },
];

const shapes = [
  'class Shape:',
  '    def area(self):',
  '        if self.kind == "square":',
  '            return self.side ** 2',
  '        return 0',
  '',
].join('\n');

const unevenDrift: EditCase[] = [
  {
    name: 'uneven drift: a Python method copied at 2 spaces into a 4-space file nests new lines by 4',
    file: shapes,
    blocks: [
      edit(
        'def area(self):\n  if self.kind == "square":\n    return self.side ** 2\n  return 0',
        'def area(self):\n  if self.kind == "square":\n    return self.side ** 2\n  if self.kind == "circle":\n    return 3.14159 * self.radius ** 2\n  return 0',
      ),
    ],
    expected: {
      text: shapes.replace('        return 0', '        if self.kind == "circle":\n            return 3.14159 * self.radius ** 2\n        return 0'),
      kinds: ['whitespace'],
    },
  },
  {
    name: 'uneven drift: YAML copied at 4 spaces into a 2-space file',
    file: 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n',
    blocks: [
      edit(
        'web:\n    image: nginx\n    ports:\n        - "80:80"',
        'web:\n    image: nginx\n    ports:\n        - "80:80"\n        - "443:443"\n    environment:\n        MODE: production',
      ),
    ],
    expected: { text: 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n      - "443:443"\n    environment:\n      MODE: production\n', kinds: ['whitespace'] },
  },
  {
    name: 'uneven drift: a deeper level than any matched line follows the file\'s step',
    file: 'def f(items):\n    for item in items:\n        use(item)\n',
    blocks: [edit('for item in items:\n  use(item)', 'for item in items:\n  if item:\n    use(item)')],
    expected: { text: 'def f(items):\n    for item in items:\n        if item:\n            use(item)\n' },
  },
  {
    name: 'uneven drift: a level between two matched ones',
    file: 'root:\n    child:\n            deep: 1\n',
    blocks: [edit('root:\n  child:\n      deep: 1', 'root:\n  child:\n    middle: 0\n      deep: 1')],
    expected: { text: 'root:\n    child:\n        middle: 0\n            deep: 1\n' },
  },
  {
    name: 'uneven drift: a tab-indented file and a 2-space block three levels deep',
    file: 'class A {\n\tm() {\n\t\tif (a) {\n\t\t\tb();\n\t\t}\n\t}\n}\n',
    blocks: [edit('m() {\n  if (a) {\n    b();\n  }\n}', 'm() {\n  if (a) {\n    b();\n    if (c) {\n      d();\n    }\n  }\n}')],
    expected: { text: 'class A {\n\tm() {\n\t\tif (a) {\n\t\t\tb();\n\t\t\tif (c) {\n\t\t\t\td();\n\t\t\t}\n\t\t}\n\t}\n}\n' },
  },
  {
    name: 'uneven drift: alignment beyond a whole level is kept',
    file: 'def f():\n    call(a,\n         b)\n',
    blocks: [edit('call(a,\n     b)', 'call(a,\n     b,\n     c)')],
    expected: { text: 'def f():\n    call(a,\n         b,\n         c)\n' },
  },
  {
    // The block's own step (2, a continuation) is not the file's (4), but its lines sit where the file's do: kept as written.
    name: 'uneven drift: none, a block already at the file\'s columns keeps its own steps',
    file: 'class A {\n    run() {\n        return items\n          .filter((x) => x)\n          .map((x) => x * 2);\n    }\n}\n',
    blocks: [edit('        return items  \n          .filter((x) => x)\n          .map((x) => x * 2);', '        return items\n          .filter((x) => x)\n            .sort()\n          .map((x) => x * 2);')],
    expected: { text: 'class A {\n    run() {\n        return items\n          .filter((x) => x)\n            .sort()\n          .map((x) => x * 2);\n    }\n}\n', kinds: ['whitespace'] },
  },
  {
    name: 'uneven drift: a block that matches nowhere is still refused',
    file: shapes,
    blocks: [edit('def perimeter(self):\n  return 0', 'def perimeter(self):\n  return 4 * self.side')],
    expected: { refusal: 'not-found', nearestLine: 4 },
  },
];

const oneRule: EditCase[] = [
  {
    name: 'one rule: a new first line lands with the unchanged lines, not by the first line\'s drift',
    file: 'class Job:\n    def run(self):\n        self.start()\n        self.finish()\n',
    blocks: [edit('    self.start()\n  self.finish()', '  self.prepare()\n    self.start()\n  self.finish()')],
    expected: { text: 'class Job:\n    def run(self):\n        self.prepare()\n        self.start()\n        self.finish()\n', kinds: ['whitespace'] },
  },
  {
    name: 'one rule: new lines at the column of an unchanged line land where that line is',
    file: 'def f():\n    a()\n    b()\n',
    blocks: [edit('def f():\n  a()\n  b()', 'def f():\n  a()\n  if c:\n    d()\n  b()')],
    expected: { text: 'def f():\n    a()\n    if c:\n        d()\n    b()\n' },
  },
  {
    name: 'one rule: a block copied with tabs in a 4-space file, new lines mixing tabs and the block\'s spaces',
    file: 'def g():\n    x = 1\n    y = 2\n',
    blocks: [edit('\tx = 1\n\ty = 2', '\tx = 1\n\tif x:\n        y = 2')],
    expected: { text: 'def g():\n    x = 1\n    if x:\n        y = 2\n' },
  },
  {
    name: 'one rule: a block copied from the middle of its first line, a decorator added before it',
    file: 'class K:\n    def m(self):\n        return 1\n',
    blocks: [edit('def m(self):\n        return 1', '@staticmethod\ndef m(self):\n        return 2')],
    expected: { text: 'class K:\n    @staticmethod\n    def m(self):\n        return 2\n' },
  },
];

/** `return 1;` at lines 2 and 25, 23 lines apart. */
const twins = `function a() {\n  return 1;\n}\n${'// filler\n'.repeat(20)}function b() {\n  return 1;\n}\n`;

const lineHint: EditCase[] = [
  { name: 'line_hint: picks the second of two places', file: twins, blocks: [edit('  return 1;', '  return 2;', undefined, 24)], expected: { text: twins.replace(/return 1;\n}\n$/, 'return 2;\n}\n'), lines: [[25]] } },
  { name: 'line_hint: picks the first of two places', file: twins, blocks: [edit('  return 1;', '  return 2;', undefined, 1)], expected: { text: twins.replace('return 1;', 'return 2;'), lines: [[2]] } },
  { name: 'line_hint: a hint exactly 10 lines away still counts', file: twins, blocks: [edit('  return 1;', '  return 2;', undefined, 12)], expected: { text: twins.replace('return 1;', 'return 2;'), lines: [[2]] } },
  { name: 'line_hint: both places within 10 lines is still ambiguous', file: 'x = 1;\ny = 2;\nx = 1;\n', blocks: [edit('x = 1;', 'x = 9;', undefined, 2)], expected: { refusal: 'ambiguous', found: 2 } },
  { name: 'line_hint: no place within 10 lines is still ambiguous', file: twins, blocks: [edit('  return 1;', '  return 2;', undefined, 13)], expected: { refusal: 'ambiguous', found: 2 } },
  { name: 'line_hint: ignored when several occurrences are expected', file: twins, blocks: [edit('  return 1;', '  return 2;', 2, 24)], expected: { text: twins.replaceAll('return 1;', 'return 2;'), lines: [[2, 25]] } },
  { name: 'line_hint: with expected_occurrences 1 stated it picks too', file: twins, blocks: [edit('  return 1;', '  return 2;', 1, 24)], expected: { text: twins.replace(/return 1;\n}\n$/, 'return 2;\n}\n') } },
  { name: 'line_hint: a single match is applied wherever the hint points', file: 'a\nb\n', blocks: [edit('b', 'B', undefined, 90)], expected: { text: 'a\nB\n', lines: [[2]] } },
  {
    name: 'line_hint: among places alike once indentation is ignored',
    file: `if (a) {\n  x();\n}\n${'//\n'.repeat(15)}  if (a) {\n    x();\n  }\n`,
    blocks: [edit('    if (a) {\n      x();\n    }', '    if (b) {\n      x();\n    }', undefined, 19)],
    expected: { text: `if (a) {\n  x();\n}\n${'//\n'.repeat(15)}  if (b) {\n    x();\n  }\n`, kinds: ['whitespace'], lines: [[19]] },
  },
  {
    name: 'line_hint: a later block\'s hint counts the lines the model read, before the earlier blocks moved them',
    file: `header\nx = 1\n${'.\n'.repeat(11)}x = 1\n`,
    blocks: [edit('header', `header\n${'+\n'.repeat(10)}+`), edit('x = 1', 'x = 2', undefined, 2)],
    expected: { text: `header\n${'+\n'.repeat(11)}x = 2\n${'.\n'.repeat(11)}x = 1\n`, lines: [[1], [13]] },
  },
  {
    name: 'line_hint: resolves a fuzzy tie',
    file: `function total(items) {\n  let sum = 0;\n  return sum;\n}\n${'//\n'.repeat(20)}function total(items) {\n  let sum = 0;\n  return sum;\n}\n`,
    blocks: [edit('function total(items) {\n  let sum = 00;\n  return sum;\n}', 'function total(items) {\n  let sum = 1;\n  return sum;\n}', undefined, 25)],
    expected: { text: `function total(items) {\n  let sum = 0;\n  return sum;\n}\n${'//\n'.repeat(20)}function total(items) {\n  let sum = 1;\n  return sum;\n}\n`, kinds: ['fuzzy'], lines: [[25]] },
  },
];

const innerRuns: EditCase[] = [
  {
    name: 'whitespace runs: unchanged lines keep the file\'s own spacing',
    file: 'const  x =  1;\nconst y = 2;\n',
    blocks: [edit('const x = 1;\nconst y = 2;', 'const x = 1;\nconst y = 3;')],
    expected: { text: 'const  x =  1;\nconst y = 3;\n', kinds: ['whitespace'] },
  },
  { name: 'whitespace runs: a tab inside a line against a space', file: 'a\t= 1\n', blocks: [edit('a = 1', 'a = 2')], expected: { text: 'a = 2\n', kinds: ['whitespace'] } },
  {
    name: 'whitespace runs: an aligned table',
    file: 'NAME    VALUE\nfoo     1\nbar     2\n',
    blocks: [edit('foo 1\nbar 2', 'foo 1\nbar 3')],
    expected: { text: 'NAME    VALUE\nfoo     1\nbar 3\n', kinds: ['whitespace'] },
  },
  { name: 'whitespace runs: with indentation drift too', file: '\tlet  a = 1;\n', blocks: [edit('  let a  = 1;', '  let a = 2;')], expected: { text: '\tlet a = 2;\n', kinds: ['whitespace'] } },
  { name: 'whitespace runs: a space where the file has none is still a different line', file: 'x = a+b;\n', blocks: [edit('x = a + b;', 'x = a - b;')], expected: { refusal: 'not-found', nearestLine: 1 } },
  { name: 'whitespace runs: two places alike once runs collapse are ambiguous', file: 'f(a,  b);\nf(a, b);\n', blocks: [edit('f(a,   b);', 'g();')], expected: { refusal: 'ambiguous', found: 2 } },
];

const overlapping: EditCase[] = [
  { name: 'overlapping: `aa` occurs twice in `aaaa`', file: 'aaaa\n', blocks: [edit('aa', 'b', 2)], expected: { text: 'bb\n' } },
  { name: 'overlapping: `aa` occurs once in `aaa`', file: 'aaa\n', blocks: [edit('aa', 'b')], expected: { text: 'ba\n' } },
  { name: 'overlapping: `aba` twice in `abababa`, left to right', file: 'abababa', blocks: [edit('aba', 'X', 2)], expected: { text: 'XbX' } },
  { name: 'overlapping: three times in six', file: 'aaaaaa', blocks: [edit('aa', 'b', 3)], expected: { text: 'bbb' } },
  { name: 'overlapping: repeated lines count once per run', file: 'x\nx\nx\n', blocks: [edit('x\nx\n', 'y\n')], expected: { text: 'y\nx\n', lines: [[1]] } },
  { name: 'overlapping: drifted repeated lines count once per run', file: '  x\n  x\n  x\n', blocks: [edit('x\nx', 'y\ny')], expected: { text: '  y\n  y\n  x\n', kinds: ['whitespace'] } },
  { name: 'overlapping: four of `aa` in `aaaaaaaa`, 2 expected, is refused', file: 'aaaaaaaa', blocks: [edit('aa', 'b', 2)], expected: { refusal: 'occurrences-mismatch', found: 4 } },
];

const lineEndingOnly: EditCase[] = [
  { name: 'line endings only: LF to CRLF is a change', file: 'a\nb\n', blocks: [edit('a\nb', 'a\r\nb')], expected: { text: 'a\r\nb\n', kinds: ['exact'] } },
  { name: 'line endings only: CRLF to LF in a CRLF file', file: 'a\r\nb\r\nc\r\n', blocks: [edit('a\r\nb\r\n', 'a\nb\n')], expected: { text: 'a\nb\nc\r\n', kinds: ['exact'] } },
  { name: 'line endings only: a whole LF file to CRLF', file: 'one\ntwo\n', blocks: [edit('one\ntwo\n', 'one\r\ntwo\r\n')], expected: { text: 'one\r\ntwo\r\n' } },
  { name: 'line endings only: found through the other line ending', file: 'a\r\nb\nc\n', blocks: [edit('a\nb\nc\n', 'a\nb\r\nc\r\n')], expected: { text: 'a\nb\r\nc\r\n', kinds: ['line-endings'] } },
  { name: 'line endings only: drifted lines keep the file\'s indentation', file: '  a\n  b\n', blocks: [edit('a\nb\n', 'a\r\nb\r\n')], expected: { text: '  a\r\n  b\r\n', kinds: ['whitespace'] } },
  { name: 'line endings only: identical strings are still no change', file: 'a\r\nb\r\n', blocks: [edit('a\r\nb', 'a\r\nb')], expected: { refusal: 'no-change' } },
];

const tagged = (category: string, cases: EditCase[]): EditCase[] => cases.map((testCase) => ({ ...testCase, category }));

export const secondPassCases: EditCase[] = [
  ...tagged(DELETE, deleteWholeLines),
  ...tagged(UNEVEN, unevenDrift),
  ...tagged(ONE_RULE, oneRule),
  ...tagged(HINT, lineHint),
  ...tagged(RUNS, innerRuns),
  ...tagged(OVERLAP, overlapping),
  ...tagged(ENDINGS, lineEndingOnly),
];
