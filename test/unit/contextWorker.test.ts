// The worker thread the extension host uses, built by esbuild (dist/contextWorker.js), driven through its client.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ContextCancelledError, ContextWorkerClient } from '../../src/context/workerClient';
import { git } from '../support/gitRepo';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

const WORKER = path.resolve(__dirname, '../../dist/contextWorker.js');

describe('context worker thread', () => {
  let ws: TempWorkspace;
  let client: ContextWorkerClient;
  before(() => {
    ws = createTempWorkspace(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`src/f${i}.ts`, `export const v${i} = ${i};\n`])));
    git(ws.root, 'init', '-q');
  });
  after(() => ws.remove());
  beforeEach(() => (client = new ContextWorkerClient(WORKER)));
  afterEach(() => client.dispose());

  it('scans, plans and refreshes off the main thread', async () => {
    await client.call('configure', { roots: [{ name: 'ws', path: ws.root }], maxFileBytes: 1 << 20, exclude: [] });
    const scan = await client.call('scan', undefined);
    assert.equal(scan.fileCount, 300);
    assert.equal(scan.usedGit, true);
    const plan = await client.call('plan', { maxContextTokens: 1_000_000 });
    assert.equal(plan.files.length, 300);
    ws.write('src/f7.ts', 'export const v7 = "changed";\n');
    assert.deepEqual(await client.call('refresh', { paths: ['src/f7.ts'], rescan: false }), { rescanned: false });
    const again = await client.call('plan', { maxContextTokens: 1_000_000 });
    assert.match(again.text, /v7 = "changed"/);
  });

  it('reports errors as rejections and cancellation as ContextCancelledError', async () => {
    await assert.rejects(client.call('plan', { maxContextTokens: 1000 }), /not configured/);
    await client.call('configure', { roots: [{ name: 'ws', path: ws.root }], maxFileBytes: 1 << 20, exclude: [] });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(client.call('scan', undefined, controller.signal), ContextCancelledError);
    const slow = new AbortController();
    const scanning = client.call('scan', undefined, slow.signal);
    slow.abort();
    // either the abort arrived in time, or the scan had already finished: never a hang or another error
    await scanning.then((result) => assert.equal(result.fileCount, 300), (error) => assert.ok(error instanceof ContextCancelledError));
  });

  it('a worker that dies says so and refuses later calls at once instead of hanging', async () => {
    let heard!: (error: Error) => void;
    const exit = new Promise<Error>((resolve) => (heard = resolve));
    const dying = new ContextWorkerClient(WORKER, heard);
    await dying.call('configure', { roots: [{ name: 'ws', path: ws.root }], maxFileBytes: 1 << 20, exclude: [] });
    // simulate a crash from outside: the worker thread goes away
    await (dying as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    assert.match((await exit).message, /context worker stopped/);
    await assert.rejects(dying.call('plan', { maxContextTokens: 1000 }), /context worker stopped/);
  });
});
