import * as assert from 'node:assert/strict';
import { SETTING_DEFAULTS, type Settings } from '../../src/common/settings';
import { type ProviderError } from '../../src/providers/errors';
import { resolveProvider } from '../../src/providers/factory';
import { RunwareProvider } from '../../src/providers/runware';
import type { ProviderEvent } from '../../src/providers/types';
import { FakeProvider } from '../support/fakeProvider';
import { everyPresetAt } from '../support/presetUrls';

const KEY = 'runware-test-key-123456';

describe('Runware task API (our client against the fake task wire)', () => {
  let fake: FakeProvider;
  before(async () => (fake = await FakeProvider.start()));
  after(() => fake.close());
  beforeEach(() => fake.reset());

  const provider = (overrides: Partial<Settings> = {}) =>
    resolveProvider({ ...SETTING_DEFAULTS, provider: 'runware', model: 'xai-grok-4-3', baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0, ...overrides }, KEY).provider;

  async function collect(overrides: Partial<Settings> = {}, signal = new AbortController().signal) {
    const events: ProviderEvent[] = [];
    let error: ProviderError | undefined;
    try {
      const messages = [{ role: 'system' as const, content: 'You are Grok Context.' }, { role: 'user' as const, content: 'hi' }];
      for await (const event of provider(overrides).stream({ model: 'xai-grok-4-3', messages, temperature: 0.3, maxOutputTokens: 500 }, signal)) events.push(event);
    } catch (caught) {
      error = caught as ProviderError;
    }
    return { events, error, text: events.flatMap((event) => (event.type === 'text' ? [event.text] : [])).join('') };
  }

  it('sends one textInference task as the page describes it, the system prompt in settings', async () => {
    await collect();
    const request = await fake.request(0);
    assert.equal(request.path, '/v1');
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    assert.equal(request.headers.accept, 'text/event-stream');
    assert.equal(request.body.length, 1);
    const task = request.body[0];
    assert.match(task.taskUUID, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a v4 UUID');
    assert.deepEqual({ ...task, taskUUID: 'uuid' }, {
      taskType: 'textInference',
      taskUUID: 'uuid',
      model: 'xai-grok-4-3',
      messages: [{ role: 'user', content: 'hi' }],
      settings: { systemPrompt: 'You are Grok Context.', temperature: 0.3, maxTokens: 500 },
      deliveryMethod: 'stream',
      includeCost: true,
      includeUsage: true,
      numberResults: 1,
    });
  });

  it('streams text, reasoning, usage with thinking tokens, and Runware’s own cost', async () => {
    fake.enqueue({ kind: 'stream', reasoning: ['hmm'], text: ['Hello', ' there'], usage: { prompt_tokens: 100, completion_tokens: 2, reasoning_tokens: 7 }, costUsd: 0.0042, keepAlive: true });
    const { events, text, error } = await collect();
    assert.equal(error, undefined);
    assert.equal(text, 'Hello there');
    assert.deepEqual(events.find((event) => event.type === 'reasoning'), { type: 'reasoning', text: 'hmm' });
    assert.deepEqual(events.find((event) => event.type === 'usage'), {
      type: 'usage',
      usage: { promptTokens: 100, completionTokens: 2, cachedPromptTokens: 0, reasoningTokens: 7, costUsd: 0.0042 },
    });
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'stop' });
  });

  it('reads the sync response (text, finishReason, usage, cost)', async () => {
    fake.enqueue({ kind: 'stream', text: ['All ', 'at once.'], usage: { prompt_tokens: 10, completion_tokens: 3 }, costUsd: 0.001 });
    const { events, text } = await collect({ runwareDeliveryMethod: 'sync' });
    assert.equal(text, 'All at once.');
    assert.equal((await fake.request(0)).body[0].deliveryMethod, 'sync');
    assert.deepEqual(events.at(-2), { type: 'usage', usage: { promptTokens: 10, completionTokens: 3, cachedPromptTokens: 0, reasoningTokens: 0, costUsd: 0.001 } });
  });

  it('async: acknowledges, then polls getResponse until the task succeeds', async () => {
    fake.enqueue({ kind: 'stream', text: ['Later ', 'answer.'], usage: { prompt_tokens: 20, completion_tokens: 2 }, costUsd: 0.002, pendingPolls: 2 });
    const asyncProvider = new RunwareProvider({ apiKey: KEY, baseUrl: fake.baseUrl, deliveryMethod: 'async', maxRetries: 0, firstPollMs: 5 }); // poll fast in tests
    const events: ProviderEvent[] = [];
    for await (const event of asyncProvider.stream({ model: 'xai-grok-4-3', messages: [{ role: 'user', content: 'q' }] }, new AbortController().signal)) events.push(event);
    assert.deepEqual(events.filter((event) => event.type === 'text'), [{ type: 'text', text: 'Later answer.' }]);
    const submitted = (await fake.request(0)).body[0];
    assert.equal(submitted.deliveryMethod, 'async');
    assert.equal(fake.requests.length, 4, 'submit, two processing polls, the result');
    assert.deepEqual((await fake.request(1)).body, [{ taskType: 'getResponse', taskUUID: submitted.taskUUID }]);
    const usage = events.find((event) => event.type === 'usage');
    assert.equal(usage?.type === 'usage' ? usage.usage.costUsd : undefined, 0.002);
  });

  it('maps {"errors":[…]} with 401, 402 and 5xx to actionable errors, never echoing the key', async () => {
    fake.enqueue({ kind: 'status', status: 401, body: { errors: [{ code: 'invalidApiKey', message: `Invalid API key ${KEY}` }] } });
    const unauthorized = (await collect()).error!;
    assert.equal(unauthorized.kind, 'unauthorized');
    assert.match(unauthorized.message, /Runware rejected the API key \(401\)\. Runware said: "invalidApiKey: Invalid API key \[redacted\]"/);
    fake.enqueue({ kind: 'status', status: 402, body: { errors: [{ code: 'insufficientCredits', message: 'Insufficient balance' }] } });
    assert.match((await collect()).error!.message, /Runware refused the request \(402\)\. Runware said: "insufficientCredits: Insufficient balance"/);
    fake.enqueue({ kind: 'status', status: 503, body: 'upstream down' });
    assert.equal((await collect()).error!.kind, 'server');
  });

  it('retries 429 and 5xx before any output, then streams', async () => {
    fake.enqueue({ kind: 'status', status: 429, body: { errors: [{ code: 'rateLimit' }] }, headers: { 'retry-after': '0' } }, { kind: 'stream', text: ['ok'] });
    const { text, error } = await collect({ maxRetries: 2 });
    assert.equal(error, undefined);
    assert.equal(text, 'ok');
    assert.equal(fake.requests.length, 2);
  });

  it('retries a connection reset before any output', async () => {
    fake.enqueue({ kind: 'reset' }, { kind: 'stream', text: ['fine'] });
    const { text, error } = await collect({ maxRetries: 1 });
    assert.equal(error, undefined);
    assert.equal(text, 'fine');
  });

  it('keeps partial text when the stream drops, and stops cleanly when aborted', async () => {
    fake.enqueue({ kind: 'stream', text: ['partial ', 'lost'], dropAfter: 1 });
    const dropped = await collect();
    assert.equal(dropped.text, 'partial ');
    assert.equal(dropped.error!.kind, 'interrupted');
    fake.enqueue({ kind: 'stream', text: ['a', 'b', 'c'], holdAfter: { chunks: 1, until: new Promise(() => {}) } });
    const controller = new AbortController();
    const events: ProviderEvent[] = [];
    await assert.rejects(async () => {
      for await (const event of provider().stream({ model: 'xai-grok-4-3', messages: [{ role: 'user', content: 'q' }] }, controller.signal)) {
        events.push(event);
        controller.abort();
      }
    }, (error: ProviderError) => error.kind === 'cancelled');
    assert.equal(await fake.requests.at(-1)!.ended, 'client-closed');
  });

  it('reports a malformed event naming Runware', async () => {
    fake.enqueue({ kind: 'stream', text: ['x', 'y'], malformedAfter: { chunks: 1, line: 'data: {"delta":' } });
    const { error } = await collect();
    assert.equal(error!.kind, 'malformed');
    assert.match(error!.message, /Runware sent a malformed stream event/);
  });

  it('says images need another provider (its page documents text messages only)', async () => {
    const stream = provider().stream({ model: 'xai-grok-4-3', messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }] }] }, new AbortController().signal);
    await assert.rejects(async () => {
      for await (const event of stream) void event;
    }, /text messages only/);
    assert.equal(fake.requests.length, 0);
  });

  it('says edits need another provider when tools are asked for (no documented tool-call response)', async () => {
    const stream = provider().stream({ model: 'xai-grok-4-3', messages: [{ role: 'user', content: 'q' }], tools: [{ name: 'read_file', description: 'r', parameters: {} }] }, new AbortController().signal);
    await assert.rejects(async () => {
      for await (const event of stream) void event;
    }, /edits need another provider/);
    assert.equal(fake.requests.length, 0);
  });
});
