import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FakeProvider, streamBytes } from '../support/fakeProvider';

// The reference page the wire must match, byte for byte.
const SEED = path.resolve(__dirname, '../../../shared/reference/seeds/000_e8ee49448bbcbecc.txt');

describe('fake provider wire', () => {
  let fake: FakeProvider;
  before(async () => (fake = await FakeProvider.start()));
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('streams exactly the data lines the AIgateway page shows', async () => {
    const seedLines = readFileSync(SEED, 'utf8')
      .split('\n')
      .map((line) => line.match(/data: .*?(\}\]\}|\[DONE\])/)?.[0])
      .filter((line): line is string => line !== undefined);
    assert.equal(seedLines.length, 5, 'the seed shows role, two content, finish and [DONE] lines');
    fake.enqueue({ kind: 'stream', text: ['Hello', '!'] });
    const response = await fetch(`${fake.baseUrl}/chat/completions`, { method: 'POST', body: '{"stream":true}' });
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    const body = await response.text();
    assert.equal(body, seedLines.map((line) => `${line}\n\n`).join(''));
  });

  it('adds the usage chunk that stream_options.include_usage asks for, before [DONE]', async () => {
    const script = { kind: 'stream' as const, text: ['a'], usage: { prompt_tokens: 7, completion_tokens: 1, cached_tokens: 4 } };
    fake.enqueue(script);
    const body = await (await fetch(`${fake.baseUrl}/chat/completions`, { method: 'POST', body: '{}' })).text();
    assert.equal(body, streamBytes(script));
    assert.match(
      body,
      /data: \{"choices":\[\],"usage":\{"prompt_tokens":7,"completion_tokens":1,"total_tokens":8,"prompt_tokens_details":\{"cached_tokens":4\}\}\}\n\ndata: \[DONE\]\n\n$/,
    );
  });

  it('records requests and answers scripted status codes with their headers', async () => {
    fake.enqueue({ kind: 'status', status: 429, body: { error: { message: 'slow down' } }, headers: { 'retry-after': '1' } });
    const response = await fetch(`${fake.baseUrl}/chat/completions`, { method: 'POST', body: '{"model":"m"}', headers: { authorization: 'Bearer k' } });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '1');
    assert.deepEqual(await response.json(), { error: { message: 'slow down' } });
    const recorded = await fake.request(0);
    assert.deepEqual(recorded.body, { model: 'm' });
    assert.equal(recorded.headers.authorization, 'Bearer k');
    assert.equal(await recorded.ended, 'completed');
  });

  it('observes a client that hangs up mid-stream', async () => {
    fake.enqueue({ kind: 'stream', text: ['1', '2', '3', '4'], delayMs: 50 });
    const controller = new AbortController();
    const response = await fetch(`${fake.baseUrl}/chat/completions`, { method: 'POST', body: '{}', signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    assert.equal(await (await fake.request(0)).ended, 'client-closed');
  });
});
