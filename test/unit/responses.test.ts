import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderError } from '../../src/providers/errors';
import { ResponsesProvider } from '../../src/providers/responses';
import type { ChatMessage, ChatRequest, ProviderEvent, ToolCall } from '../../src/providers/types';
import { FakeProvider, messagesOf, wireOf } from '../support/fakeProvider';
import { encryptedReasoning, responsesBytes } from '../support/fakeResponses';

const KEY = 'xai-test-key-0123456789';
const SYSTEM: ChatMessage = { role: 'system', content: 'You answer questions about the workspace.' };

async function collect(provider: ResponsesProvider, request: Partial<ChatRequest> = {}, signal = new AbortController().signal) {
  const events: ProviderEvent[] = [];
  let error: unknown;
  try {
    const full: ChatRequest = { model: 'grok-4.3', messages: [SYSTEM, { role: 'user', content: 'hi' }], conversationId: 'conv-1', ...request };
    for await (const event of provider.stream(full, signal)) events.push(event);
  } catch (caught) {
    error = caught;
  }
  const text = events.flatMap((event) => (event.type === 'text' ? [event.text] : [])).join('');
  const reasoning = events.flatMap((event) => (event.type === 'reasoning' ? [event.text] : []));
  const calls = events.flatMap((event) => (event.type === 'toolCall' ? [event.call] : []));
  const items = events.find((event) => event.type === 'items')?.items;
  return { events, text, reasoning, calls, items, error: error as ProviderError | undefined };
}

/** A server that writes the given SSE text and closes: for stream shapes the fake's scripts do not make. */
async function rawServer(body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('Responses provider (real openai SDK against the fake Responses wire)', () => {
  let fake: FakeProvider;
  const provider = (overrides: Partial<ConstructorParameters<typeof ResponsesProvider>[0]> = {}) =>
    new ResponsesProvider({ providerLabel: 'xAI', baseUrl: fake.baseUrl, apiKey: KEY, maxRetries: 0, timeoutMs: 900_000, ...overrides });

  before(async () => (fake = await FakeProvider.start()));
  after(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.contextWindow = undefined;
    fake.simulateCache = false;
  });

  it('streams reasoning summary and text, then the output items, the billed usage and the finish', async () => {
    fake.enqueue({
      kind: 'stream',
      reasoning: ['Looking at ', 'the files.'],
      text: ['The answer', ' is 42.'],
      usage: { prompt_tokens: 1200, completion_tokens: 6, cached_tokens: 1000, reasoning_tokens: 3, cost_usd_ticks: 37_756_000 },
    });
    const { events, text, reasoning, items, error } = await collect(provider());
    assert.equal(error, undefined);
    assert.equal(text, 'The answer is 42.');
    assert.deepEqual(reasoning, ['Looking at ', 'the files.']);
    assert.deepEqual(items, [
      { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Looking at the files.' }], encrypted_content: encryptedReasoning(1, 'Looking at the files.'), status: 'completed' },
      { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'The answer is 42.', logprobs: [], annotations: [] }] },
    ]);
    assert.deepEqual(
      events.slice(-3).map((event) => event.type),
      ['items', 'usage', 'finish'],
    );
    assert.deepEqual(events.find((event) => event.type === 'usage'), {
      type: 'usage',
      usage: { promptTokens: 1200, completionTokens: 6, cachedPromptTokens: 1000, reasoningTokens: 3, costUsd: 0.0037756 },
    });
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'stop' });
  });

  it('sends store:false, the encrypted reasoning include, prompt_cache_key and only the parameters the user set, never seed or stop', async () => {
    await collect(provider(), { reasoningEffort: 'high', temperature: 0.7, topP: 0.95, maxOutputTokens: 2048, seed: 7, stop: ['END'] });
    const request = await fake.request(0);
    assert.equal(request.path, '/v1/responses');
    assert.equal(wireOf(request), 'responses');
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    assert.equal(request.headers['x-grok-conv-id'], undefined, 'the body field carries the cache key on this API');
    assert.deepEqual(request.body, {
      model: 'grok-4.3',
      input: [
        { role: 'system', content: 'You answer questions about the workspace.' },
        { role: 'user', content: 'hi' },
      ],
      stream: true,
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'conv-1',
      reasoning: { effort: 'high' },
      max_output_tokens: 2048,
      temperature: 0.7,
      top_p: 0.95,
    });
  });

  it('sends store:false on every request, also when the history carries items', async () => {
    fake.enqueue({ kind: 'stream', reasoning: ['r'], text: ['a'] }, { kind: 'stream', text: ['b'] });
    const first = await collect(provider());
    await collect(provider(), { messages: [SYSTEM, { role: 'user', content: 'hi' }, { role: 'assistant', content: 'a', providerItems: first.items }, { role: 'user', content: 'more' }] });
    assert.deepEqual(
      fake.requests.map((request) => [request.body.store, request.body.include]),
      [
        [false, ['reasoning.encrypted_content']],
        [false, ['reasoning.encrypted_content']],
      ],
    );
  });

  it('turns function calls sent whole and in argument deltas into the same toolCall events, with the items in order', async () => {
    const args = JSON.stringify({ path: 'src/a.ts', edits: [{ old_string: 'a', new_string: 'b' }] });
    for (const fragments of [1, 5]) {
      fake.reset();
      fake.enqueue({ kind: 'stream', reasoning: ['plan'], text: ['Editing.'], toolCalls: [{ id: 'call_1', name: 'replace_in_file', arguments: args, fragments }, { id: 'call_2', name: 'read_file', arguments: '{"path":"b.ts"}' }] });
      const { calls, items, events, error } = await collect(provider());
      assert.equal(error, undefined);
      assert.deepEqual(calls, [
        { id: 'call_1', name: 'replace_in_file', arguments: args, parsed: { ok: true, value: JSON.parse(args) } },
        { id: 'call_2', name: 'read_file', arguments: '{"path":"b.ts"}', parsed: { ok: true, value: { path: 'b.ts' } } },
      ] satisfies ToolCall[], `fragments: ${fragments}`);
      assert.deepEqual(
        (items as Array<{ type: string }>).map((item) => item.type),
        ['reasoning', 'message', 'function_call', 'function_call'],
      );
      assert.deepEqual(events.at(-1), { type: 'finish', reason: 'tool_calls' });
    }
  });

  it('reports invalid JSON in arguments on the call in the Chat twin’s words, without failing the stream', async () => {
    fake.enqueue({ kind: 'stream', text: [], toolCalls: [{ id: 'c', name: 'create_file', arguments: '{"path": "x.ts", "content": ', fragments: 2 }] });
    const { calls, error } = await collect(provider());
    assert.equal(error, undefined);
    assert.equal(calls.length, 1);
    assert.ok(!calls[0].parsed.ok);
    assert.match((calls[0].parsed as { error: string }).error, /^invalid JSON in the arguments of create_file: /);
  });

  it('sends a round’s items back verbatim in their place, followed by the tool results, and a next turn after them', async () => {
    fake.enqueue({ kind: 'stream', reasoning: ['Need the file.'], text: ['Reading.'], toolCalls: [{ id: 'call_9', name: 'read_file', arguments: '{"path":"a.ts"}' }] });
    const first = await collect(provider());
    const items = first.items!;
    const history: ChatMessage[] = [
      SYSTEM,
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'Reading.', toolCalls: [{ id: 'call_9', name: 'read_file', arguments: '{"path":"a.ts"}' }], providerItems: items },
      { role: 'tool', toolCallId: 'call_9', content: 'export const a = 1;' },
    ];
    fake.enqueue({ kind: 'stream', reasoning: ['Now I know.'], text: ['a is 1.'] });
    const second = await collect(provider(), { messages: history });
    assert.equal(second.error, undefined);
    const expectedRound = [
      { role: 'system', content: 'You answer questions about the workspace.' },
      { role: 'user', content: 'hi' },
      ...(items as unknown[]),
      { type: 'function_call_output', call_id: 'call_9', output: 'export const a = 1;' },
    ];
    assert.deepEqual((await fake.request(1)).body.input, expectedRound);
    assert.equal((items[0] as { encrypted_content: string }).encrypted_content, encryptedReasoning(1, 'Need the file.'));

    // the next turn: both responses' items stay where they were, the new question after them
    const next: ChatMessage[] = [...history, { role: 'assistant', content: 'a is 1.', providerItems: second.items }, { role: 'user', content: 'and b?' }];
    fake.enqueue({ kind: 'stream', text: ['b is 2.'] });
    await collect(provider(), { messages: next });
    assert.deepEqual((await fake.request(2)).body.input, [...expectedRound, ...(second.items as unknown[]), { role: 'user', content: 'and b?' }]);
  });

  it('rebuilds history from another wire (no items) as an assistant message and function_call items', async () => {
    await collect(provider(), {
      messages: [
        SYSTEM,
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' }] },
        { role: 'tool', toolCallId: 'c1', content: 'A' },
        { role: 'assistant', content: 'Done.' },
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
      ],
    });
    const request = await fake.request(0);
    assert.deepEqual(request.body.input.slice(2), [
      { type: 'function_call', call_id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' },
      { type: 'function_call_output', call_id: 'c1', output: 'A' },
      { role: 'assistant', content: 'Done.' },
      { role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' }] },
    ]);
  });

  it('sends function tools and a json_schema text format in the Responses shape', async () => {
    const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false };
    await collect(provider(), { tools: [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: {} } }], responseSchema: { name: 'title', schema } });
    const { body } = await fake.request(0);
    assert.deepEqual(body.tools, [{ type: 'function', name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: {} }, strict: true }]);
    assert.deepEqual(body.text, { format: { type: 'json_schema', name: 'title', schema, strict: true } });
  });

  it('a response cut short by max_output_tokens still hands up its items and usage, finishing with "length"', async () => {
    fake.enqueue({ kind: 'stream', text: ['partial'], finishReason: 'length', usage: { prompt_tokens: 10, completion_tokens: 5 } });
    const { events, error } = await collect(provider());
    assert.equal(error, undefined);
    assert.deepEqual(
      events.slice(-3).map((event) => event.type),
      ['items', 'usage', 'finish'],
    );
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'length' });
  });

  it('honours Retry-After on 429 through the SDK, then streams', async () => {
    fake.enqueue({ kind: 'status', status: 429, body: { error: { message: 'quota' } }, headers: { 'retry-after-ms': '10' } }, { kind: 'stream', text: ['ok'] });
    const { text, error } = await collect(provider({ maxRetries: 2 }));
    assert.equal(error, undefined);
    assert.equal(text, 'ok');
    assert.equal(fake.requests.length, 2);
    assert.ok(fake.requests.every((request) => request.path === '/v1/responses'));
  });

  it('maps 500 to a server error with a retry action and the server’s words', async () => {
    fake.enqueue({ kind: 'status', status: 500, body: { code: 'Internal error', error: 'upstream failed' } });
    const { error } = await collect(provider());
    assert.equal(error?.kind, 'server');
    assert.equal(error?.status, 500);
    assert.deepEqual([...error!.actions], ['retry']);
    assert.match(error!.message, /upstream failed/);
  });

  it('keeps the text that arrived before a dropped stream and reports it as interrupted', async () => {
    fake.enqueue({ kind: 'stream', text: ['partial ', 'answer ', 'lost'], dropAfter: 2 });
    const { text, error } = await collect(provider());
    assert.equal(text, 'partial answer ');
    assert.equal(error?.kind, 'interrupted');
    assert.match(error!.message, /partial answer is kept/);
  });

  it('a stream that ends without response.completed is the same dropped-stream error', async () => {
    const server = await rawServer(
      'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"r","output":[]}}\n\n' +
        'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":1,"item_id":"m","output_index":0,"content_index":0,"delta":"half"}\n\n',
    );
    try {
      const { text, error } = await collect(provider({ baseUrl: server.url }));
      assert.equal(text, 'half');
      assert.equal(error?.kind, 'interrupted');
      assert.match(error!.message, /The answer from xAI was cut off \(the stream ended before response.completed\)\. The partial answer is kept/);
    } finally {
      await server.close();
    }
  });

  it('reports a malformed event naming the provider', async () => {
    fake.enqueue({ kind: 'stream', text: ['fine ', 'x'], malformedAfter: { chunks: 1, line: 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":' } });
    const { text, error } = await collect(provider());
    assert.equal(text, 'fine ');
    assert.equal(error?.kind, 'malformed');
    assert.match(error!.message, /xAI sent a malformed stream chunk/);
  });

  it('maps xAI’s overflow (400) to context-overflow with the limit it names', async () => {
    fake.enqueue({ kind: 'status', status: 400, body: { code: 'Client specified an invalid argument', error: "This model's maximum prompt length is 131072 but the request contains 136973 tokens." } });
    const { error } = await collect(provider());
    assert.equal(error?.kind, 'context-overflow');
    assert.equal(error?.contextLimit, 131072);
  });

  it('the fake’s contextWindow knob refuses a larger request with that message, on this wire', async () => {
    fake.contextWindow = 100;
    const { error } = await collect(provider(), { messages: [SYSTEM, { role: 'user', content: 'a question long enough to pass a hundred tokens. '.repeat(20) }] });
    assert.equal(error?.kind, 'context-overflow');
    assert.equal(error?.contextLimit, 100);
    assert.match(error!.message, /maximum prompt length is 100 but the request contains \d+ tokens/);
  });

  it('an overflow reported in the stream (response.failed, context_length_exceeded) is context-overflow too', async () => {
    const server = await rawServer(
      'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"r","output":[]}}\n\n' +
        'event: response.failed\ndata: {"type":"response.failed","sequence_number":1,"response":{"id":"r","status":"failed","output":[],"error":{"code":"context_length_exceeded","message":"Your input exceeds the context window of this model. Please adjust your input and try again."}}}\n\n',
    );
    try {
      const { error } = await collect(provider({ baseUrl: server.url }));
      assert.equal(error?.kind, 'context-overflow');
      assert.match(error!.message, /exceeds the context window/);
    } finally {
      await server.close();
    }
  });

  it('any other failure event is a server error with the provider’s words', async () => {
    const server = await rawServer('event: error\ndata: {"type":"error","sequence_number":0,"code":"server_error","message":"The model crashed.","param":null}\n\n');
    try {
      const { error } = await collect(provider({ baseUrl: server.url }));
      assert.equal(error?.kind, 'server');
      assert.match(error!.message, /xAI failed the response \(server_error\): "The model crashed\."/);
    } finally {
      await server.close();
    }
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

  it('ignores SSE keep-alive comments', async () => {
    fake.enqueue({ kind: 'stream', text: ['a', 'b'], keepAlive: true, usage: { prompt_tokens: 3, completion_tokens: 2 } });
    const { text, error, events } = await collect(provider());
    assert.equal(error, undefined);
    assert.equal(text, 'ab');
    assert.ok(events.some((event) => event.type === 'usage'));
  });
});

describe('fake Responses wire', () => {
  let fake: FakeProvider;
  before(async () => (fake = await FakeProvider.start()));
  after(() => fake.close());
  beforeEach(() => fake.reset());

  // Built by hand from the event shapes of OpenAI's streaming reference and xAI's item shapes (see fakeResponses.ts).
  const EXPECTED =
    'event: response.created\n' +
    'data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","created_at":1700000000,"model":"grok-4.3","status":"in_progress","output":[],"error":null,"incomplete_details":null,"previous_response_id":null,"store":false,"usage":null}}\n\n' +
    'event: response.in_progress\n' +
    'data: {"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_1","object":"response","created_at":1700000000,"model":"grok-4.3","status":"in_progress","output":[],"error":null,"incomplete_details":null,"previous_response_id":null,"store":false,"usage":null}}\n\n' +
    'event: response.output_item.added\n' +
    'data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_1","type":"message","role":"assistant","status":"in_progress","content":[]}}\n\n' +
    'event: response.content_part.added\n' +
    'data: {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","logprobs":[],"annotations":[]}}\n\n' +
    'event: response.output_text.delta\n' +
    'data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}\n\n' +
    'event: response.output_text.done\n' +
    'data: {"type":"response.output_text.done","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Hi","logprobs":[]}\n\n' +
    'event: response.content_part.done\n' +
    'data: {"type":"response.content_part.done","sequence_number":6,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"Hi","logprobs":[],"annotations":[]}}\n\n' +
    'event: response.output_item.done\n' +
    'data: {"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":{"id":"msg_1","type":"message","role":"assistant","status":"completed","content":[{"type":"output_text","text":"Hi","logprobs":[],"annotations":[]}]}}\n\n' +
    'event: response.completed\n' +
    'data: {"type":"response.completed","sequence_number":8,"response":{"id":"resp_1","object":"response","created_at":1700000000,"model":"grok-4.3","status":"completed","output":[{"id":"msg_1","type":"message","role":"assistant","status":"completed","content":[{"type":"output_text","text":"Hi","logprobs":[],"annotations":[]}]}],"error":null,"incomplete_details":null,"previous_response_id":null,"store":false,"usage":{"input_tokens":5,"input_tokens_details":{"cached_tokens":0},"output_tokens":1,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":6,"cost_in_usd_ticks":12345}}}\n\n';

  it('streams exactly the documented event sequence: event lines, sequence numbers, the full response last, no [DONE]', async () => {
    const script = { kind: 'stream' as const, text: ['Hi'], usage: { prompt_tokens: 5, completion_tokens: 1, cost_usd_ticks: 12345 } };
    assert.equal(responsesBytes(script, { n: 1, model: 'grok-4.3', createdAt: 1_700_000_000, store: false, usage: script.usage }), EXPECTED);
    fake.now = () => 1_700_000_000;
    fake.enqueue(script);
    const response = await fetch(`${fake.baseUrl}/responses`, { method: 'POST', body: JSON.stringify({ model: 'grok-4.3', stream: true, store: false, input: 'x' }) });
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    assert.equal(await response.text(), EXPECTED);
    assert.doesNotMatch(EXPECTED, /\[DONE\]/);
  });

  it('simulateCache reports the shared prefix of consecutive requests as cached tokens', async () => {
    fake.simulateCache = true;
    const provider = new ResponsesProvider({ providerLabel: 'xAI', baseUrl: fake.baseUrl, apiKey: KEY, maxRetries: 0, timeoutMs: 60_000 });
    const usages: number[][] = [];
    const system: ChatMessage = { role: 'system', content: 'The workspace, long enough to be worth caching. '.repeat(40) };
    for (const messages of [[system, { role: 'user', content: 'first' }], [system, { role: 'user', content: 'first' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'second' }]] as ChatMessage[][]) {
      for await (const event of provider.stream({ model: 'grok-4.3', messages }, new AbortController().signal)) {
        if (event.type === 'usage') usages.push([event.usage.promptTokens, event.usage.cachedPromptTokens]);
      }
    }
    assert.equal(usages.length, 2);
    assert.equal(usages[0][1], 0, 'nothing cached on a first request');
    assert.ok(usages[1][1] > 400 && usages[1][1] < usages[1][0], `the shared system prompt is cached: ${JSON.stringify(usages)}`);
    fake.simulateCache = false;
  });

  it('messagesOf reads either wire as the same role+text conversation', async () => {
    const chat = {
      path: '/v1/chat/completions',
      body: {
        messages: [
          { role: 'system', content: 'S' },
          { role: 'user', content: [{ type: 'text', text: 'Q' }, { type: 'image_url', image_url: { url: 'data:' } }] },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c', content: 'R' },
          { role: 'assistant', content: 'A' },
        ],
      },
    };
    const responses = {
      path: '/v1/responses',
      body: {
        input: [
          { role: 'system', content: 'S' },
          { role: 'user', content: [{ type: 'input_text', text: 'Q' }, { type: 'input_image', image_url: 'data:', detail: 'auto' }] },
          { id: 'rs', type: 'reasoning', summary: [], encrypted_content: 'x' },
          { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c', output: 'R' },
          { id: 'rs2', type: 'reasoning', summary: [], encrypted_content: 'y' },
          { id: 'm', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'A', annotations: [] }] },
        ],
      },
    };
    const expected = [
      { role: 'system', text: 'S' },
      { role: 'user', text: 'Q' },
      { role: 'assistant', text: '' },
      { role: 'tool', text: 'R' },
      { role: 'assistant', text: 'A' },
    ];
    assert.deepEqual(messagesOf(chat), expected);
    assert.deepEqual(messagesOf(responses), expected);
    assert.equal(wireOf(chat), 'chat-completions');
  });
});
