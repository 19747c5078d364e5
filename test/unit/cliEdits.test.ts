import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { textHash } from '../../src/edits/fileText';
import { FakeProvider } from '../support/fakeProvider';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

const APP = 'export function add(a: number, b: number) {\r\n\treturn a + b;\r\n}\r\n';

describe('grok-context ask --propose / --apply', () => {
  let fake: FakeProvider;
  let workspace: TempWorkspace;
  before(async () => (fake = await FakeProvider.start()));
  after(() => fake.close());
  beforeEach(() => {
    fake.reset();
    workspace = createTempWorkspace({ 'src/app.ts': APP, 'src/old.ts': 'export {};\n' });
  });
  afterEach(() => workspace.remove());

  async function run(...flags: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(['ask', 'Rename and tidy', workspace.root, '--provider', 'openai-compatible', '--base-url', fake.baseUrl, ...flags], { out: (text) => (out += text), err: (text) => (err += text) }, {
      GROK_CONTEXT_API_KEY: 'key-for-tests-123',
    });
    return { code, out, err };
  }

  const editScript = () =>
    fake.enqueue(
      {
        kind: 'stream',
        text: ['Editing.'],
        toolCalls: [
          // spaces where the file has a tab, LF where it has CRLF: the matcher still finds it and keeps the file's style
          { id: 'c1', name: 'replace_in_file', arguments: JSON.stringify({ path: 'src/app.ts', edits: [{ old_string: '    return a + b;\n}', new_string: '    return a + b; // sum\n}', expected_occurrences: null }], base_hash: null }) },
          { id: 'c2', name: 'create_file', arguments: JSON.stringify({ path: 'src/new.ts', content: 'export const created = true;\n' }) },
          { id: 'c3', name: 'delete_file', arguments: JSON.stringify({ path: 'src/old.ts' }) },
          { id: 'c4', name: 'create_file', arguments: JSON.stringify({ path: '../escaped.ts', content: 'x' }) },
        ],
      },
      { kind: 'stream', text: ['Done.'] },
    );

  it('--propose prints a unified diff and writes nothing', async () => {
    editScript();
    const result = await run('--propose');
    assert.equal(result.code, 0, result.err);
    assert.equal(readFileSync(path.join(workspace.root, 'src/app.ts'), 'utf8'), APP);
    assert.equal(existsSync(path.join(workspace.root, 'src/new.ts')), false);
    assert.equal(existsSync(path.join(workspace.root, 'src/old.ts')), true);
    assert.ok(result.out.startsWith('Editing.\n\nDone.\n'));
    assert.match(result.out, /--- a\/src\/app\.ts\n\+\+\+ b\/src\/app\.ts\n@@ -1,3 \+1,3 @@\n export function add\(a: number, b: number\) \{\r\n-\treturn a \+ b;\r\n\+\treturn a \+ b; \/\/ sum\r\n \}\r\n/);
    assert.match(result.out, /--- \/dev\/null\n\+\+\+ b\/src\/new\.ts\n@@ -0,0 \+1,1 @@\n\+export const created = true;\n/);
    assert.match(result.out, /--- a\/src\/old\.ts\n\+\+\+ \/dev\/null\n/);
    assert.match(result.err, /\[failed\] create \.\.\/escaped\.ts failed: Refused path "\.\.\/escaped\.ts": "\.\." is not allowed/);
    assert.match(result.err, /3 edits proposed; nothing was written \(use --apply to write them\)\.\n$/);
  });

  it('--apply writes the edits with the file\'s own line endings and indentation, and prints what changed', async () => {
    editScript();
    const result = await run('--apply');
    assert.equal(result.code, 0, result.err);
    assert.equal(readFileSync(path.join(workspace.root, 'src/app.ts'), 'utf8'), 'export function add(a: number, b: number) {\r\n\treturn a + b; // sum\r\n}\r\n');
    assert.equal(readFileSync(path.join(workspace.root, 'src/new.ts'), 'utf8'), 'export const created = true;\n');
    assert.equal(existsSync(path.join(workspace.root, 'src/old.ts')), false);
    assert.equal(existsSync(path.join(workspace.root, '..', 'escaped.ts')), false);
    assert.match(result.out, /modified src\/app\.ts \(\+1 −1\)\ncreated src\/new\.ts \(\+1\)\ndeleted src\/old\.ts\n$/);
  });

  describe('write_file', () => {
    const rewriteScript = (baseHash: string) =>
      fake.enqueue(
        {
          kind: 'stream',
          text: ['Rewriting.'],
          // LF content for a CRLF file: written in the file's CRLF, so the diff shows only what changed
          toolCalls: [{ id: 'c1', name: 'write_file', arguments: JSON.stringify({ path: 'src/app.ts', content: 'export function add(a: number, b: number): number {\n\treturn a + b;\n}\n', base_hash: baseHash }) }],
        },
        { kind: 'stream', text: ['Done.'] },
      );

    it('--propose prints the rewrite as a diff; --apply writes it', async () => {
      rewriteScript(textHash(APP));
      const proposed = await run('--propose');
      assert.equal(proposed.code, 0, proposed.err);
      assert.match(proposed.out, /--- a\/src\/app\.ts\n\+\+\+ b\/src\/app\.ts\n@@ -1,3 \+1,3 @@\n-export function add\(a: number, b: number\) \{\r\n\+export function add\(a: number, b: number\): number \{\r\n \treturn a \+ b;\r\n \}\r\n/);
      assert.equal(readFileSync(path.join(workspace.root, 'src/app.ts'), 'utf8'), APP);
      rewriteScript(textHash(APP));
      const applied = await run('--apply');
      assert.equal(applied.code, 0, applied.err);
      assert.equal(readFileSync(path.join(workspace.root, 'src/app.ts'), 'utf8'), 'export function add(a: number, b: number): number {\r\n\treturn a + b;\r\n}\r\n');
      assert.match(applied.out, /modified src\/app\.ts \(\+1 −1\)\n$/);
    });

    it('a stale base_hash is refused and nothing is written', async () => {
      rewriteScript(textHash('an older text\n'));
      const result = await run('--apply');
      assert.equal(readFileSync(path.join(workspace.root, 'src/app.ts'), 'utf8'), APP);
      assert.match(result.err, /the file changed since you read it/);
      assert.match(result.err, /No edits were proposed\./);
    });
  });

  describe('sensitive files', () => {
    const WORKFLOW = 'on: push\njobs: {}\n';
    const sensitiveScript = () => {
      workspace.write('.github/workflows/ci.yml', WORKFLOW);
      workspace.write('src/a.ts', 'export const a = 1;\n');
      fake.enqueue(
        {
          kind: 'stream',
          text: ['Editing.'],
          toolCalls: [
            { id: 'c1', name: 'replace_in_file', arguments: JSON.stringify({ path: '.github/workflows/ci.yml', edits: [{ old_string: 'on: push', new_string: 'on: [push, pull_request]', expected_occurrences: null }], base_hash: null }) },
            { id: 'c2', name: 'replace_in_file', arguments: JSON.stringify({ path: 'src/a.ts', edits: [{ old_string: 'a = 1', new_string: 'a = 2', expected_occurrences: null }], base_hash: null }) },
          ],
        },
        { kind: 'stream', text: ['Done.'] },
      );
    };

    it('--apply writes the ordinary edit, skips the workflow and says why (exit 0: skipping is not a failure)', async () => {
      sensitiveScript();
      const result = await run('--apply');
      assert.equal(result.code, 0, result.err);
      assert.equal(readFileSync(path.join(workspace.root, '.github/workflows/ci.yml'), 'utf8'), WORKFLOW);
      assert.equal(readFileSync(path.join(workspace.root, 'src/a.ts'), 'utf8'), 'export const a = 2;\n');
      assert.match(result.out, /modified src\/a\.ts \(\+1 −1\)\n$/);
      assert.doesNotMatch(result.out, /ci\.yml/);
      assert.match(result.err, /skipped \(sensitive\) \.github\/workflows\/ci\.yml: runs in CI \(GitHub Actions workflow\); pass --include-sensitive to write it\n/);
    });

    it('--apply --include-sensitive writes both', async () => {
      sensitiveScript();
      const result = await run('--apply', '--include-sensitive');
      assert.equal(result.code, 0, result.err);
      assert.equal(readFileSync(path.join(workspace.root, '.github/workflows/ci.yml'), 'utf8'), 'on: [push, pull_request]\njobs: {}\n');
      assert.equal(readFileSync(path.join(workspace.root, 'src/a.ts'), 'utf8'), 'export const a = 2;\n');
      assert.match(result.out, /modified \.github\/workflows\/ci\.yml \(\+1 −1\)\nmodified src\/a\.ts \(\+1 −1\)\n$/);
      assert.doesNotMatch(result.err, /skipped/);
    });

    it('--propose marks the sensitive file; --include-sensitive without --apply is refused', async () => {
      sensitiveScript();
      const result = await run('--propose');
      assert.equal(result.code, 0, result.err);
      assert.match(result.err, /sensitive: \.github\/workflows\/ci\.yml: runs in CI \(GitHub Actions workflow\) \(--apply writes it only with --include-sensitive\)\n/);
      const refused = await run('--propose', '--include-sensitive');
      assert.equal(refused.code, 2);
      assert.match(refused.err, /--include-sensitive goes with --apply/);
    });
  });

  it('refuses --propose with --apply together', async () => {
    const result = await run('--propose', '--apply');
    assert.equal(result.code, 2);
    assert.match(result.err, /choose --propose or --apply, not both/);
  });
});
