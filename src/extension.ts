import * as vscode from 'vscode';
import { ConversationStore } from './chat/conversationStore';
import { contextSummaryCost } from './chat/costCalibration';
import { ChatSession } from './chat/session';
import { CHAT_VIEW_ID, CONTEXT_VIEW_ID } from './common/ids';
import { resolveProvider } from './providers/factory';
import { ChatViewProvider } from './view/chatViewProvider';
import { createApiKeyStore, resolveApiKey } from './vscode/apiKeys';
import { registerCommands } from './vscode/commands';
import { readSettings, setConfigurationLogger } from './vscode/configuration';
import { registerContextCommands } from './vscode/contextCommands';
import { ContextService } from './vscode/contextService';
import { conversationFolder } from './vscode/conversationFolder';
import { createContextStatusBar } from './vscode/contextStatusBar';
import { ContextTreeProvider } from './vscode/contextTree';
import { registerEdits } from './vscode/edits/registerEdits';
import { GrokCodeActions, registerEditorCommands } from './vscode/edits/editorCommands';
import { createOutputLogger } from './vscode/logger';
import { markPastSteps, markStepDone } from './vscode/walkthrough';
import type { EditProposals } from './edits/proposals';

/** What `activate` returns: the conversation and the context, for other extensions and for the integration tests. */
export interface GrokContextApi {
  session: ChatSession;
  context: ContextService;
  edits: EditProposals;
  conversations: ConversationStore;
}

export function activate(extension: vscode.ExtensionContext): GrokContextApi {
  const logger = createOutputLogger();
  setConfigurationLogger(logger);
  const keys = createApiKeyStore(extension.secrets);
  const context = new ContextService(extension.extensionUri, extension.workspaceState, extension.globalState, logger, extension.globalStorageUri.fsPath);
  const edits = registerEdits(context, logger);
  const conversations = new ConversationStore({
    directory: conversationFolder(extension),
    logger,
    maxBytes: () => readSettings().conversationStorageMB * 1024 * 1024,
  });
  const session = new ChatSession({
    logger,
    context,
    onPromptTokens: (model, reported, counted) => void context.recordPromptTokens(model, reported, counted),
    onUsage: (model, price, usage) => void context.recordBilledCost(model, price, usage),
    estimateContext: (price, model, request) => contextSummaryCost(price, request, context.costCalibration(), model),
    window: () => {
      const settings = readSettings();
      return { maxContextTokens: settings.maxContextTokens, modelContextWindow: settings.modelContextWindow };
    },
    proposals: edits.proposals,
    expandPathsWithModel: () => readSettings().expandPathsWithModel,
    tools: { runner: edits.runner, maxRounds: () => readSettings().maxToolRounds },
    persist: (conversation) => void conversations.save(conversation),
    async createProvider() {
      const settings = readSettings();
      return resolveProvider(settings, await resolveApiKey(keys, settings.provider));
    },
  });
  const chatView = new ChatViewProvider(extension.extensionUri, { session, logger, edits: edits.applier, conversations, context });
  // the window was reloaded: continue the most recent conversation of this workspace (after moving those an older
  // version kept in workspace state into files, once); an unreadable one is skipped for the next
  void (async () => {
    await conversations.migrateFromWorkspaceState(extension.workspaceState);
    for (const summary of conversations.list()) {
      const stored = await conversations.get(summary.id);
      if (!stored) continue;
      if (!session.busy && session.view().turns.length === 0) await session.load(stored);
      return;
    }
  })().catch((error: unknown) => logger.error(`Could not restore the last conversation: ${error instanceof Error ? error.message : String(error)}`));
  const contextTree = new ContextTreeProvider(context, () => {
    const budget = session.budgetView();
    return budget && { tokens: budget.history, share: budget.historyShare, lastCompacted: budget.lastCompacted };
  });
  // an answer ended (or a conversation was switched): the history line of the Context view moved
  const historyChanged = session.onMessage((message) => {
    if ((message.type === 'busy' && !message.busy) || message.type === 'snapshot') contextTree.refresh();
    if (message.type === 'turnUpdated' && message.patch.status === 'done') markStepDone('answered');
  });
  void markPastSteps(keys);
  const contextView = vscode.window.createTreeView(CONTEXT_VIEW_ID, { treeDataProvider: contextTree, showCollapseAll: true });
  extension.subscriptions.push(
    logger,
    context,
    { dispose: () => session.dispose() },
    chatView,
    contextTree,
    historyChanged,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, chatView),
    contextView,
    contextView.onDidChangeVisibility(() => {
      if (contextView.visible) context.ensureLive();
    }),
    createContextStatusBar(context),
    ...registerCommands(session, keys, logger),
    ...registerContextCommands(context, contextTree),
    ...edits.disposables,
    ...registerEditorCommands(session),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new GrokCodeActions(), { providedCodeActionKinds: GrokCodeActions.kinds }),
  );
  // Nothing is scanned here: activation alone (a command, a view's restore) reads no files. The scan starts when the
  // Chat or Context view is shown or a command needs a plan; see ContextService.ensureLive.
  if (contextView.visible) context.ensureLive();
  logger.info(`Grok Context ${extension.extension.packageJSON.version as string} activated.`);
  return { session, context, edits: edits.proposals, conversations };
}

export function deactivate(): void {}
