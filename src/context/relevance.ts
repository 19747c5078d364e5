/**
 * Ranks every candidate file against a conversation's first question. Pure and deterministic: the same question,
 * documents and recent list give the same order. A file's score adds up
 *  - mentions (mentions.ts): its path, file name, name without extension or dotted module path in the question, each
 *    weight shared among the files the mention fits;
 *  - symbols (symbols.ts): names the question uses that the file declares, shared among the files declaring them;
 *  - lexical: BM25 of the question's terms (terms.ts: identifiers whole and split at camelCase and snake_case) over
 *    the file's content, plus BM25 over its path's words, scaled so the best file scores `LEXICAL_WEIGHT`;
 *  - recent: a small bonus for the first `RECENT_CAP` recently changed files (uncommitted first, then the last commits),
 *    so a burst of changes (a translation sync touching 300 files) cannot push the files the question is about out;
 * and the kind of file (filePrior.ts) weighs the lexical, symbol and recent parts and breaks ties: source before
 * tests, docs, fixtures, data and translations. Equal scores of the same kind go by path.
 */
import { comparePaths } from './paths';
import { KIND_ORDER, KIND_WEIGHT, fileKind } from './filePrior';
import { mentionScores } from './mentions';
import { symbolScores } from './symbols';
import { forEachTerm, questionTerms } from './terms';

export interface TermStats {
  counts: ReadonlyMap<string, number>;
  /** Number of terms (BM25's document length). */
  length: number;
}

export interface RankDocument {
  path: string;
  /** The content's terms; undefined when the content is not read (binary, unreadable). */
  terms?: TermStats;
  /** Names the file declares (from its outline). */
  declares?: readonly string[];
  /** The path's terms (`pathTerms`), when the caller keeps them between rankings. */
  pathTerms?: TermStats;
}

export interface RankOptions {
  /** Recently changed files, most recent first (uncommitted changes, then the last commits). */
  recent?: readonly string[];
  /** Scales each signal (all 1 by default); benchmarks turn signals off to measure what each adds. */
  signals?: Partial<Record<Signal, number>>;
}

export type Signal = 'mentions' | 'symbols' | 'content' | 'path' | 'recent' | 'prior';

export interface Ranking {
  /** Paths, most relevant first. */
  order: string[];
  /** 1 = most relevant. */
  rank: Map<string, number>;
  score: Map<string, number>;
}

/** The best file's lexical part; mentions (a unique file name: 4) and symbols (a unique code name: 2) are on this scale. */
export const LEXICAL_WEIGHT = 2;
/** The path's words count this much against the content's (a file's path is its shortest summary). */
const PATH_FIELD_WEIGHT = 1;
export const RECENT_CAP = 30;
export const RECENT_BONUS = 0.3;
const K1 = 1.2;
const B = 0.75;

const idf = (documents: number, containing: number) => Math.log(1 + (documents - containing + 0.5) / (containing + 0.5));

/** BM25 of the query terms over one field of every document; index-aligned with `fields`. */
function bm25(queryTerms: readonly string[], fields: ReadonlyArray<TermStats | undefined>): Float64Array {
  const scores = new Float64Array(fields.length);
  let total = 0;
  let present = 0;
  for (const field of fields) {
    if (!field) continue;
    total += field.length;
    present++;
  }
  if (present === 0 || queryTerms.length === 0) return scores;
  const average = Math.max(1, total / present);
  const hits: number[] = [];
  const frequencies: number[] = [];
  for (const term of queryTerms) {
    hits.length = 0;
    frequencies.length = 0;
    for (let i = 0; i < fields.length; i++) {
      const frequency = fields[i]?.counts.get(term);
      if (frequency) {
        hits.push(i);
        frequencies.push(frequency);
      }
    }
    if (hits.length === 0) continue;
    const weight = idf(present, hits.length);
    for (let j = 0; j < hits.length; j++) {
      const norm = K1 * (1 - B + (B * fields[hits[j]]!.length) / average);
      scores[hits[j]] += (weight * frequencies[j] * (K1 + 1)) / (frequencies[j] + norm);
    }
  }
  return scores;
}

/** A path's words for the path field: folders and file name, split like identifiers. */
export function pathTerms(path: string): TermStats {
  const counts = new Map<string, number>();
  let length = 0;
  forEachTerm(path, (term) => {
    counts.set(term, (counts.get(term) ?? 0) + 1);
    length++;
  });
  return { counts, length };
}

export function rankFiles(question: string, documents: readonly RankDocument[], options: RankOptions = {}): Ranking {
  const signal = (name: Signal) => options.signals?.[name] ?? 1;
  const docs = [...documents].sort((a, b) => comparePaths(a.path, b.path));
  const paths = docs.map((doc) => doc.path);
  const terms = questionTerms(question);
  const content = bm25(terms, docs.map((doc) => doc.terms));
  const pathScores = bm25(terms, docs.map((doc) => doc.pathTerms ?? pathTerms(doc.path)));
  let best = 0;
  const lexical = new Float64Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    lexical[i] = signal('content') * content[i] + signal('path') * PATH_FIELD_WEIGHT * pathScores[i];
    if (lexical[i] > best) best = lexical[i];
  }
  const mentioned = mentionScores(question, paths);
  const symbols = symbolScores(question, new Map(docs.filter((doc) => doc.declares?.length).map((doc) => [doc.path, doc.declares!])));
  const recent = new Set((options.recent ?? []).slice(0, RECENT_CAP));

  const scored = docs.map((doc, i) => {
    const kind = fileKind(doc.path);
    const evidence =
      (best > 0 ? (LEXICAL_WEIGHT * lexical[i]) / best : 0) + signal('symbols') * (symbols.get(doc.path) ?? 0) + (recent.has(doc.path) ? signal('recent') * RECENT_BONUS : 0);
    const prior = signal('prior') === 0 ? 1 : KIND_WEIGHT[kind];
    return { path: doc.path, order: signal('prior') === 0 ? 0 : KIND_ORDER[kind], score: signal('mentions') * (mentioned.get(doc.path) ?? 0) + prior * evidence };
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order || comparePaths(a.path, b.path));
  const order = scored.map((item) => item.path);
  return {
    order,
    rank: new Map(order.map((path, i) => [path, i + 1])),
    score: new Map(scored.map((item) => [item.path, item.score])),
  };
}
