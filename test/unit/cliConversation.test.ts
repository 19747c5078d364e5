// `grok-context ask --conversation FILE` and `--max-context-tokens N`: the chat's session from the terminal, one turn
// per call, with the stored conversation, the history budget, compaction and a stable cache key.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readConversationFile } from '../../src/chat/storage/conversationSingleFile';
import { runCli } from '../../src/cli/main';
import { silentLogger } from '../../src/common/logger';
import { contextBudget } from '../../src/context/tokens';
import { FakeProvider, messagesOf } from '../support/fakeProvider';
import { git } from '../support/gitRepo';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

async function run(args: string[], env: NodeJS.ProcessEnv = { XAI_API_KEY: 'xai-cli-key-123' }) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (text) => (out += text), err: (text) => (err += text) }, env);
  return { code, out, err };
}

/** A module of about `lines` × 12 tokens. */
const module = (name: string, lines: number) => Array.from({ length: lines }, (_, i) => `export const ${name}${i} = compute(${i}, "${name}");\n`).join('');

describe('grok-context ask --conversation', () => {
  let fake: FakeProvider;
  let ws: TempWorkspace;
  let file: string;

  before(async () => {
    fake = await FakeProvider.start();
  });
  after(async () => fake.close());
  beforeEach(() => {
    fake.reset();
    const files: Record<string, string> = { 'src/main.ts': 'export const answer = 42;\n' };
    for (let i = 0; i < 12; i++) files[`lib/part${i}.ts`] = module(`part${i}`, 300); // ~3.6K tokens each: more than a 20K window
    ws = createTempWorkspace(files);
    git(ws.root, 'init', '-q');
    file = path.join(ws.root, '..', `${path.basename(ws.root)}-conversation.json`);
  });
  afterEach(() => ws.remove());

  it('continues a conversation kept in FILE: history, the same cache key, the stored form written atomically', async () => {
    const first = await run(['ask', 'What is the answer?', ws.root, '--base-url', fake.baseUrl, '--conversation', file]);
    assert.equal(first.code, 0, first.err);
    assert.ok(existsSync(file), 'the conversation file was written');
    assert.ok(!existsSync(`${file}.tmp`), 'no temporary file is left');
    const second = await run(['ask', 'And why?', ws.root, '--base-url', fake.baseUrl, '--conversation', file]);
    assert.equal(second.code, 0, second.err);
    const [one, two] = [await fake.request(0), await fake.request(1)];
    assert.equal(typeof one.body.prompt_cache_key, 'string');
    assert.equal(two.body.prompt_cache_key, one.body.prompt_cache_key, 'the conversation id is the cache key');
    const sent = messagesOf(two);
    assert.deepEqual(sent.slice(0, 2), messagesOf(one).slice(0, 2), 'the same system prompt and snapshot: a cache hit');
    assert.deepEqual(sent.slice(2), [
      { role: 'user', text: 'What is the answer?' },
      { role: 'assistant', text: 'Hello from the fake provider.' },
      { role: 'user', text: 'And why?' },
    ]);
    const stored = await readConversationFile(file, silentLogger);
    assert.deepEqual(
      stored?.turns.map((turn) => turn.text),
      ['What is the answer?', 'Hello from the fake provider.', 'And why?', 'Hello from the fake provider.'],
    );
  });

  it('a file that is not a conversation is refused, and left as it was', async () => {
    writeFileSync(file, 'not a conversation\n');
    const result = await run(['ask', 'q', ws.root, '--base-url', fake.baseUrl, '--conversation', file]);
    assert.notEqual(result.code, 0);
    assert.equal(readFileSync(file, 'utf8'), 'not a conversation\n');
    assert.equal(fake.requests.length, 0);
  });

  it('without a conversation, two asks about the same unchanged workspace share a cache key derived from it', async () => {
    await run(['ask', 'one', ws.root, '--base-url', fake.baseUrl]);
    await run(['ask', 'two', ws.root, '--base-url', fake.baseUrl]);
    const [a, b] = [await fake.request(0), await fake.request(1)];
    assert.match(a.body.prompt_cache_key, /^grok-context-[0-9a-f]{32}$/);
    assert.equal(b.body.prompt_cache_key, a.body.prompt_cache_key);
    writeFileSync(path.join(ws.root, 'src/main.ts'), 'export const answer = 43;\n');
    await run(['ask', 'three', ws.root, '--base-url', fake.baseUrl]);
    assert.notEqual((await fake.request(2)).body.prompt_cache_key, a.body.prompt_cache_key, 'a changed workspace is another prefix');
  });

  it('--max-context-tokens sets the window the plan is made for (ask and pack)', async () => {
    const asked = await run(['ask', 'q', ws.root, '--base-url', fake.baseUrl, '--max-context-tokens', '20000']);
    assert.equal(asked.code, 0, asked.err);
    const budget = contextBudget({ maxContextTokens: 20_000 });
    assert.match(asked.err, new RegExp(`of ${budget.toLocaleString('en-US')} tokens`));
    const packed = await run(['pack', ws.root, '--json', '--max-context-tokens', '20000']);
    assert.equal(JSON.parse(packed.out).budget, budget);
    assert.equal((await run(['ask', 'q', ws.root, '--max-context-tokens', 'lots'])).code, 2);
  });

  it('a long session on a small window keeps going: tool results are compacted instead of overflowing', async () => {
    fake.contextWindow = 20_000;
    try {
      // each turn reads two path-only parts (~7K tokens), then answers
      let turn = 0;
      fake.defaultScript = (request) => {
        const last = messagesOf(request).at(-1)!;
        if (last.role !== 'user') return { kind: 'stream', text: [`Answer ${turn}.`] };
        turn++;
        const read = (n: number) => ({ id: `r${turn}-${n}`, name: 'read_file', arguments: JSON.stringify({ path: `lib/part${(2 * turn + n) % 12}.ts` }) });
        return { kind: 'stream', text: [], toolCalls: [read(0), read(1)] };
      };
      const errors: string[] = [];
      for (let i = 1; i <= 6; i++) {
        const result = await run(['ask', `Question ${i}`, ws.root, '--base-url', fake.baseUrl, '--conversation', file, '--max-context-tokens', '20000']);
        assert.equal(result.code, 0, `turn ${i}: ${result.err}`);
        errors.push(result.err);
      }
      assert.ok(
        errors.some((err) => /Earlier (tool results shortened|turns summarised) to keep the conversation within the context window/.test(err)),
        'the history was compacted along the way, and said so',
      );
      const last = messagesOf(fake.requests.at(-1)!);
      assert.ok(last.some((message) => message.text.startsWith('[Result removed to keep the conversation within the context window')), 'older results are stubs now');
    } finally {
      fake.contextWindow = undefined;
      fake.defaultScript = { kind: 'stream', text: ['Hello', ' from', ' the', ' fake', ' provider.'], usage: { prompt_tokens: 100, completion_tokens: 5 } };
    }
  });
});
