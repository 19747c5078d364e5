/** Where conversations lived before they moved to files (VS Code's workspace state): read once, by the migration. */
import type { Logger } from '../../common/logger';
import type { ConversationSummary } from '../../protocol/messages';
import type { StoredConversation } from '../conversation';
import { isStoredConversation } from './conversationFile';

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
  /** VS Code's Memento has it; it finds conversations the old index lost track of. */
  keys?(): readonly string[];
}

const LEGACY_INDEX_KEY = 'grokContext.conversations';
const LEGACY_ITEM_PREFIX = 'grokContext.conversation.';
/** Set in workspace state once its conversations moved to files, so the migration never runs twice. */
export const MIGRATED_KEY = 'grokContext.conversationsMigratedToFiles';

/** Every conversation id the old state knows (its index, and keys the index lost), and those that can be read. */
export function readLegacyConversations(state: KeyValueStore, logger: Logger): { ids: string[]; conversations: StoredConversation[] } {
  const ids = new Set<string>();
  const legacyIndex = state.get<unknown>(LEGACY_INDEX_KEY);
  for (const summary of Array.isArray(legacyIndex) ? (legacyIndex as Array<Partial<ConversationSummary> | null>) : []) if (typeof summary?.id === 'string') ids.add(summary.id);
  for (const key of state.keys?.() ?? []) if (key.startsWith(LEGACY_ITEM_PREFIX)) ids.add(key.slice(LEGACY_ITEM_PREFIX.length));
  const conversations: StoredConversation[] = [];
  for (const id of ids) {
    const value = state.get<unknown>(LEGACY_ITEM_PREFIX + id);
    if (isStoredConversation(value)) conversations.push(value);
    else if (value !== undefined) logger.warn(`Conversation ${id} in workspace state is malformed; it was not migrated.`);
  }
  return { ids: [...ids], conversations };
}

/** Removes the old keys (only once every conversation is in files) and marks the state migrated. */
export async function clearLegacyConversations(state: KeyValueStore, ids: readonly string[]): Promise<void> {
  for (const id of ids) await state.update(LEGACY_ITEM_PREFIX + id, undefined);
  await state.update(LEGACY_INDEX_KEY, undefined);
  await state.update(MIGRATED_KEY, true);
}
