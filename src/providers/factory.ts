/** Builds the configured provider from settings and a key, or says what is missing. */
import type { Settings } from '../common/settings';
import { ProviderError } from './errors';
import { OpenAICompatibleProvider } from './openaiCompatible';
import { PRESETS, SHARED_KEY_ENV_VAR } from './presets';
import type { Provider } from './types';

export interface ResolvedProvider {
  provider: Provider;
  model: string;
  baseUrl: string;
  label: string;
}

export function resolveProvider(settings: Settings, apiKey: string | undefined, fetchImpl?: typeof fetch): ResolvedProvider {
  const preset = PRESETS[settings.provider];
  const baseUrl = (settings.baseUrl || preset.defaultBaseUrl || '').replace(/\/+$/, '');
  if (!baseUrl) {
    throw new ProviderError('missing-base-url', `The ${preset.label} provider needs a base URL: set grokContext.baseUrl (for example http://localhost:8000/v1).`, ['openSettings']);
  }
  if (!apiKey && preset.id === 'xai') {
    throw new ProviderError(
      'missing-key',
      `No API key for ${preset.label}. Run "Grok Context: Set API Key" (stored in VS Code's secret storage), or set ${preset.keyEnvVar} or ${SHARED_KEY_ENV_VAR} in the environment. ${preset.keyHelp}.`,
      ['setApiKey'],
    );
  }
  const provider = new OpenAICompatibleProvider({
    providerLabel: preset.label,
    baseUrl,
    // Local OpenAI-compatible servers often need no key, but the SDK insists on one.
    apiKey: apiKey || 'no-key',
    maxRetries: settings.maxRetries,
    sendConversationId: preset.sendsConversationId,
    fetch: fetchImpl,
  });
  return { provider, model: settings.model, baseUrl, label: preset.label };
}
