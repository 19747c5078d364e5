/** The tools' workspace for the command line: the context engine's collected files, read from disk. */
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
