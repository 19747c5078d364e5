/** The chat's ports over a context engine in this process (the command line, and tests): context and tools. */
import type { ContextPort } from '../chat/snapshot';
import type { ToolWorkspace } from '../chat/toolRunner';
import { toolFilesFromPlan } from '../chat/toolRunner';
import type { ContextEngine } from '../context/engine';
import type { WorkspaceRoot } from '../context/scan';
import { countTokens } from '../context/tokens';

/** The user's choices the tools honour (the CLI has none; tests set them): the budget the listing is planned with,
 *  pins, and explicit includes, the only consent to let a secret through. */
export interface EngineToolOptions {
  maxContextTokens?: number;
  include?: readonly string[];
  pinned?: readonly string[];
}

export function engineToolWorkspace(engine: ContextEngine, roots: readonly WorkspaceRoot[], maxFileBytes: number, options: EngineToolOptions = {}): ToolWorkspace {
  // Nothing is written while the command runs (edits are applied at the end), so one listing serves every call
  // unless a file turns up that it does not know.
  let files: ReturnType<ToolWorkspace['collected']> | undefined;
  const request = { maxContextTokens: options.maxContextTokens ?? 1_000_000, include: options.include, pinned: options.pinned };
  const included = new Set(options.include ?? []);
  return {
    roots: () => roots,
    maxFileBytes: () => maxFileBytes,
    collected(signal, fresh) {
      if (fresh) files = engine.scan(signal).then(() => engine.plan(request, signal).then(toolFilesFromPlan));
      files ??= engine.plan(request, signal).then(toolFilesFromPlan);
      return files;
    },
    async secretCheck(path, text) {
      return included.has(path) ? undefined : engine.secretReason(path, text);
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
    async countTokens(texts) {
      return texts.map((text) => countTokens(text));
    },
  };
}
