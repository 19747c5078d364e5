import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ChatSession } from '../../src/chat/session';
import { ConversationStore, type StoredConversation } from '../../src/chat/conversationStore';
import { MIGRATED_KEY } from '../../src/chat/storage/legacyState';
import { conversationMarkdown, titleOf } from '../../src/chat/conversationText';
import { ConversationFileError, readConversationFile, writeConversationFile } from '../../src/chat/storage/conversationSingleFile';
import { writeFileAtomic } from '../../src/chat/storage/atomicFile';
import { decodeWithBlobs, encodeWithBlobs } from '../../src/chat/storage/blobCodec';
import { matchMentions, mentionedPaths } from '../../src/chat/mentions';
import { silentLogger, type Logger } from '../../src/common/logger';
import { SETTING_DEFAULTS } from '../../src/common/settings';
import { resolveProvider } from '../../src/providers/factory';
import { FakeProvider, messagesOf } from '../support/fakeProvider';
import { everyPresetAt } from '../support/presetUrls';

/** workspaceState as VS Code gives it: values go through JSON. */
function memoryState() {
  const values = new Map<string, string>();
  return {
    get: <T>(key: string) => (values.has(key) ? (JSON.parse(values.get(key)!) as T) : undefined),
    update: async (key: string, value: unknown) => void (value === undefined ? values.delete(key) : values.set(key, JSON.stringify(value))),
    keys: () => [...values.keys()],
  };
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { ...silentLogger, warn: (message) => void warnings.push(message), warnings };
}

const temporaryDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'grok-conversations-'));
  temporaryDirs.push(dir);
  return dir;
}
after(() => temporaryDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Every file under `dir`, with its size. */
function filesUnder(dir: string): Array<{ path: string; bytes: number }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path: relative(dir, path), bytes: statSync(path).size };
    });
}
const bytesOnDisk = (dir: string) => filesUnder(dir).reduce((sum, file) => sum + file.bytes, 0);
const blobCount = (dir: string) => readdirSync(join(dir, 'blobs')).length;

function openStore(directory: string, options: { logger?: Logger; maxBytes?: number } = {}): ConversationStore {
  return new ConversationStore({ directory, logger: options.logger ?? silentLogger, maxBytes: () => options.maxBytes ?? 200 * 1024 * 1024 });
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

/** A workspace file of about 20 KB whose text depends on `version` (the workspace changed between conversations). */
const sourceFiles = new Map<string, string>();
function sourceFile(index: number, version: string): string {
  const key = `${index}/${version}`;
  const cached = sourceFiles.get(key);
  if (cached !== undefined) return cached;
  let text = '';
  for (let line = 0; text.length < 20_000; line++) text += `export const value${index}_${line} = '${version}-${(line * 7919 + index).toString(36)}'; // line ${line}\n`;
  sourceFiles.set(key, text);
  return text;
}

/**
 * A long conversation with tools: each question makes the model read one of ten ~20 KB files (the tool result kept
 * in the history) and answer. `version` changes the files' contents, so two conversations share nothing.
 */
function toolConversation(id: string, updatedAt: number, turns: number, version = id): StoredConversation {
  const result: StoredConversation = { id, createdAt: updatedAt - turns, updatedAt, turns: [], sentText: {}, records: {} };
  for (let turn = 0; turn < turns; turn++) {
    const userId = `t${turn * 2 + 1}`;
    const path = `src/file${turn % 10}.ts`;
    const question = `What does ${path} export? (question ${turn})`;
    result.turns.push(
      { role: 'user', id: userId, text: question },
      { role: 'assistant', id: `t${turn * 2 + 2}`, text: `It exports value${turn % 10}_0 and others.`, reasoning: 'Looked at it.', status: 'done', tools: [{ id: `call_${turn}`, tool: 'read_file', summary: `read ${path}`, status: 'done' }] },
    );
    result.sentText[userId] = question;
    result.records[userId] = {
      steps: [
        { role: 'assistant', content: '', toolCalls: [{ id: `call_${turn}`, name: 'read_file', arguments: JSON.stringify({ path }) }] },
        { role: 'tool', toolCallId: `call_${turn}`, content: sourceFile(turn % 10, version) },
      ],
      finalText: `It exports value${turn % 10}_0 and others.`,
    };
  }
  return result;
}

describe('conversation store', () => {
  it('lists newest first, renames, deletes', async () => {
    const store = openStore(tempDir());
    await store.save(conversation('a', 1));
    await store.save(conversation('b', 2));
    assert.deepEqual(store.list().map((summary) => [summary.id, summary.title, summary.questions]), [['b', 'question b', 1], ['a', 'question a', 1]]);
    await store.rename('a', '  Invoices  ');
    assert.equal(store.list().find((summary) => summary.id === 'a')!.title, 'Invoices');
    assert.equal((await store.get('a'))!.title, 'Invoices');
    await store.delete('b');
    assert.deepEqual(store.list().map((summary) => summary.id), ['a']);
    assert.equal(await store.get('b'), undefined);
    await store.save({ ...conversation('empty', 9999), turns: [] });
    assert.equal(await store.get('empty'), undefined, 'an empty chat is not saved');
  });

  it('reads the list back in a new store (a reload), and rebuilds it when the index is damaged', async () => {
    const dir = tempDir();
    const store = openStore(dir);
    for (let i = 0; i < 5; i++) await store.save(conversation(`c${i}`, 100 + i));
    const reloaded = openStore(dir);
    let changes = 0;
    reloaded.onChange(() => changes++);
    await reloaded.open();
    assert.equal(changes, 1, 'the view hears that the list is there');
    assert.deepEqual(reloaded.list().map((summary) => summary.id), ['c4', 'c3', 'c2', 'c1', 'c0']);
    assert.deepEqual(await reloaded.get('c2'), conversation('c2', 102));

    writeFileSync(join(dir, 'index.json'), '{"format":1,"conversa');
    const logger = recordingLogger();
    const rebuilt = openStore(dir, { logger });
    await rebuilt.open();
    assert.deepEqual(rebuilt.list().map((summary) => summary.id), ['c4', 'c3', 'c2', 'c1', 'c0']);
    assert.match(logger.warnings.join('\n'), /index is damaged/);
    assert.doesNotThrow(() => JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')), 'the index was written again');
  });

  it('titles a conversation by its first question, and exports it as Markdown', () => {
    assert.equal(titleOf(conversation('x', 1, `${'long '.repeat(20)}\nsecond line`)), `${'long '.repeat(12).slice(0, 59)}…`);
    assert.equal(
      conversationMarkdown(conversation('x', Date.UTC(2026, 10, 23), 'Where is main?')),
      '# Where is main?\n\n_Exported from Grok Context, 2026-11-23T00:00:00.000Z_\n\n## You\n\nWhere is main?\n\n## Grok\n\n- _read src/a.ts_\n\nanswer\n\n<sub>10 tokens in (4 cached), 2 out, $0.0012</sub>\n',
    );
  });

  it('keeps 200-turn conversations with tool results under a 1 MB cap: the oldest go, the newest survive whole', async () => {
    const dir = tempDir();
    const cap = 1024 * 1024;
    const logger = recordingLogger();
    const store = openStore(dir, { maxBytes: cap, logger });
    const saved: StoredConversation[] = [];
    for (let i = 0; i < 8; i++) {
      const long = toolConversation(`conv${i}`, 1000 + i, 200);
      saved.push(long);
      await store.save(long);
      assert.ok(bytesOnDisk(dir) <= cap, `after conversation ${i}: ${bytesOnDisk(dir)} bytes on disk, over the cap`);
    }
    const kept = store.list().map((summary) => summary.id);
    assert.ok(kept.length >= 2, `only ${kept.length} kept`);
    assert.deepEqual(kept, saved.slice(-kept.length).reverse().map((item) => item.id), 'the newest survive, newest first');
    assert.equal(await store.get('conv0'), undefined, 'the oldest went');
    assert.deepEqual(await store.get('conv7'), saved[7], 'the newest loads whole');
    assert.equal(readdirSync(join(dir, 'conversations')).length, kept.length, 'pruned files are gone from disk');
    assert.equal(blobCount(dir), kept.length * 10, 'blobs of pruned conversations were collected');
    assert.deepEqual(logger.warnings, []);

    // a new store on the same folder agrees with what is on disk
    const reloaded = openStore(dir, { maxBytes: cap });
    await reloaded.open();
    assert.deepEqual(reloaded.list().map((summary) => summary.id), kept);
    assert.deepEqual(await reloaded.get(kept.at(-1)!), saved.find((item) => item.id === kept.at(-1)));
  });

  it('never prunes the conversation just saved, even when it alone is over the cap', async () => {
    const dir = tempDir();
    const logger = recordingLogger();
    const store = openStore(dir, { maxBytes: 100 * 1024, logger });
    await store.save(conversation('small', 1));
    const big = toolConversation('big', 2, 30);
    await store.save(big);
    assert.deepEqual(store.list().map((summary) => summary.id), ['big']);
    assert.deepEqual(await store.get('big'), big);
    assert.match(logger.warnings.join('\n'), /alone takes .* it is kept/);
  });

  it('applies a changed cap on the next save', async () => {
    const dir = tempDir();
    let cap = 10 * 1024 * 1024;
    const store = new ConversationStore({ directory: dir, logger: silentLogger, maxBytes: () => cap });
    for (let i = 0; i < 4; i++) await store.save(toolConversation(`c${i}`, 10 + i, 20));
    assert.equal(store.list().length, 4);
    cap = 450 * 1024;
    await store.save(conversation('latest', 100));
    assert.ok(bytesOnDisk(dir) <= cap);
    assert.ok(store.list().length < 5 && store.list()[0].id === 'latest');
  });

  it('stores the same 20 KB tool result once for two conversations, and collects it when neither needs it', async () => {
    const dir = tempDir();
    const store = openStore(dir);
    const first = toolConversation('first', 1, 1, 'same');
    const second = { ...toolConversation('second', 2, 1, 'same'), turns: [...toolConversation('second', 2, 1, 'same').turns] };
    second.turns[0] = { role: 'user', id: 't1', text: 'Asked differently' };
    await store.save(first);
    await store.save(second);
    assert.equal(blobCount(dir), 1);
    const blob = readdirSync(join(dir, 'blobs'))[0];
    assert.match(blob, /^[0-9a-f]{64}$/);
    assert.ok(statSync(join(dir, 'blobs', blob)).size > 20_000);
    assert.ok(filesUnder(join(dir, 'conversations')).every((file) => file.bytes < 5_000), 'the conversation files only refer to it');
    assert.deepEqual(await store.get('first'), first);
    assert.deepEqual(await store.get('second'), second);

    await store.delete('first');
    assert.equal(blobCount(dir), 1, 'still used by the second');
    await store.save({ ...second, records: {} }); // e.g. retried without the tool call
    assert.equal(blobCount(dir), 0, 'no longer referenced: collected');
  });

  it('skips a truncated conversation file with a warning; the others load', async () => {
    const dir = tempDir();
    const store = openStore(dir);
    for (const id of ['a', 'b', 'c']) await store.save(toolConversation(id, id.charCodeAt(0), 3));
    const path = join(dir, 'conversations', 'b.json');
    truncateSync(path, Math.floor(statSync(path).size / 2));

    const logger = recordingLogger();
    const reloaded = openStore(dir, { logger });
    await reloaded.open();
    assert.equal(await reloaded.get('b'), undefined);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0], /b\.json: it is not complete JSON/);
    assert.deepEqual(reloaded.list().map((summary) => summary.id), ['c', 'a'], 'it left the list');
    assert.deepEqual(await reloaded.get('a'), toolConversation('a', 97, 3));
    assert.deepEqual(await reloaded.get('c'), toolConversation('c', 99, 3));
    assert.ok(readdirSync(join(dir, 'conversations')).includes('b.json.corrupt'), 'set aside, not deleted');

    // a damaged file the index does not know about (an interrupted earlier run) is skipped the same way
    writeFileSync(join(dir, 'conversations', 'stray.json'), '{"format":1,"header":{"id":"str');
    rmSync(join(dir, 'index.json'));
    const third = openStore(dir, { logger });
    await third.open();
    assert.deepEqual(third.list().map((summary) => summary.id), ['c', 'a']);
    assert.match(logger.warnings.at(-1)!, /stray\.json/);
  });

  it('loads a conversation whose blob is lost with a placeholder and a warning', async () => {
    const dir = tempDir();
    const store = openStore(dir);
    const original = toolConversation('x', 1, 2);
    await store.save(original);
    const [lost] = readdirSync(join(dir, 'blobs')).sort();
    rmSync(join(dir, 'blobs', lost));
    const logger = recordingLogger();
    const reloaded = openStore(dir, { logger });
    const loaded = (await reloaded.get('x'))!;
    const contents = Object.values(loaded.records).map((record) => record.steps[1].content as string);
    assert.equal(contents.filter((content) => /^\[Grok Context: \d+ bytes of stored text were lost \(blob [0-9a-f]{12} is missing or damaged\)\]$/.test(content)).length, 1);
    assert.equal(contents.filter((content) => content.length > 20_000).length, 1, 'the other tool result is intact');
    assert.deepEqual(loaded.turns, original.turns);
    assert.match(logger.warnings.join('\n'), /1 stored text\(s\) are missing/);

    // a damaged blob counts as lost too, and a later save of the real text (say, by the live session) repairs it
    const [damaged] = readdirSync(join(dir, 'blobs'));
    writeFileSync(join(dir, 'blobs', damaged), '"truncat');
    const worse = (await reloaded.get('x'))!;
    assert.equal(Object.values(worse.records).filter((record) => (record.steps[1].content as string).startsWith('[Grok Context: ')).length, 2);
    assert.equal(blobCount(dir), 0, 'the damaged blob is dropped');
    await reloaded.save({ ...original, updatedAt: 2 });
    assert.equal(blobCount(dir), 2);
    assert.deepEqual(await openStore(dir).get('x'), { ...original, updatedAt: 2 });
  });

  it('round-trips byte for byte: long encrypted provider items, strings and keys that look like references', async () => {
    const encrypted = Buffer.from(Array.from({ length: 9000 }, (_, index) => (index * 131 + 7) % 256)).toString('base64');
    const lookalikes = {
      plain: '{"$blob":"' + 'a'.repeat(64) + '"}',
      object: { $blob: 'b'.repeat(64) },
      escaped: { $$blob: 'c'.repeat(64), $other: 1, $: 2, normal: '$blob' },
      longLookalike: `{"$blob":"${'d'.repeat(64)}"}${'x'.repeat(5000)}`,
      surrogates: `\ud800 lone, paired 😀 ${'é'.repeat(5000)} \udfff`,
      empty: '',
      nested: [[{ $blob: { deeper: ['e'.repeat(4097)] } }]],
    };
    const withProto = JSON.parse('{"__proto__":{"polluted":"' + 'p'.repeat(5000) + '"},"kept":1}') as unknown;
    const original: StoredConversation = {
      ...conversation('rt', 5),
      records: {
        t1: {
          steps: [
            {
              role: 'assistant',
              content: '',
              providerItems: [
                { type: 'reasoning', id: 'rs_1', encrypted_content: encrypted, summary: [] },
                { type: 'function_call', call_id: 'call_1', name: 'read_file', arguments: '{"path":"src/a.ts"}' },
                lookalikes,
                withProto,
              ],
            },
            { role: 'tool', toolCallId: 'call_1', content: 'short' },
          ],
          finalText: 'answer',
        },
      },
    };
    const dir = tempDir();
    const store = openStore(dir);
    await store.save(original);
    const loaded = await openStore(dir).get('rt');
    assert.equal(JSON.stringify(loaded), JSON.stringify(original));
    assert.deepEqual(loaded, original);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(blobCount(dir) >= 4, 'the long strings went to blobs');
    const file = readFileSync(join(dir, 'conversations', 'rt.json'), 'utf8');
    assert.ok(!file.includes(encrypted), 'the encrypted content is not inline');

    // the codec on its own, with a tiny threshold so every string becomes a reference
    const { json, blobs } = encodeWithBlobs(original, 0);
    const decoded = decodeWithBlobs(json, (hash) => JSON.parse(blobs.get(hash)!) as string);
    assert.equal(JSON.stringify(decoded), JSON.stringify(original));
  });

  it('writes atomically: no temporary files stay, and a crash’s leftovers are swept', async () => {
    const dir = tempDir();
    const store = openStore(dir, { maxBytes: 300 * 1024 });
    for (let i = 0; i < 6; i++) await store.save(toolConversation(`c${i}`, i, 10));
    await store.rename('c5', 'Renamed');
    await store.delete('c4');
    assert.deepEqual(filesUnder(dir).filter((file) => file.path.includes('.tmp')), []);

    writeFileSync(join(dir, 'conversations', 'c5.json.1a2b3c.tmp'), '{"format":1,"hea');
    await openStore(dir).open();
    assert.deepEqual(filesUnder(dir).filter((file) => file.path.includes('.tmp')), []);

    // a rename that fails (the target is a folder) leaves the old target and no temporary file
    const target = join(dir, 'occupied');
    mkdirSync(target);
    await assert.rejects(writeFileAtomic(target, 'data'));
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('occupied')), ['occupied']);
  });

  it('migrates conversations from workspace state once, every turn kept', async () => {
    const state = memoryState();
    const old = [conversation('old1', 1, 'first'), toolConversation('old2', 2, 30), conversation('old3', 3, 'third')];
    for (const item of old) await state.update(`grokContext.conversation.${item.id}`, item);
    // the old index lost track of old3 (it is found by its key)
    await state.update('grokContext.conversations', old.slice(0, 2).map((item) => ({ id: item.id, title: titleOf(item), updatedAt: item.updatedAt, questions: 1 })));
    await state.update('unrelated.key', 42);

    const dir = tempDir();
    const store = openStore(dir);
    assert.equal(await store.migrateFromWorkspaceState(state), 3);
    assert.deepEqual(store.list().map((summary) => summary.id), ['old3', 'old2', 'old1']);
    for (const item of old) assert.deepEqual(await store.get(item.id), item);
    assert.deepEqual(state.keys().sort(), [MIGRATED_KEY, 'unrelated.key']);

    // never again, even if something wrote an old-style key since
    await state.update('grokContext.conversation.late', conversation('late', 9));
    const reloaded = openStore(dir);
    assert.equal(await reloaded.migrateFromWorkspaceState(state), 0);
    assert.equal(await reloaded.get('late'), undefined);
    assert.equal(reloaded.list().length, 3);
  });
});

describe('one conversation in one file (the CLI)', () => {
  it('writes and reads it back exactly, blobs inline and stored once', async () => {
    const dir = tempDir();
    const path = join(dir, 'nested', 'chat.json');
    assert.equal(await readConversationFile(path, silentLogger), undefined, 'no file yet: a new conversation');
    const original = toolConversation('cli', 7, 20);
    await writeConversationFile(path, original);
    assert.deepEqual(readdirSync(join(dir, 'nested')), ['chat.json'], 'one file, no temporary left');
    assert.ok(statSync(path).size < 300_000, `20 reads of 10 files take ${statSync(path).size} bytes`);
    const loaded = await readConversationFile(path, silentLogger);
    assert.equal(JSON.stringify(loaded), JSON.stringify(original));

    truncateSync(path, 1000);
    await assert.rejects(readConversationFile(path, silentLogger), (error: unknown) => error instanceof ConversationFileError && /chat\.json is not a readable/.test(error.message));
  });
});

describe('a conversation saved and continued', () => {
  let fake: FakeProvider;
  before(async () => (fake = await FakeProvider.start()));
  after(() => fake.close());

  it('survives a reload: the history, tool rounds and ids continue where they were', async () => {
    const store = openStore(tempDir());
    const makeSession = () =>
      new ChatSession({
        logger: silentLogger,
        createProvider: async () => resolveProvider({ ...SETTING_DEFAULTS, baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0 }, 'key-for-tests-123'),
        context: { plan: async () => ({ budget: 100, usedTokens: 0, files: [], excluded: [], text: '<context/>', versions: {} }), changesSince: async () => ({ text: '', tokens: 0, changed: [], added: [], deleted: [], versions: {} }) },
        persist: (stored) => void store.save(stored),
      });
    const first = makeSession();
    fake.enqueue({ kind: 'stream', text: ['Forty-two.'] });
    await first.ask('What is the answer?');
    first.dispose();
    await store.whenIdle();

    const reloaded = makeSession();
    await reloaded.load((await store.get(store.list()[0].id))!);
    assert.equal(reloaded.conversationId, first.conversationId);
    assert.deepEqual(reloaded.view().turns.map((turn) => turn.text), ['What is the answer?', 'Forty-two.']);
    fake.enqueue({ kind: 'stream', text: ['Sure.'] });
    await reloaded.ask('Why?');
    assert.deepEqual(messagesOf(await fake.request(1)).slice(-3), [
      { role: 'user', text: 'What is the answer?' },
      { role: 'assistant', text: 'Forty-two.' },
      { role: 'user', text: 'Why?' },
    ]);
    assert.deepEqual(reloaded.view().turns.map((turn) => turn.id), ['t1', 't2', 't3', 't4']);
    await store.whenIdle();
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
