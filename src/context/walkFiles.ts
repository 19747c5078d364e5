/**
 * The tree walk used outside git (or without a git binary): applies every .gitignore it meets, at any depth,
 * with git's precedence (deeper files override shallower ones, the last matching line wins, an ignored directory
 * is not entered so nothing under it can be re-included), plus .git/info/exclude when present.
 * Symlinks are listed but never followed, so loops and links out of the workspace cannot be walked into.
 */
import { readFileSync, readdirSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { joinRelative } from './paths';

interface IgnoreLevel {
  /** Directory (relative to the root) whose .gitignore this is; patterns are relative to it. */
  base: string;
  rules: Ignore;
}

export interface WalkResult {
  files: string[];
  /** Directories that could not be read, relative, ending in `/`. */
  unreadable: string[];
}

function readRules(file: string): Ignore | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return ignore({ allowRelativePaths: true }).add(text);
}

function isIgnored(relativePath: string, isDir: boolean, levels: readonly IgnoreLevel[]): boolean {
  let ignored = false;
  for (const level of levels) {
    const sub = level.base === '' ? relativePath : relativePath.slice(level.base.length + 1);
    const verdict = level.rules.test(isDir ? `${sub}/` : sub);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

export function walkFiles(root: string, signal?: AbortSignal): WalkResult {
  const files: string[] = [];
  const unreadable: string[] = [];
  const base: IgnoreLevel[] = [];
  const exclude = readRules(path.join(root, '.git', 'info', 'exclude'));
  if (exclude) base.push({ base: '', rules: exclude });
  // Explicit stack: trees thousands of levels deep cannot overflow the call stack.
  const stack: Array<{ dir: string; levels: IgnoreLevel[] }> = [{ dir: '', levels: base }];
  while (stack.length > 0) {
    signal?.throwIfAborted();
    const { dir, levels: parentLevels } = stack.pop()!;
    const absoluteDir = path.join(root, dir);
    let entries: Dirent[];
    try {
      entries = readdirSync(absoluteDir, { withFileTypes: true });
    } catch {
      if (dir !== '') unreadable.push(`${dir}/`);
      continue;
    }
    let levels = parentLevels;
    if (entries.some((entry) => entry.name === '.gitignore' && !entry.isDirectory())) {
      const rules = readRules(path.join(absoluteDir, '.gitignore'));
      if (rules) levels = [...parentLevels, { base: dir, rules }];
    }
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const relativePath = joinRelative(dir, entry.name);
      if (entry.isDirectory()) {
        if (!isIgnored(relativePath, true, levels)) stack.push({ dir: relativePath, levels });
      } else if (!isIgnored(relativePath, false, levels)) {
        files.push(relativePath);
      }
    }
  }
  return { files, unreadable };
}
