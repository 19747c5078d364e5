/**
 * Asks git for the working tree's file set: tracked files plus untracked ones that are not ignored, exactly as
 * `git status` sees them (nested .gitignore files, negations, .git/info/exclude, core.excludesFile, tracked-but-ignored
 * files). Nested repositories (submodules and untracked clones) are listed by their own git, prefixed with their path.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { joinRelative } from './paths';

const MAX_LISTING_BYTES = 1024 * 1024 * 1024;

/**
 * A repository's own `.git/config` must not run programs when we only list its files (a folder shipped with its
 * `.git`, not cloned, carries whatever config it likes): `core.fsmonitor` names a command that `ls-files` and `status`
 * would run. Every git call we make passes these first.
 */
export const SAFE_GIT_OPTIONS: readonly string[] = ['-c', 'core.fsmonitor=false', '-c', 'core.quotepath=off'];

function git(dir: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', [...SAFE_GIT_OPTIONS, ...args], { cwd: dir, encoding: 'buffer', maxBuffer: MAX_LISTING_BYTES, windowsHide: true }, (error, stdout) =>
      // No git binary (ENOENT) or not inside a repository (exit 128): the caller walks the tree instead.
      resolve(error ? undefined : stdout.toString('utf8')),
    );
  });
}

const entries = (output: string) => output.split('\0').filter((entry) => entry !== '');

/** Submodule paths (gitlinks, mode 160000); only looked for when a .gitmodules file says there are any. */
async function submodules(dir: string): Promise<Set<string>> {
  if (!existsSync(path.join(dir, '.gitmodules'))) return new Set();
  const staged = await git(dir, ['ls-files', '-z', '--stage']);
  const links = new Set<string>();
  for (const entry of entries(staged ?? '')) {
    // "<mode> <object> <stage>\t<path>"
    if (entry.startsWith('160000 ')) links.add(entry.slice(entry.indexOf('\t') + 1));
  }
  return links;
}

/**
 * Files of the repository containing `dir`, relative to `dir` with `/` separators, or undefined when `dir` is not
 * in a git working tree or git is not installed.
 */
export async function listGitFiles(dir: string, depth = 0): Promise<string[] | undefined> {
  const listing = await git(dir, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  if (listing === undefined) return undefined;
  const links = await submodules(dir);
  const files = new Set<string>();
  const nested: string[] = [];
  for (const entry of entries(listing)) {
    // An untracked nested repository is listed as "name/"; a submodule as its gitlink path.
    if (entry.endsWith('/')) nested.push(entry.slice(0, -1));
    else if (links.has(entry)) nested.push(entry);
    else files.add(entry); // unmerged files appear once per stage
  }
  if (depth < 8) {
    for (const sub of nested) {
      const inner = await listGitFiles(path.join(dir, sub), depth + 1);
      for (const file of inner ?? []) files.add(joinRelative(sub, file));
    }
  }
  return [...files];
}
