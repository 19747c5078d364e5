/** Which blobs exist, their sizes and who refers to them: built from the conversation files' headers (not their bodies). */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isBlobHash } from './blobCodec';
import { ConversationFileError, isMissing, readConversationHeader } from './conversationFile';

/** An unreadable conversation file is renamed aside with this suffix; such files go first when the cap needs room. */
export const QUARANTINE_SUFFIX = '.corrupt';

export interface Catalog {
  blobBytes: Map<string, number>;
  referrers: Map<string, number>;
  referencesOf: Map<string, string[]>;
  /** Files set aside as unreadable (path → bytes): they count against the cap and are the first to go. */
  quarantined: Map<string, number>;
}

/**
 * Reads each listed conversation's header. A damaged or vanished file is handed to `unreadable` and passed over;
 * any other failure stops the build (without every header, blobs in use could look orphaned). Blobs no header names
 * are left by an interrupted save and are deleted.
 */
export async function buildCatalog(
  ids: readonly string[],
  pathOf: (id: string) => string,
  conversationsDir: string,
  blobsDir: string,
  unreadable: (id: string, path: string, error: unknown) => Promise<void>,
): Promise<Catalog> {
  const catalog: Catalog = { blobBytes: new Map(), referrers: new Map(), referencesOf: new Map(), quarantined: new Map() };
  const sizes = new Map<string, number>();
  for (const id of ids) {
    const path = pathOf(id);
    try {
      const header = await readConversationHeader(path);
      if (header.id !== id) throw new ConversationFileError(`it holds conversation ${header.id}`);
      const hashes = Object.keys(header.blobs);
      for (const hash of hashes) {
        sizes.set(hash, header.blobs[hash]);
        catalog.referrers.set(hash, (catalog.referrers.get(hash) ?? 0) + 1);
      }
      if (hashes.length > 0) catalog.referencesOf.set(id, hashes);
    } catch (error) {
      if (!(error instanceof ConversationFileError || isMissing(error))) throw error;
      await unreadable(id, path, error);
    }
  }
  for (const name of await readdir(blobsDir)) {
    const size = sizes.get(name);
    if (size !== undefined) catalog.blobBytes.set(name, size);
    else if (isBlobHash(name)) await rm(join(blobsDir, name), { force: true });
  }
  for (const name of await readdir(conversationsDir)) {
    if (!name.endsWith(QUARANTINE_SUFFIX)) continue;
    const path = join(conversationsDir, name);
    catalog.quarantined.set(path, (await stat(path)).size);
  }
  return catalog;
}
