/**
 * What ranking a question needs of each file (its content's terms, the names its outline declares, its path's words),
 * indexed once per version of the file, and the rule for when that ranking is clear enough to skip asking the model.
 * The engine owns reading; this module owns what is kept of a read.
 */
import { pathTerms, rankFiles, type RankDocument, type Ranking, type TermStats } from './relevance';
import { declaredNames } from './symbols';
import { termCounts } from './terms';

/** Relevance indexes a file's terms from this much of its start: term frequencies saturate long before (BM25), and
 *  its declarations come from the outline of the whole file. */
const INDEXED_CHARS = 256 * 1024;

/** A file's current version as the engine knows it: its hash, and how to read it (undefined: unreadable now). */
export interface IndexableFile {
  hash: string;
  read(): { outlineText: string | undefined; text: string } | undefined;
}

interface Indexed {
  terms: TermStats;
  declares: string[];
}

export class RelevanceIndex {
  /** By `path \0 hash`: a file is indexed once per version. */
  private byVersion = new Map<string, Indexed>();
  private byPath = new Map<string, TermStats>();

  /**
   * Every eligible file ranked against the question. Without a question (the live plan) nothing is read: the recent
   * changes and the kind of file decide. `version` gives a file's indexable content, or undefined for one ranked by
   * its path alone (binary, minified, generated). Only the files of the last question are kept.
   */
  rank<F extends { path: string }>(
    question: string,
    files: readonly F[],
    recent: string[],
    version: (file: F) => IndexableFile | undefined,
    signal?: AbortSignal,
  ): Ranking {
    if (!question.trim()) return rankFiles(question, files.map((file) => ({ path: file.path })), { recent });
    const documents: RankDocument[] = [];
    const kept = new Map<string, Indexed>();
    const keptPaths = new Map<string, TermStats>();
    for (const file of files) {
      const ofPath = this.byPath.get(file.path) ?? pathTerms(file.path);
      keptPaths.set(file.path, ofPath);
      signal?.throwIfAborted();
      const current = version(file);
      const key = current && `${file.path}\0${current.hash}`;
      let indexed = key === undefined ? undefined : this.byVersion.get(key);
      if (current && !indexed) {
        const read = current.read();
        if (read) {
          const { outlineText, text } = read;
          indexed = { terms: termCounts(text.length > INDEXED_CHARS ? text.slice(0, INDEXED_CHARS) : text), declares: outlineText ? declaredNames(outlineText) : [] };
        }
      }
      if (key === undefined || !indexed) {
        documents.push({ path: file.path, pathTerms: ofPath });
        continue;
      }
      kept.set(key, indexed);
      documents.push({ path: file.path, ...indexed, pathTerms: ofPath });
    }
    this.byVersion = kept;
    this.byPath = keptPaths;
    return rankFiles(question, documents, { recent });
  }
}

/** Share of the top score at which a file still competes with the best one (see `isRelevanceClear`). */
export const CLEAR_SHARE = 0.5;
/** Below this the question matched nothing in particular (a lone recent-change bonus is 0.3; one matched word scores 1–2). */
const MEANINGFUL_SCORE = 1;

/**
 * Whether relevance separates the top files clearly: some file scores meaningfully, and every file that scores at least
 * half the top score is sent whole. Only when it does not is the model asked to choose files (expandPaths.ts).
 */
export function isRelevanceClear(ranking: Ranking, files: ReadonlyArray<{ path: string; tier: string }>): boolean {
  const top = ranking.score.get(ranking.order[0] ?? '') ?? 0;
  if (top < MEANINGFUL_SCORE) return false;
  const whole = new Set(files.filter((file) => file.tier === 'full').map((file) => file.path));
  for (const path of ranking.order) {
    if ((ranking.score.get(path) ?? 0) < top * CLEAR_SHARE) return true;
    if (!whole.has(path)) return false;
  }
  return true;
}
