import * as vscode from 'vscode';
import { ChatSession } from './chat/session';
import { buildSnapshot } from './context/snapshot';
import { resolveProvider } from './providers/factory';
import { ChatViewProvider } from './view/chatViewProvider';
import { createApiKeyStore, resolveApiKey } from './vscode/apiKeys';
import { CHAT_VIEW_ID } from './common/ids';
import { registerCommands } from './vscode/commands';
import { readSettings } from './vscode/configuration';
import { createOutputLogger } from './vscode/logger';
import { workspaceRoots } from './vscode/workspaceRoots';

/** What `activate` returns: the conversation, for other extensions and for the integration tests. */
export interface GrokContextApi {
  session: ChatSession;
}

export function activate(context: vscode.ExtensionContext): GrokContextApi {
  const logger = createOutputLogger();
  const keys = createApiKeyStore(context.secrets);
  const session = new ChatSession({
    logger,
    async createProvider() {
      const settings = readSettings();
      return resolveProvider(settings, await resolveApiKey(keys, settings.provider));
    },
    buildContext: (signal) => buildSnapshot(workspaceRoots(), { maxContextTokens: readSettings().maxContextTokens }, signal),
  });
  const chatView = new ChatViewProvider(context.extensionUri, session, logger);
  context.subscriptions.push(
    logger,
    { dispose: () => session.dispose() },
    chatView,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, chatView),
    ...registerCommands(session, keys, logger),
  );
  logger.info(`Grok Context ${context.extension.packageJSON.version as string} activated.`);
  return { session };
}

export function deactivate(): void {}
