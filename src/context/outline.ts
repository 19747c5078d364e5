/**
 * The outline tier: a file's declarations and signatures with their line numbers, for files that do not fit whole.
 * A line-based recogniser per language family: no parser to load, linear in the file size, and good enough to
 * tell the model what exists and where (it can ask for the file by path:line).
 */
import { extensionOf } from './classify';

type Family = 'c-like' | 'python' | 'ruby' | 'markdown' | 'other';

const FAMILIES: Record<string, Family> = {};
for (const ext of ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.java', '.kt', '.kts', '.scala', '.cs', '.go', '.rs',
  '.swift', '.c', '.h', '.cc', '.cpp', '.cxx', '.hpp', '.hh', '.m', '.mm', '.php', '.dart', '.vue', '.svelte', '.zig', '.sol']) {
  FAMILIES[ext] = 'c-like';
}
for (const ext of ['.py', '.pyi']) FAMILIES[ext] = 'python';
for (const ext of ['.rb', '.rake']) FAMILIES[ext] = 'ruby';
for (const ext of ['.md', '.mdx', '.markdown', '.rst', '.adoc']) FAMILIES[ext] = 'markdown';

const MODIFIERS = '(?:export|default|declare|public|private|protected|internal|static|final|abstract|async|override|virtual|extern|inline|pub(?:\\([^)]*\\))?|unsafe|const|open|sealed|data|partial|readonly)';
const C_LIKE_DECLARATION = new RegExp(
  `^\\s*(?:${MODIFIERS}\\s+)*(?:function\\*?|class|interface|type|enum|struct|trait|impl|mod|module|namespace|record|object|fun|fn|func|def|protocol|extension|union|typedef|template|let|var|const|static)\\b`,
);
/** A method or function signature: `name(args)` possibly with modifiers and a return type, ending a line with `{` or `;`. */
const C_LIKE_SIGNATURE = new RegExp(
  `^\\s*(?:${MODIFIERS}\\s+|get\\s+|set\\s+)*[A-Za-z_$][\\w$<>,\\[\\]*&:.]*(?: [\\w$<>,\\[\\]*&:.]+)*\\s?\\([^;()]*(?:\\([^;()]*\\)[^;()]*)*\\)\\s*(?::[^={]+)?(?:->[^{]+)?(?:\\{\\s*\\}?|=>\\s*\\{?)?\\s*$`,
);
const CONTROL = /^\s*(?:if|for|while|switch|catch|return|else|do|try|case|throw|await|yield|new|super|this)\b/;
const MAX_DEPTH_INDENT = 8; // deeper lines are bodies, not declarations
const MAX_LINE = 200;

function indentOf(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ') width += 1;
    else if (char === '\t') width += 4;
    else break;
  }
  return width;
}

/** Longer lines are data or minified code, not declarations; skipping them also bounds the regex work per line. */
const MAX_DECLARATION_LINE = 300;

function keep(line: string, family: Family): boolean {
  if (line.length > MAX_DECLARATION_LINE) return false;
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) return false;
  switch (family) {
    case 'python':
      return /^\s*(?:async\s+def|def|class)\s/.test(line) || /^[A-Z_][A-Z0-9_]*\s*[:=]/.test(line);
    case 'ruby':
      return /^\s*(?:def|class|module)\s/.test(line);
    case 'markdown':
      return /^#{1,6}\s/.test(line);
    case 'c-like':
      if (indentOf(line) > MAX_DEPTH_INDENT || CONTROL.test(line)) return false;
      if (/^#\s*define\s/.test(line)) return true;
      if (C_LIKE_DECLARATION.test(line)) {
        // keep `const x = …` only at the top level (module constants), not locals
        return !/^\s+(?:let|var|const)\b/.test(line);
      }
      return C_LIKE_SIGNATURE.test(line);
    default:
      return false;
  }
}

/**
 * `N: line` for each declaration line, or undefined when the language is not recognised or nothing was found
 * (the planner then uses the path tier).
 */
export function outline(relativePath: string, text: string): string | undefined {
  const family = FAMILIES[extensionOf(relativePath)] ?? 'other';
  if (family === 'other') return undefined;
  const kept: string[] = [];
  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber++;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (keep(line, family)) kept.push(`${lineNumber}: ${line.trimEnd().slice(0, MAX_LINE)}`);
    start = end + 1;
  }
  return kept.length > 0 ? kept.join('\n') + '\n' : undefined;
}
