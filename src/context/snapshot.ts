/**
 * Turns workspace folders into the context block that starts every request. The output depends only on
 * the files' paths and contents (sorted, no timestamps), so it is byte-identical while the workspace is
 * unchanged and the provider's prompt cache keeps hitting.
 */
import { collectFiles, comparePaths, type CollectedFile, type Exclusion } from './collect';
import { readFileContent } from './content';
import { contextBudget, estimateTokens } from './tokens';

export interface WorkspaceRoot {
  name: string;
  path: string;
}

export interface SnapshotOptions {
  maxContextTokens: number;
  /** Files larger than this are left out as `too-large`. */
  maxFileBytes?: number;
}

export interface ContextSnapshot {
  /** The rendered context, ready to be a message. */
  text: string;
  includedFiles: string[];
  /** Estimated tokens of `text`. */
  tokens: number;
  budget: number;
  excluded: Exclusion[];
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
const READ_CONCURRENCY = 16;

interface Candidate extends CollectedFile {
  displayPath: string;
}

function fileBlock(displayPath: string, text: string): string {
  const body = text.endsWith('\n') || text === '' ? text : text + '\n';
  return `<file path="${displayPath}">\n${body}</file>\n`;
}

async function mapInOrder<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}

export async function buildSnapshot(
  roots: readonly WorkspaceRoot[],
  options: SnapshotOptions,
  signal?: AbortSignal,
): Promise<ContextSnapshot> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const budget = contextBudget(options.maxContextTokens);
  // In a multi-root workspace, paths are prefixed with the folder's name so they stay unambiguous.
  const prefix = (root: WorkspaceRoot, relativePath: string) => (roots.length > 1 ? `${root.name}/${relativePath}` : relativePath);

  const candidates: Candidate[] = [];
  const excluded: Exclusion[] = [];
  for (const root of roots) {
    const collection = await collectFiles(root.path, signal);
    for (const file of collection.files) candidates.push({ ...file, displayPath: prefix(root, file.relativePath) });
    for (const item of collection.excluded) excluded.push({ ...item, relativePath: prefix(root, item.relativePath) });
  }
  candidates.sort((a, b) => comparePaths(a.displayPath, b.displayPath));

  // Decide by size first (cheap, deterministic), then read only what fits.
  let planned = 0;
  const chosen: Candidate[] = [];
  for (const file of candidates) {
    if (file.size > maxFileBytes) {
      excluded.push({ relativePath: file.displayPath, reason: 'too-large' });
      continue;
    }
    const cost = estimateTokens(file.size + file.displayPath.length + 24);
    if (planned + cost > budget) {
      excluded.push({ relativePath: file.displayPath, reason: 'budget' });
      continue;
    }
    planned += cost;
    chosen.push(file);
  }

  const contents = await mapInOrder(chosen, READ_CONCURRENCY, (file) => {
    signal?.throwIfAborted();
    return readFileContent(file.absolutePath);
  });

  const blocks: string[] = [];
  const includedFiles: string[] = [];
  chosen.forEach((file, index) => {
    const content = contents[index];
    if (content.kind === 'text') {
      blocks.push(fileBlock(file.displayPath, content.text));
      includedFiles.push(file.displayPath);
    } else {
      excluded.push({ relativePath: file.displayPath, reason: content.kind });
    }
  });
  excluded.sort((a, b) => comparePaths(a.relativePath, b.relativePath));

  const omitted = excluded.filter((item) => item.reason === 'budget').map((item) => item.relativePath);
  const header =
    `The user's workspace (${includedFiles.length} files). Each file is given whole inside <file path="...">; ` +
    'cite code as path:line.\n';
  const omittedBlock = omitted.length > 0 ? `<omitted reason="context budget">\n${omitted.join('\n')}\n</omitted>\n` : '';
  const text = `<workspace>\n${header}${blocks.join('')}${omittedBlock}</workspace>\n`;
  return { text, includedFiles, tokens: estimateTokens(Buffer.byteLength(text)), budget, excluded };
}
