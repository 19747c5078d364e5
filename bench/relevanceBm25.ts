/**
 * The peer of the relevance benchmark: plain BM25 (k1 = 1.2, b = 0.75) over file contents with a simple word
 * tokeniser (lower-cased runs of letters, digits and underscores: no camelCase splitting, no stemming, no stop words,
 * no paths), then whole files in score order into the budget. Deliberately the textbook baseline, written here so
 * what it does is visible in a few lines.
 */

const WORD = /[a-z0-9_]+/g;

export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** A document as BM25 sees it: its length in words and each word's count. */
export interface TermCounts {
  length: number;
  counts: Map<string, number>;
}

export function termCounts(text: string): TermCounts {
  const counts = new Map<string, number>();
  let length = 0;
  for (const word of words(text)) {
    counts.set(word, (counts.get(word) ?? 0) + 1);
    length++;
  }
  return { length, counts };
}

export const K1 = 1.2;
export const B = 0.75;

/**
 * BM25 scores of `query` against each document, in the documents' order. The query's words count once each (as a
 * search box does); idf is the non-negative Lucene form, ln(1 + (N − df + 0.5) / (df + 0.5)).
 */
export function bm25Scores(query: string, documents: readonly TermCounts[]): number[] {
  const terms = [...new Set(words(query))];
  const total = documents.length;
  const averageLength = documents.reduce((sum, document) => sum + document.length, 0) / Math.max(1, total);
  const idf = new Map<string, number>();
  for (const term of terms) {
    let df = 0;
    for (const document of documents) if (document.counts.has(term)) df++;
    idf.set(term, Math.log(1 + (total - df + 0.5) / (df + 0.5)));
  }
  return documents.map((document) => {
    let score = 0;
    const norm = K1 * (1 - B + (B * document.length) / Math.max(1, averageLength));
    for (const term of terms) {
      const frequency = document.counts.get(term);
      if (frequency) score += idf.get(term)! * ((frequency * (K1 + 1)) / (frequency + norm));
    }
    return score;
  });
}

/** Indexes of the documents from the best score down; ties keep path order (the input order) so runs repeat. */
export function bm25Order(query: string, documents: readonly TermCounts[]): number[] {
  const scores = bm25Scores(query, documents);
  return scores.map((score, index) => ({ score, index })).sort((a, b) => b.score - a.score || a.index - b.index).map(({ index }) => index);
}

/**
 * Whole files in the given order into `budget` tokens: a file that does not fit is skipped and the next is tried
 * (first fit), as a planner filling the budget would. Returns the paths sent whole.
 */
export function fillWhole(order: readonly string[], tokensOf: (path: string) => number, budget: number): Set<string> {
  const sent = new Set<string>();
  let left = budget;
  for (const path of order) {
    const tokens = tokensOf(path);
    if (tokens <= left) {
      sent.add(path);
      left -= tokens;
    }
  }
  return sent;
}
