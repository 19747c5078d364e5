/**
 * The context worker thread: scanning, reading and token counting happen here, never on the extension host's
 * main thread (a blocked host freezes every extension). Calls run one at a time, in arrival order.
 */
import { parentPort } from 'node:worker_threads';
import { ContextEngine } from './engine';
import { countTokens } from './tokens';
import type { CallName, ContextProgress, WorkerCalls, WorkerRequest, WorkerResponse } from './workerProtocol';

const port = parentPort!;
let engine: ContextEngine | undefined;
/** The caches are written a little after the last plan, not on every one. */
let saveTimer: NodeJS.Timeout | undefined;
const SAVE_AFTER_MS = 2000;

function scheduleSave(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => engine?.saveCache(), SAVE_AFTER_MS);
  saveTimer.unref();
}
let queue: Promise<void> = Promise.resolve();
const running = new Map<number, AbortController>();
/** The call being handled, whose progress the engine reports. */
let current: number | undefined;

function reportProgress(progress: ContextProgress): void {
  if (current !== undefined) port.postMessage({ id: current, progress } satisfies WorkerResponse);
}

function requireEngine(): ContextEngine {
  if (!engine) throw new Error('The context worker was not configured.');
  return engine;
}

async function handle(name: CallName, params: unknown, signal: AbortSignal): Promise<unknown> {
  switch (name) {
    case 'configure': {
      const options = params as WorkerCalls['configure']['params'];
      if (engine) engine.updateOptions(options);
      else {
        engine = new ContextEngine(options);
        engine.onProgress = reportProgress;
      }
      return undefined;
    }
    case 'scan': {
      const started = performance.now();
      await requireEngine().scan(signal);
      return { fileCount: requireEngine().fileCount, usedGit: requireEngine().usedGit, milliseconds: Math.round(performance.now() - started) };
    }
    case 'refresh': {
      const { paths, rescan } = params as WorkerCalls['refresh']['params'];
      // A change to a file the engine does not list is a file git ignores (node_modules, build output): nothing to do.
      // New and deleted files come with `rescan`, decided by the watcher.
      if (!rescan) {
        requireEngine().refresh(paths);
        return { rescanned: false };
      }
      await requireEngine().scan(signal);
      return { rescanned: true };
    }
    case 'plan': {
      const plan = await requireEngine().plan(params as WorkerCalls['plan']['params'], signal);
      scheduleSave();
      return plan;
    }
    case 'changes': {
      const { baseline, include, pinned } = params as WorkerCalls['changes']['params'];
      return requireEngine().changesSince(baseline, { include, pinned });
    }
    case 'manifest':
      return requireEngine().manifest(signal);
    case 'countTokens':
      return (params as WorkerCalls['countTokens']['params']).texts.map((text) => countTokens(text));
    case 'secretCheck': {
      const { path, text } = params as WorkerCalls['secretCheck']['params'];
      const reason = await requireEngine().secretReason(path, text);
      scheduleSave();
      return reason;
    }
  }
}

port.on('message', (request: WorkerRequest) => {
  if (request.kind === 'cancel') {
    running.get(request.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(request.id, controller);
  queue = queue.then(async () => {
    let response: WorkerResponse;
    try {
      controller.signal.throwIfAborted();
      current = request.id;
      response = { id: request.id, ok: true, value: await handle(request.name, request.params, controller.signal) };
    } catch (error) {
      response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error), cancelled: controller.signal.aborted };
    }
    current = undefined;
    running.delete(request.id);
    port.postMessage(response);
  });
});
