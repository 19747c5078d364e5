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

export type WorkerRequest =
  | { kind: 'call'; id: number; name: CallName; params: unknown }
  | { kind: 'cancel'; id: number };

export type WorkerResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string; cancelled: boolean };
