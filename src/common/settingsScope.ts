/**
 * Which settings a repository may set. A cloned repository's `.vscode/settings.json` is written by whoever wrote the
 * repository: it must not choose where the stored API key and the workspace are sent, nor turn off the review of the
 * model's edits (a prompt injection in the repository could then write files unseen). These settings are read from the
 * user's own settings only; package.json declares them `"scope": "application"` and lists them under
 * `capabilities.untrustedWorkspaces.restrictedConfigurations` (a unit test keeps both in step with this list), and the
 * reader applies the same rule itself in case a host honours a workspace value anyway.
 */
import type { Settings } from './settings';

/** The settings only the user's own (application-level) settings may set: listed once, here. */
export const USER_ONLY_SETTINGS = [
  // where the key and the code go
  'provider',
  'baseUrl',
  'baseUrls',
  'cloudflareAccountId',
  'cloudflareGatewayId',
  'openaiCompatibleApi',
  // the review of edits
  'autoApplyEdits',
  'saveAfterApplyingEdits',
  // disk the extension may take in the user's profile
  'conversationStorageMB',
  // the rates the cost shown is computed at (a repository could otherwise make a 1M-token question look free)
  'pricing',
] as const satisfies readonly (keyof Settings)[];

export type UserOnlySetting = (typeof USER_ONLY_SETTINGS)[number];

export function isUserOnlySetting(key: string): key is UserOnlySetting {
  return (USER_ONLY_SETTINGS as readonly string[]).includes(key);
}

/** The levels of `WorkspaceConfiguration.inspect()` this decision looks at. */
export interface InspectedSetting {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  workspaceLanguageValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}

export interface UserLevelValue {
  /** The user's value, else the default: what the setting is, whatever the workspace says. */
  value: unknown;
  /** A workspace (or folder) value was present and is not used. */
  ignoredWorkspaceValue: boolean;
}

/** The value of a user-only setting: the user's own, else the default; never a workspace or folder value. */
export function userLevelValue(inspected: InspectedSetting | undefined): UserLevelValue {
  const fromWorkspace = [inspected?.workspaceValue, inspected?.workspaceFolderValue, inspected?.workspaceLanguageValue, inspected?.workspaceFolderLanguageValue];
  return {
    value: inspected?.globalValue !== undefined ? inspected.globalValue : inspected?.defaultValue,
    ignoredWorkspaceValue: fromWorkspace.some((value) => value !== undefined),
  };
}

/** The log line for an ignored workspace value. */
export function ignoredWorkspaceValueMessage(section: string, key: string): string {
  return `Ignored ${section}.${key} from the workspace settings: a repository cannot set it, only your user settings can (the user-level value is used).`;
}

/** Calls `warn` the first time each key is reported, and never again for that key (once per key per session). */
export function oncePerKey(warn: (key: string) => void): (key: string) => void {
  const reported = new Set<string>();
  return (key) => {
    if (reported.has(key)) return;
    reported.add(key);
    warn(key);
  };
}
