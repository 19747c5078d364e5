import * as vscode from 'vscode';
import { EXTENSION_ID } from '../common/ids';
import type { Logger } from '../common/logger';
import { PRESETS } from '../providers/presets';
import { SETTINGS_SECTION, SETTING_DEFAULTS, normalizeSettings, type Settings } from '../common/settings';
import { ignoredWorkspaceValueMessage, isUserOnlySetting, oncePerKey, userLevelValue } from '../common/settingsScope';

let reportIgnored = oncePerKey(() => {});

/** Where `readSettings` says that a workspace value of a user-only setting was ignored (once per key per session). */
export function setConfigurationLogger(logger: Logger): void {
  reportIgnored = oncePerKey((key) => logger.warn(ignoredWorkspaceValueMessage(SETTINGS_SECTION, key)));
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const raw: Partial<Record<keyof Settings, unknown>> = {};
  for (const key of Object.keys(SETTING_DEFAULTS) as (keyof Settings)[]) {
    if (!isUserOnlySetting(key)) {
      raw[key] = config.get(key);
      continue;
    }
    // package.json already scopes these to the user's settings; read them from there ourselves too, whatever the host does
    const { value, ignoredWorkspaceValue } = userLevelValue(config.inspect(key));
    if (ignoredWorkspaceValue) reportIgnored(key);
    raw[key] = value;
  }
  const settings = normalizeSettings(raw);
  // Each platform names the model its own way (grok-4.3, xai/grok-4.3, x-ai/grok-4.3): unless the user chose one, use the preset's.
  const model = config.inspect<string>('model');
  const chosen = model?.workspaceFolderValue ?? model?.workspaceValue ?? model?.globalValue;
  if (!chosen) settings.model = PRESETS[settings.provider].defaultModel;
  return settings;
}

export function openSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
}
