/** Wires the model's edits into VS Code: the proposals, the diff review, CodeLens, the lightbulb and the commands. */
import * as vscode from 'vscode';
import { ToolRunner, toolFilesFromPlan, type ToolWorkspace } from '../../chat/toolRunner';
import { COMMANDS } from '../../common/ids';
import type { Logger } from '../../common/logger';
import { EditProposals } from '../../edits/proposals';
import { readSettings } from '../configuration';
import type { ContextService } from '../contextService';
import { workspaceRoots } from '../workspaceRoots';
import { EditApplier } from './editApplier';
import { EditLensProvider } from './editLenses';
import { PROPOSED_SCHEME, ProposedContentProvider, proposalIdOf, reviewProposal } from './editReview';

function toolWorkspace(context: ContextService, applier: EditApplier): ToolWorkspace {
  return {
    roots: workspaceRoots,
    maxFileBytes: () => readSettings().maxFileBytes,
    async collected(_signal, fresh) {
      // fresh: a file on disk that the last listing lacks (created moments ago, before the watcher reported it)
      if (fresh) await context.rescan();
      return toolFilesFromPlan(context.current ?? (await context.updateLivePlan()));
    },
    secretCheck: (path, text, signal) => context.secretCheck(path, text, signal),
    unsavedText(absolute) {
      const document = applier.openDocument(absolute);
      return document?.isDirty ? document.getText() : undefined;
    },
  };
}

/** The id a command was given: a proposal id, or the URI of a proposal's document (the diff editor's title buttons). */
function idOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (argument instanceof vscode.Uri) return proposalIdOf(argument);
  return proposalIdOf(vscode.window.activeTextEditor?.document.uri);
}

async function report(action: Promise<{ skipped: Array<{ reason: string }>; cancelled?: boolean }>): Promise<void> {
  const outcome = await action;
  // declined in the confirmation dialog: the user knows, nothing to warn about
  if (outcome.skipped.length && !outcome.cancelled) void vscode.window.showWarningMessage(`Grok Context: ${outcome.skipped.map((item) => item.reason).join(' ')}`);
}

export function registerEdits(context: ContextService, logger: Logger): { proposals: EditProposals; applier: EditApplier; runner: ToolRunner; disposables: vscode.Disposable[] } {
  const proposals = new EditProposals(() => ({ fuzzyThreshold: readSettings().fuzzyMatchThreshold }));
  const applier = new EditApplier(proposals, logger);
  const runner = new ToolRunner({
    workspace: toolWorkspace(context, applier),
    proposals,
    // read per call, so turning auto-apply on or off takes effect on the next edit
    autoApply: {
      enabled: () => readSettings().autoApplyEdits,
      apply: async (proposal) => (await applier.accept([proposal.id])).skipped[0]?.reason,
    },
  });
  const content = new ProposedContentProvider(proposals);
  const lenses = new EditLensProvider(proposals);
  const closeReview = async (id: string) => {
    for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
      if (tab.input instanceof vscode.TabInputTextDiff && proposalIdOf(tab.input.modified) === id) await vscode.window.tabGroups.close(tab);
    }
  };
  const pendingHunkActions: vscode.CodeActionProvider = {
    provideCodeActions(document, range) {
      const at = lenses.hunkAt(document, range.start);
      if (!at) return [];
      const accept = new vscode.CodeAction("Accept Grok's change", vscode.CodeActionKind.QuickFix);
      accept.command = { command: COMMANDS.acceptHunk, title: accept.title, arguments: [at.proposal.id, at.index] };
      accept.isPreferred = true;
      const reject = new vscode.CodeAction("Reject Grok's change", vscode.CodeActionKind.QuickFix);
      reject.command = { command: COMMANDS.rejectHunk, title: reject.title, arguments: [at.proposal.id, at.index] };
      return [accept, reject];
    },
  };
  const disposables = [
    applier.accepted,
    content,
    lenses,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, content),
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lenses),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, pendingHunkActions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand(COMMANDS.reviewEdit, (id?: unknown) => {
      const chosen = idOf(id);
      return chosen ? reviewProposal(applier, chosen) : undefined;
    }),
    vscode.commands.registerCommand(COMMANDS.acceptEdit, async (id?: unknown) => {
      const chosen = idOf(id);
      if (!chosen) return;
      await report(applier.accept([chosen]));
      if (proposals.get(chosen)?.status === 'accepted') await closeReview(chosen);
    }),
    vscode.commands.registerCommand(COMMANDS.rejectEdit, async (id?: unknown) => {
      const chosen = idOf(id);
      if (!chosen) return;
      applier.reject([chosen]);
      await closeReview(chosen);
    }),
    vscode.commands.registerCommand(COMMANDS.undoEdit, async (id?: unknown) => {
      if (typeof id !== 'string') return;
      const failure = await applier.accepted.undo(id);
      if (failure) void vscode.window.showWarningMessage(`Grok Context: ${failure}`);
    }),
    vscode.commands.registerCommand(COMMANDS.acceptAllEdits, async () => {
      const outcome = applier.accept([]);
      await report(outcome);
      for (const id of (await outcome).applied) await closeReview(id);
    }),
    vscode.commands.registerCommand(COMMANDS.rejectAllEdits, async () => {
      const ids = proposals.pending().map((proposal) => proposal.id);
      applier.reject(ids);
      for (const id of ids) await closeReview(id);
    }),
    vscode.commands.registerCommand(COMMANDS.acceptHunk, async (id: unknown, index: unknown) => {
      if (typeof id !== 'string' || typeof index !== 'number') return;
      const failure = await applier.acceptHunk(id, index);
      if (failure) void vscode.window.showWarningMessage(`Grok Context: ${failure}`);
    }),
    vscode.commands.registerCommand(COMMANDS.rejectHunk, (id: unknown, index: unknown) => {
      if (typeof id === 'string' && typeof index === 'number') proposals.rejectHunk(id, index);
    }),
  ];
  return { proposals, applier, runner, disposables };
}
