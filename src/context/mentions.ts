/**
 * Files a question names: by path (or the end of one, `phases/2-analyze/index.js`), by file name with or without its
 * extension (`solveset.py`, `solveset`), by dotted module path (`sympy.solvers.solveset`, `pkg.mod.Class.method`) or by
 * import specifier (`svelte/internal/client`). A name that fits many files says little about each: a mention's weight
 * is divided among the files it fits, so "index.js" in a question about a repository with 400 of them moves none of them
 * far, while a unique name puts its file first.
 */
import { STOP_WORDS } from './terms';

/** Weights of one mention, before it is shared among the files it fits. */
export const MENTION_WEIGHT = { path: 6, name: 4, module: 4, stem: 2, folder: 1 } as const;

/** Stems shorter than this are too often ordinary words or single letters (`a.py`, `io.ts`). */
const MIN_STEM = 3;

interface PathInfo {
  path: string;
  lower: string;
  /** Lowercased, without the file's extension. */
  bare: string;
  /** The folder for an `index.*` or `__init__.py` file (which a module path names), lowercased, without the slash. */
  moduleFolder?: string;
}

function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** The path-shaped tokens of a question: runs of characters paths are made of, without wrapping punctuation. */
function pathTokens(question: string): string[] {
  const out = new Set<string>();
  for (const match of question.matchAll(/[\w.\-/@$+~]+/g)) {
    const token = match[0].replace(/^[@.]*\/*|[.\-/]+$/g, '').replace(/^\.\//, '');
    if (token.length >= 2) out.add(token.toLowerCase());
  }
  return [...out];
}

/** Files the question mentions, each with its mention score (the largest of the ways it is named). */
export function mentionScores(question: string, paths: readonly string[]): Map<string, number> {
  const scores = new Map<string, number>();
  if (!question.trim()) return scores;
  const infos: PathInfo[] = paths.map((path) => {
    const lower = path.toLowerCase();
    const name = lower.slice(lower.lastIndexOf('/') + 1);
    const stem = stemOf(name);
    const bare = lower.slice(0, lower.length - (name.length - stem.length));
    const moduleFolder = (stem === 'index' || stem === '__init__') && lower.includes('/') ? lower.slice(0, lower.lastIndexOf('/')) : undefined;
    return { path, lower, bare, moduleFolder };
  });
  const credit = (matched: readonly string[], weight: number) => {
    if (matched.length === 0) return;
    const each = weight / matched.length;
    for (const path of matched) scores.set(path, Math.max(scores.get(path) ?? 0, each));
  };
  // `a/b` ends `x/a/b` at a folder boundary
  const endsAt = (text: string, suffix: string) => text === suffix || (text.endsWith(suffix) && text[text.length - suffix.length - 1] === '/');

  const byName = new Map<string, string[]>();
  const byStem = new Map<string, string[]>();
  for (const info of infos) {
    const name = info.lower.slice(info.lower.lastIndexOf('/') + 1);
    (byName.get(name) ?? byName.set(name, []).get(name)!).push(info.path);
    const stem = stemOf(name);
    if (stem.length >= MIN_STEM && stem !== name) (byStem.get(stem) ?? byStem.set(stem, []).get(stem)!).push(info.path);
  }

  const tokens = pathTokens(question);
  for (const token of tokens) {
    if (token.includes('/')) {
      const exact = infos.filter((info) => endsAt(info.lower, token));
      if (exact.length > 0) {
        credit(exact.map((info) => info.path), MENTION_WEIGHT.path);
        continue;
      }
      const module = infos.filter((info) => endsAt(info.bare, token) || (info.moduleFolder !== undefined && endsAt(info.moduleFolder, token)));
      if (module.length > 0) {
        credit(module.map((info) => info.path), MENTION_WEIGHT.path);
        continue;
      }
      const prefix = `${token}/`;
      credit(infos.filter((info) => info.lower.startsWith(prefix) || info.lower.includes(`/${prefix}`)).map((info) => info.path), MENTION_WEIGHT.folder);
      continue;
    }
    const named = byName.get(token);
    if (named) {
      credit(named, MENTION_WEIGHT.name);
      continue;
    }
    const segments = token.split('.');
    if (segments.length >= 2 && segments.every((segment) => /^[a-z_$][\w$]*$/.test(segment))) {
      // the longest prefix of the dotted name that is a module: `pkg.mod.Class.method` names pkg/mod
      for (let length = segments.length; length >= 2; length--) {
        const suffix = segments.slice(0, length).join('/');
        const module = infos.filter((info) => endsAt(info.bare, suffix) || (info.moduleFolder !== undefined && endsAt(info.moduleFolder, suffix)));
        if (module.length > 0) {
          credit(module.map((info) => info.path), MENTION_WEIGHT.module);
          break;
        }
      }
    }
  }
  // names without their extension, among the question's words (`solveset`, `load-config`, `Button`)
  const words = new Set<string>();
  for (const token of tokens) {
    if (/^[^./]+\.[a-z][a-z0-9]{0,4}$/.test(token)) continue; // a file name that is not here (`app.tsx`) does not name `app.ts`
    for (const word of token.split(/[./]/)) if (word.length >= MIN_STEM && !STOP_WORDS.has(word)) words.add(word);
  }
  for (const word of words) {
    const named = byStem.get(word);
    if (named) credit(named, MENTION_WEIGHT.stem);
  }
  return scores;
}
