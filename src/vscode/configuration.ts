import * as vscode from 'vscode';
import { EXTENSION_ID } from '../common/ids';
import { SETTINGS_SECTION, SETTING_DEFAULTS, normalizeSettings, type Settings } from '../common/settings';

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const raw: Partial<Record<keyof Settings, unknown>> = {};
  for (const key of Object.keys(SETTING_DEFAULTS) as (keyof Settings)[]) raw[key] = config.get(key);
  return normalizeSettings(raw);
}

export function openSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
}
