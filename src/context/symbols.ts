/**
 * The names a file declares, read from its outline (outline.ts keeps declaration lines: `12: def solve(f, x):`,
 * `3: export class Parser {`, `40: static parse(text: string): Node {`), and the files that declare a name the question
 * uses. Half the questions that never name a file name a function or class defined in it.
 */
import { STOP_WORDS } from './terms';

const AFTER_KEYWORD =
  /\b(?:def|class|function\*?|interface|type|enum|struct|trait|impl|mod|module|namespace|record|object|fun|fn|func|protocol|union|typedef|let|var|const|static|macro_rules!)\s+([A-Za-z_$][\w$]*)/;
const BEFORE_PARENS = /([A-Za-z_$][\w$]*)\s*(?:<[^>()]*>)?\s*\(/;
const CONSTANT = /^([A-Z_][A-Z0-9_]*)\s*[:=]/;
const C_DEFINE = /^#\s*define\s+([A-Za-z_]\w*)/;

/** Declared names in an outline's lines, in order, without repeats. */
export function declaredNames(outlineText: string): string[] {
  const names = new Set<string>();
  for (const raw of outlineText.split('\n')) {
    const line = raw.slice(raw.indexOf(': ') + 2);
    if (line.trimStart().startsWith('#') && !C_DEFINE.test(line.trimStart())) continue; // a Markdown heading
    const trimmed = line.trimStart();
    const match = AFTER_KEYWORD.exec(trimmed) ?? C_DEFINE.exec(trimmed) ?? CONSTANT.exec(trimmed) ?? BEFORE_PARENS.exec(trimmed);
    if (match && match[1].length >= 2) names.add(match[1]);
  }
  return [...names];
}

/** How a question uses a name: code-shaped (`parse_args`, `parseArgs`, `Parser`, in backticks, or called) or as a word. */
function questionNames(question: string): Map<string, 'code' | 'word'> {
  const names = new Map<string, 'code' | 'word'>();
  const quoted = new Set<string>();
  for (const match of question.matchAll(/`([^`]+)`/g)) for (const name of match[1].match(/[A-Za-z_$][\w$]*/g) ?? []) quoted.add(name);
  for (const match of question.matchAll(/[A-Za-z_$][\w$]*(\s*\()?/g)) {
    const name = match[0].replace(/\s*\($/, '');
    if (name.length < 2) continue;
    const codeShaped = quoted.has(name) || match[1] !== undefined || /[_$0-9]|[a-z][A-Z]|^[A-Z][a-z]+[A-Z]/.test(name) || (/^[A-Z]/.test(name) && match.index > 0 && !/[.!?]\s*$/.test(question.slice(0, match.index)));
    if (!codeShaped && STOP_WORDS.has(name.toLowerCase())) continue;
    if (codeShaped || !names.has(name)) names.set(name, codeShaped ? 'code' : names.get(name) ?? 'word');
  }
  return names;
}

/** Weight of a declared name the question uses: code-shaped counts fully, a plain word (`solve`, `render`) less. */
export const SYMBOL_WEIGHT = { code: 2, word: 0.6 } as const;
/** A name declared in more files than this is a convention (`__init__`, `render`, `constructor`), not a pointer. */
const MAX_DECLARING_FILES = 50;

/**
 * Each file's symbol score: for each name the question uses that the file declares, the name's weight shared among the
 * files declaring it (a name declared once points at its file; one declared in forty points at none of them much).
 */
export function symbolScores(question: string, declared: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const used = questionNames(question);
  const byName = new Map<string, string[]>();
  for (const [path, names] of declared) {
    for (const name of names) {
      if (!used.has(name)) continue;
      const list = byName.get(name);
      if (list) list.push(path);
      else byName.set(name, [path]);
    }
  }
  const scores = new Map<string, number>();
  for (const [name, files] of byName) {
    if (files.length > MAX_DECLARING_FILES) continue;
    const each = SYMBOL_WEIGHT[used.get(name)!] / files.length;
    for (const path of files) scores.set(path, (scores.get(path) ?? 0) + each);
  }
  return scores;
}
