/**
 * Lists a workspace folder's files the way the user thinks of "the repository": `.git` is never entered,
 * the root `.gitignore` is honoured (with the `ignore` package, which implements git's pattern rules),
 * symlinks are not followed (so neither loops nor links out of the workspace can be read), and a directory
 * that cannot be read is reported rather than aborting the scan.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export type ExclusionReason = 'gitignored' | 'symlink' | 'unreadable' | 'binary' | 'too-large' | 'budget';

export interface CollectedFile {
  /** Workspace-relative, `/`-separated. */
  relativePath: string;
  absolutePath: string;
  size: number;
}

export interface Exclusion {
  relativePath: string;
  reason: ExclusionReason;
}

export interface Collection {
  files: CollectedFile[];
  excluded: Exclusion[];
}

/** Compares the way git orders paths (by UTF-16 code units here, byte order for ASCII), never by locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function readRootIgnore(root: string): Promise<Ignore> {
  const rules = ignore();
  try {
    rules.add(await fs.readFile(path.join(root, '.gitignore'), 'utf8'));
  } catch {
    // no .gitignore (or unreadable): nothing is ignored but .git itself
  }
  return rules;
}

export async function collectFiles(root: string, signal?: AbortSignal): Promise<Collection> {
  const rules = await readRootIgnore(root);
  const files: CollectedFile[] = [];
  const excluded: Exclusion[] = [];
  // Depth-first with an explicit stack: very deep trees cannot overflow the call stack.
  const pending: string[] = [''];
  while (pending.length > 0) {
    signal?.throwIfAborted();
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
    } catch {
      if (dir !== '') excluded.push({ relativePath: dir + '/', reason: 'unreadable' });
      continue;
    }
    const subdirs: string[] = [];
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const relativePath = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!rules.ignores(relativePath + '/')) subdirs.push(relativePath);
        continue;
      }
      if (rules.ignores(relativePath)) continue;
      if (entry.isSymbolicLink()) {
        excluded.push({ relativePath, reason: 'symlink' });
        continue;
      }
      if (!entry.isFile()) continue; // sockets, fifos, devices
      const absolutePath = path.join(root, relativePath);
      try {
        const stat = await fs.stat(absolutePath);
        files.push({ relativePath, absolutePath, size: stat.size });
      } catch {
        excluded.push({ relativePath, reason: 'unreadable' });
      }
    }
    // Reverse so the stack pops them in name order.
    subdirs.sort(comparePaths).reverse();
    pending.push(...subdirs);
  }
  files.sort((a, b) => comparePaths(a.relativePath, b.relativePath));
  excluded.sort((a, b) => comparePaths(a.relativePath, b.relativePath));
  return { files, excluded };
}
