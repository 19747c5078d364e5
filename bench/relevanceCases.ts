/**
 * The relevance benchmark's cases, taken from a repository's real history with a fixed rule (no hand-picking):
 * walking the first-parent history from the newest commit, every commit that touched one to three source files
 * becomes a case; its message (title and body, trailers stripped) is the question, its first parent the tree the
 * question is asked against, and the source files it modified (present in the parent) are the files that matter.
 * Pure functions over `git log` text, so the rule is unit-tested without a repository.
 */

/** The separators in the `git log` format below: record start, end of the message. */
const RECORD = '\x1e';
const MESSAGE_END = '\x1d';

/** `git log` arguments whose output `parseLog` reads: first parents only, merges diffed against their first parent. */
export function logArguments(maxCommits: number, from = 'HEAD'): string[] {
  return [
    '-c', 'core.quotepath=off',
    'log', from, '--first-parent', '--diff-merges=first-parent', '--no-renames', '--name-status',
    `-n${maxCommits}`, `--format=${RECORD}%H %P%n%B${MESSAGE_END}`,
  ];
}

export interface LoggedCommit {
  commit: string;
  /** The first parent: what the question is asked against. Undefined for a root commit. */
  parent?: string;
  message: string;
  /** Status letter (M, A, D, T…) by path, as `--name-status` gives them against the first parent. */
  changes: Array<{ status: string; path: string }>;
}

export function parseLog(text: string): LoggedCommit[] {
  const commits: LoggedCommit[] = [];
  for (const record of text.split(RECORD)) {
    if (!record.trim()) continue;
    const newline = record.indexOf('\n');
    const [commit, parent] = record.slice(0, newline).trim().split(' ');
    const end = record.indexOf(MESSAGE_END, newline);
    const message = record.slice(newline + 1, end < 0 ? undefined : end);
    const changes: LoggedCommit['changes'] = [];
    for (const line of end < 0 ? [] : record.slice(end + 1).split('\n')) {
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      changes.push({ status: line.slice(0, tab).trim(), path: line.slice(tab + 1) });
    }
    commits.push({ commit, parent: parent || undefined, message, changes });
  }
  return commits;
}

/** A git trailer line (`Co-authored-by: …`, `Signed-off-by: …`, `Change-Id: …`): metadata about the commit, not the question. */
const TRAILER = /^(?:[A-Za-z]+(?:-[A-Za-z]+)*-by|Change-Id|Cc|Bug|Git-svn-id|Reviewed-on|Tested-on|PiperOrigin-RevId):\s/i;
/** The `---------` line GitHub's squash merge puts above the co-author trailers. */
const SEPARATOR = /^-{3,}\s*$/;

/** The commit message as a question: title and body, without trailers and the separator lines left above them. */
export function questionFromMessage(message: string): string {
  const lines = message.replace(/\r\n?/g, '\n').split('\n').filter((line) => !TRAILER.test(line.trim()));
  while (lines.length > 0 && (lines.at(-1)!.trim() === '' || SEPARATOR.test(lines.at(-1)!))) lines.pop();
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** Source code by extension: what a question about behaviour is answered by changing. */
const SOURCE_EXTENSIONS = new Set([
  'py', 'pyx', 'pxd', 'pyi', 'ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'svelte', 'vue',
  'go', 'rs', 'java', 'kt', 'scala', 'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'cs', 'rb', 'php', 'swift', 'm', 'sh',
]);
/** Folders whose files are not the code itself: tests, docs, fixtures, examples, benchmarks, translations, data. */
const NON_SOURCE_FOLDERS = new Set([
  'test', 'tests', '__tests__', 'testing', 'spec', 'specs', 'e2e', 'fixtures', '__fixtures__', 'fixture', 'samples',
  '__snapshots__', 'snapshots', 'doc', 'docs', 'documentation', 'examples', 'example', 'playground', 'benchmarks',
  'benchmark', 'benchmarking', 'bench', 'playgrounds', 'locale', 'locales', 'i18n', 'l10n', 'translations', 'data', 'vendor', 'third_party',
]);
const TEST_FILE = /(?:^test_.*\.py$|_tests?\.py$|^conftest\.py$|\.(?:test|spec|bench)\.[a-z]+$)/;

export function isSourceFile(path: string): boolean {
  const segments = path.split('/');
  const name = segments.at(-1)!;
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || !SOURCE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase())) return false;
  if (TEST_FILE.test(name)) return false;
  return !segments.slice(0, -1).some((segment) => NON_SOURCE_FOLDERS.has(segment.toLowerCase()));
}

export interface Case {
  commit: string;
  parent: string;
  question: string;
  /** Source files the commit modified and that exist in the parent: the files that matter. */
  targets: string[];
  /** Source files the commit touched in all (modified, added, deleted): between one and three. */
  sourceFilesTouched: number;
}

export interface SelectOptions {
  limit: number;
  maxSourceFiles?: number;
  isSource?: (path: string) => boolean;
}

/**
 * The newest `limit` cases, in log order. A commit qualifies when it touched one to three source files and modified
 * at least one of them (a file it only added or deleted cannot be sent from the parent, or is not what the fix
 * changed); its message must leave a question once trailers are stripped.
 */
export function selectCases(commits: readonly LoggedCommit[], options: SelectOptions): Case[] {
  const isSource = options.isSource ?? isSourceFile;
  const maxSourceFiles = options.maxSourceFiles ?? 3;
  const cases: Case[] = [];
  for (const commit of commits) {
    if (cases.length >= options.limit) break;
    if (!commit.parent) continue;
    const source = commit.changes.filter((change) => isSource(change.path));
    if (source.length < 1 || source.length > maxSourceFiles) continue;
    const targets = source.filter((change) => change.status === 'M').map((change) => change.path);
    if (targets.length === 0) continue;
    const question = questionFromMessage(commit.message);
    if (!question) continue;
    cases.push({ commit: commit.commit, parent: commit.parent, question, targets, sourceFilesTouched: source.length });
  }
  return cases;
}
