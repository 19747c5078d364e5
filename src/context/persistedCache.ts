/**
 * Token counts and secret scans kept between sessions. Keys carry the content hash (`tier \0 path \0 hash`), so a stale
 * entry can only miss, never be wrong. A missing or corrupt file is an empty cache; writes are atomic (temp + rename).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const CACHE_VERSION = 1;

export interface CacheEntries {
  /** `tier \0 path \0 hash` → tokens */
  tokens: Array<[string, number]>;
  /** `tier \0 path \0 hash` → secretlint rules that fired */
  secrets: Array<[string, string[]]>;
}

export function loadPersistedCache(file: string): CacheEntries {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as CacheEntries & { version: number };
    if (saved.version === CACHE_VERSION && Array.isArray(saved.tokens) && Array.isArray(saved.secrets)) return saved;
  } catch {
    // first run, or unreadable: start empty
  }
  return { tokens: [], secrets: [] };
}

export function savePersistedCache(file: string, entries: CacheEntries): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: CACHE_VERSION, ...entries }));
    renameSync(temporary, file);
  } catch {
    // a cache that cannot be written costs time next session, nothing else
  }
}
