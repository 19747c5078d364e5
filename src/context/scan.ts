/**
 * Collects the workspace: what git sees (or the .gitignore-aware walk), with each file's size and the reasons known
 * before reading it (symlink, secret or lock-file name, size cap, .grokignore, the exclude setting).
 */
import { execFile } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { classifyByName, type ExclusionReason } from './classify';
import { SAFE_GIT_OPTIONS, listGitFiles } from './gitFiles';
import { joinRelative } from './paths';
import { walkFiles } from './walkFiles';

export interface WorkspaceRoot {
  name: string;
  path: string;
}

export interface ScanOptions {
  roots: readonly WorkspaceRoot[];
  maxFileBytes: number;
  /** Glob patterns (gitignore syntax) from `grokContext.exclude`. */
  exclude: readonly string[];
  /** Set false to force the walk even inside git (tests compare both). */
  useGit?: boolean;
  /** Where token counts and secret scans persist between sessions (by content hash), if anywhere. */
  cacheFile?: string;
}

export interface ScannedFile {
  /** Workspace-relative, `/`-separated; prefixed with the folder name in a multi-root workspace. */
  path: string;
  absolutePath: string;
  size: number;
  mtimeMs: number;
  /** Why it is left out before reading, if it is. */
  reason?: ExclusionReason;
}

export interface ScanResult {
  files: ScannedFile[];
  /** Paths git reports as recently changed, most recent first (uncommitted, then the last commits newest first). */
  recent: Set<string>;
  usedGit: boolean;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
const RECENT_COMMITS = 20;

function runGit(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', [...SAFE_GIT_OPTIONS, ...args], { cwd, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout));
  });
}

/** Files with uncommitted changes, then those touched by the last commits (newest first), relative to `root`. */
async function recentlyChanged(root: string): Promise<string[]> {
  const [log, status] = await Promise.all([
    runGit(root, ['-c', 'core.quotepath=off', 'log', `-n${RECENT_COMMITS}`, '--name-only', '--pretty=format:', '--relative', '--no-renames']),
    runGit(root, ['-c', 'core.quotepath=off', 'status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=no', '.']),
  ]);
  // most recent first: uncommitted changes, then the commits newest to oldest (relevance caps how many count)
  const out = new Set<string>();
  // status paths are relative to the repository root; keep those under this folder
  const prefix = (await runGit(root, ['rev-parse', '--show-prefix']))?.trim() ?? '';
  for (const entry of (status ?? '').split('\0')) {
    const file = entry.slice(3);
    if (file && file.startsWith(prefix)) out.add(file.slice(prefix.length));
  }
  for (const line of (log ?? '').split('\n')) if (line) out.add(line);
  return [...out];
}

function readIgnoreFile(file: string): Ignore | undefined {
  try {
    return ignore().add(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export async function scanWorkspace(options: ScanOptions, signal?: AbortSignal): Promise<ScanResult> {
  const files: ScannedFile[] = [];
  const recent = new Set<string>();
  let usedGit = false;
  const excludeRules = ignore().add([...options.exclude]);
  for (const root of options.roots) {
    signal?.throwIfAborted();
    const prefix = options.roots.length > 1 ? root.name : '';
    const fromGit = options.useGit === false ? undefined : await listGitFiles(root.path);
    const walked = fromGit ? undefined : walkFiles(root.path, signal);
    const listed = fromGit ?? walked!.files;
    // A directory the walk could not open is reported, not silently dropped.
    for (const dir of walked?.unreadable ?? []) files.push({ path: joinRelative(prefix, dir), absolutePath: path.join(root.path, dir), size: 0, mtimeMs: 0, reason: 'unreadable' });
    // git log/status run while the files are stat'ed below
    const recentFiles = fromGit ? recentlyChanged(root.path) : Promise.resolve([]);
    if (fromGit) usedGit = true;
    const grokignore = readIgnoreFile(path.join(root.path, '.grokignore'));
    for (const relativePath of listed) {
      const absolutePath = path.join(root.path, relativePath);
      let stat;
      try {
        stat = lstatSync(absolutePath);
      } catch (error) {
        // Listed by git but deleted on disk: not part of the working tree any more.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') continue;
        files.push({ path: joinRelative(prefix, relativePath), absolutePath, size: 0, mtimeMs: 0, reason: 'unreadable' });
        continue;
      }
      let reason: ExclusionReason | undefined;
      if (stat.isSymbolicLink()) reason = 'symlink';
      else if (!stat.isFile()) continue;
      else if (grokignore?.ignores(relativePath)) reason = 'grokignore';
      else if (options.exclude.length > 0 && excludeRules.ignores(relativePath)) reason = 'excluded-by-setting';
      else reason = classifyByName(relativePath) ?? (stat.size > options.maxFileBytes ? 'too-large' : undefined);
      files.push({ path: joinRelative(prefix, relativePath), absolutePath, size: stat.size, mtimeMs: stat.mtimeMs, reason });
    }
    for (const file of await recentFiles) recent.add(joinRelative(prefix, file));
  }
  return { files, recent, usedGit };
}
