/** The host side of the context worker: typed calls returning promises, cancelled through an AbortSignal. */
import { Worker } from 'node:worker_threads';
import type { CallName, WorkerCalls, WorkerResponse } from './workerProtocol';

export class ContextCancelledError extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'ContextCancelledError';
  }
}

export class ContextWorkerClient {
  private readonly worker: Worker;
  private nextId = 1;
  /** Set once the worker has stopped: later calls fail at once instead of waiting for an answer that cannot come. */
  private stopped: Error | undefined;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  /** `script` is the bundled worker (dist/contextWorker.js); `onExit` hears when it stops unexpectedly (a crash, memory). */
  constructor(script: string, private readonly onExit?: (error: Error) => void) {
    this.worker = new Worker(script);
    this.worker.on('message', (response: WorkerResponse) => {
      const call = this.pending.get(response.id);
      if (!call) return;
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

  call<N extends CallName>(name: N, params: WorkerCalls[N]['params'], signal?: AbortSignal): Promise<WorkerCalls[N]['result']> {
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
      const onAbort = () => this.worker.postMessage({ kind: 'cancel', id });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value as WorkerCalls[N]['result']);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      this.worker.postMessage({ kind: 'call', id, name, params });
    });
  }

  private failAll(error: Error): void {
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
  }

  async dispose(): Promise<void> {
    this.stopped ??= new Error('The context worker was disposed.');
    await this.worker.terminate();
  }
}
