/** Builds the configured provider from settings and a key, or says what is missing. */
import type { Settings } from '../common/settings';
import { ProviderError } from './errors';
import { OpenAICompatibleProvider } from './openaiCompatible';
import { PRESETS, SHARED_KEY_ENV_VAR, resolveBaseUrl, type ProviderPreset, type WireApi } from './presets';
import { priceFor, type Price } from './pricing';
import { ResponsesProvider } from './responses';
import { RunwareProvider } from './runware';
import type { ChatRequest, Provider } from './types';

/** What the settings ask of every request. */
export type RequestParameters = Pick<ChatRequest, 'reasoningEffort' | 'temperature' | 'topP' | 'seed' | 'stop' | 'maxOutputTokens'>;

export interface ResolvedProvider {
  provider: Provider;
  model: string;
  baseUrl: string;
  label: string;
  /** The request parameters the settings ask for (reasoning effort, temperature, answer length). */
  parameters: RequestParameters;
  /** The model's price (settings override, else the built-in table), if known. */
  price?: Price;
}

/** The wire a preset speaks; the custom endpoint's is the user's choice. */
export function wireApiFor(preset: ProviderPreset, settings: Settings): WireApi {
  return preset.id === 'openai-compatible' ? settings.openaiCompatibleApi : preset.api;
}

export function resolveProvider(settings: Settings, apiKey: string | undefined, fetchImpl?: typeof fetch): ResolvedProvider {
  const preset = PRESETS[settings.provider];
  const baseUrl = resolveBaseUrl(preset, settings);
  if (typeof baseUrl !== 'string') {
    throw new ProviderError('missing-base-url', `The ${preset.label} provider needs ${baseUrl.missing}: set it in the settings.`, ['openSettings']);
  }
  if (!apiKey && preset.needsKey) {
    throw new ProviderError(
      'missing-key',
      `No API key for ${preset.label}. Run "Grok Context: Set API Key" (stored in VS Code's secret storage), or set ${preset.keyEnvVar} or ${SHARED_KEY_ENV_VAR} in the environment. ${preset.keyHelp}.`,
      ['setApiKey'],
    );
  }
  // Local OpenAI-compatible servers often need no key, but the SDK insists on one.
  const sdk = { providerLabel: preset.label, baseUrl, apiKey: apiKey || 'no-key', maxRetries: settings.maxRetries, timeoutMs: settings.requestTimeoutSeconds * 1000, fetch: fetchImpl };
  const provider: Provider =
    preset.id === 'runware'
      ? new RunwareProvider({ apiKey: apiKey ?? '', baseUrl, deliveryMethod: settings.runwareDeliveryMethod, maxRetries: settings.maxRetries, fetch: fetchImpl })
      : wireApiFor(preset, settings) === 'responses'
        ? new ResponsesProvider(sdk)
        : new OpenAICompatibleProvider({ ...sdk, sendConversationId: preset.sendsConversationId, maxTokensField: preset.maxTokensField });
  const maxOutputTokens = settings.maxOutputTokens || undefined;
  return {
    provider,
    model: settings.model,
    baseUrl,
    label: preset.label,
    price: priceFor(settings.model, settings.pricing),
    parameters: {
      reasoningEffort: settings.reasoningEffort || undefined,
      temperature: settings.temperature >= 0 ? settings.temperature : undefined,
      topP: settings.topP >= 0 ? settings.topP : undefined,
      seed: settings.seed >= 0 ? settings.seed : undefined,
      stop: settings.stop.length ? settings.stop : undefined,
      maxOutputTokens: preset.maxOutputTokens && maxOutputTokens ? Math.min(maxOutputTokens, preset.maxOutputTokens) : maxOutputTokens,
    },
  };
}
