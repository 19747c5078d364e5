import * as vscode from 'vscode';
import { CHAT_VIEW_ID, COMMANDS } from '../common/ids';
import type { Logger } from '../common/logger';
import type { ChatSession } from '../chat/session';
import { UserFacingError } from '../common/errors';
import { PROVIDER_IDS } from '../common/settings';
import { resolveProvider } from '../providers/factory';
import { PRESETS, baseUrlProblem } from '../providers/presets';
import { testConnection } from '../providers/testConnection';
import { resolveApiKey, type ApiKeyStore } from './apiKeys';
import { openSettings, readSettings } from './configuration';
import { markStepDone, openWalkthrough } from './walkthrough';


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
    const had = (await keys.get(provider)) !== undefined;
    await keys.delete(provider);
    // an endpoint that needs no key (a local server) is set up by answering with nothing
    if (!preset.needsKey) markStepDone('keySet');
    if (!had) return true;
    logger.info(`Removed the stored ${preset.label} key.`);
    void vscode.window.showInformationMessage(`Grok Context: removed the stored ${preset.label} key.`);
    return true;
  }
  await keys.set(provider, key);
  logger.info(`Stored a ${preset.label} key (${key.length} characters).`);
  markStepDone('keySet');
  void vscode.window.showInformationMessage(`Grok Context: ${preset.label} key saved in secret storage.`);
  return true;
}

/**
 * Switches provider from a quick pick, asking in the same flow for what that provider still needs (its base URL,
 * account ids, a key), then offers Test Connection. Every value is written to the user settings (a workspace cannot
 * set them). The OpenAI-compatible endpoint's URL is stored under `baseUrls["openai-compatible"]`, keyed by the preset
 * it belongs to, so the key entered next goes to that URL and no other preset's.
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
    { title: 'Grok Context: provider', placeHolder: 'Which platform should answer?', ignoreFocusOut: true },
  );
  if (!picked) return;
  const config = vscode.workspace.getConfiguration('grokContext');
  const settings = readSettings(); // the user-level values: what the picked preset will actually use
  if (picked.id === 'openai-compatible') {
    const url = await vscode.window.showInputBox({
      title: 'Grok Context: base URL of the OpenAI-compatible endpoint',
      prompt: 'Where its API lives, usually ending in /v1. Only this provider\'s key is ever sent there.',
      value: settings.baseUrls['openai-compatible'] || settings.baseUrl,
      placeHolder: 'http://localhost:8000/v1',
      ignoreFocusOut: true,
      validateInput: baseUrlProblem,
    });
    if (url === undefined) return; // cancelled: the provider stays as it was rather than one that cannot answer
    await config.update('baseUrls', { ...settings.baseUrls, 'openai-compatible': url.trim().replace(/\/+$/, '') }, vscode.ConfigurationTarget.Global);
  }
  await config.update('provider', picked.id, vscode.ConfigurationTarget.Global);
  if (picked.id.startsWith('cloudflare') && !settings.cloudflareAccountId) {
    const account = await vscode.window.showInputBox({ title: 'Cloudflare account id', ignoreFocusOut: true });
    if (account) await config.update('cloudflareAccountId', account.trim(), vscode.ConfigurationTarget.Global);
  }
  if (picked.id === 'cloudflare-ai-gateway' && !settings.cloudflareGatewayId) {
    const gateway = await vscode.window.showInputBox({ title: 'Cloudflare AI Gateway id', ignoreFocusOut: true });
    if (gateway) await config.update('cloudflareGatewayId', gateway.trim(), vscode.ConfigurationTarget.Global);
  }
  logger.info(`Provider set to ${PRESETS[picked.id].label}.`);
  markStepDone('providerChosen');
  const hasKey = Boolean(await resolveApiKey(keys, picked.id));
  if (hasKey) markStepDone('keySet');
  // the OpenAI-compatible endpoint may need a key or not: ask (an empty answer means none)
  else if (!(await setApiKey(keys, logger)) && PRESETS[picked.id].needsKey) return;
  const choice = await vscode.window.showInformationMessage(`Grok Context: ${PRESETS[picked.id].label} is set up. Try it with a one-word request?`, TEST_CONNECTION);
  if (choice === TEST_CONNECTION) await runConnectionTest(keys);
}

const TEST_CONNECTION = 'Test Connection';

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
        markStepDone('connectionTested');
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
    vscode.commands.registerCommand(COMMANDS.getStarted, () => openWalkthrough()),
  ];
}
