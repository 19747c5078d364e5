/**
 * Long sessions in a real VS Code: one answer at a time, Stop that stops pending edit calls (auto-apply on), proposals
 * that belong to their conversation, and xAI's Responses wire carrying every reasoning item back in place, across tool
 * rounds, follow-ups and a conversation reloaded from its stored file, with the billed cost under each answer.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID } from '../../src/common/ids';
import type { GrokContextApi } from '../../src/extension';
import type { AssistantTurnView } from '../../src/protocol/messages';
import { FakeProvider, type RecordedRequest } from '../support/fakeProvider';
import { everyPresetAt } from '../support/presetUrls';

const KEY = 'xai-integration-key-0003';
const NOTES = 'export const limit = 10;\nexport const name = "notes";\n';

describe('long sessions in VS Code', () => {
  let fake: FakeProvider;
  let api: GrokContextApi;
  let root: vscode.Uri;
  const config = () => vscode.workspace.getConfiguration('grokContext');
  const file = (relative: string) => vscode.Uri.joinPath(root, relative);
  const disk = async (relative: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(file(relative)));
  const lastAnswer = () => api.session.view().turns.at(-1) as AssistantTurnView;
  const replace = (id: string, oldString: string, newString: string) => ({
    id,
    name: 'replace_in_file',
    arguments: JSON.stringify({ path: 'src/notes.ts', edits: [{ old_string: oldString, new_string: newString, expected_occurrences: null }], base_hash: null }),
  });

  before(async () => {
    fake = await FakeProvider.start();
    api = await vscode.extensions.getExtension<GrokContextApi>(EXTENSION_ID)!.activate();
    root = vscode.workspace.workspaceFolders![0].uri;
    await config().update('baseUrls', everyPresetAt(fake.baseUrl), vscode.ConfigurationTarget.Global);
    await config().update('maxRetries', 0, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(COMMANDS.setApiKey, KEY);
  });
  after(async () => {
    for (const key of ['baseUrls', 'maxRetries', 'autoApplyEdits', 'pricing']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });
  beforeEach(async () => {
    fake.reset();
    await api.session.reset();
    await vscode.commands.executeCommand(COMMANDS.rejectAllEdits);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.writeFile(file('src/notes.ts'), new TextEncoder().encode(NOTES));
  });
  afterEach(async () => {
    await config().update('autoApplyEdits', undefined, vscode.ConfigurationTarget.Global);
  });

  it('two questions back to back: one runs, the other waits queued and runs after it', async () => {
    let release!: () => void;
    fake.enqueue(
      { kind: 'stream', text: ['first', ' answer'], holdAfter: { chunks: 1, until: new Promise<void>((resolve) => (release = resolve)) } },
      { kind: 'stream', text: ['second answer'] },
    );
    const first = api.session.ask('first question');
    await fake.request(0);
    const second = api.session.ask('second question');
    assert.deepEqual(api.session.view().queued?.map((item) => item.text), ['second question']);
    assert.equal(fake.requests.length, 1, 'never two requests at once');
    release();
    await Promise.all([first, second]);
    assert.equal(lastAnswer().status, 'done', `the queued question's answer: ${lastAnswer().error?.message ?? lastAnswer().status}`);
    assert.deepEqual(
      api.session.view().turns.map((turn) => turn.text),
      ['first question', 'first answer', 'second question', 'second answer'],
    );
  });

  it('Stop during a tool round with three edit calls pending (auto-apply on): none is proposed or applied', async () => {
    await config().update('autoApplyEdits', true, vscode.ConfigurationTarget.Global);
    fake.enqueue({ kind: 'stream', text: ['Editing.'], toolCalls: [replace('c1', 'limit = 10', 'limit = 11'), replace('c2', '"notes"', '"memo"'), replace('c3', 'export const name', 'export const title')] });
    const proposalsBefore = api.edits.all().length;
    const subscription = api.session.onMessage((message) => {
      if (message.type === 'turnUpdated' && message.patch.tools?.some((tool) => tool.status === 'running')) void api.session.stop();
    });
    try {
      await api.session.ask('Change notes three ways');
    } finally {
      subscription.dispose();
    }
    assert.equal(lastAnswer().status, 'stopped');
    assert.equal(api.edits.all().length, proposalsBefore, 'nothing was proposed after Stop');
    assert.equal(await disk('src/notes.ts'), NOTES, 'and nothing was applied');
    assert.equal(fake.requests.length, 1);
  });

  it('a new conversation hides the pending edit: Accept all does not apply it', async () => {
    fake.enqueue({ kind: 'stream', text: [], toolCalls: [replace('c1', 'limit = 10', 'limit = 20')] }, { kind: 'stream', text: ['Proposed.'] });
    await api.session.ask('Raise the limit');
    assert.equal(api.edits.pending().length, 1);
    await vscode.commands.executeCommand(COMMANDS.newChat);
    assert.equal(api.edits.pending().length, 0);
    await vscode.commands.executeCommand(COMMANDS.acceptAllEdits);
    assert.equal(await disk('src/notes.ts'), NOTES);
  });

  it('Retry after an edit answer withdraws its proposal: after Accept all the file is changed once', async () => {
    const answer = (id: string) => [
      { kind: 'stream' as const, text: [], toolCalls: [replace(id, 'limit = 10', 'limit = 10 + 1')] },
      { kind: 'stream' as const, text: ['Added one.'] },
    ];
    fake.enqueue(...answer('c1'));
    await api.session.ask('Add one to the limit');
    fake.enqueue(...answer('c2'));
    await api.session.retry();
    assert.equal(api.edits.pending().length, 1);
    await vscode.commands.executeCommand(COMMANDS.acceptAllEdits);
    assert.equal(await disk('src/notes.ts'), NOTES.replace('limit = 10', 'limit = 10 + 1'));
  });

  it('Responses wire: every reasoning item goes back in place across tool rounds, follow-ups and a reload; store is false; billed cost shown', async () => {
    // a low threshold puts this small workspace in the long-context tier, so the estimate says so
    await config().update('pricing', { 'grok-4.3': { input: 1.25, cachedInput: 0.2, output: 2.5, tiers: [{ aboveInputTokens: 100, input: 2.5, output: 5 }] } }, vscode.ConfigurationTarget.Global);
    const usage = { prompt_tokens: 3000, completion_tokens: 40, cached_tokens: 0, reasoning_tokens: 12, cost_usd_ticks: 123_450_000 }; // $0.012345
    fake.enqueue(
      { kind: 'stream', reasoning: ['Reading notes first.'], text: [], toolCalls: [{ id: 'r1', name: 'read_file', arguments: '{"path":"src/notes.ts"}' }], usage },
      { kind: 'stream', reasoning: ['Now the edit.'], text: [], toolCalls: [replace('e1', 'limit = 10', 'limit = 12')], usage },
      { kind: 'stream', reasoning: ['Done; summarise.'], text: ['Proposed a higher limit.'], usage },
      { kind: 'stream', reasoning: ['A follow-up.'], text: ['It is 12 once accepted.'], usage },
      { kind: 'stream', reasoning: ['After the reload.'], text: ['Still 12.'], usage },
    );
    await api.session.ask('Raise the limit a little');
    assert.equal(lastAnswer().status, 'done', lastAnswer().error?.message);
    assert.equal(lastAnswer().costBilled, true, 'the cost is what xAI billed');
    assert.ok(Math.abs(lastAnswer().cost! - 3 * 0.012345) < 1e-9, `three requests billed: ${lastAnswer().cost}`);
    assert.equal(lastAnswer().context?.longContext, true, 'the estimate used the long-context rate');
    await api.session.ask('And then?');
    // a window reload continues the conversation from its stored file: the reasoning items come back from disk
    const stored = await api.conversations.get(api.session.conversationId);
    assert.ok(stored, 'the conversation was stored');
    await api.session.reset();
    await api.session.load(stored!);
    await api.session.ask('Still?');
    assert.equal(lastAnswer().text, 'Still 12.');

    const requests = await Promise.all([0, 1, 2, 3, 4].map((index) => fake.request(index)));
    for (const request of requests) {
      assert.match(request.path, /\/responses$/);
      assert.equal(request.body.store, false, 'xAI keeps nothing');
      assert.deepEqual(request.body.include, ['reasoning.encrypted_content']);
    }
    // every output item a response returned is sent back, unchanged and in order, by every later request
    const outputs: unknown[][] = [];
    const itemsOf = (request: RecordedRequest) => (request.body.input as unknown[]).map((item) => JSON.stringify(item));
    for (let index = 0; index < requests.length; index++) {
      const sent = itemsOf(requests[index]);
      for (const output of outputs) {
        const serialised = output.map((item) => JSON.stringify(item));
        const at = sent.indexOf(serialised[0]);
        assert.ok(at >= 0, `request ${index} carries the earlier response's first item`);
        assert.deepEqual(sent.slice(at, at + serialised.length), serialised, `request ${index} carries every item of it in place`);
      }
      // what this request's response returned (the fake keeps the encrypted reasoning opaque and stable)
      outputs.push(fake.responseOutputs[index] ?? []);
      assert.ok((outputs.at(-1) as Array<{ type: string }>).some((item) => item.type === 'reasoning'), `response ${index} had a reasoning item`);
    }
  });
});
