import * as assert from 'node:assert/strict';
import { fileKind } from '../../src/context/filePrior';
import { MENTION_WEIGHT, mentionScores } from '../../src/context/mentions';
import { RECENT_CAP, rankFiles, type RankDocument } from '../../src/context/relevance';
import { declaredNames, symbolScores } from '../../src/context/symbols';
import { identifierParts, questionTerms, termCounts } from '../../src/context/terms';
import { outline } from '../../src/context/outline';

/** A document as the engine indexes it: its terms, and the names its outline declares. */
function doc(path: string, text: string): RankDocument {
  const outlineText = outline(path, text);
  return { path, terms: termCounts(text), declares: outlineText ? declaredNames(outlineText) : [] };
}

const orderOf = (question: string, docs: RankDocument[], recent?: string[]) => rankFiles(question, docs, { recent }).order;

describe('relevance', () => {
  describe('code-aware terms', () => {
    it('splits camelCase, PascalCase, acronyms, snake_case and digits, and keeps the identifier whole', () => {
      assert.deepEqual(identifierParts('parseHTMLTag'), ['parse', 'html', 'tag']);
      assert.deepEqual(identifierParts('load_config_file'), ['load', 'config', 'file']);
      assert.deepEqual(identifierParts('Base64Encoder'), ['base', '64', 'encoder']);
      assert.deepEqual(identifierParts('plain'), ['plain']);
      const { counts } = termCounts('const parseHTMLTag = load_config_file(x);');
      for (const term of ['parsehtmltag', 'parse', 'html', 'tag', 'load_config_file', 'load', 'config', 'file', 'const']) assert.ok(counts.has(term), term);
      assert.ok(!counts.has('x'), 'one-letter names are noise');
    });

    it('a question in words finds the camelCase and snake_case code, and a question in code finds the words', () => {
      const docs = [
        doc('src/loader.ts', 'export function loadConfigFile(path: string) { return read(path); }\n'),
        doc('src/other.ts', 'export function render(node: Node) { return node; }\n'),
        doc('py/settings.py', 'def read_user_settings(path):\n    return open(path)\n'),
      ];
      assert.equal(orderOf('how do we load the config file?', docs)[0], 'src/loader.ts');
      assert.equal(orderOf('where are user settings read', docs)[0], 'py/settings.py');
      assert.equal(orderOf('what calls read_user_settings', docs)[0], 'py/settings.py');
    });

    it('drops stop words from the question', () => {
      assert.deepEqual(questionTerms('How does the parser handle it?'), ['parser', 'handle']);
    });
  });

  describe('mentions', () => {
    const paths = ['sympy/solvers/solveset.py', 'sympy/solvers/ode/ode.py', 'sympy/core/basic.py', 'sympy/core/__init__.py', 'packages/svelte/src/index.js', 'docs/solveset.md'];

    it('names a file by path, by file name, by name without extension and by dotted module path', () => {
      const top = (question: string) => [...mentionScores(question, paths)].sort((a, b) => b[1] - a[1])[0]?.[0];
      assert.equal(top('see sympy/solvers/solveset.py:40'), 'sympy/solvers/solveset.py');
      assert.equal(top('in solvers/ode/ode.py, why'), 'sympy/solvers/ode/ode.py');
      assert.equal(top('basic.py breaks'), 'sympy/core/basic.py');
      assert.equal(top('sympy.core.basic.Basic.subs is slow'), 'sympy/core/basic.py');
      assert.equal(top('import from sympy.core'), 'sympy/core/__init__.py');
      assert.equal(mentionScores('solveset returns a ConditionSet', paths).get('sympy/solvers/solveset.py'), MENTION_WEIGHT.stem / 2, 'shared with docs/solveset.md');
      assert.equal(mentionScores('the myapp.py script', ['src/app.py']).size, 0);
    });

    it('a name that fits many files weighs little on each: a common file name cannot pull hundreds of files in', () => {
      const many = Array.from({ length: 400 }, (_, i) => `pkg${String(i).padStart(3, '0')}/index.js`);
      const scores = mentionScores('index.js in the router throws', [...many, 'src/router.js']);
      assert.equal(scores.get('pkg000/index.js'), MENTION_WEIGHT.name / 400);
      const docs = [...many.map((path) => doc(path, 'export default {};\n')), doc('src/router.js', 'export function route(url) { throw new Error(url); }\n')];
      const order = orderOf('index.js in the router throws', docs);
      assert.equal(order[0], 'src/router.js');
      // a unique file name does put its file first
      assert.equal(orderOf('pkg123/index.js in the router throws', docs)[0], 'pkg123/index.js');
    });
  });

  describe('symbols', () => {
    it('reads declared names from outlines of several languages', () => {
      assert.deepEqual(declaredNames(outline('a.py', 'class Parser(Base):\n    def parse_args(self):\n        pass\nMAX_DEPTH = 3\n')!), ['Parser', 'parse_args', 'MAX_DEPTH']);
      assert.deepEqual(
        declaredNames(outline('a.ts', 'export class Lexer {\n  static tokenize(text: string): Token[] {\n    return [];\n  }\n}\nexport function parseHeader(x: string) {\n}\n')!),
        ['Lexer', 'tokenize', 'parseHeader'],
      );
    });

    it('maps a name the question uses to the file that defines it, not the files that only call it', () => {
      const docs = [
        doc('src/a-caller.ts', 'import { parseHeader } from "./headers";\nexport const x = parseHeader(input); // parseHeader parseHeader\n'),
        doc('src/headers.ts', 'export function parseHeader(text: string) {\n  return text.split(":");\n}\n'),
        doc('src/z.ts', 'export const unrelated = 1;\n'),
      ];
      assert.equal(orderOf('Why does parseHeader throw on empty input?', docs)[0], 'src/headers.ts');
      const scores = symbolScores('parseHeader throws', new Map([['src/headers.ts', ['parseHeader']], ['lib/headers.ts', ['parseHeader']]]));
      assert.equal(scores.get('src/headers.ts'), scores.get('lib/headers.ts'), 'a name declared twice is shared');
    });
  });

  describe('the prior and the recent changes', () => {
    it('on equal evidence, source comes before tests, docs, fixtures, data and translations', () => {
      const text = 'splits words apart\n';
      const paths = ['locales/fr/messages.po', 'data/tokenizer.json', 'test/fixtures/tokenizer.txt', 'docs/tokenizer.md', 'test/tokenizer.test.ts', 'src/tokenizer.ts'];
      assert.deepEqual(paths.map(fileKind), ['translation', 'data', 'fixture', 'docs', 'test', 'source']);
      const order = orderOf('what splits words?', paths.map((path) => doc(path, text)));
      assert.deepEqual(order, [...paths].reverse());
      // and with no question at all
      assert.deepEqual(orderOf('', paths.map((path) => ({ path }))), [...paths].reverse());
    });

    it('recent changes are capped: a burst of them cannot outrank what the question is about', () => {
      const burst = Array.from({ length: 300 }, (_, i) => `locales/l${String(i).padStart(3, '0')}.json`);
      const docs = [...burst.map((path) => doc(path, '{"hello": "bonjour"}\n')), doc('src/cache.ts', 'export function evictCache() {}\n'), doc('src/zz.ts', 'export const zz = 1;\n')];
      const ranking = rankFiles('why is evictCache slow?', docs, { recent: ['src/zz.ts', ...burst] });
      assert.equal(ranking.order[0], 'src/cache.ts');
      const boosted = burst.filter((path) => ranking.score.get(path)! > 0);
      assert.equal(boosted.length, RECENT_CAP - 1, 'only the first files of the recent list count');
      assert.deepEqual(boosted, burst.slice(0, RECENT_CAP - 1));
      // without a question, recent files lead, in recency order then by kind
      assert.equal(rankFiles('', docs, { recent: ['src/zz.ts', ...burst] }).order[0], 'src/zz.ts');
    });
  });

  it('is deterministic: the same input in any order gives the same ranking', () => {
    const docs = Array.from({ length: 60 }, (_, i) => doc(`src/m${i % 7}/f${i}.ts`, `export function f${i}() { return ${i % 5 === 0 ? 'cache' : 'value'}; }\n`));
    const first = rankFiles('cache value f12', docs, { recent: ['src/m1/f8.ts'] });
    for (let seed = 1; seed < 5; seed++) {
      const shuffled = [...docs].sort((a, b) => ((a.path.length * seed + a.path.charCodeAt(seed)) % 11) - ((b.path.length * seed + b.path.charCodeAt(seed)) % 11));
      assert.deepEqual(rankFiles('cache value f12', shuffled, { recent: ['src/m1/f8.ts'] }).order, first.order);
    }
    assert.equal(first.order[0], 'src/m5/f12.ts');
    assert.deepEqual([...first.rank.values()], first.order.map((_, i) => i + 1));
  });
});
