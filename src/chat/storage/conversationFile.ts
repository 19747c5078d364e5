/**
 * The text of one stored conversation. Two lines of one JSON object, so the list and the blob bookkeeping can read
 * the small header without parsing the whole conversation:
 *
 *   {"format":1,"header":{"id":…,"title":…,"updatedAt":…,"questions":…,"blobs":{"<sha256>":bytes,…}},
 *   "conversation":{…long strings as {"$blob":"<sha256>"}…}}
 *
 * JSON.stringify never writes a raw newline (newlines inside strings are escaped), so the first `\n` always ends the
 * header. A single-file conversation (the CLI's `--conversation FILE`) adds a third line, `"blobs":{"<sha256>":"…"}`,
 * with each blob inline: one self-contained file that still stores a text read ten times only once.
 */
import type { StoredConversation } from '../conversation';
import { open } from 'node:fs/promises';
import type { ConversationSummary } from '../../protocol/messages';
import { encodeWithBlobs, isBlobHash, restore } from './blobCodec';

export const FILE_FORMAT = 1;

export interface ConversationHeader extends ConversationSummary {
  /** Blobs the conversation refers to, with their size in bytes. */
  blobs: Record<string, number>;
}

export interface EncodedConversationFile {
  text: string;
  header: ConversationHeader;
  /** Blob text by hash (what `blobs/<hash>` holds). */
  blobs: Map<string, string>;
}

/** Thrown when a file is not a conversation this version can read (truncated, damaged, or from a newer format). */
export class ConversationFileError extends Error {}

export function encodeConversationFile(conversation: unknown, summary: ConversationSummary, options: { threshold?: number; inlineBlobs?: boolean } = {}): EncodedConversationFile {
  const { json, blobs } = encodeWithBlobs(conversation, options.threshold);
  const header: ConversationHeader = { ...summary, blobs: Object.fromEntries([...blobs].map(([hash, text]) => [hash, Buffer.byteLength(text, 'utf8')])) };
  let text = `{"format":${FILE_FORMAT},"header":${JSON.stringify(header)},\n"conversation":${json}`;
  if (options.inlineBlobs) text += `,\n"blobs":{${[...blobs].map(([hash, blob]) => `"${hash}":${blob}`).join(',')}}`;
  return { text: `${text}}\n`, header, blobs };
}

/** The header from the first line of a conversation file (the rest of the file may be absent). */
export function parseHeaderLine(firstLine: string): ConversationHeader {
  const line = firstLine.endsWith(',') ? `${firstLine.slice(0, -1)}}` : firstLine;
  return checkedHeader(parseJson(line));
}

/** Reads only as far as the end of the header line. */
export async function readConversationHeader(path: string): Promise<ConversationHeader> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) throw new ConversationFileError('the file ends before its header does');
      const part = chunk.subarray(0, bytesRead);
      const newline = part.indexOf(0x0a);
      if (newline >= 0) {
        chunks.push(Buffer.from(part.subarray(0, newline)));
        return parseHeaderLine(Buffer.concat(chunks).toString('utf8'));
      }
      chunks.push(Buffer.from(part));
    }
  } finally {
    await handle.close();
  }
}

export interface ParsedConversationFile {
  header: ConversationHeader;
  /** The conversation with its references still in place: pass it to `restore` once the blobs are at hand. */
  encoded: unknown;
  /** Inline blobs (single-file conversations), by hash. */
  inlineBlobs: Map<string, string>;
}

export function parseConversationFile(text: string): ParsedConversationFile {
  const parsed = parseJson(text);
  const header = checkedHeader(parsed);
  const record = parsed as { conversation?: unknown; blobs?: unknown };
  if (record.conversation === null || typeof record.conversation !== 'object') throw new ConversationFileError('it holds no conversation');
  const inlineBlobs = new Map<string, string>();
  if (record.blobs !== undefined) {
    if (record.blobs === null || typeof record.blobs !== 'object') throw new ConversationFileError('its blob table is malformed');
    for (const [hash, value] of Object.entries(record.blobs)) if (isBlobHash(hash) && typeof value === 'string') inlineBlobs.set(hash, value);
  }
  return { header, encoded: record.conversation, inlineBlobs };
}

/** The conversation with every reference resolved (`resolve` gives a placeholder for a lost blob). */
export function restoreConversation(file: ParsedConversationFile, resolve: (hash: string) => string): unknown {
  try {
    return restore(file.encoded, resolve);
  } catch (error) {
    throw new ConversationFileError(error instanceof Error ? error.message : String(error));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConversationFileError(`it is not complete JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function checkedHeader(parsed: unknown): ConversationHeader {
  const record = (parsed ?? {}) as { format?: unknown; header?: Partial<ConversationHeader> };
  if (typeof record.format !== 'number') throw new ConversationFileError('it is not a Grok Context conversation');
  if (record.format > FILE_FORMAT) throw new ConversationFileError(`it was written by a newer version (format ${record.format})`);
  const header = record.header;
  if (!header || typeof header.id !== 'string' || typeof header.updatedAt !== 'number' || typeof header.title !== 'string' || typeof header.questions !== 'number') {
    throw new ConversationFileError('its header is malformed');
  }
  const blobs: Record<string, number> = {};
  for (const [hash, bytes] of Object.entries(header.blobs ?? {})) if (isBlobHash(hash) && typeof bytes === 'number') blobs[hash] = bytes;
  return { id: header.id, title: header.title, updatedAt: header.updatedAt, questions: header.questions, blobs };
}

export function isStoredConversation(value: unknown): value is StoredConversation {
  const record = value as Partial<StoredConversation> | null;
  return record !== null && typeof record === 'object' && typeof record.id === 'string' && Array.isArray(record.turns) && typeof record.updatedAt === 'number';
}

/** What a lost blob's text becomes: says what happened instead of failing the whole conversation. */
export function lostText(hash: string, bytes: number | undefined): string {
  return `[Grok Context: ${bytes !== undefined ? `${bytes} bytes of ` : ''}stored text were lost (blob ${hash.slice(0, 12)} is missing or damaged)]`;
}

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
