/** `@file` mentions in the chat's input: finding files as the user types, and the files a sent question names. */

/** Collected workspace files whose path contains the query (file-name matches first), at most `limit`. */
export function matchMentions(paths: readonly string[], query: string, limit = 20): string[] {
  const needle = query.toLowerCase();
  const scored: Array<{ path: string; score: number }> = [];
  for (const path of paths) {
    const lower = path.toLowerCase();
    const at = lower.indexOf(needle);
    if (at < 0) continue;
    const name = lower.slice(lower.lastIndexOf('/') + 1);
    scored.push({ path, score: (name.startsWith(needle) ? 0 : name.includes(needle) ? 1 : 2) * 10_000 + path.length });
  }
  return scored
    .sort((a, b) => a.score - b.score || (a.path < b.path ? -1 : 1))
    .slice(0, limit)
    .map((item) => item.path);
}

/** The `@path` mentions in a question that name collected files. */
export function mentionedPaths(question: string, paths: readonly string[]): string[] {
  const known = new Set(paths);
  const found = new Set<string>();
  for (const match of question.matchAll(/(?:^|\s)@([^\s`'"]+)/g)) {
    const path = match[1].replace(/[.,;:!?)]+$/, '');
    if (known.has(path)) found.add(path);
  }
  return [...found];
}
