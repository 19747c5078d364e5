/**
 * What kind of file a path is, from the path alone: source first, then tests, docs, fixtures, data and translations.
 * Relevance uses it as a prior (a question about a behaviour is answered by the source that implements it, more often
 * than by its tests, its docs or a translated message catalogue) and as the tie-break between equal scores.
 */
import { extensionOf } from './classify';

export type FileKind = 'source' | 'other' | 'test' | 'docs' | 'fixture' | 'data' | 'translation';

/** Lower sorts first when scores tie. */
export const KIND_ORDER: Record<FileKind, number> = { source: 0, other: 1, test: 2, docs: 3, fixture: 4, data: 5, translation: 6 };

/** How much of a file's lexical and symbol score counts (exact mentions count whole whatever the kind). */
export const KIND_WEIGHT: Record<FileKind, number> = { source: 1, other: 0.8, test: 0.7, docs: 0.6, fixture: 0.5, data: 0.45, translation: 0.3 };

const SOURCE = new Set(
  ('.ts .tsx .mts .cts .js .jsx .mjs .cjs .py .pyi .pyx .pxd .rb .go .rs .java .kt .kts .scala .cs .fs .swift .m .mm .c .h ' +
    '.cc .cpp .cxx .hpp .hh .php .dart .lua .ex .exs .erl .hs .ml .clj .vue .svelte .sol .zig .r .jl .sh .bash .ps1 .pl')
    .split(' '),
);
const DOCS = new Set(['.md', '.mdx', '.rst', '.adoc', '.txt', '.markdown', '.tex', '.org']);
const DATA = new Set(['.json', '.jsonc', '.json5', '.csv', '.tsv', '.xml', '.yaml', '.yml', '.toml', '.svg', '.dat', '.snap', '.html', '.css', '.scss', '.sql', '.lock', '.ini', '.cfg']);
const TRANSLATION = new Set(['.po', '.pot', '.mo', '.xlf', '.xliff', '.strings', '.resx', '.arb']);

const TEST_FOLDERS = new Set(['test', 'tests', '__tests__', 'spec', 'specs', 'testing', 'e2e', '__mocks__']);
const FIXTURE_FOLDERS = new Set(['fixtures', 'fixture', '__fixtures__', 'testdata', 'test-data', 'samples', 'sample', 'snapshots', '__snapshots__', 'examples', 'example', 'playground', 'playgrounds', 'benchmarks', 'bench']);
const DOC_FOLDERS = new Set(['docs', 'doc', 'documentation', 'site', 'website']);
const TRANSLATION_FOLDERS = new Set(['locale', 'locales', 'i18n', 'l10n', 'translations', 'lang', 'langs']);
const TEST_NAME = /^test_|_test\.|[._-](test|spec)\.[^.]+$|^conftest\.py$/i;

export function fileKind(path: string): FileKind {
  const segments = path.toLowerCase().split('/');
  const name = segments.pop()!;
  const extension = extensionOf(path);
  if (TRANSLATION.has(extension) || segments.some((segment) => TRANSLATION_FOLDERS.has(segment))) return 'translation';
  if (segments.some((segment) => FIXTURE_FOLDERS.has(segment))) return 'fixture';
  if (TEST_NAME.test(name) || segments.some((segment) => TEST_FOLDERS.has(segment))) return 'test';
  if (DOCS.has(extension) || segments.some((segment) => DOC_FOLDERS.has(segment))) return 'docs';
  if (DATA.has(extension)) return 'data';
  return SOURCE.has(extension) ? 'source' : 'other';
}
