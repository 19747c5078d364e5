// The worker thread the extension host uses, bundled by esbuild from the current source in before() (never a stale
// dist/ build), driven through its client.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { ContextCancelledError, ContextWorkerClient } from '../../src/context/workerClient';
import type { ContextProgress } from '../../src/context/workerProtocol';
import { git } from '../support/gitRepo';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The worker with a listener added after its own: when it sees a `cancel`, the worker has already aborted that call,
 * and it says so to the test (id -1, which the client ignores). This is how the test knows the order, without waiting.
 */
const OBSERVER = `import ${JSON.stringify(path.join(ROOT, 'src/context/worker.ts'))};
import { parentPort } from 'node:worker_threads';
parentPort!.on('message', (request: { kind: string; id: number }) => {
  if (request.kind === 'cancel') parentPort!.postMessage({ id: -1, ok: true, value: { cancelSeen: request.id } });
});
`;

/**
 * A \`git\` that waits at a named pipe until the test writes to it (then runs the real git): a scan started while the pipe
 * exists cannot finish before the test says so. Once the pipe is gone, it is plain git.
 */
function gitGate(dir: string): { bin: string; pipe: string } {
  const bin = path.join(dir, 'bin');
  const pipe = path.join(dir, 'gate');
  mkdirSync(bin);
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(path.join(bin, 'git'), `#!/bin/sh\nif [ -p '${pipe}' ]; then read -r _ < '${pipe}'; fi\nexec '${realGit}' "$@"\n`);
  chmodSync(path.join(bin, 'git'), 0o755);
  return { bin, pipe };
}

/** Lets every git held at the gate go, and the ones after it straight through. */
async function openGate(pipe: string): Promise<void> {
  const writer = await open(pipe, 'w'); // meets the waiting git's reader
  rmSync(pipe);
  await writer.write('go\n');
  await writer.close();
}

/** After a failure: frees a writer or reader still blocked on the pipe, so nothing hangs the test run. */
function unblock(pipe: string): void {
  if (!existsSync(pipe)) return;
  closeSync(openSync(pipe, constants.O_RDWR | constants.O_NONBLOCK));
  rmSync(pipe, { force: true });
}

/** A client whose worker (and the git it runs) sees `bin` first on its PATH: a worker copies the environment when it starts. */
function clientWithPath(script: string, bin: string): ContextWorkerClient {
  const saved = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${saved}`;
  try {
    return new ContextWorkerClient(script);
  } finally {
    process.env.PATH = saved;
  }
}

describe('context worker thread', () => {
  let ws: TempWorkspace;
  let client: ContextWorkerClient;
  let out: string;
  let workerScript: string;
  let observedWorker: string;
  before(async () => {
    ws = createTempWorkspace(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`src/f${i}.ts`, `export const v${i} = ${i};\n`])));
    git(ws.root, 'init', '-q');
    out = mkdtempSync(path.join(tmpdir(), 'grok-worker-test-'));
    writeFileSync(path.join(out, 'observedWorker.ts'), OBSERVER);
    // As esbuild.js bundles dist/contextWorker.js, from the source as it is now.
    await build({
      entryPoints: { contextWorker: path.join(ROOT, 'src/context/worker.ts'), observedWorker: path.join(out, 'observedWorker.ts') },
      outdir: out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
    });
    workerScript = path.join(out, 'contextWorker.js');
    observedWorker = path.join(out, 'observedWorker.js');
  });
  after(() => {
    ws.remove();
    rmSync(out, { recursive: true, force: true });
  });
  beforeEach(() => (client = new ContextWorkerClient(workerScript)));
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
  });

  it('a call cancelled while it waits behind another never runs; the one before it finishes unharmed', async () => {
    const gate = gitGate(out);
    execFileSync('mkfifo', [gate.pipe]);
    const gated = clientWithPath(observedWorker, gate.bin);
    try {
      await gated.call('configure', { roots: [{ name: 'ws', path: ws.root }], maxFileBytes: 1 << 20, exclude: [] });
      const cancelSeen = new Promise<number>((resolve) =>
        (gated as unknown as { worker: Worker }).worker.on('message', (message: { id: number; value?: { cancelSeen: number } }) => {
          if (message.id === -1) resolve(message.value!.cancelSeen);
        }),
      );
      let firstSettled = false;
      const first = gated.call('scan', undefined).finally(() => (firstSettled = true));
      const controller = new AbortController();
      const second = gated.call('scan', undefined, controller.signal).then(
        () => 'ran',
        (error: unknown) => error,
      );
      controller.abort();
      await cancelSeen; // the worker has aborted the second call, which is still queued behind the first
      assert.equal(firstSettled, false, 'the first scan is held at the gate');
      await openGate(gate.pipe);
      assert.equal((await first).fileCount, 300);
      assert.ok((await second) instanceof ContextCancelledError, `the cancelled call did not run: ${String(await second)}`);
      assert.equal((await gated.call('plan', { maxContextTokens: 1_000_000 })).files.length, 300, 'the worker carries on');
    } finally {
      unblock(gate.pipe);
      await gated.dispose();
      rmSync(gate.bin, { recursive: true, force: true });
    }
  });

  it('Stop settles a call at once while the worker is still busy with it; the worker finishes and carries on', async () => {
    const gate = gitGate(out);
    execFileSync('mkfifo', [gate.pipe]);
    const gated = clientWithPath(workerScript, gate.bin);
    try {
      await gated.call('configure', { roots: [{ name: 'ws', path: ws.root }], maxFileBytes: 1 << 20, exclude: [] });
      const heard: ContextProgress[] = [];
      let listing!: () => void;
      const listingHeard = new Promise<void>((resolve) => (listing = resolve));
      const controller = new AbortController();
      let outcome: unknown = 'pending';
      const scan = gated
        .call('scan', undefined, controller.signal, (progress) => {
          heard.push(progress);
          if (progress.phase === 'listing') listing();
        })
        .then(
          () => (outcome = 'answered'),
          (error: unknown) => (outcome = error),
        );
      await listingHeard; // the worker is inside the scan, held at the gate
      const queued: ContextProgress[] = [];
      const plan = gated.call('plan', { maxContextTokens: 1_000_000 }, undefined, (progress) => queued.push(progress));
      assert.deepEqual(queued, [{ phase: 'queued' }], 'a call behind a busy worker says it waits');
      controller.abort();
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(outcome instanceof ContextCancelledError, `the stopped call settled at once, with the worker still held: ${String(outcome)}`);
      await openGate(gate.pipe);
      await scan;
      const planned = await plan;
      assert.equal(planned.files.length, 300, 'the worker finished the abandoned scan and planned after it');
      assert.ok(
        queued.some((progress) => progress.phase === 'reading' && progress.total === 300),
        `the plan reported its reading progress: ${JSON.stringify(queued)}`,
      );
      assert.deepEqual(heard, [{ phase: 'listing' }]);
    } finally {
      unblock(gate.pipe);
      await gated.dispose();
      rmSync(gate.bin, { recursive: true, force: true });
    }
  });

  it('a worker that dies says so and refuses later calls at once instead of hanging', async () => {
    let heard!: (error: Error) => void;
    const exit = new Promise<Error>((resolve) => (heard = resolve));
    const dying = new ContextWorkerClient(workerScript, heard);
    await dying.call('configure', { roots: [{ name: 'ws', path: ws.root }], maxFileBytes: 1 << 20, exclude: [] });
    // simulate a crash from outside: the worker thread goes away
    await (dying as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    assert.match((await exit).message, /context worker stopped/);
    await assert.rejects(dying.call('plan', { maxContextTokens: 1000 }), /context worker stopped/);
  });
});
