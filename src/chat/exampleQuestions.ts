/**
 * Three questions to start from, made of this repository's own names (its README's title, its largest folders), for
 * the chat's empty state: a new user sees what to ask about this code, not a generic "explain this project".
 * Pure: the README's text and the plan's files in, questions out. The names come from the repository, so they are
 * shown as text only (the webview never parses them as markup) and cut to a readable length.
 */

const MAX_TITLE = 60;

/** The README's first heading as plain text (`# Title` or a setext `Title\n===`), without links, images, code or HTML. */
export function readmeTitle(markdown: string): string | undefined {
  const lines = markdown.replace(/^\uFEFF/, '').split(/\r?\n/).slice(0, 80);
  let inFence = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const atx = /^#\s+(.+?)\s*#*\s*$/.exec(line);
    const setext = index + 1 < lines.length && /^=+\s*$/.test(lines[index + 1]) && line.trim() ? line : undefined;
    const html = /^\s*<h1[^>]*>(.*?)<\/h1>/i.exec(line)?.[1];
    const raw = atx?.[1] ?? setext ?? html;
    if (raw === undefined) continue;
    const text = plain(raw);
    if (text) return text.length > MAX_TITLE ? `${text.slice(0, MAX_TITLE - 1).trimEnd()}…` : text;
  }
  return undefined;
}

function plain(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images (badges)
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // links: their text
    .replace(/<[^>]*>/g, '') // inline HTML
    .replace(/[`*_~]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The folders holding most of the planned tokens, largest first: top-level ones, or one level down when a single
 * top-level folder (a `src/`, a `packages/`) holds nearly everything.
 */
export function largestFolders(files: ReadonlyArray<{ path: string; tokens: number }>, count = 2): string[] {
  const byFolder = (depth: number, under = '') => {
    const sums = new Map<string, number>();
    for (const file of files) {
      if (under && !file.path.startsWith(`${under}/`)) continue;
      const parts = file.path.split('/');
      if (parts.length <= depth) continue; // a file at this level, not in a folder
      const folder = parts.slice(0, depth).join('/');
      if (folder.split('/').some((part) => part.startsWith('.'))) continue; // .github, .vscode: not what the code is
      sums.set(folder, (sums.get(folder) ?? 0) + file.tokens);
    }
    return [...sums].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  };
  const total = files.reduce((sum, file) => sum + file.tokens, 0);
  let ranked = byFolder(1);
  if (ranked.length === 1 || (ranked.length > 0 && total > 0 && ranked[0][1] / total > 0.85)) {
    const deeper = byFolder(2, ranked[0][0]);
    if (deeper.length >= count) ranked = deeper;
  }
  return ranked.slice(0, count).map(([folder]) => folder);
}

export function exampleQuestions(title: string | undefined, folders: readonly string[]): string[] {
  const [first, second] = folders;
  return [
    title ? `What is ${title} for, and how is it organised?` : 'What does this repository do, and how is it organised?',
    first ? `Walk me through ${first}/: its main parts and how they fit together.` : 'Where does the code start, and what happens from there?',
    first && second ? `How does ${second}/ work with ${first}/?` : first ? `Where would I start to add a feature in ${first}/?` : 'What would I change first to add a feature?',
  ];
}
