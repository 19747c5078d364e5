/**
 * Asks git for the working tree's file set: tracked files plus untracked ones that are not ignored, exactly as
 * `git status` sees them (nested .gitignore files, negations, .git/info/exclude, core.excludesFile, tracked-but-ignored
 * files). Nested repositories (submodules and untracked clones) are listed by their own git, prefixed with their path.
 */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { joinRelative } from './paths';

const MAX_LISTING_BYTES = 1024 * 1024 * 1024;

function gitLsFiles(dir: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-c', 'core.quotepath=off', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      { cwd: dir, encoding: 'buffer', maxBuffer: MAX_LISTING_BYTES, windowsHide: true },
      (error, stdout) => {
        // No git binary (ENOENT) or not inside a repository (exit 128): the caller walks the tree instead.
        if (error) resolve(undefined);
        else resolve(stdout.toString('utf8').split('\0').filter((entry) => entry !== ''));
      },
    );
  });
}

function isDirectory(absolutePath: string): boolean {
  try {
    return statSync(absolutePath).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Files of the repository containing `dir`, relative to `dir` with `/` separators, or undefined when `dir` is not
 * in a git working tree or git is not installed.
 */
export async function listGitFiles(dir: string, depth = 0): Promise<string[] | undefined> {
  const entries = await gitLsFiles(dir);
  if (!entries) return undefined;
  const files = new Set<string>();
  const nested: string[] = [];
  for (const entry of entries) {
    // An untracked nested repository is listed as "name/"; a submodule as a gitlink (a directory).
    const candidate = entry.endsWith('/') ? entry.slice(0, -1) : entry;
    if (entry.endsWith('/') || isDirectory(path.join(dir, candidate))) nested.push(candidate);
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
