/**
 * Every setting, declared once. `package.json` carries the same keys and defaults under
 * `contributes.configuration`; a unit test keeps the two in step.
 */
export const SETTINGS_SECTION = 'grokContext';

export const PROVIDER_IDS = ['xai', 'aigateway', 'cloudflare-workers-ai', 'cloudflare-ai-gateway', 'runware', 'openrouter', 'openai-compatible'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const REASONING_EFFORTS = ['', 'none', 'low', 'medium', 'high'] as const;
/** '' leaves the choice to the provider (nothing is sent). */
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

export interface Settings {
  provider: ProviderId;
  /** The `openai-compatible` endpoint; no other preset reads it (see `baseUrls`). */
  baseUrl: string;
  /** Base URLs by preset id, replacing that preset's own (a proxy, a regional endpoint, a test server). */
  baseUrls: Partial<Record<ProviderId, string>>;
  model: string;
  maxContextTokens: number;
  maxRetries: number;
  /** Files larger than this many bytes are left out (reason `too-large`). */
  maxFileBytes: number;
  /** Globs (gitignore syntax) of workspace files never to send. */
  exclude: string[];
  reasoningEffort: ReasoningEffort;
  /** Negative: the provider's default. */
  temperature: number;
  /** 0: the provider's default. */
  maxOutputTokens: number;
  cloudflareAccountId: string;
  cloudflareGatewayId: string;
  /** How Runware delivers the answer: streamed events or one response. */
  runwareDeliveryMethod: 'stream' | 'sync' | 'async';
  /** Let the model pick path-only files to read whole before a conversation's first answer. */
  expandPathsWithModel: boolean;
  /** Nucleus sampling; negative: the provider's default. */
  topP: number;
  /** Sampling seed for repeatable answers; negative: none. */
  seed: number;
  /** Sequences that end the answer. */
  stop: string[];
  /** Prices per million tokens by model id, overriding the built-in table; `tiers` for rates above an input size. */
  pricing: Record<string, PriceSetting>;
  /** Rounds of tool calls one answer may take; 0 turns the tools (reading, searching, proposing edits) off. */
  maxToolRounds: number;
  /** Apply the model's edits as soon as they are proposed, without review. */
  autoApplyEdits: boolean;
  /** Save the files an accepted edit changed (files that had unsaved changes before are left unsaved). */
  saveAfterApplyingEdits: boolean;
  /** Lowest similarity (0.5..1) at which an edit whose text does not match exactly is still applied. */
  fuzzyMatchThreshold: number;
  /** Which API the `openai-compatible` preset speaks (the xAI presets always use the Responses API). */
  openaiCompatibleApi: 'chat-completions' | 'responses';
  /** Seconds one request may take before it is abandoned (xAI recommends at least 900 for reasoning models). */
  requestTimeoutSeconds: number;
  /** The model's context window in tokens; 0 takes it from the model's preset (1,000,000 for Grok 4.3). */
  modelContextWindow: number;
  /** Megabytes the stored conversations of all workspaces may take; the oldest are pruned first. */
  conversationStorageMB: number;
}

/** A price row as settings write it: dollars per million tokens, optionally with rates above an input size. */
export interface PriceSetting {
  input: number;
  cachedInput: number;
  output: number;
  /** Rates that apply when a request's input tokens exceed `aboveInputTokens` (the long-context tier). */
  tiers?: Array<{ aboveInputTokens: number; input: number; cachedInput?: number; output: number }>;
}

export const SETTING_DEFAULTS: Settings = {
  provider: 'xai',
  baseUrl: '',
  baseUrls: {},
  model: 'grok-4.3',
  maxContextTokens: 1_000_000,
  maxRetries: 2,
  maxFileBytes: 1024 * 1024,
  exclude: [],
  reasoningEffort: '',
  temperature: -1,
  maxOutputTokens: 0,
  cloudflareAccountId: '',
  cloudflareGatewayId: '',
  runwareDeliveryMethod: 'stream',
  expandPathsWithModel: true,
  topP: -1,
  seed: -1,
  stop: [],
  pricing: {},
  maxToolRounds: 12,
  autoApplyEdits: false,
  saveAfterApplyingEdits: true,
  fuzzyMatchThreshold: 0.9,
  openaiCompatibleApi: 'chat-completions',
  requestTimeoutSeconds: 900,
  modelContextWindow: 0,
  conversationStorageMB: 200,
};

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}

/** Coerces raw values (from settings.json, which users edit by hand) into valid settings. */
export function normalizeSettings(raw: Partial<Record<keyof Settings, unknown>>): Settings {
  const num = (value: unknown, fallback: number, min: number, max: number) =>
    typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : fallback;
  const str = (value: unknown, fallback: string) => (typeof value === 'string' ? value.trim() : fallback);
  return {
    provider: isProviderId(raw.provider) ? raw.provider : SETTING_DEFAULTS.provider,
    baseUrl: str(raw.baseUrl, SETTING_DEFAULTS.baseUrl),
    baseUrls: normalizeBaseUrls(raw.baseUrls),
    model: str(raw.model, SETTING_DEFAULTS.model) || SETTING_DEFAULTS.model,
    maxContextTokens: num(raw.maxContextTokens, SETTING_DEFAULTS.maxContextTokens, 1000, 2_000_000),
    maxRetries: num(raw.maxRetries, SETTING_DEFAULTS.maxRetries, 0, 6),
    maxFileBytes: num(raw.maxFileBytes, SETTING_DEFAULTS.maxFileBytes, 1024, 64 * 1024 * 1024),
    exclude: Array.isArray(raw.exclude) ? raw.exclude.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [],
    reasoningEffort: (REASONING_EFFORTS as readonly unknown[]).includes(raw.reasoningEffort) ? (raw.reasoningEffort as ReasoningEffort) : '',
    temperature: typeof raw.temperature === 'number' && Number.isFinite(raw.temperature) ? Math.min(2, raw.temperature) : -1,
    maxOutputTokens: num(raw.maxOutputTokens, 0, 0, 1_000_000),
    cloudflareAccountId: str(raw.cloudflareAccountId, ''),
    cloudflareGatewayId: str(raw.cloudflareGatewayId, ''),
    runwareDeliveryMethod: raw.runwareDeliveryMethod === 'sync' || raw.runwareDeliveryMethod === 'async' ? raw.runwareDeliveryMethod : 'stream',
    expandPathsWithModel: typeof raw.expandPathsWithModel === 'boolean' ? raw.expandPathsWithModel : true,
    topP: typeof raw.topP === 'number' && raw.topP >= 0 && raw.topP <= 1 ? raw.topP : -1,
    seed: typeof raw.seed === 'number' && Number.isInteger(raw.seed) && raw.seed >= 0 ? raw.seed : -1,
    stop: Array.isArray(raw.stop) ? raw.stop.filter((item): item is string => typeof item === 'string' && item !== '').slice(0, 4) : [],
    pricing: normalizePricing(raw.pricing),
    maxToolRounds: num(raw.maxToolRounds, SETTING_DEFAULTS.maxToolRounds, 0, 50),
    autoApplyEdits: raw.autoApplyEdits === true,
    saveAfterApplyingEdits: typeof raw.saveAfterApplyingEdits === 'boolean' ? raw.saveAfterApplyingEdits : true,
    fuzzyMatchThreshold:
      typeof raw.fuzzyMatchThreshold === 'number' && Number.isFinite(raw.fuzzyMatchThreshold) ? Math.min(1, Math.max(0.5, raw.fuzzyMatchThreshold)) : SETTING_DEFAULTS.fuzzyMatchThreshold,
    openaiCompatibleApi: raw.openaiCompatibleApi === 'responses' ? 'responses' : 'chat-completions',
    requestTimeoutSeconds: num(raw.requestTimeoutSeconds, SETTING_DEFAULTS.requestTimeoutSeconds, 30, 7200),
    modelContextWindow: num(raw.modelContextWindow, 0, 0, 10_000_000),
    conversationStorageMB: num(raw.conversationStorageMB, SETTING_DEFAULTS.conversationStorageMB, 10, 100_000),
  };
}

/** Keeps the entries whose key is a preset id and whose value is a non-empty string. */
function normalizeBaseUrls(raw: unknown): Settings['baseUrls'] {
  const out: Settings['baseUrls'] = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [id, url] of Object.entries(raw as Record<string, unknown>)) {
    if (isProviderId(id) && typeof url === 'string' && url.trim() !== '') out[id] = url.trim();
  }
  return out;
}

function normalizePricing(raw: unknown): Settings['pricing'] {
  const out: Settings['pricing'] = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [model, price] of Object.entries(raw as Record<string, unknown>)) {
    const p = price as Record<string, unknown> | null;
    const ok = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
    if (p && ok(p.input) && ok(p.output)) {
      out[model] = { input: p.input as number, cachedInput: ok(p.cachedInput) ? (p.cachedInput as number) : (p.input as number), output: p.output as number };
      const tiers = Array.isArray(p.tiers)
        ? (p.tiers as Array<Record<string, unknown>>)
            .filter((tier) => tier && ok(tier.aboveInputTokens) && ok(tier.input) && ok(tier.output))
            .map((tier) => ({
              aboveInputTokens: tier.aboveInputTokens as number,
              input: tier.input as number,
              ...(ok(tier.cachedInput) ? { cachedInput: tier.cachedInput as number } : {}),
              output: tier.output as number,
            }))
            .sort((a, b) => a.aboveInputTokens - b.aboveInputTokens)
        : [];
      if (tiers.length) out[model].tiers = tiers;
    }
  }
  return out;
}
