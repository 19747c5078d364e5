/** One conversation in one self-contained file: the command line's `--conversation FILE`. */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../../common/logger';
import type { StoredConversation } from '../conversation';
import { summaryOf } from '../conversationText';
import { writeFileAtomic } from './atomicFile';
import { blobText, hashOfBlobText } from './blobCodec';
import { ConversationFileError, describeError, encodeConversationFile, isMissing, isStoredConversation, lostText, parseConversationFile, restoreConversation } from './conversationFile';

/**
 * Writes one conversation as one self-contained file (atomically): the same format as the store's, with its blobs
 * inline at the end instead of in a shared folder, so the file can be copied or passed around alone and a text read
 * several times is still stored once.
 */
export async function writeConversationFile(path: string, conversation: StoredConversation): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, encodeConversationFile(conversation, summaryOf(conversation), { inlineBlobs: true }).text);
}

/**
 * Reads a file `writeConversationFile` wrote. A file that does not exist gives `undefined` (a new conversation);
 * a damaged one throws ConversationFileError (the caller must not overwrite what the user asked it to continue); a
 * missing inline blob becomes a placeholder, with a warning.
 */
export async function readConversationFile(path: string, logger: Logger): Promise<StoredConversation | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    const file = parseConversationFile(text);
    const lost: string[] = [];
    const conversation = restoreConversation(file, (hash) => {
      const value = file.inlineBlobs.get(hash);
      if (value !== undefined && hashOfBlobText(blobText(value)) === hash) return value;
      lost.push(hash);
      return lostText(hash, file.header.blobs[hash]);
    });
    if (lost.length > 0) logger.warn(`${path}: ${lost.length} stored text(s) are missing or damaged; they show as a placeholder.`);
    if (!isStoredConversation(conversation)) throw new ConversationFileError('its conversation is malformed');
    return conversation;
  } catch (error) {
    throw new ConversationFileError(`${path} is not a readable Grok Context conversation: ${describeError(error)}`);
  }
}

export { ConversationFileError };
