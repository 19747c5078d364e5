/**
 * The trees the relevance benchmark asks its questions against, and what the BM25 peer needs to know of their files.
 *
 * Each repository gets one working copy under the cache folder: a `git clone --shared` of the given git directory
 * (objects are borrowed, nothing is copied or written to the source), checked out at each case's parent in turn.
 * Consecutive parents differ by a few files, so a checkout costs about a second, and the working copy is a real
 * repository with its real history: the engine lists files with git and sees the commits before the parent as
 * recent, exactly as a user working at that commit would.
 *
 * Whole-file token counts and the engine's content filters (binary, minified, generated) are kept per path and blob
 * in a JSON file in the cache folder, so a file is counted once across cases and runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { classifyText, looksBinary } from '../src/context/classify';
import { fileBlock } from '../src/context/render';
import { countTokens } from '../src/context/tokens';
import { termCounts, type TermCounts } from './relevanceBm25';

export function git(args: string[], options: { gitDir?: string; cwd?: string } = {}): string {
  const prefix = options.gitDir ? ['--git-dir', options.gitDir] : [];
  return execFileSync('git', ['-c', 'core.fsmonitor=false', ...prefix, ...args], { cwd: options.cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A git directory (bare, or a working copy's `.git`), or undefined when `location` holds none. */
export function resolveGitDir(location: string): string | undefined {
  try {
    return path.resolve(location, git(['rev-parse', '--git-dir'], { cwd: location }).trim());
  } catch {
    return undefined;
  }
}

/** The working copy for one repository, made on first use. */
export function workingCopy(gitDir: string, cacheDir: string, name: string): string {
  const dir = path.join(cacheDir, name);
  if (!existsSync(path.join(dir, '.git'))) {
    mkdirSync(cacheDir, { recursive: true });
    git(['clone', '--quiet', '--shared', '--no-checkout', gitDir, dir]);
  }
  return dir;
}

/** Puts the working copy at `commit` exactly: tracked files as committed, nothing untracked left behind. */
export function checkout(dir: string, commit: string): void {
  git(['checkout', '--quiet', '--force', '--detach', commit], { cwd: dir });
  git(['clean', '--quiet', '-ffdx'], { cwd: dir });
}

/** Blob id by path of every regular file in `commit`. */
export function blobsAt(dir: string, commit: string): Map<string, string> {
  const blobs = new Map<string, string>();
  for (const entry of git(['-c', 'core.quotepath=off', 'ls-tree', '-r', '-z', commit], { cwd: dir }).split('\0')) {
    // "<mode> blob <id>\t<path>"
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, id] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && mode !== '120000') blobs.set(entry.slice(tab + 1), id);
  }
  return blobs;
}

interface FileFacts {
  /** What the engine counts for the file sent whole: its rendered block. */
  tokens: number;
  /** Set when the engine's content filters keep the file out (binary, minified, generated). */
  reason?: string;
}

const FACTS_VERSION = 2; // 2: the counter takes long runs in slices (src/context/tokens.ts); counts from 1 are stale

/** Whole-file facts and BM25 term counts of the working copy's files, by path and blob. */
export class TreeFacts {
  private readonly facts = new Map<string, FileFacts>();
  private readonly terms = new Map<string, TermCounts>();
  private dirty = false;

  constructor(private readonly file: string) {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { version: number; facts: Array<[string, FileFacts]> };
      if (saved.version === FACTS_VERSION) for (const [key, value] of saved.facts) this.facts.set(key, value);
    } catch {
      // first run: counted as we go
    }
  }

  private read(dir: string, relative: string): Buffer | undefined {
    try {
      return readFileSync(path.join(dir, relative));
    } catch {
      return undefined;
    }
  }

  /** The file's whole-file count and filter verdict, computed as the engine does (same block, same counter, same filters). */
  factsOf(dir: string, relative: string, blob: string): FileFacts {
    const key = `${relative}\0${blob}`;
    let facts = this.facts.get(key);
    if (!facts) {
      const bytes = this.read(dir, relative);
      if (!bytes) facts = { tokens: 0, reason: 'unreadable' };
      else if (looksBinary(bytes)) facts = { tokens: 0, reason: 'binary' };
      else {
        const text = bytes.toString('utf8');
        const reason = classifyText(text);
        facts = reason ? { tokens: 0, reason } : { tokens: countTokens(fileBlock(relative, text)) };
      }
      this.facts.set(key, facts);
      this.dirty = true;
    }
    return facts;
  }

  /** BM25's view of the file's content (kept in memory for this run only). */
  termsOf(dir: string, relative: string, blob: string): TermCounts {
    let counts = this.terms.get(blob);
    if (!counts) {
      counts = termCounts(this.read(dir, relative)?.toString('utf8') ?? '');
      this.terms.set(blob, counts);
    }
    return counts;
  }

  save(): void {
    if (!this.dirty) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: FACTS_VERSION, facts: [...this.facts] }));
    renameSync(temporary, this.file);
    this.dirty = false;
  }
}
