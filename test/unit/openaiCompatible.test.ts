import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { ProviderError } from '../../src/providers/errors';
import { OpenAICompatibleProvider } from '../../src/providers/openaiCompatible';
import type { ProviderEvent } from '../../src/providers/types';
import { FakeProvider } from '../support/fakeProvider';

const KEY = 'xai-test-key-0123456789';

async function collect(provider: OpenAICompatibleProvider, signal = new AbortController().signal) {
  const events: ProviderEvent[] = [];
  let error: unknown;
  try {
    for await (const event of provider.stream({ model: 'grok-4.3', messages: [{ role: 'user', content: 'hi' }], conversationId: 'conv-1' }, signal)) {
      events.push(event);
    }
  } catch (caught) {
    error = caught;
  }
  const text = events.flatMap((event) => (event.type === 'text' ? [event.text] : [])).join('');
  return { events, text, error: error as ProviderError | undefined };
}

describe('OpenAI-compatible provider (real openai SDK against the fake wire)', () => {
  let fake: FakeProvider;
  const provider = (overrides: Partial<ConstructorParameters<typeof OpenAICompatibleProvider>[0]> = {}) =>
    new OpenAICompatibleProvider({ providerLabel: 'xAI', baseUrl: fake.baseUrl, apiKey: KEY, maxRetries: 0, sendConversationId: true, ...overrides });

  before(async () => (fake = await FakeProvider.start()));
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('streams text, reasoning, usage and the finish reason', async () => {
    fake.enqueue({
      kind: 'stream',
      reasoning: ['Looking at ', 'the files.'],
      text: ['The answer', ' is 42.'],
      usage: { prompt_tokens: 1200, completion_tokens: 6, cached_tokens: 1000, reasoning_tokens: 3 },
    });
    const { events, text, error } = await collect(provider());
    assert.equal(error, undefined);
    assert.equal(text, 'The answer is 42.');
    assert.deepEqual(events.filter((event) => event.type === 'reasoning').map((event) => event.type === 'reasoning' && event.text), ['Looking at ', 'the files.']);
    assert.deepEqual(events.find((event) => event.type === 'usage'), {
      type: 'usage',
      usage: { promptTokens: 1200, completionTokens: 6, cachedPromptTokens: 1000, reasoningTokens: 3 },
    });
    assert.deepEqual(events.find((event) => event.type === 'finish'), { type: 'finish', reason: 'stop' });
  });

  it("reads xAI's billed cost from usage.cost_in_usd_ticks (10^10 ticks = $1)", async () => {
    fake.enqueue({ kind: 'stream', text: ['ok'], usage: { prompt_tokens: 10, completion_tokens: 2, cost_usd_ticks: 37_756_000 } });
    const { events, error } = await collect(provider());
    assert.equal(error, undefined);
    assert.deepEqual(events.find((event) => event.type === 'usage'), {
      type: 'usage',
      usage: { promptTokens: 10, completionTokens: 2, cachedPromptTokens: 0, reasoningTokens: 0, costUsd: 0.0037756 },
    });
  });

  it('sends stream, include_usage, the bearer key and x-grok-conv-id', async () => {
    await collect(provider());
    const request = await fake.request(0);
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.body.stream, true);
    assert.deepEqual(request.body.stream_options, { include_usage: true });
    assert.equal(request.body.model, 'grok-4.3');
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    assert.equal(request.headers['x-grok-conv-id'], 'conv-1');
  });

  it('leaves x-grok-conv-id out for presets that do not use it', async () => {
    await collect(provider({ sendConversationId: false }));
    assert.equal((await fake.request(0)).headers['x-grok-conv-id'], undefined);
  });

  it('aborting the signal closes the HTTP connection and reports cancelled', async () => {
    fake.enqueue({ kind: 'stream', text: Array.from({ length: 50 }, (_, i) => `w${i} `), delayMs: 20 });
    const controller = new AbortController();
    const events: ProviderEvent[] = [];
    let error: unknown;
    try {
      for await (const event of provider().stream({ model: 'grok-4.3', messages: [{ role: 'user', content: 'hi' }] }, controller.signal)) {
        events.push(event);
        if (events.length === 2) controller.abort();
      }
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'cancelled');
    assert.equal(await (await fake.request(0)).ended, 'client-closed');
  });

  const statusCases: Array<[number, string, string, RegExp]> = [
    [401, 'unauthorized', 'setApiKey', /rejected the API key \(401\).*Set API Key/],
    [403, 'forbidden', 'setApiKey', /refused the request \(403\)/],
    [404, 'not-found', 'openSettings', /404: model "grok-4.3" or the URL .* is wrong/],
    [429, 'rate-limited', 'retry', /rate limiting.*try again/],
    [500, 'server', 'retry', /server error \(500\)/],
    [503, 'server', 'retry', /server error \(503\)/],
    [400, 'bad-request', 'openSettings', /refused the request \(400\)/],
  ];
  for (const [status, kind, action, message] of statusCases) {
    it(`maps HTTP ${status} to ${kind} with a "${action}" action and the server's words`, async () => {
      fake.enqueue({ kind: 'status', status, body: { error: { message: `server says ${status}`, type: 'x' } } });
      const { error } = await collect(provider());
      assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
      assert.equal(error.kind, kind);
      assert.equal(error.status, status);
      assert.ok(error.actions.includes(action as never));
      assert.match(error.message, message);
      assert.match(error.message, new RegExp(`server says ${status}`));
    });
  }

  it("reads xAI's own error shape ({code, error})", async () => {
    fake.enqueue({ kind: 'status', status: 400, body: { code: 'Client specified an invalid argument', error: 'Model grok-9 does not exist' } });
    const { error } = await collect(provider());
    assert.match(error!.message, /Model grok-9 does not exist/);
  });

  it('never puts the key in an error message, even when the server echoes it', async () => {
    fake.enqueue({ kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } });
    const { error } = await collect(provider());
    assert.equal(error!.kind, 'unauthorized');
    assert.ok(!error!.message.includes(KEY), error!.message);
    assert.match(error!.message, /\[redacted\]/);
  });

  it('retries 5xx through the SDK (one retry layer) and then streams', async () => {
    fake.enqueue({ kind: 'status', status: 503, body: { error: { message: 'busy' } }, headers: { 'retry-after-ms': '10' } });
    fake.enqueue({ kind: 'stream', text: ['ok'] });
    const { text, error } = await collect(provider({ maxRetries: 2 }));
    assert.equal(error, undefined);
    assert.equal(text, 'ok');
    assert.equal(fake.requests.length, 2);
  });

  it('retries a connection reset before any output, then streams', async () => {
    fake.enqueue({ kind: 'reset' }, { kind: 'stream', text: ['after the reset'] });
    const { text, error } = await collect(provider({ maxRetries: 2 }));
    assert.equal(error, undefined);
    assert.equal(text, 'after the reset');
    assert.equal(fake.requests.length, 2);
  });

  it('honours Retry-After on 429 and gives up after maxRetries with a clear message', async () => {
    for (let i = 0; i < 3; i++) fake.enqueue({ kind: 'status', status: 429, body: { error: { message: 'quota' } }, headers: { 'retry-after-ms': '10' } });
    const { error } = await collect(provider({ maxRetries: 2 }));
    assert.equal(error!.kind, 'rate-limited');
    assert.equal(fake.requests.length, 3);
  });

  it('reports an unreachable server as a network error naming the URL', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { error } = await collect(provider({ baseUrl: `http://127.0.0.1:${port}/v1` }));
    assert.equal(error!.kind, 'network');
    assert.match(error!.message, new RegExp(`Could not reach xAI at http://127.0.0.1:${port}/v1`));
    assert.deepEqual([...error!.actions], ['retry', 'openSettings']);
  });

  it('keeps the text that arrived before a dropped stream and reports it as interrupted', async () => {
    fake.enqueue({ kind: 'stream', text: ['partial ', 'answer ', 'lost'], dropAfter: 2 });
    const { text, error } = await collect(provider());
    assert.equal(text, 'partial answer ');
    assert.equal(error!.kind, 'interrupted');
    assert.match(error!.message, /partial answer is kept/);
  });

  it('reports a malformed chunk naming the provider', async () => {
    fake.enqueue({ kind: 'stream', text: ['fine ', 'x'], malformedAfter: { chunks: 1, line: 'data: {"choices":[{"delta":' } });
    const { text, error } = await collect(provider());
    assert.equal(text, 'fine ');
    assert.equal(error!.kind, 'malformed');
    assert.match(error!.message, /xAI sent a malformed stream chunk/);
  });

  it('assembles tool calls sent whole (xAI) and in argument fragments (others) into the same events', async () => {
    const args = JSON.stringify({ path: 'src/a.ts', edits: [{ old_string: 'a', new_string: 'b' }] });
    for (const fragments of [1, 5]) {
      fake.reset();
      fake.enqueue({ kind: 'stream', text: ['Editing.'], toolCalls: [{ id: 'call_1', name: 'replace_in_file', arguments: args, fragments }, { id: 'call_2', name: 'read_file', arguments: '{"path":"b.ts"}' }] });
      const { events, error } = await collect(provider());
      assert.equal(error, undefined);
      const calls = events.flatMap((event) => (event.type === 'toolCall' ? [event.call] : []));
      assert.deepEqual(calls, [
        { id: 'call_1', name: 'replace_in_file', arguments: args, parsed: { ok: true, value: JSON.parse(args) } },
        { id: 'call_2', name: 'read_file', arguments: '{"path":"b.ts"}', parsed: { ok: true, value: { path: 'b.ts' } } },
      ], `fragments: ${fragments}`);
      assert.deepEqual(events.at(-1), { type: 'finish', reason: 'tool_calls' });
    }
  });

  it('reports invalid JSON in tool arguments on the call, naming the tool, without failing the stream', async () => {
    fake.enqueue({ kind: 'stream', text: [], toolCalls: [{ id: 'c', name: 'create_file', arguments: '{"path": "x.ts", "content": ', fragments: 2 }] });
    const { events, error } = await collect(provider());
    assert.equal(error, undefined);
    const call = events.find((event) => event.type === 'toolCall');
    assert.ok(call?.type === 'toolCall' && !call.call.parsed.ok);
    assert.match((call.call.parsed as { error: string }).error, /^invalid JSON in the arguments of create_file: /);
  });

  it('ignores SSE keep-alive comments', async () => {
    fake.enqueue({ kind: 'stream', text: ['a', 'b'], keepAlive: true, usage: { prompt_tokens: 3, completion_tokens: 2 } });
    const { text, error, events } = await collect(provider());
    assert.equal(error, undefined);
    assert.equal(text, 'ab');
    assert.ok(events.some((event) => event.type === 'usage'));
  });

  it('sends tools and a json_schema response format in the OpenAI shape', async () => {
    const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false };
    const request = { model: 'grok-4.3', messages: [{ role: 'user' as const, content: 'name it' }], tools: [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: {} } }], responseSchema: { name: 'title', schema } };
    for await (const event of provider().stream(request, new AbortController().signal)) void event;
    const body = (await fake.request(0)).body;
    assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: {} }, strict: true } }]);
    assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'title', schema, strict: true } });
  });
});
