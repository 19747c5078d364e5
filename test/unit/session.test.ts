import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { ChatSession } from '../../src/chat/session';
import { engineContextPort } from '../../src/cli/engineWorkspace';
import { silentLogger } from '../../src/common/logger';
import { SETTING_DEFAULTS } from '../../src/common/settings';
import { ContextEngine } from '../../src/context/engine';
import { resolveProvider } from '../../src/providers/factory';
import type { AssistantTurnView, HostMessage } from '../../src/protocol/messages';
import { FakeProvider, messagesOf, reasoningEffortOf } from '../support/fakeProvider';
import { everyPresetAt } from '../support/presetUrls';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

describe('ChatSession', () => {
  let fake: FakeProvider;
  let workspace: TempWorkspace;
  let apiKey: string | undefined;
  let session: ChatSession;
  let messages: HostMessage[];
  let engine: ContextEngine;

  before(async () => {
    fake = await FakeProvider.start();
    workspace = createTempWorkspace({ 'src/main.ts': 'export const answer = 42;\n', '.gitignore': 'dist/\n', 'dist/out.js': 'ignored' });
  });
  after(async () => {
    await fake.close();
    workspace.remove();
  });
  beforeEach(() => {
    engine = new ContextEngine({ roots: [{ name: 'ws', path: workspace.root }], maxFileBytes: 1 << 20, exclude: [] });
    fake.reset();
    apiKey = 'key-for-tests-123';
    messages = [];
    session = new ChatSession({
      logger: silentLogger,
      createProvider: async () => resolveProvider({ ...SETTING_DEFAULTS, baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0 }, apiKey),
      context: engineContextPort(engine, 100_000),
    });
    session.onMessage((message) => messages.push(message));
  });
  afterEach(() => session.dispose());

  const lastAnswer = () => session.view().turns.at(-1) as AssistantTurnView;

  it('streams an answer with the workspace as context and reports each delta', async () => {
    fake.enqueue({ kind: 'stream', text: ['It is ', '42.'], usage: { prompt_tokens: 50, completion_tokens: 3 } });
    await session.ask('What is the answer?');
    const [user, answer] = session.view().turns;
    assert.deepEqual(user, { role: 'user', id: 't1', text: 'What is the answer?' });
    assert.equal(answer.role, 'assistant');
    assert.equal((answer as AssistantTurnView).text, 'It is 42.');
    assert.equal((answer as AssistantTurnView).status, 'done');
    assert.deepEqual((answer as AssistantTurnView).usage, { promptTokens: 50, completionTokens: 3, cachedPromptTokens: 0, reasoningTokens: 0 });
    assert.deepEqual(
      messages.filter((m) => m.type === 'delta').map((m) => m.type === 'delta' && m.text),
      ['It is ', '42.'],
    );
    assert.deepEqual(messages.filter((m) => m.type === 'busy'), [{ type: 'busy', busy: true }, { type: 'busy', busy: false }]);
    const request = messagesOf(await fake.request(0));
    assert.equal(request[0].role, 'system');
    assert.doesNotMatch(request[0].text, /<file /, 'workspace text never speaks with the system prompt\'s authority');
    assert.equal(request[1].role, 'user', 'the snapshot is the first user message');
    assert.match(request[1].text, /<file path="src\/main.ts" end="[0-9a-f]{32}">\nexport const answer = 42;\n<\/file [0-9a-f]{32}>/);
    assert.doesNotMatch(request[1].text, /dist\/out\.js/);
    assert.deepEqual(request.at(-1), { role: 'user', text: 'What is the answer?' });
  });

  it('keeps the request prefix byte-identical across turns and sends earlier turns as history', async () => {
    await session.ask('first');
    await session.ask('second');
    const [first, second] = [messagesOf(await fake.request(0)), messagesOf(await fake.request(1))];
    assert.deepEqual(second.slice(0, 2), first.slice(0, 2));
    assert.deepEqual(second.slice(2), [
      { role: 'user', text: 'first' },
      { role: 'assistant', text: 'Hello from the fake provider.' },
      { role: 'user', text: 'second' },
    ]);
    assert.equal(first.length, 3);
  });

  it('sends workspace changes as an appended message, never rewriting the prefix, and only once', async () => {
    const big = workspace.write('docs/big.md', 'A paragraph of documentation that makes the snapshot large.\n'.repeat(100));
    let added = '';
    try {
      await session.ask('first');
      added = workspace.write('src/new.ts', 'export const fresh = 1;\n');
      workspace.write('src/main.ts', 'export const answer = 43;\n');
      await session.ask('second');
      await session.ask('third');
    } finally {
      rmSync(big);
      if (added) rmSync(added);
      workspace.write('src/main.ts', 'export const answer = 42;\n');
    }
    const [first, second, third] = [messagesOf(await fake.request(0)), messagesOf(await fake.request(1)), messagesOf(await fake.request(2))];
    assert.deepEqual(second.slice(0, 2), first.slice(0, 2), 'the cached prefix is unchanged');
    const update = second.at(-1)!.text;
    assert.match(update, /^<workspace-changes [^>]*>\n<file path="src\/main.ts" end="[0-9a-f]{32}">\nexport const answer = 43;\n<\/file [0-9a-f]{32}>\n<file path="src\/new.ts" end="[0-9a-f]{32}">\nexport const fresh = 1;\n<\/file [0-9a-f]{32}>\n<\/workspace-changes>\n\nsecond$/);
    // the third turn repeats the second exactly (history) and carries no new update
    assert.deepEqual(third.slice(0, 5), second);
    assert.equal(third.length, 7);
    assert.deepEqual(third.at(-1), { role: 'user', text: 'third' });
  });

  it('takes a fresh snapshot once the changes reach half of it (cheaper than carrying them)', async () => {
    await session.ask('first');
    workspace.write('src/main.ts', 'export const answer = 44; // a change as large as the whole tiny snapshot\n'.repeat(3));
    try {
      await session.ask('second');
    } finally {
      workspace.write('src/main.ts', 'export const answer = 42;\n');
    }
    const second = messagesOf(await fake.request(1));
    assert.match(second[1].text, /export const answer = 44;/);
    assert.deepEqual(second.at(-1), { role: 'user', text: 'second' });
  });

  it('sends the same conversation id on every turn and a new one after reset', async () => {
    const keys: unknown[] = [];
    await session.ask('a');
    await session.ask('b');
    await session.reset();
    await session.ask('c');
    // xAI's Responses API takes the cache key in the body (prompt_cache_key), not the x-grok-conv-id header
    for (let i = 0; i < 3; i++) keys.push((await fake.request(i)).body.prompt_cache_key);
    assert.equal(typeof keys[0], 'string');
    assert.equal(keys[0], keys[1]);
    assert.notEqual(keys[1], keys[2]);
    assert.equal(session.view().turns.length, 2);
  });

  it('without a key, answers with what to do and a Set API Key action, and sends nothing', async () => {
    apiKey = undefined;
    await session.ask('hello?');
    const answer = lastAnswer();
    assert.equal(answer.status, 'error');
    assert.match(answer.error!.message, /No API key for xAI/);
    assert.match(answer.error!.message, /XAI_API_KEY/);
    assert.deepEqual(answer.error!.actions, ['setApiKey']);
    assert.equal(fake.requests.length, 0);
  });

  it('stop aborts the request, keeps the partial answer and marks it stopped', async () => {
    fake.enqueue({ kind: 'stream', text: Array.from({ length: 100 }, (_, i) => `w${i} `), delayMs: 15 });
    const firstDelta = new Promise<void>((resolve) => session.onMessage((m) => m.type === 'delta' && resolve()));
    const asking = session.ask('long one');
    await firstDelta;
    await session.stop();
    await asking;
    const answer = lastAnswer();
    assert.equal(answer.status, 'stopped');
    assert.ok(answer.text.startsWith('w0 '));
    assert.ok(!answer.text.includes('w99'));
    assert.equal(await (await fake.request(0)).ended, 'client-closed');
    assert.equal(session.busy, false);
  });

  it('a new question while one streams waits for it: one answer at a time, the first one finishes', async () => {
    fake.enqueue({ kind: 'stream', text: Array.from({ length: 20 }, (_, i) => `w${i} `), delayMs: 5 }, { kind: 'stream', text: ['second answer'] });
    const firstDelta = new Promise<void>((resolve) => session.onMessage((m) => m.type === 'delta' && resolve()));
    const first = session.ask('one');
    await firstDelta;
    await session.ask('two');
    await first;
    const turns = session.view().turns as AssistantTurnView[];
    assert.equal(turns[1].status, 'done');
    assert.equal(turns[3].text, 'second answer');
    assert.equal(await (await fake.request(0)).ended, 'completed');
  });

  it('after an error the conversation keeps working, and Retry replaces the failed answer', async () => {
    fake.enqueue({ kind: 'status', status: 500, body: { error: { message: 'boom' } } }, { kind: 'stream', text: ['recovered'] });
    await session.ask('q');
    assert.equal(lastAnswer().status, 'error');
    assert.deepEqual(lastAnswer().error!.actions, ['retry']);
    await session.retry();
    const turns = session.view().turns;
    assert.equal(turns.length, 2);
    assert.equal((turns[1] as AssistantTurnView).text, 'recovered');
    assert.equal(messagesOf(await fake.request(1)).at(-1)!.text, 'q');
  });

  it('a dropped stream keeps the partial text, marked as an error with Retry', async () => {
    fake.enqueue({ kind: 'stream', text: ['half ', 'an ', 'answer'], dropAfter: 2 });
    await session.ask('q');
    assert.equal(lastAnswer().text, 'half an ');
    assert.equal(lastAnswer().status, 'error');
    assert.match(lastAnswer().error!.message, /partial answer is kept/);
  });

  it("reports the provider's prompt_tokens of a first turn for calibration, and not of later turns", async () => {
    const samples: Array<[string, number, number]> = [];
    session.dispose();
    session = new ChatSession({
      logger: silentLogger,
      createProvider: async () => resolveProvider({ ...SETTING_DEFAULTS, baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0 }, apiKey),
      context: { plan: (question) => engine.scan().then(() => engine.plan({ maxContextTokens: 100_000, question })), changesSince: (baseline) => engine.changesSince(baseline) },
      onPromptTokens: (model, reported, counted) => samples.push([model, reported, counted]),
    });
    fake.enqueue({ kind: 'stream', text: ['a'], usage: { prompt_tokens: 321, completion_tokens: 1 } }, { kind: 'stream', text: ['b'], usage: { prompt_tokens: 400, completion_tokens: 1 } });
    await session.ask('first');
    await session.ask('second');
    assert.equal(samples.length, 1);
    assert.equal(samples[0][0], 'grok-4.3');
    assert.equal(samples[0][1], 321);
    assert.ok(samples[0][2] > 0);
  });

  it('a context overflow (400) shrinks the plan to the limit the provider names, retries once, and says so', async () => {
    const big = workspace.write('docs/big.md', 'Documentation that makes the context too large for a small model.\n'.repeat(200));
    try {
      fake.enqueue(
        { kind: 'status', status: 400, body: { error: { message: "This model's maximum context length is 2000 tokens. However, your messages resulted in 3100 tokens.", type: 'invalid_request_error' } } },
        { kind: 'stream', text: ['fits now'] },
      );
      await session.ask('q');
      const answer = lastAnswer();
      assert.equal(answer.status, 'done');
      assert.equal(answer.text, 'fits now');
      assert.match(answer.notice!, /refused [\d,]+ tokens of context \(its limit: 2,000 tokens\); re-planned to [\d,]+: 1 fewer files sent whole/);
      const retried = messagesOf(await fake.request(1))[1].text;
      assert.doesNotMatch(retried, /<file path="docs\/big.md" end="[0-9a-f]{32}">/);
      assert.ok(answer.context!.tokens <= 1600);
    } finally {
      rmSync(big);
    }
  });

  it('a second overflow is reported, not retried forever', async () => {
    const overflow = { kind: 'status' as const, status: 400, body: { error: { message: 'maximum context length is 10 tokens' } } };
    fake.enqueue(overflow, overflow);
    await session.ask('q');
    assert.equal(lastAnswer().status, 'error');
    assert.match(lastAnswer().error!.message, /larger than xAI accepts/);
    assert.equal(fake.requests.length, 2);
  });

  it('sends attached images as content parts, and repeats them in the history so the prefix stays stable', async () => {
    const image = 'data:image/png;base64,iVBORw0KGgo=';
    await session.ask('What is in this screenshot?', [image]);
    await session.ask('And now?');
    const [first, second] = [(await fake.request(0)).body, (await fake.request(1)).body];
    // the Responses wire's image part (input_image with the data URL)
    const expected = [{ type: 'input_text', text: 'What is in this screenshot?' }, { type: 'input_image', image_url: image, detail: 'auto' }];
    assert.deepEqual(first.input.at(-1), { role: 'user', content: expected });
    assert.deepEqual(second.input[2], { role: 'user', content: expected }, 'after the system prompt and the snapshot');
    assert.deepEqual(session.view().turns[0], { role: 'user', id: 't1', text: 'What is in this screenshot?', images: 1 });
  });

  it('when files are only listed by path, lets the model pick which to read whole (structured output)', async () => {
    const files: string[] = [];
    for (let i = 0; i < 8; i++) files.push(workspace.write(`lib/part${i}.ts`, `export const part${i} = ${i};\n${'// filler line to make this file count\n'.repeat(80)}`));
    session.dispose();
    session = new ChatSession({
      logger: silentLogger,
      createProvider: async () => resolveProvider({ ...SETTING_DEFAULTS, baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0 }, apiKey),
      context: {
        plan: (question, _signal, budget, relevant) => engine.scan().then(() => engine.plan({ maxContextTokens: 0, budget: budget ?? 1500, question, relevant })),
        changesSince: (baseline) => engine.changesSince(baseline),
      },
      expandPathsWithModel: () => true,
      // a small window: the snapshot's share cannot hold every part, so some are listed by path
      window: () => ({ maxContextTokens: 4_000, modelContextWindow: 0 }),
    });
    try {
      fake.enqueue({ kind: 'stream', text: ['{"paths":["lib/part7.ts","not/listed.ts"]}'] }, { kind: 'stream', text: ['done'] });
      await session.ask('What is part seven?');
      const [choiceRequest, mainRequest] = [await fake.request(0), await fake.request(1)];
      assert.equal(choiceRequest.body.text.format.type, 'json_schema');
      assert.equal(choiceRequest.body.text.format.name, 'files_to_read');
      const [choice, main] = [messagesOf(choiceRequest), messagesOf(mainRequest)];
      assert.match(choice[1].text, /^Question: What is part seven\?\n\nFiles:\n/);
      assert.match(choice[1].text, /lib\/part7.ts/);
      assert.match(main[1].text, /<file path="lib\/part7.ts" end="[0-9a-f]{32}">\nexport const part7 = 7;/);
      assert.equal(lastAnswer().notice, "Read whole at Grok's choice: lib/part7.ts");
      assert.equal(lastAnswer().text, 'done');
    } finally {
      files.forEach((file) => rmSync(file));
    }
  });

  it('does not ask the model to choose files when relevance already separates them: the named file is sent whole', async () => {
    const files: string[] = [];
    for (let i = 0; i < 8; i++) files.push(workspace.write(`lib/part${i}.ts`, `export const part${i} = ${i};\n${'// filler line to make this file count\n'.repeat(80)}`));
    session.dispose();
    session = new ChatSession({
      logger: silentLogger,
      createProvider: async () => resolveProvider({ ...SETTING_DEFAULTS, baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0 }, apiKey),
      context: {
        plan: (question, _signal, budget, relevant) => engine.scan().then(() => engine.plan({ maxContextTokens: 0, budget: budget ?? 1500, question, relevant })),
        changesSince: (baseline) => engine.changesSince(baseline),
      },
      expandPathsWithModel: () => true,
      window: () => ({ maxContextTokens: 4_000, modelContextWindow: 0 }),
    });
    try {
      fake.enqueue({ kind: 'stream', text: ['done'] });
      await session.ask('What does lib/part6.ts export?');
      assert.equal(fake.requests.length, 1, 'no file-choosing request');
      assert.match(messagesOf(await fake.request(0))[1].text, /<file path="lib\/part6.ts" end="[0-9a-f]{32}">\nexport const part6 = 6;/);
      assert.equal(lastAnswer().text, 'done');
    } finally {
      files.forEach((file) => rmSync(file));
    }
  });

  it('a command can ask with its own reasoning effort', async () => {
    await session.ask('Explain this', [], { reasoningEffort: 'low' });
    await session.ask('Refactor that', [], { reasoningEffort: 'medium' });
    await session.ask('plain');
    assert.deepEqual(fake.requests.map(reasoningEffortOf), ['low', 'medium', undefined]);
  });

  it('reports the context summary on the answer', async () => {
    await session.ask('q');
    const context = lastAnswer().context!;
    const system = 1_000; // the system prompt's share of a 1M window (src/context/budget.ts)
    assert.ok(Math.abs(context.estimatedCost! - ((context.tokens + system + context.history!) * 1.25) / 1e6) < 1e-12, 'a first turn is priced as uncached input');
    assert.equal(context.window, 1_000_000);
    assert.equal(context.reserve, 32_000);
    await session.ask('again');
    const followUp = lastAnswer().context!;
    assert.ok(followUp.history! > context.history!, 'the first exchange is now history');
    const expected = ((followUp.tokens + system) * 0.2 + followUp.history! * 1.25) / 1e6;
    assert.ok(Math.abs(followUp.estimatedCost! - expected) < 1e-12, 'a follow-up hits the cached prefix; the new history is uncached');
    assert.deepEqual(context.counts, { whole: 2, outline: 0, pathOnly: 0, leftOut: 0 }); // .gitignore and src/main.ts (dist/ is ignored)
    assert.ok(context.tokens > 0 && context.tokens < context.budget);
  });
});
