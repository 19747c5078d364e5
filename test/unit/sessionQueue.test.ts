// One answer at a time, Stop that stops the tool calls too, and proposals that belong to their conversation:
// the real session, the real SDK against the fake server, real files and the real tool runner.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ChatSession } from '../../src/chat/session';
import { ToolRunner } from '../../src/chat/toolRunner';
import { engineContextPort, engineToolWorkspace } from '../../src/cli/engineWorkspace';
import { silentLogger } from '../../src/common/logger';
import { SETTING_DEFAULTS } from '../../src/common/settings';
import { ContextEngine } from '../../src/context/engine';
import { applyToDisk } from '../../src/edits/applyToDisk';
import { EditProposals } from '../../src/edits/proposals';
import { resolveProvider } from '../../src/providers/factory';
import type { AssistantTurnView, HostMessage } from '../../src/protocol/messages';
import { FakeProvider, messagesOf } from '../support/fakeProvider';
import { everyPresetAt } from '../support/presetUrls';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

const CALC = 'export function add(a: number, b: number) {\n  return a + b;\n}\n';

const editCall = (id: string, from: string, to: string) => ({
  id,
  name: 'replace_in_file',
  arguments: JSON.stringify({ path: 'src/calc.ts', edits: [{ old_string: from, new_string: to, expected_occurrences: 1 }], base_hash: '' }),
});

describe('chat session: queue, stop, and proposals per conversation', () => {
  let fake: FakeProvider;
  let workspace: TempWorkspace;
  let proposals: EditProposals;
  let session: ChatSession;
  let messages: HostMessage[];
  let applied: string[];
  let autoApply: boolean;
  let roots: Array<{ name: string; path: string }>;

  before(async () => {
    fake = await FakeProvider.start();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    workspace = createTempWorkspace({ 'src/calc.ts': CALC, 'src/other.ts': 'export const other = 1;\n' });
    fake.reset();
    messages = [];
    applied = [];
    autoApply = false;
    roots = [{ name: 'ws', path: workspace.root }];
    const engine = new ContextEngine({ roots, maxFileBytes: 1 << 20, exclude: [] });
    proposals = new EditProposals();
    const runner = new ToolRunner({
      workspace: engineToolWorkspace(engine, roots, 1 << 20),
      proposals,
      autoApply: {
        enabled: () => autoApply,
        apply: async (proposal) => {
          applied.push(proposal.id);
          return undefined;
        },
      },
    });
    session = new ChatSession({
      logger: silentLogger,
      createProvider: async () => resolveProvider({ ...SETTING_DEFAULTS, baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0 }, 'key-for-tests-123'),
      context: engineContextPort(engine, 100_000),
      tools: { runner, maxRounds: () => 4 },
      proposals,
    });
    session.onMessage((message) => messages.push(message));
  });
  afterEach(() => {
    session.dispose();
    workspace.remove();
  });

  it('a question sent while an answer runs is queued, shown as queued, and runs after it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    fake.enqueue(
      { kind: 'stream', text: ['first ', 'answer'], holdAfter: { chunks: 1, until: held }, usage: { prompt_tokens: 10, completion_tokens: 2 } },
      { kind: 'stream', text: ['second answer'], usage: { prompt_tokens: 10, completion_tokens: 2 } },
    );
    const first = session.ask('first question');
    await fake.request(0);
    const second = session.ask('second question');
    const queued = messages.filter((message) => message.type === 'queue').at(-1);
    assert.deepEqual(queued, { type: 'queue', queued: [{ id: 'q1', text: 'second question' }] });
    assert.deepEqual(session.view().queued, [{ id: 'q1', text: 'second question' }]);
    assert.equal(fake.requests.length, 1, 'never two requests at once for one conversation');
    release();
    await first;
    await second;
    assert.equal(fake.requests.length, 2);
    const turns = session.view().turns;
    assert.deepEqual(
      turns.map((turn) => turn.text),
      ['first question', 'first answer', 'second question', 'second answer'],
    );
    assert.deepEqual(session.view().queued, []);
  });

  it('a question sent while a new conversation is being started runs on the new one, after the old answer stopped', async () => {
    let release!: () => void;
    fake.enqueue({ kind: 'stream', text: ['old', ' answer'], holdAfter: { chunks: 1, until: new Promise<void>((resolve) => (release = resolve)) } }, { kind: 'stream', text: ['new answer'] });
    const old = session.ask('old question');
    await fake.request(0);
    const switching = session.reset();
    const asked = session.ask('new question'); // sent while the old answer is still being stopped
    release();
    await Promise.all([old, switching, asked]);
    assert.deepEqual(
      session.view().turns.map((turn) => turn.text),
      ['new question', 'new answer'],
    );
  });

  it('a queued question can be removed before it starts', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    fake.enqueue({ kind: 'stream', text: ['one', ' two'], holdAfter: { chunks: 1, until: held } });
    const first = session.ask('first');
    await fake.request(0);
    const removed = session.ask('never asked');
    session.unqueue('q1');
    await removed; // settles at once
    release();
    await first;
    assert.equal(fake.requests.length, 1);
    assert.equal(session.view().turns.length, 2);
  });

  it('Stop during a tool round with three edit calls pending: none is proposed or applied', async () => {
    autoApply = true;
    fake.enqueue({
      kind: 'stream',
      text: ['Editing.'],
      toolCalls: [editCall('c1', 'a + b', 'a - b'), editCall('c2', 'add(', 'sum('), editCall('c3', 'number', 'bigint')],
    });
    // Stop the moment the first edit call is shown as running
    const stopped = new Promise<void>((resolve) =>
      session.onMessage((message) => {
        if (message.type === 'turnUpdated' && message.patch.tools?.some((tool) => tool.status === 'running')) void session.stop().then(resolve);
      }),
    );
    await session.ask('Change calc in three ways');
    await stopped;
    assert.equal((session.view().turns.at(-1) as AssistantTurnView).status, 'stopped');
    assert.equal(proposals.all().length, 0, 'no edit was proposed after Stop');
    assert.deepEqual(applied, [], 'and none was applied');
    assert.equal(fake.requests.length, 1, 'no further round was requested');
    assert.equal(readFileSync(path.join(workspace.root, 'src/calc.ts'), 'utf8'), CALC);
  });

  it('a new conversation hides the pending proposal: Accept all does not apply it; it comes back with its conversation', async () => {
    fake.enqueue({ kind: 'stream', text: [], toolCalls: [editCall('c1', 'a + b', 'a - b')] }, { kind: 'stream', text: ['Proposed.'] });
    await session.ask('Subtract instead');
    assert.equal(proposals.pending().length, 1);
    const first = session.toStored();
    await session.reset();
    assert.equal(proposals.pending().length, 0, 'the new conversation shows none');
    const results = await applyToDisk(proposals, roots, 1 << 20);
    assert.deepEqual(results, [], 'Accept all applies only the current conversation\'s proposals');
    assert.equal(readFileSync(path.join(workspace.root, 'src/calc.ts'), 'utf8'), CALC);
    await session.load(first);
    assert.equal(proposals.pending().length, 1, 'switching back brings it back');
  });

  it('Retry after an edit answer withdraws the replaced answer\'s proposal: the file is changed once', async () => {
    const answer = () => [
      { kind: 'stream' as const, text: [], toolCalls: [editCall(`c${fake.requests.length}`, 'a + b', 'a + b + 1')] },
      { kind: 'stream' as const, text: ['Added one.'] },
    ];
    fake.enqueue(...answer());
    await session.ask('Add one to the sum');
    fake.enqueue(...answer());
    await session.retry();
    const pending = proposals.pending();
    assert.equal(pending.length, 1, 'only the retried answer\'s proposal is pending');
    assert.match(proposals.all()[0].reason ?? '', /Withdrawn/);
    const results = await applyToDisk(proposals, roots, 1 << 20);
    assert.ok(results.every((result) => result.ok));
    assert.equal(readFileSync(path.join(workspace.root, 'src/calc.ts'), 'utf8'), CALC.replace('a + b', 'a + b + 1'));
  });
});

describe('chat session: every request of an answer counts, and a long session on a small window keeps going', () => {
  let fake: FakeProvider;
  let workspace: TempWorkspace;

  before(async () => {
    fake = await FakeProvider.start();
  });
  after(async () => fake.close());
  beforeEach(() => {
    fake.reset();
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[`lib/part${i}.ts`] = Array.from({ length: 120 }, (_, line) => `export const p${i}_${line} = ${line} * ${i};\n`).join('');
    workspace = createTempWorkspace(files);
  });
  afterEach(() => workspace.remove());

  function sessionOver(window: number, options: { expand?: boolean } = {}) {
    const roots = [{ name: 'ws', path: workspace.root }];
    const engine = new ContextEngine({ roots, maxFileBytes: 1 << 20, exclude: [] });
    const proposals = new EditProposals();
    return new ChatSession({
      logger: silentLogger,
      createProvider: async () => resolveProvider({ ...SETTING_DEFAULTS, baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0 }, 'key-for-tests-123'),
      context: engineContextPort(engine, window),
      window: () => ({ maxContextTokens: window, modelContextWindow: 0 }),
      tools: { runner: new ToolRunner({ workspace: engineToolWorkspace(engine, roots, 1 << 20, { maxContextTokens: window }), proposals }), maxRounds: () => 4 },
      proposals,
      expandPathsWithModel: () => options.expand === true,
    });
  }

  it('a stopped answer shows what it cost so far (estimated: the provider had read the context)', async () => {
    const session = sessionOver(100_000);
    try {
      let release!: () => void;
      fake.enqueue({ kind: 'stream', text: ['partial ', 'answer'], holdAfter: { chunks: 1, until: new Promise<void>((resolve) => (release = resolve)) } });
      const asked = session.ask('Tell me everything');
      await fake.request(0);
      await new Promise<void>((resolve) => session.onMessage((message) => message.type === 'delta' && resolve()));
      await session.stop();
      release();
      await asked;
      const answer = session.view().turns.at(-1) as AssistantTurnView;
      assert.equal(answer.status, 'stopped');
      assert.ok(answer.usage && answer.usage.promptTokens > 1000, `the prompt counted: ${answer.usage?.promptTokens}`);
      assert.ok(answer.cost !== undefined && answer.cost > 0, 'a cost is shown');
      assert.notEqual(answer.costBilled, true, 'marked as an estimate');
    } finally {
      session.dispose();
    }
  });

  it('the file-choosing request before the answer counts in its tokens and cost', async () => {
    const session = sessionOver(6_000, { expand: true });
    try {
      fake.enqueue(
        { kind: 'stream', text: ['{"paths":["lib/part9.ts"]}'], usage: { prompt_tokens: 700, completion_tokens: 9, cost_usd_ticks: 10_000_000 } },
        { kind: 'stream', text: ['part nine'], usage: { prompt_tokens: 5000, completion_tokens: 3, cost_usd_ticks: 70_000_000 } },
      );
      await session.ask('What is in part nine?');
      assert.equal(fake.requests.length, 2);
      const answer = session.view().turns.at(-1) as AssistantTurnView;
      assert.equal(answer.usage?.promptTokens, 5700, 'both requests');
      assert.ok(Math.abs(answer.cost! - 0.008) < 1e-12, `both bills: ${answer.cost}`);
      assert.equal(answer.costBilled, true);
    } finally {
      session.dispose();
    }
  });

  it('Retry while a question is queued: the last question is asked again first, the queued one once, after it', async () => {
    const session = sessionOver(100_000);
    try {
      let release!: () => void;
      fake.enqueue(
        { kind: 'stream', text: ['first ', 'try'], holdAfter: { chunks: 1, until: new Promise<void>((resolve) => (release = resolve)) } },
        { kind: 'stream', text: ['second try'] },
        { kind: 'stream', text: ['queued answer'] },
      );
      const first = session.ask('question A');
      await fake.request(0);
      const queued = session.ask('question B');
      const retried = session.retry();
      release();
      await Promise.all([first, queued, retried]);
      assert.deepEqual(
        session.view().turns.map((turn) => turn.text),
        ['question A', 'second try', 'question B', 'queued answer'],
      );
      assert.equal(fake.requests.length, 3, 'B was asked once');
    } finally {
      session.dispose();
    }
  });

  it('a round cut by the tool-round limit still answers every call: the next request carries an output for each', async () => {
    const roots = [{ name: 'ws', path: workspace.root }];
    const engine = new ContextEngine({ roots, maxFileBytes: 1 << 20, exclude: [] });
    const session = new ChatSession({
      logger: silentLogger,
      createProvider: async () => resolveProvider({ ...SETTING_DEFAULTS, baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0 }, 'key-for-tests-123'),
      context: engineContextPort(engine, 100_000),
      tools: { runner: new ToolRunner({ workspace: engineToolWorkspace(engine, roots, 1 << 20), proposals: new EditProposals() }), maxRounds: () => 1 },
    });
    try {
      const read = (id: string, n: number) => ({ id, name: 'read_file', arguments: JSON.stringify({ path: `lib/part${n}.ts` }) });
      fake.enqueue(
        { kind: 'stream', reasoning: ['Reading.'], text: [], toolCalls: [read('a1', 1)] },
        { kind: 'stream', reasoning: ['More.'], text: ['Reading two more.'], toolCalls: [read('a2', 2), read('a3', 3)] },
        { kind: 'stream', text: ['Next answer.'] },
      );
      await session.ask('Read everything');
      assert.match((session.view().turns.at(-1) as AssistantTurnView).notice ?? '', /grokContext\.maxToolRounds/);
      await session.ask('And then?');
      const input = (await fake.request(2)).body.input as Array<{ type?: string; call_id?: string }>;
      const calls = input.filter((item) => item.type === 'function_call').map((item) => item.call_id);
      const outputs = input.filter((item) => item.type === 'function_call_output').map((item) => item.call_id);
      assert.deepEqual(calls, ['a1', 'a2', 'a3']);
      assert.deepEqual(outputs, calls, 'no call without its output');
    } finally {
      session.dispose();
    }
  });

  it('workspace changes carried by a question whose answer failed travel again with the next question', async () => {
    const session = sessionOver(100_000);
    try {
      await session.ask('first');
      workspace.write('lib/part1.ts', 'export const changed = true;\n');
      fake.enqueue({ kind: 'status', status: 500, body: { error: { message: 'boom' } } });
      await session.ask('second');
      assert.equal((session.view().turns.at(-1) as AssistantTurnView).status, 'error');
      await session.ask('third');
      const last = messagesOf(fake.requests.at(-1)!).at(-1)!.text;
      assert.match(last, /<workspace-changes[^>]*>\n<file path="lib\/part1.ts" end="[0-9a-f]{32}">\nexport const changed = true;/);
      assert.match(last, /third$/);
    } finally {
      session.dispose();
    }
  });

  it('a conversation reloaded from its stored form plans the same snapshot bytes, whatever the next question names', async () => {
    const first = sessionOver(6_000);
    let stored;
    try {
      await first.ask('What does lib/part7.ts do?');
      stored = first.toStored();
    } finally {
      first.dispose();
    }
    const again = sessionOver(6_000);
    try {
      await again.load(stored);
      await again.ask('And lib/part3.ts?');
      const [before, after] = [messagesOf(fake.requests[0]), messagesOf(fake.requests.at(-1)!)];
      assert.equal(after[1].text, before[1].text, 'the snapshot is byte-identical: the cache still hits');
      assert.match(before[1].text, /<file path="lib\/part7.ts" end=/);
    } finally {
      again.dispose();
    }
  });

  it('a summary that fails is not asked for again in the same turn (each attempt is a paid request)', async () => {
    const session = sessionOver(20_000);
    fake.defaultScript = (request) => {
      const sent = messagesOf(request);
      if (sent[0]?.text.startsWith('You compress')) return { kind: 'stream', text: [] }; // an empty summary: a failure
      const last = sent.at(-1)!;
      if (last.role === 'user' && last.text.endsWith('read a file')) return { kind: 'stream', text: [], toolCalls: [{ id: `r${fake.requests.length}`, name: 'read_file', arguments: '{"path":"lib/part1.ts"}' }] };
      return { kind: 'stream', text: ['Noted.'] };
    };
    try {
      const long = 'a long question about the parts and how they relate to each other. '.repeat(60);
      for (let i = 0; i < 6; i++) await session.ask(`${i}: ${long}`);
      const before = fake.requests.length;
      await session.ask(`${long} read a file`); // two rounds: each checks the history against its share
      const summaries = fake.requests.slice(before).filter((request) => messagesOf(request)[0]?.text.startsWith('You compress'));
      assert.equal(summaries.length, 1, 'asked once this turn');
      assert.equal((session.view().turns.at(-1) as AssistantTurnView).status, 'done');
    } finally {
      fake.defaultScript = { kind: 'stream', text: ['Hello', ' from', ' the', ' fake', ' provider.'], usage: { prompt_tokens: 100, completion_tokens: 5 } };
      session.dispose();
    }
  });

  it('60 turns on a 20K window, each reading two files: none fails; tool results are stubbed, then old turns summarised', async () => {
    fake.contextWindow = 20_000;
    const session = sessionOver(20_000);
    let turn = 0;
    fake.defaultScript = (request) => {
      const sent = messagesOf(request);
      if (sent[0]?.text.startsWith('You compress')) return { kind: 'stream', text: [`Summary: ${turn} questions about the parts.`] };
      if (sent.at(-1)?.role !== 'user') return { kind: 'stream', text: [`Answer ${turn}: the parts agree.`] };
      turn++;
      const read = (n: number) => ({ id: `r${turn}-${n}`, name: 'read_file', arguments: JSON.stringify({ path: `lib/part${(2 * turn + n) % 10}.ts` }) });
      return { kind: 'stream', text: [], toolCalls: [read(0), read(1)] };
    };
    try {
      for (let i = 1; i <= 60; i++) {
        await session.ask(`Question ${i}: ${'how do these parts relate? '.repeat(30)}`);
        const answer = session.view().turns.at(-1) as AssistantTurnView;
        assert.equal(answer.status, 'done', `turn ${i}: ${answer.error?.message}`);
      }
      const stored = session.toStored();
      assert.ok(stored.compactions! > 1, `compacted ${stored.compactions} times`);
      assert.ok(stored.summary && stored.summary.exchanges > 0, 'the oldest exchanges were summarised by the model');
      assert.ok(session.view().turns.some((item) => item.role === 'user' && item.compaction), 'the transcript says where');
      assert.equal(session.view().turns.length, 120, 'every original turn stays readable in the chat');
      const summaries = fake.requests.filter((request) => messagesOf(request)[0]?.text.startsWith('You compress'));
      for (const request of summaries) assert.ok(!messagesOf(request).some((message) => message.text.includes('<workspace>')), 'a summary request carries no workspace');
    } finally {
      fake.contextWindow = undefined;
      session.dispose();
    }
  });
});
