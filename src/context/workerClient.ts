/** The host side of the context worker: typed calls returning promises, cancelled through an AbortSignal. */
import { Worker } from 'node:worker_threads';
import type { CallName, ContextProgress, WorkerCalls, WorkerResponse } from './workerProtocol';

export class ContextCancelledError extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'ContextCancelledError';
  }
}

/** `promise`, or a ContextCancelledError as soon as `signal` aborts (the promise itself goes on). */
export function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new ContextCancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ContextCancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?(progress: ContextProgress): void;
}

export class ContextWorkerClient {
  private readonly worker: Worker;
  private nextId = 1;
  /** Set once the worker has stopped: later calls fail at once instead of waiting for an answer that cannot come. */
  private stopped: Error | undefined;
  private readonly pending = new Map<number, Pending>();
  /** Calls the worker has not answered yet, abandoned ones included (it is still busy with those). */
  private readonly unanswered = new Set<number>();

  /** `script` is the bundled worker (dist/contextWorker.js); `onExit` hears when it stops unexpectedly (a crash, memory). */
  constructor(script: string, private readonly onExit?: (error: Error) => void) {
    this.worker = new Worker(script);
    this.worker.on('message', (response: WorkerResponse) => {
      if (!('progress' in response)) this.unanswered.delete(response.id);
      const call = this.pending.get(response.id);
      if (!call) return; // abandoned by its caller
      if ('progress' in response) {
        call.onProgress?.(response.progress);
        return;
      }
      this.pending.delete(response.id);
      if (response.ok) call.resolve(response.value);
      else call.reject(response.cancelled ? new ContextCancelledError() : new Error(response.message));
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => {
      const error = new Error(`The context worker stopped (exit code ${code}).`);
      const expected = this.stopped !== undefined;
      this.stopped ??= error;
      this.failAll(error);
      if (!expected) this.onExit?.(error);
    });
  }

  /**
   * Calls the worker. An abort settles the call at once with ContextCancelledError, even while the worker is still
   * busy with it: the worker hears the cancel when it next looks, its late answer is dropped, and since it runs one
   * call at a time its own state stays whole. `onProgress` hears what the call is doing while it runs.
   */
  call<N extends CallName>(name: N, params: WorkerCalls[N]['params'], signal?: AbortSignal, onProgress?: (progress: ContextProgress) => void): Promise<WorkerCalls[N]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.stopped) {
        reject(this.stopped);
        return;
      }
      if (signal?.aborted) {
        reject(new ContextCancelledError());
        return;
      }
      const onAbort = () => {
        this.worker.postMessage({ kind: 'cancel', id });
        this.pending.get(id)?.reject(new ContextCancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const behind = this.unanswered.size > 0; // the worker runs calls in order: this one waits for those
      this.pending.set(id, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value as WorkerCalls[N]['result']);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          this.pending.delete(id);
          reject(error);
        },
        onProgress,
      });
      this.unanswered.add(id);
      this.worker.postMessage({ kind: 'call', id, name, params });
      if (behind) onProgress?.({ phase: 'queued' });
    });
  }

  private failAll(error: Error): void {
    for (const call of [...this.pending.values()]) call.reject(error);
    this.pending.clear();
    this.unanswered.clear();
  }

  async dispose(): Promise<void> {
    this.stopped ??= new Error('The context worker was disposed.');
    await this.worker.terminate();
  }
}
