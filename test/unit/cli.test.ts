import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { engineContextPort } from '../../src/cli/engineWorkspace';
import { runCli } from '../../src/cli/main';
import { planAsJson } from '../../src/cli/pack';
import { ContextEngine } from '../../src/context/engine';
import { DEFAULT_MAX_FILE_BYTES } from '../../src/context/scan';
import { contextBudget } from '../../src/context/tokens';
import { FakeProvider, messagesOf, reasoningEffortOf } from '../support/fakeProvider';
import { git, gitOracle } from '../support/gitRepo';
import { createTempWorkspace } from '../support/tempWorkspace';

const root = path.resolve(__dirname, '../..');
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (text) => (out += text), err: (text) => (err += text) }, env);
  return { code, out, err };
}

describe('grok-context CLI', () => {
  it('prints its version and help', async () => {
    assert.deepEqual(await run(['--version']), { code: 0, out: `${version}\n`, err: '' });
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^grok-context \d+\.\d+\.\d+\n/);
    assert.match(help.out, /--version/);
  });

  it('rejects an unknown command with exit code 2 and the help on stderr', async () => {
    const result = await run(['frobnicate']);
    assert.equal(result.code, 2);
    assert.equal(result.out, '');
    assert.match(result.err, /unknown command "frobnicate"/);
  });

  it('runs as the package bin from the built bundle', () => {
    assert.equal(execFileSync(process.execPath, [path.join(root, 'bin/grok-context.js'), '--version'], { encoding: 'utf8' }), `${version}\n`);
    const bad = spawnSync(process.execPath, [path.join(root, 'bin/grok-context.js'), 'nope'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
  });

  describe('pack', () => {
    const ws = createTempWorkspace({
      '.gitignore': 'out/\n',
      'src/a.ts': 'export const a = 1;\n',
      'src/b.ts': 'export const b = 2;\n',
      'out/a.js': 'ignored',
      '.env': 'SECRET=1',
      'img.bin': Buffer.from([0, 1, 2, 3]),
    });
    before(() => git(ws.root, 'init', '-q'));
    after(() => ws.remove());

    it('--json prints the plan: files ∪ excluded is what git sees, paths relative with /', async () => {
      const { code, out, err } = await run(['pack', ws.root, '--json', '--budget', '5000']);
      assert.equal(code, 0, err);
      const plan = JSON.parse(out);
      assert.equal(plan.budget, 5000);
      assert.deepEqual(Object.keys(plan), ['budget', 'usedTokens', 'files', 'excluded']);
      assert.deepEqual(plan.files.map((file: { path: string }) => file.path), ['.gitignore', 'src/a.ts', 'src/b.ts']);
      assert.deepEqual(plan.files[1], { path: 'src/a.ts', tokens: plan.files[1].tokens, tier: 'full', rank: plan.files[1].rank });
      assert.deepEqual(plan.files.map((file: { rank: number }) => file.rank).sort(), [1, 2, 3], 'every file has its relevance rank');
      assert.deepEqual(plan.excluded, [{ path: '.env', reason: 'secret-file' }, { path: 'img.bin', reason: 'binary' }]);
      const everything = [...plan.files, ...plan.excluded].map((item: { path: string }) => item.path).sort();
      assert.deepEqual(everything, gitOracle(ws.root));
      assert.ok(plan.usedTokens > 0 && plan.usedTokens <= 5000);
    });

    it('without --json writes the rendered context to --output and a summary to stderr', async () => {
      const output = `${ws.root}/../grok-pack-${process.pid}.txt`;
      const { code, out, err } = await run(['pack', ws.root, '--output', output]);
      assert.equal(code, 0);
      assert.equal(out, '');
      assert.match(err, /^Packed 3 files \(3 whole, 0 outline, 0 path only\) in \d+ of 1,000,000 tokens; left out 2 \(1 secret-file, 1 binary\); listed with git in \d+ ms\.\n$/);
      const text = readFileSync(output, 'utf8');
      assert.match(text, /<file path="src\/a.ts" end="[0-9a-f]{32}">\nexport const a = 1;\n<\/file [0-9a-f]{32}>/);
      rmSync(output);
    });

    it('rejects a bad budget or directory with exit code 2', async () => {
      assert.equal((await run(['pack', ws.root, '--budget', 'lots'])).code, 2);
      const missing = await run(['pack', '/no/such/dir']);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /not a directory/);
    });

    it('--question plans as the chat plans a first question in the same window, and each file carries its rank', async () => {
      const big = createTempWorkspace({
        'src/router.ts': `export function matchRoute(url: string) {\n${'  // routing detail\n'.repeat(300)}}\n`,
        'src/cache.ts': `export function evictStaleEntries() {\n${'  // cache detail\n'.repeat(300)}}\n`,
        'src/zz-log.ts': `export function writeLog() {\n${'  // log detail\n'.repeat(300)}}\n`,
        'test/cache.test.ts': `import { evictStaleEntries } from '../src/cache';\n${'// test detail\n'.repeat(300)}`,
      });
      try {
        git(big.root, 'init', '-q');
        const question = 'Why does evictStaleEntries keep entries alive?';
        const window = ['--max-context-tokens', '8000'];
        const { code, out, err } = await run(['pack', big.root, '--json', '--question', question, ...window]);
        assert.equal(code, 0, err);
        const plan = JSON.parse(out);
        const byPath = new Map(plan.files.map((file: { path: string; tier: string; rank: number }) => [file.path, file]));
        assert.equal(plan.budget, contextBudget({ maxContextTokens: 8000 }));
        assert.deepEqual(byPath.get('src/cache.ts'), { path: 'src/cache.ts', tokens: (byPath.get('src/cache.ts') as { tokens: number }).tokens, tier: 'full', rank: 1 });
        assert.equal((byPath.get('test/cache.test.ts') as { rank: number }).rank, 2, 'the test that uses it next');
        assert.notEqual((byPath.get('src/zz-log.ts') as { tier: string }).tier, 'full');
        assert.equal(plan.relevanceClear, true, 'one file stands out: the chat would not ask Grok to choose files');
        // the same plan the chat's context port makes for that first question
        const engine = new ContextEngine({ roots: [{ name: path.basename(big.root), path: big.root }], maxFileBytes: DEFAULT_MAX_FILE_BYTES, exclude: [] });
        const chat = await engineContextPort(engine, 8000).plan(question, new AbortController().signal, contextBudget({ maxContextTokens: 8000 }));
        assert.equal(planAsJson(chat), out.trim());
        // without the question the same window plans another order
        const plain = JSON.parse((await run(['pack', big.root, '--json', ...window])).out);
        assert.notDeepEqual(plain.files, plan.files);
        assert.equal((await run(['pack', big.root, '--question', '  '])).code, 2);
      } finally {
        big.remove();
      }
    });

    it('runs from the built bin too', () => {
      const result = spawnSync(process.execPath, [path.join(root, 'bin/grok-context.js'), 'pack', ws.root, '--json'], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(JSON.parse(result.stdout).files.length, 3);
    });
  });

  describe('ask', () => {
    let fake: FakeProvider;
    const ws = createTempWorkspace({ 'src/main.ts': 'export const answer = 42;\n' });
    before(async () => {
      fake = await FakeProvider.start();
      git(ws.root, 'init', '-q');
    });
    after(async () => {
      await fake.close();
      ws.remove();
    });
    beforeEach(() => fake.reset());

    it('streams the answer to stdout with the directory as context, usage and cost to stderr', async () => {
      fake.enqueue({ kind: 'stream', text: ['It is ', '42.'], usage: { prompt_tokens: 2000, completion_tokens: 4, cached_tokens: 1000 } });
      const result = await run(['ask', 'What is the answer?', ws.root, '--base-url', fake.baseUrl, '--effort', 'low'], { XAI_API_KEY: 'xai-cli-key-123' });
      assert.equal(result.code, 0, result.err);
      assert.equal(result.out, 'It is 42.\n');
      assert.match(result.err, /Asking xAI \(grok-4.3\)/);
      assert.match(result.err, /Usage: 2,000 in \(1,000 cached\), 4 out, ≈ \$0\.0015\n$/);
      const request = await fake.request(0);
      assert.equal(request.headers.authorization, 'Bearer xai-cli-key-123');
      assert.equal(reasoningEffortOf(request), 'low');
      assert.match(messagesOf(request).map((message) => message.text).join('\n'), /<file path="src\/main.ts" end="[0-9a-f]{32}">\nexport const answer = 42;/);
    });

    it('prefers GROK_CONTEXT_API_KEY and uses the chosen provider’s model id', async () => {
      await run(['ask', 'q', ws.root, '--provider', 'aigateway', '--base-url', fake.baseUrl], { GROK_CONTEXT_API_KEY: 'shared-key-123456', AIGATEWAY_API_KEY: 'other' });
      const request = await fake.request(0);
      assert.equal(request.headers.authorization, 'Bearer shared-key-123456');
      assert.equal(request.body.model, 'xai/grok-4.3');
    });

    it('fails with the message on stderr and a non-zero exit: no key, bad provider, server error', async () => {
      const noKey = await run(['ask', 'q', ws.root], {});
      assert.equal(noKey.code, 1);
      assert.match(noKey.err, /No API key for xAI/);
      assert.equal((await run(['ask', 'q', ws.root, '--provider', 'nope'], {})).code, 2);
      // the SDK retries twice first (its one retry layer), then the failure is reported
      for (let i = 0; i < 3; i++) fake.enqueue({ kind: 'status', status: 503, body: { error: { message: 'overloaded' } }, headers: { 'retry-after-ms': '10' } });
      const down = await run(['ask', 'q', ws.root, '--base-url', fake.baseUrl], { XAI_API_KEY: 'xai-cli-key-123' });
      assert.equal(down.code, 1);
      assert.match(down.err, /server error \(503\)/);
      assert.equal(fake.requests.length, 3);
    });
  });
});
