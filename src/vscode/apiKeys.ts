/**
 * API keys live in VS Code's SecretStorage (the OS keychain on desktop), one per provider,
 * never in settings and never in logs.
 */
import type * as vscode from 'vscode';
import type { ProviderId } from '../common/settings';
import { PRESETS, keyFromEnvironment } from '../providers/presets';

export interface ApiKeyStore {
  get(provider: ProviderId): Promise<string | undefined>;
  set(provider: ProviderId, key: string): Promise<void>;
  delete(provider: ProviderId): Promise<void>;
}

export function secretKeyName(provider: ProviderId): string {
  return `grokContext.apiKey.${provider}`;
}

export function createApiKeyStore(secrets: vscode.SecretStorage): ApiKeyStore {
  return {
    get: async (provider) => (await secrets.get(secretKeyName(provider))) || undefined,
    set: async (provider, key) => secrets.store(secretKeyName(provider), key),
    delete: async (provider) => secrets.delete(secretKeyName(provider)),
  };
}

/** The stored key, else the environment's (`GROK_CONTEXT_API_KEY`, then the preset's variable such as `XAI_API_KEY`). */
export async function resolveApiKey(store: ApiKeyStore, provider: ProviderId, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return (await store.get(provider)) ?? keyFromEnvironment(PRESETS[provider], env);
}
