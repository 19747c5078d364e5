import type { ProviderId } from '../common/settings';

export interface ProviderPreset {
  id: ProviderId;
  label: string;
  /** Used when `grokContext.baseUrl` is empty; undefined means the user must set one. */
  defaultBaseUrl?: string;
  /** Environment variable read when no key is stored (after `GROK_CONTEXT_API_KEY`). */
  keyEnvVar: string;
  /** Where to get a key, shown in the Set API Key prompt. */
  keyHelp: string;
  /** Sends `x-grok-conv-id` so xAI routes follow-ups to the server holding the cached prompt prefix. */
  sendsConversationId: boolean;
}

export const PRESETS: Record<ProviderId, ProviderPreset> = {
  xai: {
    id: 'xai',
    label: 'xAI',
    defaultBaseUrl: 'https://api.x.ai/v1',
    keyEnvVar: 'XAI_API_KEY',
    keyHelp: 'Create a key at https://console.x.ai',
    sendsConversationId: true,
  },
  'openai-compatible': {
    id: 'openai-compatible',
    label: 'OpenAI-compatible endpoint',
    keyEnvVar: 'OPENAI_API_KEY',
    keyHelp: "The key of the endpoint set in grokContext.baseUrl (leave empty for a local server that needs none)",
    sendsConversationId: false,
  },
};

export const SHARED_KEY_ENV_VAR = 'GROK_CONTEXT_API_KEY';

/** The environment's key for a preset: the shared variable first, then the preset's usual one. */
export function keyFromEnvironment(preset: ProviderPreset, env: NodeJS.ProcessEnv): string | undefined {
  return env[SHARED_KEY_ENV_VAR] || env[preset.keyEnvVar] || undefined;
}
