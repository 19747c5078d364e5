// What the model hears about its proposals: the phrases, the ledger (news once, again after Retry), and end to end
// through the real openai SDK against the fake provider: the next request carries the note in its new user message,
// and every message before it is byte-identical to the previous request's.
import * as assert from 'node:assert/strict';
import { ChatSession } from '../../src/chat/session';
import { DecisionLedger, decisionPhrase } from '../../src/chat/decisions';
import { ToolRunner } from '../../src/chat/toolRunner';
import { engineContextPort, engineToolWorkspace } from '../../src/cli/engineWorkspace';
import { silentLogger } from '../../src/common/logger';
import { SETTING_DEFAULTS } from '../../src/common/settings';
import { ContextEngine } from '../../src/context/engine';
import { EditProposals, type Proposal } from '../../src/edits/proposals';
import { resolveProvider } from '../../src/providers/factory';
import type { AssistantTurnView } from '../../src/protocol/messages';
import { FakeProvider, messagesOf } from '../support/fakeProvider';
import { everyPresetAt } from '../support/presetUrls';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

const APP = 'export function add(a: number, b: number) {\n  return a + b;\n}\n';

describe('decisions: what the model hears about its proposals', () => {
  describe('phrases', () => {
    const phrase = (status: Proposal['status'], extra: Partial<Proposal> = {}) => decisionPhrase({ status, ...extra });

    it('says what the user did, and to re-read where the file is not what the model proposed', () => {
      assert.equal(phrase('pending'), 'awaiting review');
      assert.equal(phrase('accepted'), 'accepted');
      assert.equal(phrase('accepted', { history: { autoApplied: true } }), 'applied automatically');
      assert.equal(phrase('rejected'), 'rejected by the user; the file is unchanged');
      assert.equal(phrase('undone'), 'accepted, then undone by the user: the file is back as it was before the edit');
      assert.equal(phrase('accepted', { history: { editedAfter: true } }), 'accepted, then edited by hand; read the file again before editing it');
      assert.equal(phrase('accepted', { history: { editedBefore: true } }), 'accepted, onto a file the user had edited meanwhile; read the file again before editing it');
      assert.equal(phrase('accepted', { history: { hunksRejected: 1 } }), 'accepted, except 1 rejected change; read the file again before editing it');
      assert.equal(phrase('rejected', { history: { hunksAccepted: 2 } }), 'partly accepted: 2 changes accepted, the rest rejected; read the file again before editing it');
      assert.match(phrase('rejected', { reason: 'Superseded: the file changed, and a newer edit was proposed against it.' })!, /^superseded/);
      assert.match(phrase('conflicted', { reason: 'src/a.ts changed since the edit was proposed and the edit no longer fits.' })!, /^not applied: it no longer fits the file \(src\/a\.ts changed/);
      assert.equal(phrase('rejected', { reason: 'Withdrawn: the answer that proposed it was asked again.' }), undefined, 'the model never saw a withdrawn one');
    });
  });

  describe('ledger', () => {
    const proposal = (id: string, answerId: string, status: Proposal['status']): Proposal =>
      ({ id, path: `src/${id}.ts`, change: 'modify', status, owner: { conversationId: 'c', answerId } }) as Proposal;

    it('tells each change once, only about answers still in the conversation, and again after the question that told it was dropped', () => {
      const ledger = new DecisionLedger();
      const proposals = [proposal('e1', 't1', 'accepted'), proposal('e2', 't1', 'pending'), proposal('e3', 'gone', 'rejected')];
      const first = ledger.noteFor('c', 't3', proposals, new Set(['t1']));
      assert.equal(first.text, '[What the user did with your proposed edits since your last answer: e1 (modify src/e1.ts): accepted.]');
      assert.equal(ledger.noteFor('c', 't3', proposals, new Set(['t1'])).text, first.text, 'not heard until committed');
      first.commit();
      assert.equal(ledger.noteFor('c', 't5', proposals, new Set(['t1', 't3'])).text, '', 'nothing new');
      proposals[0].status = 'undone';
      const second = ledger.noteFor('c', 't5', proposals, new Set(['t1', 't3']));
      assert.match(second.text, /e1 \(modify src\/e1\.ts\): accepted, then undone by the user/);
      second.commit();
      ledger.forget('c', 't5');
      assert.equal(ledger.noteFor('c', 't7', proposals, new Set(['t1', 't3'])).text, second.text, 'a dropped question gives its news back');
    });
  });

  describe('end to end (fake provider, real SDK)', () => {
    let fake: FakeProvider;
    let workspace: TempWorkspace;
    let proposals: EditProposals;
    let session: ChatSession;

    before(async () => {
      fake = await FakeProvider.start();
      workspace = createTempWorkspace({ 'src/app.ts': APP });
    });
    after(async () => {
      await fake.close();
      workspace.remove();
    });
    beforeEach(() => {
      fake.reset();
      const roots = [{ name: 'ws', path: workspace.root }];
      const engine = new ContextEngine({ roots, maxFileBytes: 1 << 20, exclude: [] });
      proposals = new EditProposals();
      session = new ChatSession({
        logger: silentLogger,
        createProvider: async () => resolveProvider({ ...SETTING_DEFAULTS, baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0 }, 'key-for-tests-123'),
        context: engineContextPort(engine, 100_000),
        tools: { runner: new ToolRunner({ workspace: engineToolWorkspace(engine, roots, 1 << 20), proposals }), maxRounds: () => 4 },
        proposals,
      });
    });
    afterEach(() => session.dispose());

    const edit = (id: string, oldString: string, newString: string) => ({
      id,
      name: 'replace_in_file',
      arguments: JSON.stringify({ path: 'src/app.ts', edits: [{ old_string: oldString, new_string: newString, expected_occurrences: null }], base_hash: null }),
    });
    const lastAnswer = () => session.view().turns.at(-1) as AssistantTurnView;

    it('the next question carries what became of each proposal, after a byte-identical prefix', async () => {
      fake.enqueue({ kind: 'stream', text: ['Proposing.'], toolCalls: [edit('c1', '  return a + b;', '  return a + b + 0;')] }, { kind: 'stream', text: ['Review it.'] });
      await session.ask('Make add explicit');
      assert.equal(lastAnswer().status, 'done', lastAnswer().error?.message);
      const [proposal] = proposals.all();
      assert.match(messagesOf(await fake.request(1)).at(-1)!.text, /^Proposed e1 .*The user reviews it/);

      proposals.setStatus(proposal.id, 'rejected');
      fake.enqueue({ kind: 'stream', text: ['Understood.'] });
      await session.ask('Why that change?');
      const previous = await fake.request(1);
      const next = await fake.request(2);
      const before = previous.body.input as unknown[];
      assert.deepEqual(
        (next.body.input as unknown[]).slice(0, before.length).map((item) => JSON.stringify(item)),
        before.map((item) => JSON.stringify(item)),
        'every earlier message is sent again byte for byte',
      );
      const question = messagesOf(next).at(-1)!;
      assert.deepEqual(question, {
        role: 'user',
        text: '[What the user did with your proposed edits since your last answer: e1 (modify src/app.ts): rejected by the user; the file is unchanged.]\nWhy that change?',
      });

      // told once: the question after says nothing more about it, and still leaves the earlier messages as they were
      fake.enqueue({ kind: 'stream', text: ['Fine.'] });
      await session.ask('Thanks');
      const third = await fake.request(3);
      assert.equal(messagesOf(third).at(-1)!.text, 'Thanks');
      assert.deepEqual(messagesOf(third).slice(0, messagesOf(next).length), messagesOf(next));
    });

    it('a failed edit: the model gets the instructions, the card a status line and what did not match', async () => {
      fake.enqueue(
        { kind: 'stream', text: [], toolCalls: [edit('c1', 'export function add(a: number, b: number) {\n  return a - b;\n}\nexport const x = 1;', 'nothing')] },
        { kind: 'stream', text: ['Retrying.'], toolCalls: [edit('c2', '  return a + b;', '  return b + a;')] },
        { kind: 'stream', text: ['Done.'] },
      );
      await session.ask('Change it');
      const toModel = messagesOf(await fake.request(1)).at(-1)!.text;
      assert.match(toModel, /^Error: No change proposed to src\/app\.ts: .*Re-read the file with read_file/s);
      const [card, retry] = lastAnswer().tools!;
      assert.equal(retry.path, card.path, 'the retry names the same file (the chat says "Grok was told and retried")');
      assert.equal(card.status, 'failed');
      assert.equal(card.summary, 'Edit to src/app.ts did not match');
      assert.equal(card.path, 'src/app.ts');
      assert.match(card.detail!, /^Block 1: not found in the file\.\nThe most similar text starts at line 1 \(\d+% similar\):\nexport function add/);
      assert.doesNotMatch(card.detail!, /read_file|Re-read|old_string|send the edit/i);
    });

    it('Retry of the question that carried the note carries it again', async () => {
      fake.enqueue({ kind: 'stream', text: [], toolCalls: [edit('c1', '  return a + b;', '  return b + a;')] }, { kind: 'stream', text: ['Review it.'] });
      await session.ask('Swap them');
      proposals.setStatus(proposals.all()[0].id, 'accepted');
      fake.enqueue({ kind: 'stream', text: ['One.'] }, { kind: 'stream', text: ['Two.'] });
      await session.ask('Next?');
      await session.retry();
      const note = /^\[What the user did with your proposed edits since your last answer: e1 \(modify src\/app\.ts\): accepted\.\]\nNext\?$/;
      assert.match(messagesOf(await fake.request(2)).at(-1)!.text, note);
      assert.match(messagesOf(await fake.request(3)).at(-1)!.text, note);
    });
  });
});
