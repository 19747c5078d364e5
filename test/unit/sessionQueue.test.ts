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
import { FakeProvider } from '../support/fakeProvider';
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
