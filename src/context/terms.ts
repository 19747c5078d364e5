/**
 * Code-aware terms for relevance: an identifier is kept whole and split into its camelCase and snake_case words, all
 * lowercased, so `parseHTMLTag` matches a question saying "parse html tag" and one saying `parseHTMLTag`.
 * One regex pass over the text and a cheap check before splitting: linear in the text, a few hundred MB/s.
 */

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/g;
/** Splitting is needed only when there is a separator or a case change inside. */
const NEEDS_SPLIT = /[_$]|[a-z0-9][A-Z]|[A-Z][A-Z][a-z]|[A-Za-z][0-9]/;
const PARTS = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;
/** Terms longer than this are data (hashes, base64), not words anyone asks about. */
const MAX_TERM = 40;

/** The lowercased words of one identifier (camelCase, PascalCase, snake_case, digits apart), in order. */
export function identifierParts(identifier: string): string[] {
  if (!NEEDS_SPLIT.test(identifier)) return [identifier.toLowerCase()];
  const parts: string[] = [];
  for (const match of identifier.matchAll(PARTS)) parts.push(match[0].toLowerCase());
  return parts;
}

/** Calls `add` for each term of `text`: each identifier whole, then its parts when it has more than one. */
export function forEachTerm(text: string, add: (term: string) => void): void {
  IDENTIFIER.lastIndex = 0;
  for (let match = IDENTIFIER.exec(text); match !== null; match = IDENTIFIER.exec(text)) {
    const word = match[0];
    if (word.length < 2 || word.length > MAX_TERM) continue;
    if (!NEEDS_SPLIT.test(word)) {
      add(word.toLowerCase());
      continue;
    }
    const whole = word.toLowerCase();
    add(whole);
    for (const part of word.match(PARTS) ?? []) {
      const lower = part.toLowerCase();
      if (lower.length >= 2 && lower !== whole) add(lower);
    }
  }
}

/**
 * Term frequencies of a text, and how many terms it has (BM25's document length). Identifiers are counted raw first
 * and split once per distinct identifier: a file repeats its names, so this splits a few percent of what it reads.
 */
export function termCounts(text: string): { counts: Map<string, number>; length: number } {
  const raw = new Map<string, number>();
  IDENTIFIER.lastIndex = 0;
  for (let match = IDENTIFIER.exec(text); match !== null; match = IDENTIFIER.exec(text)) {
    const word = match[0];
    if (word.length >= 2 && word.length <= MAX_TERM) raw.set(word, (raw.get(word) ?? 0) + 1);
  }
  const counts = new Map<string, number>();
  let length = 0;
  const add = (term: string, times: number) => {
    counts.set(term, (counts.get(term) ?? 0) + times);
    length += times;
  };
  for (const [word, times] of raw) {
    const whole = word.toLowerCase();
    add(whole, times);
    if (!NEEDS_SPLIT.test(word)) continue;
    for (const part of word.match(PARTS) ?? []) {
      const lower = part.toLowerCase();
      if (lower.length >= 2 && lower !== whole) add(lower, times);
    }
  }
  return { counts, length };
}

/**
 * Words that carry no signal about which file matters: English function words and the verbs every bug report uses.
 * Code keywords stay (a question about `async` or `yield` means it).
 */
export const STOP_WORDS = new Set(
  ('a an and are as at be been but by can could did do does doesn don for from had has have how if in into is it its ' +
    'just like may me might more most must my no not now of on once only or other our out over same should so some ' +
    'such than that the their them then there these they this those through to too under until up us very was we were ' +
    'what when where which while who whom why will with would you your also any each few both own again further here ' +
    'after before above below between during about against all am because being having doing off ll re ve isn aren ' +
    'wasn weren hasn haven hadn won wouldn shouldn couldn mustn shan didn let get gets got use used using make makes ' +
    'made fix fixes fixed fixing add adds added adding remove removes removed change changes changed update updates ' +
    'updated issue issues bug bugs see also pr closes close closed co authored signed off by')
    .split(' '),
);

/** The distinct terms of a question that can point at files, in first-seen order. */
export function questionTerms(question: string): string[] {
  const seen = new Set<string>();
  forEachTerm(question, (term) => {
    if (!STOP_WORDS.has(term)) seen.add(term);
  });
  return [...seen];
}
