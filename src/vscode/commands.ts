import * as vscode from 'vscode';
import { CHAT_VIEW_ID, COMMANDS } from '../common/ids';
import type { Logger } from '../common/logger';
import type { ChatSession } from '../chat/session';
import { UserFacingError } from '../common/errors';
import { PROVIDER_IDS } from '../common/settings';
import { resolveProvider } from '../providers/factory';
import { PRESETS } from '../providers/presets';
import { testConnection } from '../providers/testConnection';
import { resolveApiKey, type ApiKeyStore } from './apiKeys';
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

/**
 * Switches provider from a quick pick, asking for what that provider still needs (account ids, a URL, a key).
 * Every value is written to the user settings (a workspace cannot set them). No URL carries over: `baseUrl` is the
 * `openai-compatible` endpoint's alone and `baseUrls` is keyed by preset, so the picked preset's key goes to its own URL.
 */
async function selectProvider(keys: ApiKeyStore, logger: Logger): Promise<void> {
  const current = readSettings().provider;
  const picked = await vscode.window.showQuickPick(
    PROVIDER_IDS.map((id) => ({
      id,
      label: PRESETS[id].label,
      description: id === current ? 'current' : PRESETS[id].defaultModel,
      detail: PRESETS[id].keyHelp,
    })),
    { title: 'Grok Context: provider', placeHolder: 'Which platform should answer?' },
  );
  if (!picked) return;
  const config = vscode.workspace.getConfiguration('grokContext');
  await config.update('provider', picked.id, vscode.ConfigurationTarget.Global);
  const settings = readSettings(); // the user-level values: what the picked preset will actually use
  if (picked.id === 'openai-compatible' && !settings.baseUrls['openai-compatible'] && !settings.baseUrl) {
    const url = await vscode.window.showInputBox({ title: 'Base URL of the OpenAI-compatible endpoint', placeHolder: 'http://localhost:8000/v1', ignoreFocusOut: true });
    if (url) await config.update('baseUrl', url.trim(), vscode.ConfigurationTarget.Global);
  }
  if (picked.id.startsWith('cloudflare') && !settings.cloudflareAccountId) {
    const account = await vscode.window.showInputBox({ title: 'Cloudflare account id', ignoreFocusOut: true });
    if (account) await config.update('cloudflareAccountId', account.trim(), vscode.ConfigurationTarget.Global);
  }
  if (picked.id === 'cloudflare-ai-gateway' && !settings.cloudflareGatewayId) {
    const gateway = await vscode.window.showInputBox({ title: 'Cloudflare AI Gateway id', ignoreFocusOut: true });
    if (gateway) await config.update('cloudflareGatewayId', gateway.trim(), vscode.ConfigurationTarget.Global);
  }
  logger.info(`Provider set to ${PRESETS[picked.id].label}.`);
  if (PRESETS[picked.id].needsKey && !(await resolveApiKey(keys, picked.id))) await setApiKey(keys, logger);
}

async function runConnectionTest(keys: ApiKeyStore): Promise<void> {
  const settings = readSettings();
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Grok Context: testing ${PRESETS[settings.provider].label}…`, cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      try {
        const resolved = resolveProvider(settings, await resolveApiKey(keys, settings.provider));
        const result = await testConnection(resolved, controller.signal);
        void vscode.window.showInformationMessage(`Grok Context: ${resolved.label} answered with ${result.model} in ${result.milliseconds} ms.`);
      } catch (error) {
        const message = error instanceof UserFacingError ? error.message : String(error);
        const actions = error instanceof UserFacingError ? error.actions.filter((action) => action !== 'retry') : [];
        const labels = { setApiKey: 'Set API Key', openSettings: 'Open Settings' } as const;
        const choice = await vscode.window.showErrorMessage(`Grok Context: ${message}`, ...actions.map((action) => labels[action as keyof typeof labels]));
        if (choice === labels.setApiKey) await vscode.commands.executeCommand(COMMANDS.setApiKey);
        if (choice === labels.openSettings) await openSettings();
      }
    },
  );
}

export function registerCommands(session: ChatSession, keys: ApiKeyStore, logger: Logger): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.newChat, async () => {
      await session.reset();
      await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    }),
    vscode.commands.registerCommand(COMMANDS.setApiKey, (key?: unknown) => setApiKey(keys, logger, key)),
    vscode.commands.registerCommand(COMMANDS.openSettings, () => openSettings()),
    vscode.commands.registerCommand(COMMANDS.selectProvider, () => selectProvider(keys, logger)),
    vscode.commands.registerCommand(COMMANDS.testConnection, () => runConnectionTest(keys)),
  ];
}
