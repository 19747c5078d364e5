/**
 * What a code fence's info string says: its language and, when it names one, the file it belongs to.
 * Models write `ts src/a.ts`, `ts:src/a.ts`, `src/a.ts` or `ts title="src/a.ts"`; all mean "TypeScript, for src/a.ts".
 */
export interface FenceInfo {
  language?: string;
  path?: string;
}

/** Extensions whose language name differs from the extension (highlight.js resolves the rest as aliases). */
const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  mjs: 'javascript',
  cjs: 'javascript',
  mts: 'typescript',
  cts: 'typescript',
  jsonc: 'json',
  htm: 'xml',
  svg: 'xml',
  hh: 'cpp',
  hxx: 'cpp',
  cxx: 'cpp',
  mdx: 'markdown',
  patch: 'diff',
};

/** Characters a workspace-relative path may hold here: no spaces, quotes, angle brackets or schemes. */
const PATH_CHARACTERS = /^[\w@~+.\-/]+$/;
const EXTENSION = /\.([A-Za-z][A-Za-z0-9]{0,9})$/;
/** Files commonly named without an extension. */
const BARE_FILE_NAMES = new Set(['Makefile', 'Dockerfile', 'Containerfile', 'Gemfile', 'Rakefile', 'Procfile', 'Jenkinsfile', 'Vagrantfile', 'LICENSE']);

/** True when `word` reads as a file path rather than a language name. */
export function looksLikeFilePath(word: string): boolean {
  if (word.length > 1024 || !PATH_CHARACTERS.test(word) || word.includes('//') || word.endsWith('/')) return false;
  const base = word.slice(word.lastIndexOf('/') + 1);
  if (BARE_FILE_NAMES.has(base)) return true;
  const extension = EXTENSION.exec(base);
  // `1.2.3` is a version, `.env` is a file; a path needs a name before or after its dot.
  return extension !== null && base.length > extension[0].length && !/^\d+$/.test(base.slice(0, -extension[0].length));
}

/** The language a file's extension implies, as highlight.js knows it (an alias is fine). */
export function languageOfPath(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === 'Makefile') return 'makefile';
  if (base === 'Dockerfile' || base === 'Containerfile') return 'dockerfile';
  const extension = EXTENSION.exec(base)?.[1].toLowerCase();
  return extension === undefined ? undefined : (LANGUAGE_BY_EXTENSION[extension] ?? extension);
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}

function cleanLanguage(word: string): string | undefined {
  // A language is a short identifier (`c++`, `c#`, `objective-c`); anything else is not trusted into a class name.
  const language = word.replace(/^\{?\.?/, '').replace(/\}$/, '').toLowerCase();
  return /^[a-z0-9][\w+#-]{0,31}$/.test(language) ? language : undefined;
}

export function parseFenceInfo(info: string): FenceInfo {
  const words = info.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return {};
  const [first, ...rest] = words;
  const result: FenceInfo = {};
  const colon = first.indexOf(':');
  if (colon > 0 && looksLikeFilePath(first.slice(colon + 1))) {
    result.language = cleanLanguage(first.slice(0, colon));
    result.path = first.slice(colon + 1);
  } else if (looksLikeFilePath(first) && !first.startsWith('.')) {
    result.path = first;
    result.language = languageOfPath(first);
  } else {
    result.language = cleanLanguage(first);
    for (const word of rest) {
      const attribute = /^(?:title|file|path|filename)=(.+)$/.exec(word);
      const candidate = unquote(attribute ? attribute[1] : word);
      if (looksLikeFilePath(candidate)) {
        result.path = candidate;
        break;
      }
    }
  }
  if (result.language === undefined) delete result.language;
  return result;
}
