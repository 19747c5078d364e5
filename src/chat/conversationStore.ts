/**
 * Conversations saved per workspace, as files in the extension's storage folder, so they survive hiding the view and
 * reloading the window without bloating VS Code's state database (which is loaded whole at startup):
 *
 *   <directory>/index.json                 the list: id, title, updatedAt, questions, bytes — newest first
 *   <directory>/conversations/<id>.json    one conversation (see storage/conversationFile.ts)
 *   <directory>/blobs/<sha256>             strings over 4 KB (tool results, encrypted reasoning), stored once
 *
 * Every file is replaced atomically. After each save the folder is kept under a byte cap: the oldest conversations go
 * first (never the one just saved), then blobs nobody refers to. Files the store cannot read are set aside with a
 * warning; the others load. Plain Node `fs`: the extension passes the folder, tests pass a temporary one.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../common/logger';
import type { ConversationSummary } from '../protocol/messages';
import type { StoredConversation } from './conversation';
import { summaryOf } from './conversationText';
import { TEMP_SUFFIX, writeFileAtomic } from './storage/atomicFile';
import { blobReferences, parseBlobText } from './storage/blobCodec';
import {
  ConversationFileError,
  describeError,
  encodeConversationFile,
  isMissing,
  isStoredConversation,
  lostText,
  parseConversationFile,
  readConversationHeader,
  restoreConversation,
  type ParsedConversationFile,
} from './storage/conversationFile';
import { QUARANTINE_SUFFIX, buildCatalog, type Catalog } from './storage/blobCatalog';
import { indexText, readIndexFile, writeIndexFile, type IndexEntry } from './storage/conversationIndex';
import { MIGRATED_KEY, clearLegacyConversations, readLegacyConversations, type KeyValueStore } from './storage/legacyState';

// The stored form is the conversation's own (src/chat/conversation.ts): the store only decides where it lives.
export type { StoredConversation };

export interface ConversationStoreOptions {
  /** This workspace's folder for conversations (created when missing). */
  directory: string;
  logger: Logger;
  /** Bytes the folder may hold in all; asked after every save, so a changed setting applies at once. */
  maxBytes: () => number;
  /** Strings longer than this many characters go to blobs (default 4,096). */
  blobThreshold?: number;
}




export class ConversationStore {
  private readonly listeners = new Set<() => void>();
  private readonly directory: string;
  private readonly conversationsDir: string;
  private readonly blobsDir: string;
  private readonly logger: Logger;
  private readonly maxBytes: () => number;
  private readonly blobThreshold: number | undefined;
  private entries = new Map<string, IndexEntry>();
  private catalog: Catalog | undefined;
  private loaded: Promise<void> | undefined;
  /** Every operation runs after the previous one: saves, deletes and pruning never interleave on disk. */
  private tail: Promise<unknown> = Promise.resolve();
  private warnedOverCap = false;

  constructor(options: ConversationStoreOptions) {
    this.directory = options.directory;
    this.conversationsDir = join(options.directory, 'conversations');
    this.blobsDir = join(options.directory, 'blobs');
    this.logger = options.logger;
    this.maxBytes = options.maxBytes;
    this.blobThreshold = options.blobThreshold;
  }

  /** Fires after the list changed (loaded, saved, renamed, deleted, pruned). */
  onChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Reads the list from disk; every other method waits for it, `list()` is empty until it is done. */
  open(): Promise<void> {
    return this.run(async () => {});
  }

  /** Resolves once every save, delete and rename asked for so far is on disk. */
  whenIdle(): Promise<void> {
    return this.run(async () => {});
  }

  /** Newest first. */
  list(): ConversationSummary[] {
    return [...this.entries.values()].map(({ id, title, updatedAt, questions }) => ({ id, title, updatedAt, questions })).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** The conversation, or `undefined` when there is none by that id or its file is unreadable (then it leaves the list). */
  get(id: string): Promise<StoredConversation | undefined> {
    return this.run(() => this.read(id));
  }

  /** Saves (an empty chat is not worth a list entry) and prunes to the cap. Failures are logged, not thrown. */
  async save(conversation: StoredConversation): Promise<void> {
    try {
      await this.run(() => this.write(conversation));
    } catch (error) {
      this.logger.error(`Could not save conversation ${conversation.id}: ${describeError(error)}`);
    }
  }

  rename(id: string, title: string): Promise<void> {
    return this.run(async () => {
      const conversation = await this.read(id);
      if (conversation) await this.write({ ...conversation, title: title.trim().slice(0, 200) });
    });
  }

  delete(id: string): Promise<void> {
    return this.run(async () => {
      await this.ensureCatalog();
      await this.remove(id);
      await this.collectGarbage();
      await writeIndexFile(this.directory, this.entries.values());
      this.changed();
    });
  }

  /**
   * Moves the conversations an older version kept in workspace state into files, oldest first (so the cap, if it
   * bites, keeps the newest), every turn as it was. The old keys are removed only once all of them are written, and
   * a marker makes later activations skip the scan. Returns how many conversations moved.
   */
  migrateFromWorkspaceState(state: KeyValueStore): Promise<number> {
    return this.run(async () => {
      if (state.get(MIGRATED_KEY)) return 0;
      const { ids, conversations: legacy } = readLegacyConversations(state, this.logger);
      let moved = 0;
      for (const conversation of legacy.sort((a, b) => a.updatedAt - b.updatedAt)) {
        const existing = this.entries.get(conversation.id);
        if (existing && existing.updatedAt >= conversation.updatedAt) continue; // a half-finished earlier run wrote it
        try {
          await this.write(conversation, { notify: false });
          moved++;
        } catch (error) {
          this.logger.error(`Could not migrate conversation ${conversation.id} to a file (${describeError(error)}); it stays in workspace state until the next start.`);
          return moved;
        }
      }
      await clearLegacyConversations(state, ids);
      if (legacy.length > 0) {
        this.logger.info(`Moved ${moved} conversation(s) from workspace state to ${this.directory}.`);
        this.changed();
      }
      return moved;
    });
  }

  private run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() => this.ensureLoaded()).then(operation);
    this.tail = result.catch(() => undefined);
    return result;
  }

  // ---- reading

  private async read(id: string): Promise<StoredConversation | undefined> {
    if (!this.entries.has(id)) return undefined;
    const path = this.pathOf(id);
    try {
      const file = parseConversationFile(await readFile(path, 'utf8'));
      if (file.header.id !== id) throw new ConversationFileError(`it holds conversation ${file.header.id}`);
      const conversation = await this.restore(file, path);
      if (!isStoredConversation(conversation)) throw new ConversationFileError('its conversation is malformed');
      return conversation;
    } catch (error) {
      if (error instanceof ConversationFileError || isMissing(error)) await this.setAside(id, path, error);
      else this.logger.warn(`Could not read conversation file ${path}: ${describeError(error)}`); // perhaps passing: keep it listed
      return undefined;
    }
  }

  private async restore(file: ParsedConversationFile, path: string): Promise<unknown> {
    const texts = new Map<string, string>();
    const wanted = [...blobReferences(file.encoded)];
    for (let start = 0; start < wanted.length; start += 32) {
      await Promise.all(
        wanted.slice(start, start + 32).map(async (hash) => {
          const text = await readFile(join(this.blobsDir, hash), 'utf8').catch(() => undefined);
          const value = text === undefined ? undefined : parseBlobText(hash, text);
          if (value !== undefined) texts.set(hash, value);
        }),
      );
    }
    const lost = wanted.filter((hash) => !texts.has(hash));
    for (const hash of lost) {
      // forget it, so the next save that still holds the text (another conversation, the live session) writes it anew
      this.catalog?.blobBytes.delete(hash);
      await rm(join(this.blobsDir, hash), { force: true });
    }
    if (lost.length > 0) this.logger.warn(`${path}: ${lost.length} stored text(s) are missing or damaged (blobs ${lost.map((hash) => hash.slice(0, 12)).join(', ')}); they show as a placeholder.`);
    return restoreConversation(file, (hash) => texts.get(hash) ?? lostText(hash, file.header.blobs[hash]));
  }

  // ---- writing

  private async write(conversation: StoredConversation, options: { notify?: boolean } = {}): Promise<void> {
    if (conversation.turns.length === 0) return;
    const summary = summaryOf(conversation);
    const file = encodeConversationFile(conversation, summary, { threshold: this.blobThreshold });
    const catalog = await this.ensureCatalog();
    // content-addressed: a blob already there (whoever wrote it) is not written again; new ones in parallel batches,
    // so their fsyncs overlap
    const missing = [...file.blobs].filter(([hash]) => !catalog.blobBytes.has(hash));
    try {
      for (let start = 0; start < missing.length; start += 16) {
        await Promise.all(
          missing.slice(start, start + 16).map(async ([hash, text]) => {
            await writeFileAtomic(join(this.blobsDir, hash), text);
            catalog.blobBytes.set(hash, Buffer.byteLength(text, 'utf8'));
          }),
        );
      }
      await writeFileAtomic(this.pathOf(conversation.id), file.text);
    } catch (error) {
      await this.collectGarbage(); // the blobs just written may now belong to nobody
      throw error;
    }
    this.entries.set(conversation.id, { ...summary, bytes: Buffer.byteLength(file.text, 'utf8') });
    this.setReferences(conversation.id, Object.keys(file.header.blobs));
    await this.collectGarbage();
    await this.prune(conversation.id);
    await writeIndexFile(this.directory, this.entries.values());
    if (options.notify !== false) this.changed();
  }

  /** Drops the oldest conversations (never `keep`) until the folder fits the cap. */
  private async prune(keep: string): Promise<void> {
    const catalog = await this.ensureCatalog();
    const cap = this.maxBytes();
    if (this.totalBytes() <= cap) return;
    for (const path of catalog.quarantined.keys()) await rm(path, { force: true });
    catalog.quarantined.clear();
    const oldestFirst = [...this.entries.values()].filter((entry) => entry.id !== keep).sort((a, b) => a.updatedAt - b.updatedAt);
    let pruned = 0;
    for (const entry of oldestFirst) {
      if (this.totalBytes() <= cap) break;
      await this.remove(entry.id);
      await this.collectGarbage();
      pruned++;
    }
    if (pruned > 0) this.logger.info(`Removed the ${pruned} oldest conversation(s) to keep stored conversations within ${formatMB(cap)} (grokContext.conversationStorageMB).`);
    if (this.totalBytes() > cap && !this.warnedOverCap) {
      this.warnedOverCap = true;
      this.logger.warn(`The current conversation alone takes ${formatMB(this.totalBytes())}, over the ${formatMB(cap)} of grokContext.conversationStorageMB; it is kept.`);
    }
  }

  /** Bytes the folder holds once the index is rewritten: index, conversation files, blobs, set-aside files. */
  private totalBytes(): number {
    const catalog = this.catalog!;
    let total = Buffer.byteLength(indexText(this.entries.values()), 'utf8');
    for (const entry of this.entries.values()) total += entry.bytes;
    for (const bytes of catalog.blobBytes.values()) total += bytes;
    for (const bytes of catalog.quarantined.values()) total += bytes;
    return total;
  }

  private async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
    this.entries.delete(id);
    this.setReferences(id, []);
  }

  private setReferences(id: string, hashes: string[]): void {
    const catalog = this.catalog;
    if (!catalog) return; // built later from the files themselves
    for (const hash of catalog.referencesOf.get(id) ?? []) catalog.referrers.set(hash, (catalog.referrers.get(hash) ?? 1) - 1);
    for (const hash of hashes) catalog.referrers.set(hash, (catalog.referrers.get(hash) ?? 0) + 1);
    if (hashes.length > 0) catalog.referencesOf.set(id, hashes);
    else catalog.referencesOf.delete(id);
  }

  /** Deletes blobs no conversation refers to any more. */
  private async collectGarbage(): Promise<void> {
    const catalog = this.catalog;
    if (!catalog) return;
    for (const hash of [...catalog.blobBytes.keys()]) {
      if ((catalog.referrers.get(hash) ?? 0) > 0) continue;
      await rm(join(this.blobsDir, hash), { force: true });
      catalog.blobBytes.delete(hash);
      catalog.referrers.delete(hash);
    }
  }

  // ---- the list and the catalog

  private ensureLoaded(): Promise<void> {
    return (this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined; // try again on the next call (e.g. the folder was not writable yet)
      this.logger.error(`Could not open the conversation folder ${this.directory}: ${describeError(error)}`);
      throw error;
    }));
  }

  /** The list from index.json, checked against the folder: files it lacks are added from their headers. */
  private async load(): Promise<void> {
    await mkdir(this.conversationsDir, { recursive: true });
    await mkdir(this.blobsDir, { recursive: true });
    await this.sweepTemporaryFiles();
    const indexed = await readIndexFile(this.directory, this.logger);
    const files = new Set((await readdir(this.conversationsDir)).filter((name) => name.endsWith('.json')));
    let stale = indexed === undefined;
    for (const entry of indexed ?? []) {
      if (files.delete(fileNameFor(entry.id))) this.entries.set(entry.id, entry);
      else stale = true;
    }
    for (const name of files) {
      stale = true;
      const path = join(this.conversationsDir, name);
      try {
        const header = await readConversationHeader(path);
        if (fileNameFor(header.id) !== name) throw new ConversationFileError(`it holds conversation ${header.id}`);
        const { id, title, updatedAt, questions } = header;
        this.entries.set(id, { id, title, updatedAt, questions, bytes: (await stat(path)).size });
      } catch (error) {
        if (error instanceof ConversationFileError) await this.setAside(undefined, path, error);
        else if (!isMissing(error)) this.logger.warn(`Could not read conversation file ${path}: ${describeError(error)}`);
      }
    }
    if (stale) await writeIndexFile(this.directory, this.entries.values());
    if (this.entries.size > 0) this.changed();
  }


  /** Reads every conversation's header (not its body) once: which blobs exist, who uses them, what is orphaned. */
  private async ensureCatalog(): Promise<Catalog> {
    this.catalog ??= await buildCatalog([...this.entries.keys()], (id) => this.pathOf(id), this.conversationsDir, this.blobsDir, (id, path, error) => this.setAside(id, path, error));
    return this.catalog;
  }

  /**
   * An unreadable conversation file leaves the list with a warning; it is renamed aside (`….corrupt`, for whoever
   * wants to look at it) rather than deleted, and goes first when the cap needs room.
   */
  private async setAside(id: string | undefined, path: string, error: unknown): Promise<void> {
    const missing = isMissing(error);
    this.logger.warn(missing ? `Conversation file ${path} has disappeared; it is no longer listed.` : `Skipped conversation file ${path}: ${describeError(error)}. It was renamed to ${QUARANTINE_SUFFIX}.`);
    if (!missing) {
      const aside = path + QUARANTINE_SUFFIX;
      try {
        await rename(path, aside);
        if (this.catalog) this.catalog.quarantined.set(aside, (await stat(aside)).size);
      } catch (renameError) {
        this.logger.warn(`Could not rename ${path} aside: ${describeError(renameError)}`);
      }
    }
    if (id !== undefined && this.entries.delete(id)) {
      this.setReferences(id, []);
      await this.collectGarbage();
      await writeIndexFile(this.directory, this.entries.values());
      this.changed();
    }
  }

  private async sweepTemporaryFiles(): Promise<void> {
    for (const dir of [this.directory, this.conversationsDir, this.blobsDir]) {
      for (const name of await readdir(dir)) if (name.endsWith(TEMP_SUFFIX)) await rm(join(dir, name), { force: true });
    }
  }

  private pathOf(id: string): string {
    return join(this.conversationsDir, fileNameFor(id));
  }
}

/** Conversation ids are UUIDs; anything else (hand-made, future) is hashed so it can never escape the folder. */
function fileNameFor(id: string): string {
  return /^[A-Za-z0-9_-]{1,100}$/.test(id) ? `${id}.json` : `h-${createHash('sha256').update(id).digest('hex').slice(0, 40)}.json`;
}

function formatMB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

