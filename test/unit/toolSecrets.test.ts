// What the model's tools return passes the same secret check as the snapshot, pins are not consent, and the model's
// regular expressions run in linear time. Real files on disk, the real engine and secretlint.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ToolRunner, type ToolOutcome } from '../../src/chat/toolRunner';
import { engineToolWorkspace, type EngineToolOptions } from '../../src/cli/engineWorkspace';
import { ContextEngine } from '../../src/context/engine';
import type { ContextPlan } from '../../src/context/model';
import { ContextWorkerClient } from '../../src/context/workerClient';
import { EditProposals } from '../../src/edits/proposals';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

// An AWS access key id and secret access key as a deploy config holds them (split so this file is not itself a finding).
const KEY_ID = 'AKIA' + 'Z7VRSQ5TJN2XMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'Z9QW3TK8LM';
const awsYaml = (padding: number) =>
  [
    'deploy:',
    '  region: eu-west-1',
    ...Array.from({ length: padding }, (_, i) => `  setting_${i}: value number ${i} of the deployment configuration`),
    '  aws_access_key_id: ' + KEY_ID,
    '  aws_secret_access_key: ' + SECRET_KEY,
    '',
  ].join('\n');

/** Tokens small enough that a few hundred short files overflow the snapshot: some are listed by path only, some not at all. */
const SMALL_BUDGET = 6_000;

const reasonOf = (plan: ContextPlan, file: string) => plan.excluded.find((item) => item.path === file)?.reason;
const tierOf = (plan: ContextPlan, file: string) => plan.files.find((item) => item.path === file)?.tier;

describe('tools and secrets', () => {
  let ws: TempWorkspace;
  let engine: ContextEngine;
  const roots = () => [{ name: 'ws', path: ws.root }];

  before(() => {
    const files: Record<string, string> = {
      // larger than the whole budget, so it can only be listed by path; first of its kind (data) in path order, so it is listed
      'config/deploy.yaml': awsYaml(400),
      'config/pinned.yaml': awsYaml(0),
      '.env': 'REGION=eu-west-1\nAPI_TOKEN=abc\n',
      'src/region.ts': 'export const region = "eu-west-1";\n',
      // last of its kind in path order (the rows below come first): past the path list's share, left out for `budget`
      'zz/late.yaml': awsYaml(0),
    };
    for (let i = 0; i < 600; i++) files[`rows/row${String(i).padStart(3, '0')}.json`] = `{"value${i}": ${i}}\n`;
    ws = createTempWorkspace(files);
  });
  after(() => ws.remove());
  beforeEach(() => {
    engine = new ContextEngine({ roots: roots(), maxFileBytes: 1 << 20, exclude: [] });
  });

  const runner = (options: EngineToolOptions = {}) =>
    new ToolRunner({ workspace: engineToolWorkspace(engine, roots(), 1 << 20, { maxContextTokens: SMALL_BUDGET, ...options }), proposals: new EditProposals() });
  let nextId = 0;
  const run = async (tools: ToolRunner, name: string, args: Record<string, unknown>): Promise<ToolOutcome> => {
    await engine.scan();
    return tools.run({ id: `c${++nextId}`, name, arguments: JSON.stringify(args), parsed: { ok: true, value: args } }, new AbortController().signal);
  };
  const readFile = (tools: ToolRunner, path: string) => run(tools, 'read_file', { path, start_line: null, end_line: null });
  const search = (tools: ToolRunner, query: string, isRegex = false, glob: string | null = null) => run(tools, 'search', { query, is_regex: isRegex, glob });

  it('read_file refuses a file the plan only lists by path when its content holds an AWS key', async () => {
    await engine.scan();
    const plan = await engine.plan({ maxContextTokens: SMALL_BUDGET });
    assert.equal(tierOf(plan, 'config/deploy.yaml'), 'path', 'the workspace is over the budget: the file is listed by path only');
    const outcome = await readFile(runner(), 'config/deploy.yaml');
    assert.equal(
      outcome.content,
      'Error: config/deploy.yaml is kept out of the context (secret: aws); the user can include it from the Context view if it should be used.',
    );
    assert.equal(outcome.activity.status, 'failed');
  });

  it('read_file refuses a file left out for budget when its content holds an AWS key', async () => {
    await engine.scan();
    const plan = await engine.plan({ maxContextTokens: SMALL_BUDGET });
    assert.equal(reasonOf(plan, 'zz/late.yaml'), 'budget', 'the file did not fit any tier');
    const outcome = await readFile(runner(), 'zz/late.yaml');
    assert.match(outcome.content, /^Error: zz\/late\.yaml is kept out of the context \(secret: aws\); the user can include it from the Context view/);
    assert.ok(!outcome.content.includes(SECRET_KEY));
  });

  it('a pending proposal on a secret file (a code block\'s Apply) does not let read_file return its text', async () => {
    const proposals = new EditProposals();
    const tools = new ToolRunner({ workspace: engineToolWorkspace(engine, roots(), 1 << 20, { maxContextTokens: SMALL_BUDGET }), proposals });
    const text = readFileSync(path.join(ws.root, 'config/deploy.yaml'), 'utf8');
    const proposed = proposals.proposeReplace('config/deploy.yaml', path.join(ws.root, 'config/deploy.yaml'), text, [{ oldString: 'eu-west-1', newString: 'us-east-1' }]);
    assert.ok(proposed.ok, 'the user applied a code block to it');
    const outcome = await readFile(tools, 'config/deploy.yaml');
    assert.equal(outcome.activity.status, 'failed');
    assert.match(outcome.content, /kept out of the context \(secret/);
    assert.ok(!outcome.content.includes(SECRET_KEY));
  });

  it('edits to a secret file are refused the same way: the model never saw it', async () => {
    const outcome = await run(runner(), 'replace_in_file', {
      path: 'config/deploy.yaml',
      edits: [{ old_string: 'region: eu-west-1', new_string: 'region: us-east-1', expected_occurrences: null }],
      base_hash: null,
    });
    assert.match(outcome.content, /^Error: config\/deploy\.yaml is kept out of the context \(secret: aws\)/);
    assert.ok(!outcome.content.includes(SECRET_KEY), 'not even the nearest text of a failed match');
  });

  it('search skips the lines of secret files, and says nothing that would tell whether they matched', async () => {
    // config/deploy.yaml (path only) and zz/late.yaml (budget) are searched and skipped; config/pinned.yaml was sent
    // whole, so the plan already refused it as secret-content and it is not searched at all
    const outcome = await search(runner(), 'eu-west-1');
    assert.equal(outcome.content, '1 hits:\nsrc/region.ts:1: export const region = "eu-west-1";');
    const onlySecrets = await search(runner(), 'aws_secret_access_key');
    assert.equal(onlySecrets.content, 'No matches for aws_secret_access_key.');
    assert.ok(!onlySecrets.content.includes(SECRET_KEY));
    // no oracle: a prefix of the secret and a wrong one give the same answer
    const right = await search(runner(), `aws_secret_access_key: ${SECRET_KEY.slice(0, 4)}`);
    const wrong = await search(runner(), 'aws_secret_access_key: ####');
    assert.equal(right.content.replace(/: .{4}\./, '.'), wrong.content.replace(/: ####\./, '.'));
  });

  it('an @mentioned (pinned) secret file is not consent: kept out of the plan, the changes and read_file', async () => {
    await engine.scan();
    const pinned = ['config/pinned.yaml', '.env', 'config/deploy.yaml'];
    const plan = await engine.plan({ maxContextTokens: SMALL_BUDGET, pinned });
    assert.equal(reasonOf(plan, 'config/pinned.yaml'), 'secret-content');
    assert.equal(reasonOf(plan, '.env'), 'secret-file');
    assert.equal(tierOf(plan, 'config/deploy.yaml'), 'path', 'pinned, but too large to send whole');
    assert.ok(!plan.text.includes(SECRET_KEY) && !plan.text.includes('API_TOKEN'));
    const unpinned = await engine.plan({ maxContextTokens: SMALL_BUDGET });
    const changes = await engine.changesSince(unpinned, { pinned });
    assert.deepEqual([changes.added, changes.changed], [[], []], 'pinned after the snapshot, they do not travel in the changes either');
    const tools = runner({ pinned });
    assert.match((await readFile(tools, 'config/pinned.yaml')).content, /^Error: config\/pinned\.yaml is kept out of the context \(secret-content\)/);
    assert.match((await readFile(tools, '.env')).content, /^Error: \.env is kept out of the context \(secret-file\)/);
    assert.match((await readFile(tools, 'config/deploy.yaml')).content, /^Error: config\/deploy\.yaml is kept out of the context \(secret: aws\)/);
  });

  it('after Include the same files are sent and readable', async () => {
    await engine.scan();
    const include = ['config/pinned.yaml', '.env'];
    const plan = await engine.plan({ maxContextTokens: SMALL_BUDGET, pinned: include, include });
    assert.equal(tierOf(plan, 'config/pinned.yaml'), 'full');
    assert.equal(tierOf(plan, '.env'), 'full');
    const tools = runner({ pinned: include, include });
    const outcome = await readFile(tools, 'config/pinned.yaml');
    assert.equal(outcome.activity.status, 'done');
    assert.ok(outcome.content.includes(`aws_secret_access_key: ${SECRET_KEY}`));
    assert.ok((await readFile(tools, '.env')).content.includes('API_TOKEN=abc'));
    assert.match((await search(tools, 'aws_secret_access_key', false, 'config/pinned.yaml')).content, /^1 hits:\nconfig\/pinned\.yaml:4: aws_secret_access_key: /);
  });
});

describe('secret check in the context worker (what the VS Code tools use)', () => {
  let ws: TempWorkspace;
  let client: ContextWorkerClient;
  before(() => (ws = createTempWorkspace({ 'config/deploy.yaml': awsYaml(0), 'src/app.ts': 'export const a = 1;\n' })));
  after(() => ws.remove());
  beforeEach(() => (client = new ContextWorkerClient(path.resolve(__dirname, '../../dist/contextWorker.js'))));
  afterEach(() => client.dispose());

  it('answers with the rule for a secret, nothing for clean text, off the main thread', async () => {
    await client.call('configure', { roots: [{ name: 'ws', path: ws.root }], maxFileBytes: 1 << 20, exclude: [] });
    assert.equal(await client.call('secretCheck', { path: 'config/deploy.yaml', text: awsYaml(0) }), 'secret: aws');
    // an editor's unsaved text is checked as it is, not the file on disk
    assert.equal(await client.call('secretCheck', { path: 'config/deploy.yaml', text: 'deploy:\n  region: eu-west-1\n' }), undefined);
    assert.equal(await client.call('secretCheck', { path: 'src/app.ts', text: 'export const a = 1;\n' }), undefined);
  });
});

describe('search patterns', () => {
  let ws: TempWorkspace;
  let tools: ToolRunner;
  before(async () => {
    ws = createTempWorkspace({
      'evil.txt': `${'a'.repeat(5000)}b\n`,
      'src/app.ts': 'const price = total * (1 + rate);\nconst name = "café";\n',
    });
    const roots = [{ name: 'ws', path: ws.root }];
    const engine = new ContextEngine({ roots, maxFileBytes: 1 << 20, exclude: [] });
    await engine.scan();
    tools = new ToolRunner({ workspace: engineToolWorkspace(engine, roots, 1 << 20), proposals: new EditProposals() });
  });
  after(() => ws.remove());
  const search = (query: string, isRegex: boolean) =>
    tools.run({ id: 's', name: 'search', arguments: '', parsed: { ok: true, value: { query, is_regex: isRegex, glob: null } } }, new AbortController().signal);

  it('refuses a pattern whose compiled program is too large to run on the host (counted repetitions)', async () => {
    const outcome = await search('(?:[^"]?){1000}[^"]{1000}\\d', true);
    assert.equal(outcome.activity.status, 'failed');
    assert.match(outcome.content, /too complex to search with/);
  });

  it('runs a catastrophic-backtracking pattern in linear time and finds no hit', async () => {
    // a backtracking engine tries 2^5000 ways to split the run of a's before giving up
    const outcome = await search('^(a+)+$', true);
    assert.equal(outcome.content, 'No matches for ^(a+)+$.');
    assert.equal(outcome.activity.status, 'done');
  });

  it('matches regular expressions by code point and takes JavaScript Unicode escapes', async () => {
    assert.equal((await search('caf\\u00e9"', true)).content, '1 hits:\nsrc/app.ts:2: const name = "café";');
    assert.equal((await search('"caf.";$', true)).content, '1 hits:\nsrc/app.ts:2: const name = "café";');
  });

  it('anchors a pattern to each line, as before, whichever anchor the model writes', async () => {
    const hit = '1 hits:\nsrc/app.ts:2: const name = "café";';
    for (const query of ['^const name', '\\Aconst name', '(?-m)^const name', 'café";\\z']) assert.equal((await search(query, true)).content, hit, query);
  });

  it('takes plain text literally', async () => {
    assert.equal((await search('(1 + rate)', false)).content, '1 hits:\nsrc/app.ts:1: const price = total * (1 + rate);');
  });

  it('refuses lookaround and backreferences with a way forward, and reports invalid patterns', async () => {
    for (const query of ['price(?= =)', '(?<!const )name', '(a)\\1']) {
      const outcome = await search(query, true);
      assert.equal(outcome.activity.status, 'failed');
      assert.match(outcome.content, /uses lookaround or a backreference, which this search does not support \(it runs on RE2, in linear time\): rephrase the pattern without them/);
    }
    assert.match((await search('a(b', true)).content, /^Error: "a\(b" is not a valid regular expression \(RE2 syntax\): .*missing closing \)/);
  });
});
