/**
 * The tolerant half of the edit-matcher corpus (see editCases.ts): indentation and trailing-whitespace drift,
 * re-indented replacements, blank lines, fuzzy matches and near misses, the threshold, and Unicode.
 */
import { edit, type EditCase } from './editCaseTypes';

const indentation: EditCase[] = [
  {
    name: 'indentation: block copied at column 0, file at 4 spaces',
    file: 'class A {\n    run() {\n        step();\n    }\n}\n',
    blocks: [edit('run() {\n    step();\n}', 'run() {\n    step();\n    next();\n}')],
    expected: { text: 'class A {\n    run() {\n        step();\n        next();\n    }\n}\n', kinds: ['whitespace'], lines: [[2]] },
  },
  {
    name: 'indentation: block copied deeper than the file',
    file: 'if (a) {\n  go();\n}\n',
    blocks: [edit('        if (a) {\n          go();\n        }', '        if (a) {\n          go();\n          stop();\n        }')],
    expected: { text: 'if (a) {\n  go();\n  stop();\n}\n', kinds: ['whitespace'] },
  },
  {
    // The block nests by 2, the file by 4: the nested line goes one of the file's levels deeper, not 2 columns.
    name: 'indentation: a single line copied two spaces short',
    file: 'x {\n    foo();\n}\n',
    blocks: [edit('  foo();', '  if (y) {\n    foo();\n  }')],
    expected: { text: 'x {\n    if (y) {\n        foo();\n    }\n}\n', kinds: ['whitespace'] },
  },
  {
    name: 'indentation: shallower, block at 8 and file at 4',
    file: 'class A {\n    a = 1;\n    b = 2;\n}\n',
    blocks: [edit('        a = 1;\n        b = 2;', '        a = 1;\n        c = 3;\n        b = 2;')],
    expected: { text: 'class A {\n    a = 1;\n    c = 3;\n    b = 2;\n}\n' },
  },
  {
    name: 'indentation: the block\'s own relative indentation is kept',
    file: 'def f():\n    if x:\n        pass\n',
    blocks: [edit('if x:\n    pass', 'if x:\n    pass\nelse:\n    fail()')],
    expected: { text: 'def f():\n    if x:\n        pass\n    else:\n        fail()\n' },
  },
  {
    name: 'indentation: a replacement that dedents past the block is clamped at column 0',
    file: '  a();\n',
    blocks: [edit('    a();', '    a();\nb();')],
    expected: { text: '  a();\nb();\n' },
  },
  {
    name: 'tabs file, block in 4 spaces',
    file: 'class A {\n\tfoo() {\n\t\treturn 1;\n\t}\n}\n',
    blocks: [edit('    foo() {\n        return 1;\n    }', '    foo() {\n        if (x) {\n            return 2;\n        }\n        return 1;\n    }')],
    expected: { text: 'class A {\n\tfoo() {\n\t\tif (x) {\n\t\t\treturn 2;\n\t\t}\n\t\treturn 1;\n\t}\n}\n', kinds: ['whitespace'] },
  },
  {
    name: 'tabs file, block in 2 spaces',
    file: 'function f() {\n\tif (a) {\n\t\tb();\n\t}\n}\n',
    blocks: [edit('  if (a) {\n    b();\n  }', '  if (a) {\n    b();\n    c();\n  }')],
    expected: { text: 'function f() {\n\tif (a) {\n\t\tb();\n\t\tc();\n\t}\n}\n' },
  },
  {
    name: 'spaces file (2), block in tabs',
    file: 'function f() {\n  if (a) {\n    b();\n  }\n}\n',
    blocks: [edit('\tif (a) {\n\t\tb();\n\t}', '\tif (a) {\n\t\tb();\n\t\tc();\n\t}')],
    expected: { text: 'function f() {\n  if (a) {\n    b();\n    c();\n  }\n}\n' },
  },
  {
    name: 'spaces file (4), block in tabs, going deeper',
    file: 'class A {\n    m() {\n        x();\n    }\n}\n',
    blocks: [edit('\tm() {\n\t\tx();\n\t}', '\tm() {\n\t\tif (y) {\n\t\t\tx();\n\t\t}\n\t}')],
    expected: { text: 'class A {\n    m() {\n        if (y) {\n            x();\n        }\n    }\n}\n' },
  },
  {
    name: 'tabs file, block at column 0',
    file: 'switch (k) {\n\tcase 1:\n\t\tbreak;\n}\n',
    blocks: [edit('case 1:\n    break;', 'case 1:\n    one();\n    break;')],
    expected: { text: 'switch (k) {\n\tcase 1:\n\t\tone();\n\t\tbreak;\n}\n' },
  },
  {
    name: 'tabs file: lines the model left alone keep the file\'s tabs exactly',
    file: '\tconst a = 1;\n\t// keep   \n\tconst b = 2;\n',
    blocks: [edit('    const a = 1;\n    // keep\n    const b = 2;', '    const a = 1;\n    // keep\n    const b = 3;')],
    expected: { text: '\tconst a = 1;\n\t// keep   \n\tconst b = 3;\n' },
  },
  {
    name: 'whitespace: CRLF file with a drifted LF block',
    file: 'class A {\r\n\tm() {}\r\n}\r\n',
    blocks: [edit('    m() {}', '    m() {}\n    n() {}')],
    expected: { text: 'class A {\r\n\tm() {}\r\n\tn() {}\r\n}\r\n', kinds: ['whitespace'] },
  },
  {
    name: 'whitespace: BOM file with a drifted block on line 1',
    file: '\uFEFF  a();\n  b();\n',
    blocks: [edit('a();\nb();', 'a();\nc();')],
    expected: { text: '\uFEFF  a();\n  c();\n', kinds: ['whitespace'], lines: [[1]] },
  },
  {
    name: 'whitespace: two places alike once indentation is ignored are ambiguous',
    file: 'if (a) {\n  x();\n}\n  if (a) {\n    x();\n  }\n',
    blocks: [edit('    if (a) {\n      x();\n    }', '    if (b) {\n      x();\n    }')],
    expected: { refusal: 'ambiguous', found: 2 },
  },
  {
    name: 'indentation left out before the first line: new lines follow each place\'s depth',
    file: 'a {\n  log();\n}\nb {\n      log();\n}\n',
    blocks: [edit('log();', 'log();\nflush();', 2)],
    expected: { text: 'a {\n  log();\n  flush();\n}\nb {\n      log();\n      flush();\n}\n', kinds: ['exact'] },
  },
  {
    name: 'indentation left out before the first line only: the later lines are already right',
    file: 'function f() {\n  if (a) {\n    go();\n  }\n}\n',
    blocks: [edit('if (a) {\n    go();\n  }', 'if (a) {\n    go();\n    stop();\n  }')],
    expected: { text: 'function f() {\n  if (a) {\n    go();\n    stop();\n  }\n}\n', kinds: ['exact'] },
  },
  {
    name: 'whitespace: deleting drifted lines',
    file: 'a();\n    b();\n    c();\nd();\n',
    blocks: [edit('  b();\n  c();\n', '')],
    expected: { text: 'a();\nd();\n', kinds: ['whitespace'] },
  },
];

const trailingAndBlank: EditCase[] = [
  {
    name: 'trailing whitespace in the file, none in the block',
    file: 'a = 1;   \nb = 2;\n',
    blocks: [edit('a = 1;\nb = 2;', 'a = 1;\nb = 3;')],
    expected: { text: 'a = 1;   \nb = 3;\n', kinds: ['whitespace'] },
  },
  {
    name: 'trailing whitespace in the block, none in the file',
    file: 'a = 1;\nb = 2;\n',
    blocks: [edit('a = 1;  \nb = 2;', 'a = 1;  \nb = 3;')],
    expected: { text: 'a = 1;\nb = 3;\n', kinds: ['whitespace'] },
  },
  {
    name: 'trailing whitespace the model\'s copy added is not written into the file',
    file: 'a = 1;\nb = 2;\n',
    blocks: [edit('a = 1;  \nb = 2;  ', 'a = 1;  \nb = 3;  ')],
    expected: { text: 'a = 1;\nb = 3;\n', kinds: ['whitespace'] },
  },
  {
    name: 'trailing whitespace on a new line is kept when the copy had none extra',
    file: 'a = 1;\n',
    blocks: [edit('  a = 1;', '  a = 1;\n  b = 2;  ')],
    expected: { text: 'a = 1;\nb = 2;  \n', kinds: ['whitespace'] },
  },
  {
    name: 'trailing tab on a single changed line',
    file: 'x = 1;\t\ny = 2;\n',
    blocks: [edit('x = 1;\n', 'x = 5;\n')],
    expected: { text: 'x = 5;\ny = 2;\n', kinds: ['whitespace'] },
  },
  {
    name: 'blank lines: an empty block line matches a whitespace-only file line',
    file: 'a();\n    \nb();\n',
    blocks: [edit('a();\n\nb();', 'a();\n\nc();')],
    expected: { text: 'a();\n    \nc();\n', kinds: ['whitespace'] },
  },
  {
    name: 'blank lines: exact when copied exactly',
    file: 'one\n\n\ntwo\n',
    blocks: [edit('one\n\n\ntwo', 'one\n\ntwo')],
    expected: { text: 'one\n\ntwo\n', kinds: ['exact'] },
  },
  {
    name: 'blank lines: one blank line too few in the block is matched fuzzily',
    file: 'function go() {\n  one();\n\n\n  two();\n}\n',
    blocks: [edit('function go() {\n  one();\n\n  two();\n}', 'function go() {\n  one();\n\n  three();\n}')],
    expected: { text: 'function go() {\n  one();\n\n  three();\n}\n', kinds: ['fuzzy'], score: 0.969 },
  },
];

const invoice = 'function bill(order) {\n  return calculateInvoiceTotal(order);\n}\n';
const total = 'function total(items) {\n  let sum = 0;\n  for (const item of items) sum += item.price;\n  return sum;\n}\n';
const totalTypo = 'function total(items) {\n  let sum = 0;\n  for (const item of items) sum += item.prise;\n  return sum;\n}';
const longLine = (ending: string): string => `  const summary = buildSummary(customer.name, customer.address, order.items, order.discounts, ${ending});`;

const fuzzy: EditCase[] = [
  {
    name: 'fuzzy: a typo in one line is matched and the score reported',
    file: total,
    blocks: [edit(totalTypo, 'function total(items) {\n  let sum = 0;\n  for (const item of items) sum += item.price * item.count;\n  return sum;\n}')],
    expected: { text: 'function total(items) {\n  let sum = 0;\n  for (const item of items) sum += item.price * item.count;\n  return sum;\n}\n', kinds: ['fuzzy'], score: 0.989, lines: [[1]] },
  },
  {
    name: 'fuzzy: a mistyped line the model left alone is written as the file has it',
    file: total,
    blocks: [edit(totalTypo, totalTypo.replace('return sum;', 'return Math.round(sum);'))],
    expected: { text: total.replace('return sum;', 'return Math.round(sum);'), kinds: ['fuzzy'] },
  },
  {
    name: 'fuzzy: a typo plus indentation drift',
    file: 'class Cart {\n\ttotal(items) {\n\t\tlet sum = 0;\n\t\tfor (const item of items) sum += item.price;\n\t\treturn sum;\n\t}\n}\n',
    blocks: [edit(totalTypo.replace('function ', ''), 'total(items) {\n  let sum = 0;\n  for (const item of items) sum += item.price;\n  return sum * 2;\n}')],
    expected: { text: 'class Cart {\n\ttotal(items) {\n\t\tlet sum = 0;\n\t\tfor (const item of items) sum += item.price;\n\t\treturn sum * 2;\n\t}\n}\n', kinds: ['fuzzy'] },
  },
  {
    name: 'fuzzy: a line the model invented is tolerated by the window slack',
    file: 'function load(path) {\n  const text = read(path);\n  const data = parse(text);\n  validate(data);\n  return data;\n}\n',
    blocks: [edit('function load(path) {\n  const text = read(path);\n  const data = parse(text);\n  log(data);\n  validate(data);\n  return data;\n}', 'function load(path) {\n  const text = read(path);\n  const data = parse(text);\n  validate(data);\n  return freeze(data);\n}')],
    expected: { text: 'function load(path) {\n  const text = read(path);\n  const data = parse(text);\n  validate(data);\n  return freeze(data);\n}\n', kinds: ['fuzzy'] },
  },
  {
    name: 'near miss below the threshold is refused with the nearest line',
    file: invoice,
    blocks: [edit('  return calculateInvoice(ordr);', '  return calculateInvoice(order) * 1.2;')],
    expected: { refusal: 'not-found', nearestLine: 2 },
  },
  {
    name: 'a one-line near miss is refused even at 0.8 (short blocks never match fuzzily)',
    file: invoice,
    options: { fuzzyThreshold: 0.8 },
    blocks: [edit('  return calculateInvoice(ordr);', '  return calculateInvoice(order) * 1.2;')],
    expected: { refusal: 'not-found', nearestLine: 2 },
  },
  {
    name: 'threshold 0.8 accepts a three-line near miss that 0.9 refuses',
    file: `// bill\n${invoice}`,
    options: { fuzzyThreshold: 0.8 },
    blocks: [edit('function bill(ordr) {\n  return calculateInvoice(ordr);\n}', 'function bill(order) {\n  return calculateInvoice(order) * 1.2;\n}')],
    expected: { text: '// bill\nfunction bill(order) {\n  return calculateInvoice(order) * 1.2;\n}\n', kinds: ['fuzzy'] },
  },
  {
    name: 'threshold 0.99 refuses what 0.9 accepts',
    file: total,
    options: { fuzzyThreshold: 0.99 },
    blocks: [edit(totalTypo, totalTypo.replace('prise', 'cost'))],
    expected: { refusal: 'not-found', nearestLine: 1 },
  },
  {
    name: 'threshold 1 turns fuzzy matching off',
    file: total,
    options: { fuzzyThreshold: 1 },
    blocks: [edit(totalTypo, totalTypo.replace('prise', 'cost'))],
    expected: { refusal: 'not-found', nearestLine: 1 },
  },
  {
    name: 'a threshold below 0.5 is raised to 0.5',
    file: 'const alpha = 1;\n',
    options: { fuzzyThreshold: 0.1 },
    blocks: [edit('let beta = 22;', 'let beta = 23;')],
    expected: { refusal: 'not-found', nearestLine: 1 },
  },
  {
    name: 'near miss: a different function of the same shape is refused',
    file: 'function sub(a, b) { return a - b; }\n',
    blocks: [edit('function add(a, b) { return a + b; }', 'function add(a, b) { return b + a; }')],
    expected: { refusal: 'not-found', nearestLine: 1 },
  },
  {
    name: 'near miss: short lines differing in one identifier are refused',
    file: 'x = 1;\ny = 2;\n',
    blocks: [edit('z = 1;', 'z = 3;')],
    expected: { refusal: 'not-found', nearestLine: 1 },
  },
  {
    name: 'fuzzy: the same mistyped block in two places is ambiguous',
    file: `${total}\n${total}`,
    blocks: [edit(totalTypo, totalTypo.replace('prise', 'cost'))],
    expected: { refusal: 'ambiguous', found: 2 },
  },
  {
    name: 'fuzzy: two places within 0.01 of each other are ambiguous',
    file: `x();\n${longLine('options.locale')}\ny();\nother();\nx();\n${longLine('options.locales')}\ny();\n`,
    blocks: [edit(`x();\n${longLine('option.locale')}\ny();`, `x();\n${longLine('locale')}\ny();`)],
    expected: { refusal: 'ambiguous', found: 2 },
  },
  {
    name: 'fuzzy: a clearly better place wins',
    file: 'start();\nconst a = makeThing(first, second);\nfinish();\nconst b = makeOther(first, second, third);\n',
    blocks: [edit('start();\nconst a = makeThing(first, secnd);\nfinish();', 'start();\nconst a = makeThing(second, first);\nfinish();')],
    expected: { text: 'start();\nconst a = makeThing(second, first);\nfinish();\nconst b = makeOther(first, second, third);\n', kinds: ['fuzzy'], lines: [[1]] },
  },
  {
    name: 'fuzzy is not tried when several occurrences are expected',
    file: total,
    blocks: [edit(totalTypo, totalTypo.replace('prise', 'cost'), 2)],
    expected: { refusal: 'not-found', nearestLine: 1 },
  },
];

const unicode: EditCase[] = [
  { name: 'unicode: emoji replaced', file: 'const icon = "😀";\n', blocks: [edit('😀', '🎉')], expected: { text: 'const icon = "🎉";\n' } },
  { name: 'unicode: emoji around the replaced text stay whole', file: '🎉 party 🎉\n', blocks: [edit(' party ', ' fête ')], expected: { text: '🎉 fête 🎉\n' } },
  { name: 'unicode: half a surrogate pair never matches', file: '😀\n', blocks: [edit('\uD83D', 'x')], expected: { refusal: 'not-found', nearestLine: 1 } },
  { name: 'unicode: part of a ZWJ emoji sequence is not a match', file: 'dev: 👩‍💻\n', blocks: [edit('👩', '👨')], expected: { refusal: 'not-found', nearestLine: 1 } },
  { name: 'unicode: a whole ZWJ emoji sequence is', file: 'dev: 👩‍💻\n', blocks: [edit('👩‍💻', '👨‍💻')], expected: { text: 'dev: 👨‍💻\n' } },
  { name: 'unicode: CJK text', file: '你好，世界\n再见\n', blocks: [edit('世界', '朋友')], expected: { text: '你好，朋友\n再见\n', lines: [[1]] } },
  {
    name: 'unicode: CJK comment with a typo matched fuzzily',
    file: '// 计算总价\nconst total = sum(items);\nexport { total };\n',
    blocks: [edit('// 计算总价格\nconst total = sum(items);\nexport { total };', '// 计算总价\nconst total = sum(items) * rate;\nexport { total };')],
    expected: { text: '// 计算总价\nconst total = sum(items) * rate;\nexport { total };\n', kinds: ['fuzzy'] },
  },
  { name: 'unicode: a decomposed é edited whole', file: 'cafe\u0301 au lait\n', blocks: [edit('cafe\u0301', 'the\u0301')], expected: { text: 'the\u0301 au lait\n' } },
  { name: 'unicode: a bare e never takes the next character\'s accent', file: 'cafe\u0301\n', blocks: [edit('cafe', 'caf')], expected: { refusal: 'not-found', nearestLine: 1 } },
  { name: 'unicode: precomposed é in the file, decomposed in the block', file: 'menu = "café";\n', blocks: [edit('"cafe\u0301"', '"tea"')], expected: { refusal: 'not-found', nearestLine: 1 } },
  { name: 'unicode: Hebrew', file: 'const greeting = "שלום";\nconst other = "مرحبا";\n', blocks: [edit('"שלום"', '"שלום עולם"')], expected: { text: 'const greeting = "שלום עולם";\nconst other = "مرحبا";\n' } },
  { name: 'unicode: Arabic after a right-to-left mark', file: 'label: \u200Fمرحبا\n', blocks: [edit('مرحبا', 'وداعا')], expected: { text: 'label: \u200Fوداعا\n' } },
  { name: 'unicode: emoji in a whitespace-drifted block', file: '\tlog("✅ done");\n', blocks: [edit('    log("✅ done");', '    log("✅ all done");')], expected: { text: '\tlog("✅ all done");\n', kinds: ['whitespace'] } },
  { name: 'unicode: emoji in a CRLF file with an LF block', file: 'a = "🚀";\r\nb = 1;\r\n', blocks: [edit('a = "🚀";\nb = 1;', 'a = "🛸";\nb = 2;')], expected: { text: 'a = "🛸";\r\nb = 2;\r\n', kinds: ['line-endings'] } },
  { name: 'unicode: non-breaking space is not indentation', file: '\u00A0x = 1;\n', blocks: [edit('x = 1;', 'x = 2;')], expected: { text: '\u00A0x = 2;\n', kinds: ['exact'] } },
];

export const looseCases: EditCase[] = [...indentation, ...trailingAndBlank, ...fuzzy, ...unicode];
