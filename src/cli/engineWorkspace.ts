/** The chat's ports over a context engine in this process (the command line, and tests): context and tools. */
import type { ContextPort } from '../chat/snapshot';
import type { ToolWorkspace } from '../chat/toolRunner';
import { toolFilesFromPlan } from '../chat/toolRunner';
import type { ContextEngine } from '../context/engine';
import type { WorkspaceRoot } from '../context/scan';

export function engineToolWorkspace(engine: ContextEngine, roots: readonly WorkspaceRoot[], maxFileBytes: number): ToolWorkspace {
  // Nothing is written while the command runs (edits are applied at the end), so one listing serves every call
  // unless a file turns up that it does not know.
  let files: ReturnType<ToolWorkspace['collected']> | undefined;
  return {
    roots: () => roots,
    maxFileBytes: () => maxFileBytes,
    collected(signal, fresh) {
      if (fresh) files = engine.scan(signal).then(() => engine.plan({ maxContextTokens: 1_000_000 }, signal).then(toolFilesFromPlan));
      files ??= engine.plan({ maxContextTokens: 1_000_000 }, signal).then(toolFilesFromPlan);
      return files;
    },
  };
}

/** The conversation's context from an engine: each question rescans (files may have changed) and plans. */
export function engineContextPort(engine: ContextEngine, maxContextTokens: number): ContextPort {
  return {
    async plan(question, signal, budget, relevant) {
      await engine.scan(signal);
      return engine.plan({ maxContextTokens, budget, question, relevant }, signal);
    },
    async changesSince(baseline, signal) {
      await engine.scan(signal);
      return engine.changesSince(baseline);
    },
  };
}
