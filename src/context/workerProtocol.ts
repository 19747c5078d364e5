/** Messages between the extension host and the context worker thread, correlated by id; any request can be cancelled. */
import type { Baseline, Changes, ContextPlan, FullManifestEntry, PlanRequest } from './model';
import type { ScanOptions } from './scan';

export interface WorkerCalls {
  configure: { params: ScanOptions; result: void };
  scan: { params: void; result: { fileCount: number; usedGit: boolean; milliseconds: number } };
  /** Workspace-relative paths that changed on disk; `rescan` lists the workspace again (new files, ignore rules). */
  refresh: { params: { paths: string[]; rescan: boolean }; result: { rescanned: boolean } };
  plan: { params: PlanRequest; result: ContextPlan };
  changes: { params: { baseline: Baseline; include?: string[]; pinned?: string[] }; result: Changes };
  manifest: { params: void; result: FullManifestEntry[] };
  /** Why this text of a file must not reach the model (secretlint, cached by content hash), or undefined. */
  secretCheck: { params: { path: string; text: string }; result: string | undefined };
  /** o200k counts of texts (the conversation's history), off the host's main thread. */
  countTokens: { params: { texts: string[] }; result: number[] };
}

export type CallName = keyof WorkerCalls;

/**
 * What a call is doing while it runs, sent by the worker a few times a second (and `queued` by the client while an
 * earlier call still holds the worker), so the chat can say what it waits for.
 *   listing: the workspace's files are being listed; reading: `done` of `total` candidate files read, counted and
 *   vetted, `secretScans` of them scanned by secretlint so far; changes: looking for changes since a snapshot.
 */
export interface ContextProgress {
  phase: 'queued' | 'listing' | 'reading' | 'changes';
  done?: number;
  total?: number;
  secretScans?: number;
}

export type WorkerRequest =
  | { kind: 'call'; id: number; name: CallName; params: unknown }
  | { kind: 'cancel'; id: number };

export type WorkerResponse =
  | { id: number; progress: ContextProgress }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string; cancelled: boolean };
