/** `index.json`: the conversation list (newest first) without opening every file; rebuilt from the files when damaged. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../common/logger';
import type { ConversationSummary } from '../../protocol/messages';
import { writeFileAtomic } from './atomicFile';
import { describeError } from './conversationFile';

const INDEX_FORMAT = 1;

export interface IndexEntry extends ConversationSummary {
  /** Size of the conversation's file (its blobs are counted separately: they may be shared). */
  bytes: number;
}

function isIndexEntry(value: unknown): value is IndexEntry {
  const entry = value as Partial<IndexEntry> | null;
  return entry !== null && typeof entry === 'object' && typeof entry.id === 'string' && typeof entry.title === 'string' && typeof entry.updatedAt === 'number' && typeof entry.questions === 'number' && typeof entry.bytes === 'number';
}

/** The index's entries, or undefined when it is missing or damaged (the caller rebuilds it from the files). */
export async function readIndexFile(directory: string, logger: Logger): Promise<IndexEntry[] | undefined> {
  let text: string;
  try {
    text = await readFile(join(directory, 'index.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn(`Could not read the conversation index (${describeError(error)}); rebuilding it from the files.`);
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as { format?: unknown; conversations?: unknown };
    if (parsed.format !== INDEX_FORMAT || !Array.isArray(parsed.conversations)) throw new Error('unexpected shape');
    return parsed.conversations.filter(isIndexEntry);
  } catch (error) {
    logger.warn(`The conversation index is damaged (${describeError(error)}); rebuilding it from the files.`);
    return undefined;
  }
}

export function indexText(entries: Iterable<IndexEntry>): string {
  const conversations = [...entries].sort((a, b) => b.updatedAt - a.updatedAt).map(({ id, title, updatedAt, questions, bytes }) => ({ id, title, updatedAt, questions, bytes }));
  return `${JSON.stringify({ format: INDEX_FORMAT, conversations })}\n`;
}

export async function writeIndexFile(directory: string, entries: Iterable<IndexEntry>): Promise<void> {
  await writeFileAtomic(join(directory, 'index.json'), indexText(entries));
}
