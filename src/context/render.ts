/**
 * The text the model reads. Every block ends with a newline and starts with `<`, so blocks tokenize independently
 * and the context's token count is the sum of its blocks' counts. Nothing here depends on time or on the order the
 * files were read in: the same plan renders to the same bytes.
 */

export const CONTEXT_HEADER =
  'The user\'s workspace follows. Each file is in <file path="...">; files that did not fit whole are given as an ' +
  'outline (declarations with their line numbers) or only listed by path. Cite code as path:line.\n';

export function fileBlock(path: string, text: string): string {
  const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `<file path="${path}">\n${body}</file>\n`;
}

export function outlineBlock(path: string, outlineText: string): string {
  return `<file path="${path}" tier="outline">\n${outlineText}</file>\n`;
}

export function pathLine(path: string): string {
  return `${path}\n`;
}

export const PATHS_OPEN = '<paths note="listed only: ask for one by path if you need it">\n';
export const PATHS_CLOSE = '</paths>\n';
export const WORKSPACE_OPEN = '<workspace>\n';
export const WORKSPACE_CLOSE = '</workspace>\n';

export function renderContext(blocks: readonly string[], pathLines: readonly string[]): string {
  const paths = pathLines.length > 0 ? PATHS_OPEN + pathLines.join('') + PATHS_CLOSE : '';
  return WORKSPACE_OPEN + CONTEXT_HEADER + blocks.join('') + paths + WORKSPACE_CLOSE;
}

/** The fixed part of every rendered context (with or without a path list), for budget arithmetic. */
export const FRAME_TEXT = WORKSPACE_OPEN + CONTEXT_HEADER + WORKSPACE_CLOSE;
export const PATHS_FRAME_TEXT = PATHS_OPEN + PATHS_CLOSE;

/** Changes since a frozen snapshot, appended as a message so the cached prefix stays as it was. */
export function renderChanges(changed: readonly string[], added: readonly string[], deleted: readonly string[]): string {
  let out = '<workspace-changes note="files changed since the workspace snapshot above; these versions are current">\n';
  out += changed.join('') + added.join('');
  if (deleted.length > 0) out += `<deleted>\n${deleted.map((path) => `${path}\n`).join('')}</deleted>\n`;
  return `${out}</workspace-changes>\n`;
}
