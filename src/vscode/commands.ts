import * as vscode from 'vscode';
import { CHAT_VIEW_ID, COMMANDS } from '../common/ids';
import type { Logger } from '../common/logger';
import type { ChatSession } from '../chat/session';
import { PRESETS } from '../providers/presets';
import type { ApiKeyStore } from './apiKeys';
import { openSettings, readSettings } from './configuration';


/**
 * Asks for the current provider's key in a password box and stores it in SecretStorage. An empty answer
 * removes the stored key. `keyForAutomation` lets tests and other extensions skip the prompt.
 */
async function setApiKey(keys: ApiKeyStore, logger: Logger, keyForAutomation?: unknown): Promise<boolean> {
  const provider = readSettings().provider;
  const preset = PRESETS[provider];
  const entered =
    typeof keyForAutomation === 'string'
      ? keyForAutomation
      : await vscode.window.showInputBox({
          title: `Grok Context: ${preset.label} API key`,
          prompt: `${preset.keyHelp}. Stored in VS Code's secret storage; leave empty to remove the stored key.`,
          password: true,
          ignoreFocusOut: true,
          placeHolder: 'API key',
        });
  if (entered === undefined) return false;
  const key = entered.trim();
  if (key === '') {
    await keys.delete(provider);
    logger.info(`Removed the stored ${preset.label} key.`);
    void vscode.window.showInformationMessage(`Grok Context: removed the stored ${preset.label} key.`);
    return true;
  }
  await keys.set(provider, key);
  logger.info(`Stored a ${preset.label} key (${key.length} characters).`);
  void vscode.window.showInformationMessage(`Grok Context: ${preset.label} key saved in secret storage.`);
  return true;
}

export function registerCommands(session: ChatSession, keys: ApiKeyStore, logger: Logger): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.newChat, async () => {
      await session.reset();
      await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    }),
    vscode.commands.registerCommand(COMMANDS.setApiKey, (key?: unknown) => setApiKey(keys, logger, key)),
    vscode.commands.registerCommand(COMMANDS.openSettings, () => openSettings()),
  ];
}
