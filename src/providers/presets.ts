/**
 * The platforms that serve Grok, each with its own base URL, key, model id and parameter names
 * (shared/reference/seeds: AIgateway 000, Cloudflare 002).
 */
import type { ProviderId, Settings } from '../common/settings';

export interface ProviderPreset {
  id: ProviderId;
  label: string;
  /** Base URL from the settings; undefined when something the user must fill in is missing (the message says what). */
  baseUrl(settings: Settings): string | { missing: string };
  /** Used when `grokContext.model` is not set explicitly. */
  defaultModel: string;
  /** Environment variable read when no key is stored (after `GROK_CONTEXT_API_KEY`). */
  keyEnvVar: string;
  /** Where to get a key, shown in the Set API Key prompt. */
  keyHelp: string;
  /** A key is required (local OpenAI-compatible servers often need none). */
  needsKey: boolean;
  /** Sends `x-grok-conv-id` so xAI routes follow-ups to the server holding the cached prompt prefix. */
  sendsConversationId: boolean;
  /** The request field for the answer's length: `max_completion_tokens` (xAI, Cloudflare) or `max_tokens`. */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  /** The platform's own cap on output tokens, if its page lists one. */
  maxOutputTokens?: number;
  /**
   * The wire: xAI's recommended Responses API (`POST /responses`, reasoning carried across rounds) or Chat Completions.
   * `openai-compatible` follows `grokContext.openaiCompatibleApi` instead (src/providers/factory.ts).
   */
  api: WireApi;
}

export type WireApi = 'responses' | 'chat-completions';

const fixed = (url: string) => () => url;

export const PRESETS: Record<ProviderId, ProviderPreset> = {
  xai: {
    id: 'xai',
    label: 'xAI',
    baseUrl: fixed('https://api.x.ai/v1'),
    defaultModel: 'grok-4.3',
    keyEnvVar: 'XAI_API_KEY',
    keyHelp: 'Create a key at https://console.x.ai',
    needsKey: true,
    sendsConversationId: true,
    maxTokensField: 'max_completion_tokens',
    api: 'responses',
  },
  aigateway: {
    id: 'aigateway',
    label: 'AIgateway',
    baseUrl: fixed('https://api.aigateway.sh/v1'),
    defaultModel: 'xai/grok-4.3',
    keyEnvVar: 'AIGATEWAY_API_KEY',
    keyHelp: 'Create a key (sk-aig-…) in your AIgateway dashboard',
    needsKey: true,
    sendsConversationId: false,
    maxTokensField: 'max_tokens',
    maxOutputTokens: 4096,
    api: 'chat-completions',
  },
  'cloudflare-workers-ai': {
    id: 'cloudflare-workers-ai',
    label: 'Cloudflare Workers AI',
    baseUrl: (settings) =>
      settings.cloudflareAccountId
        ? `https://api.cloudflare.com/client/v4/accounts/${encodeURIComponent(settings.cloudflareAccountId)}/ai/v1`
        : { missing: 'grokContext.cloudflareAccountId (your Cloudflare account id)' },
    defaultModel: 'xai/grok-4.3',
    keyEnvVar: 'CLOUDFLARE_API_TOKEN',
    keyHelp: 'Create a Cloudflare API token with Workers AI permission',
    needsKey: true,
    sendsConversationId: false,
    maxTokensField: 'max_completion_tokens',
    api: 'chat-completions',
  },
  'cloudflare-ai-gateway': {
    id: 'cloudflare-ai-gateway',
    label: 'Cloudflare AI Gateway',
    baseUrl: (settings) =>
      settings.cloudflareAccountId && settings.cloudflareGatewayId
        ? `https://gateway.ai.cloudflare.com/v1/${encodeURIComponent(settings.cloudflareAccountId)}/${encodeURIComponent(settings.cloudflareGatewayId)}/grok`
        : { missing: 'grokContext.cloudflareAccountId and grokContext.cloudflareGatewayId' },
    defaultModel: 'grok-4.3',
    keyEnvVar: 'XAI_API_KEY',
    keyHelp: 'AI Gateway forwards to xAI: use your xAI key from https://console.x.ai',
    needsKey: true,
    sendsConversationId: true,
    maxTokensField: 'max_completion_tokens',
    // Cloudflare's xAI page documents /chat/completions through /grok; /responses only for its openai route
    api: 'chat-completions',
  },
  runware: {
    id: 'runware',
    label: 'Runware',
    // its own task API, not OpenAI-compatible (src/providers/runware.ts)
    baseUrl: fixed('https://api.runware.ai/v1'),
    defaultModel: 'xai-grok-4-3',
    keyEnvVar: 'RUNWARE_API_KEY',
    keyHelp: 'Create a key at https://my.runware.ai',
    needsKey: true,
    sendsConversationId: false,
    maxTokensField: 'max_tokens',
    // unused: its own task API
    api: 'chat-completions',
  },
  openrouter: {
    id: 'openrouter',
    label: 'OpenRouter',
    baseUrl: fixed('https://openrouter.ai/api/v1'),
    defaultModel: 'x-ai/grok-4.3',
    keyEnvVar: 'OPENROUTER_API_KEY',
    keyHelp: 'Create a key at https://openrouter.ai/keys',
    needsKey: true,
    sendsConversationId: false,
    maxTokensField: 'max_tokens',
    api: 'chat-completions',
  },
  'openai-compatible': {
    id: 'openai-compatible',
    label: 'OpenAI-compatible endpoint',
    baseUrl: (settings) => settings.baseUrl || { missing: 'its base URL (Select Provider asks for it, or grokContext.baseUrls["openai-compatible"], e.g. http://localhost:8000/v1)' },
    defaultModel: 'grok-4.3',
    keyEnvVar: 'OPENAI_API_KEY',
    keyHelp: 'The key of your endpoint (leave empty for a local server that needs none)',
    needsKey: false,
    sendsConversationId: false,
    maxTokensField: 'max_tokens',
    api: 'chat-completions',
  },
};

export const SHARED_KEY_ENV_VAR = 'GROK_CONTEXT_API_KEY';

/** The environment's key for a preset: the shared variable first, then the preset's usual one. */
export function keyFromEnvironment(preset: ProviderPreset, env: NodeJS.ProcessEnv): string | undefined {
  return env[SHARED_KEY_ENV_VAR] || env[preset.keyEnvVar] || undefined;
}

/**
 * A base URL belongs to the preset it was set for: `grokContext.baseUrls[id]` replaces that preset's URL only, and
 * `grokContext.baseUrl` is read by `openai-compatible` alone. So a URL set for one endpoint never receives the key of
 * another preset after switching back (the xAI key does not follow a custom endpoint's URL).
 */
export function resolveBaseUrl(preset: ProviderPreset, settings: Settings): string | { missing: string } {
  const url = settings.baseUrls[preset.id] || preset.baseUrl(settings);
  return typeof url === 'string' ? url.replace(/\/+$/, '') : url;
}

/** An `http(s)://` URL, or why not (shown under the input box while typing). */
export function baseUrlProblem(value: string): string | undefined {
  const text = value.trim();
  if (!text) return 'The endpoint\'s base URL, e.g. http://localhost:8000/v1';
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'The URL must start with http:// or https://';
  } catch {
    return 'Not a URL: e.g. http://localhost:8000/v1';
  }
}
