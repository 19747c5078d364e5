import * as vscode from 'vscode';
import { EXTENSION_ID } from '../common/ids';
import { PRESETS } from '../providers/presets';
import { SETTINGS_SECTION, SETTING_DEFAULTS, normalizeSettings, type Settings } from '../common/settings';

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const raw: Partial<Record<keyof Settings, unknown>> = {};
  for (const key of Object.keys(SETTING_DEFAULTS) as (keyof Settings)[]) raw[key] = config.get(key);
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
