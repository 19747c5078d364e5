import * as assert from 'node:assert/strict';
import { PROVIDER_IDS, SETTING_DEFAULTS, type Settings } from '../../src/common/settings';
import { parseContextLimit, type ProviderError } from '../../src/providers/errors';
import { resolveProvider, wireApiFor } from '../../src/providers/factory';
import { PRESETS, resolveBaseUrl } from '../../src/providers/presets';
import { priceFor, usageCost } from '../../src/providers/pricing';
import { testConnection } from '../../src/providers/testConnection';
import { FakeProvider } from '../support/fakeProvider';
import { everyPresetAt } from '../support/presetUrls';

const settings = (overrides: Partial<Settings>): Settings => ({ ...SETTING_DEFAULTS, ...overrides });

describe('provider presets', () => {
  it('know each platform’s URL, model id and answer-length field', () => {
    const withIds = settings({ cloudflareAccountId: 'acct', cloudflareGatewayId: 'gw' });
    const table = Object.fromEntries(PROVIDER_IDS.map((id) => [id, [resolveBaseUrl(PRESETS[id], withIds), PRESETS[id].defaultModel, PRESETS[id].maxTokensField]]));
    assert.deepEqual(table, {
      xai: ['https://api.x.ai/v1', 'grok-4.3', 'max_completion_tokens'],
      aigateway: ['https://api.aigateway.sh/v1', 'xai/grok-4.3', 'max_tokens'],
      'cloudflare-workers-ai': ['https://api.cloudflare.com/client/v4/accounts/acct/ai/v1', 'xai/grok-4.3', 'max_completion_tokens'],
      'cloudflare-ai-gateway': ['https://gateway.ai.cloudflare.com/v1/acct/gw/grok', 'grok-4.3', 'max_completion_tokens'],
      runware: ['https://api.runware.ai/v1', 'xai-grok-4-3', 'max_tokens'],
      openrouter: ['https://openrouter.ai/api/v1', 'x-ai/grok-4.3', 'max_tokens'],
      'openai-compatible': [{ missing: 'its base URL (Select Provider asks for it, or grokContext.baseUrls["openai-compatible"], e.g. http://localhost:8000/v1)' }, 'grok-4.3', 'max_tokens'],
    });
  });

  it('say what is missing instead of calling a broken URL', () => {
    assert.throws(() => resolveProvider(settings({ provider: 'cloudflare-ai-gateway', cloudflareAccountId: 'acct' }), 'k'), (error: ProviderError) => {
      assert.equal(error.kind, 'missing-base-url');
      assert.match(error.message, /Cloudflare AI Gateway provider needs grokContext.cloudflareAccountId and grokContext.cloudflareGatewayId/);
      assert.deepEqual([...error.actions], ['openSettings']);
      return true;
    });
    assert.throws(() => resolveProvider(settings({ provider: 'aigateway' }), undefined), /No API key for AIgateway.*AIGATEWAY_API_KEY/);
    assert.doesNotThrow(() => resolveProvider(settings({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' }), undefined), 'a local server needs no key');
  });

  it('cap output at the platform’s own limit (AIgateway: 4,096)', () => {
    assert.equal(resolveProvider(settings({ provider: 'aigateway', maxOutputTokens: 10_000 }), 'k').parameters.maxOutputTokens, 4096);
    assert.equal(resolveProvider(settings({ provider: 'xai', maxOutputTokens: 10_000 }), 'k').parameters.maxOutputTokens, 10_000);
    assert.equal(resolveProvider(settings({ provider: 'xai' }), 'k').parameters.maxOutputTokens, undefined);
  });
});

describe('the wire each preset speaks', () => {
  it('xAI speaks the Responses API, the Chat Completions presets keep theirs, the custom endpoint follows its setting', () => {
    const table = Object.fromEntries(PROVIDER_IDS.filter((id) => id !== 'runware').map((id) => [id, wireApiFor(PRESETS[id], settings({}))]));
    assert.deepEqual(table, {
      xai: 'responses',
      aigateway: 'chat-completions',
      'cloudflare-workers-ai': 'chat-completions',
      'cloudflare-ai-gateway': 'chat-completions',
      openrouter: 'chat-completions',
      'openai-compatible': 'chat-completions',
    });
    assert.equal(wireApiFor(PRESETS['openai-compatible'], settings({ openaiCompatibleApi: 'responses' })), 'responses');
    assert.equal(wireApiFor(PRESETS.xai, settings({ openaiCompatibleApi: 'chat-completions' })), 'responses');
  });
});

describe('request parameters on the wire', () => {
  let fake: FakeProvider;
  before(async () => (fake = await FakeProvider.start()));
  after(() => fake.close());
  beforeEach(() => fake.reset());

  const send = async (overrides: Partial<Settings>) => {
    const resolved = resolveProvider(settings({ baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0, ...overrides }), 'key-123456789');
    for await (const event of resolved.provider.stream({ ...resolved.parameters, model: resolved.model, messages: [{ role: 'user', content: 'q' }] }, new AbortController().signal)) void event;
    return (await fake.request(fake.requests.length - 1)).body;
  };

  it('sends reasoning_effort, temperature and the preset’s length field only when set', async () => {
    const plain = await send({});
    assert.deepEqual(['reasoning', 'reasoning_effort', 'temperature', 'top_p', 'seed', 'stop', 'max_tokens', 'max_completion_tokens', 'max_output_tokens'].filter((key) => key in plain), []);
    // xAI speaks the Responses API, which takes neither seed nor stop
    const xai = await send({ reasoningEffort: 'high', temperature: 0.2, maxOutputTokens: 900, topP: 0.9, seed: 7, stop: ['END'] });
    assert.deepEqual([xai.reasoning, xai.temperature, xai.max_output_tokens, xai.max_completion_tokens], [{ effort: 'high' }, 0.2, 900, undefined]);
    assert.deepEqual([xai.top_p, 'seed' in xai, 'stop' in xai], [0.9, false, false]);
    const custom = await send({ provider: 'openai-compatible', baseUrl: fake.baseUrl, topP: 0.9, seed: 7, stop: ['END'] });
    assert.deepEqual([custom.top_p, custom.seed, custom.stop], [0.9, 7, ['END']], 'Chat Completions still sends them');
    const gateway = await send({ provider: 'aigateway', maxOutputTokens: 900, reasoningEffort: 'none' });
    assert.deepEqual([gateway.reasoning_effort, gateway.max_tokens, gateway.max_completion_tokens, gateway.model], ['none', 900, undefined, 'grok-4.3']);
  });

  it('Test Connection stops at the first token and closes the stream', async () => {
    fake.enqueue({ kind: 'stream', text: ['OK', ' and', ' more', ' text'], holdAfter: { chunks: 1, until: new Promise(() => {}) } });
    const result = await testConnection(resolveProvider(settings({ baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0 }), 'key-123456789'));
    assert.equal(result.model, 'grok-4.3');
    assert.ok(result.milliseconds >= 0);
    assert.equal(await fake.requests[0].ended, 'client-closed');
    assert.equal(fake.requests[0].body.max_output_tokens, 16);
  });

  it('Test Connection reports a rejected key like a question would', async () => {
    fake.enqueue({ kind: 'status', status: 401, body: { error: { message: 'bad key' } } });
    await assert.rejects(testConnection(resolveProvider(settings({ baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0 }), 'key-123456789')), /rejected the API key \(401\)/);
  });
});

describe('cost', () => {
  it('prices grok-4.3 per xAI’s page: uncached, cached and output tokens at their own rates', () => {
    // at the base rates (up to 204,800 input tokens; the long-context tier is tested in pricing.test.ts)
    assert.equal(usageCost(priceFor('grok-4.3'), { promptTokens: 200_000, cachedPromptTokens: 0, completionTokens: 0 }), 0.25);
    assert.ok(Math.abs(usageCost(priceFor('xai/grok-4.3'), { promptTokens: 200_000, cachedPromptTokens: 160_000, completionTokens: 100_000 })! - (0.05 + 0.032 + 0.25)) < 1e-12);
    assert.equal(usageCost(priceFor('some-local-model'), { promptTokens: 10, cachedPromptTokens: 0, completionTokens: 10 }), undefined);
    assert.equal(usageCost(priceFor('grok-4.3'), { promptTokens: 10, cachedPromptTokens: 0, completionTokens: 10, costUsd: 0.5 }), 0.5, "a provider's own cost wins");
  });

  it('takes the user’s price table first (grokContext.pricing), for new models too', () => {
    const overrides = { 'grok-4.5': { input: 2, cachedInput: 0.5, output: 6 }, 'grok-4.3': { input: 1, cachedInput: 0.1, output: 2 } };
    assert.deepEqual(priceFor('grok-4.5', overrides), overrides['grok-4.5']);
    assert.deepEqual(priceFor('grok-4.3', overrides), overrides['grok-4.3']);
    assert.equal(resolveProvider(settings({ model: 'grok-4.5', pricing: overrides }), 'k').price, overrides['grok-4.5']);
  });
});

describe('context overflow messages', () => {
  it('reads the limit from the wordings providers use', () => {
    assert.equal(parseContextLimit("This model's maximum context length is 131072 tokens. However, your messages resulted in 140000 tokens."), 131072);
    assert.equal(parseContextLimit('The prompt exceeds the maximum of 1,000,000 tokens'), 1_000_000);
    assert.equal(parseContextLimit('context window limit: 256_000'), 256_000);
    assert.equal(parseContextLimit('Prompt is too long'), undefined);
  });
});
