import * as assert from 'node:assert/strict';
import { ChatSession } from '../../src/chat/session';
import { ConversationStore, MAX_CONVERSATIONS, conversationMarkdown, titleOf, type StoredConversation } from '../../src/chat/conversationStore';
import { matchMentions, mentionedPaths } from '../../src/chat/mentions';
import { silentLogger } from '../../src/common/logger';
import { SETTING_DEFAULTS } from '../../src/common/settings';
import { resolveProvider } from '../../src/providers/factory';
import { FakeProvider } from '../support/fakeProvider';

/** workspaceState as VS Code gives it: values go through JSON. */
function memoryState() {
  const values = new Map<string, string>();
  return {
    get: <T>(key: string) => (values.has(key) ? (JSON.parse(values.get(key)!) as T) : undefined),
    update: async (key: string, value: unknown) => void (value === undefined ? values.delete(key) : values.set(key, JSON.stringify(value))),
    keys: () => [...values.keys()],
  };
}

const conversation = (id: string, updatedAt: number, question = `question ${id}`): StoredConversation => ({
  id,
  createdAt: updatedAt,
  updatedAt,
  turns: [
    { role: 'user', id: 't1', text: question },
    { role: 'assistant', id: 't2', text: 'answer', reasoning: '', status: 'done', usage: { promptTokens: 10, completionTokens: 2, cachedPromptTokens: 4, reasoningTokens: 0 }, cost: 0.0012, tools: [{ id: 'c1', tool: 'read_file', summary: 'read src/a.ts', status: 'done' }] },
  ],
  sentText: { t1: question },
  records: {},
});

describe('conversation store', () => {
  it('lists newest first, renames, deletes, and keeps at most 100', async () => {
    const state = memoryState();
    const store = new ConversationStore(state);
    await store.save(conversation('a', 1));
    await store.save(conversation('b', 2));
    assert.deepEqual(store.list().map((summary) => [summary.id, summary.title, summary.questions]), [['b', 'question b', 1], ['a', 'question a', 1]]);
    await store.rename('a', '  Invoices  ');
    assert.equal(store.list().find((summary) => summary.id === 'a')!.title, 'Invoices');
    await store.delete('b');
    assert.deepEqual(store.list().map((summary) => summary.id), ['a']);
    assert.equal(store.get('b'), undefined);
    for (let i = 0; i < MAX_CONVERSATIONS + 5; i++) await store.save(conversation(`c${i}`, 100 + i));
    assert.equal(store.list().length, MAX_CONVERSATIONS);
    assert.equal(store.get('a'), undefined, 'the oldest ones go');
    assert.equal(state.keys().filter((key) => key.startsWith('grokContext.conversation.')).length, MAX_CONVERSATIONS);
    await store.save({ ...conversation('empty', 9999), turns: [] });
    assert.equal(store.get('empty'), undefined, 'an empty chat is not saved');
  });

  it('titles a conversation by its first question, and exports it as Markdown', () => {
    assert.equal(titleOf(conversation('x', 1, `${'long '.repeat(20)}\nsecond line`)), `${'long '.repeat(12).slice(0, 59)}…`);
    assert.equal(
      conversationMarkdown(conversation('x', Date.UTC(2026, 10, 23), 'Where is main?')),
      '# Where is main?\n\n_Exported from Grok Context, 2026-11-23T00:00:00.000Z_\n\n## You\n\nWhere is main?\n\n## Grok\n\n- _read src/a.ts_\n\nanswer\n\n<sub>10 tokens in (4 cached), 2 out, $0.0012</sub>\n',
    );
  });
});

describe('a conversation saved and continued', () => {
  let fake: FakeProvider;
  before(async () => (fake = await FakeProvider.start()));
  after(() => fake.close());

  it('survives a reload: the history, tool rounds and ids continue where they were', async () => {
    const state = memoryState();
    const store = new ConversationStore(state);
    const makeSession = () =>
      new ChatSession({
        logger: silentLogger,
        createProvider: async () => resolveProvider({ ...SETTING_DEFAULTS, baseUrl: fake.baseUrl, maxRetries: 0 }, 'key-for-tests-123'),
        context: { plan: async () => ({ budget: 100, usedTokens: 0, files: [], excluded: [], text: '<context/>', versions: {} }), changesSince: async () => ({ text: '', tokens: 0, changed: [], added: [], deleted: [], versions: {} }) },
        persist: (stored) => void store.save(stored),
      });
    const first = makeSession();
    fake.enqueue({ kind: 'stream', text: ['Forty-two.'] });
    await first.ask('What is the answer?');
    first.dispose();

    const reloaded = makeSession();
    await reloaded.load(store.get(store.list()[0].id)!);
    assert.equal(reloaded.conversationId, first.conversationId);
    assert.deepEqual(reloaded.view().turns.map((turn) => turn.text), ['What is the answer?', 'Forty-two.']);
    fake.enqueue({ kind: 'stream', text: ['Sure.'] });
    await reloaded.ask('Why?');
    const request = (await fake.request(1)).body;
    assert.deepEqual(request.messages.slice(1), [
      { role: 'user', content: 'What is the answer?' },
      { role: 'assistant', content: 'Forty-two.' },
      { role: 'user', content: 'Why?' },
    ]);
    assert.deepEqual(reloaded.view().turns.map((turn) => turn.id), ['t1', 't2', 't3', 't4']);
    assert.equal(store.list()[0].questions, 2);
    // Edit on the last question replaces it and its answer
    fake.enqueue({ kind: 'stream', text: ['Because.'] });
    await reloaded.retry('Why, exactly?');
    assert.deepEqual(reloaded.view().turns.map((turn) => turn.text), ['What is the answer?', 'Forty-two.', 'Why, exactly?', 'Because.']);
    reloaded.dispose();
  });
});

describe('@file mentions', () => {
  const paths = ['src/app.ts', 'src/application/main.ts', 'test/app.test.ts', 'README.md'];
  it('finds files as the user types, file-name matches first', () => {
    assert.deepEqual(matchMentions(paths, 'app'), ['src/app.ts', 'test/app.test.ts', 'src/application/main.ts']);
    assert.deepEqual(matchMentions(paths, 'READ'), ['README.md']);
    assert.deepEqual(matchMentions(paths, 'zzz'), []);
  });
  it('reads the mentioned files out of a question, ignoring unknown ones and trailing punctuation', () => {
    assert.deepEqual(mentionedPaths('Compare @src/app.ts, and @test/app.test.ts. Also @nope.ts and email@src/app.ts', paths), ['src/app.ts', 'test/app.test.ts']);
  });
});
