/**
 * The "Get started with Grok Context" walkthrough (package.json `contributes.walkthroughs`). Each step completes by
 * itself: its `completionEvents` wait on a context key that the extension sets when the user has done that step
 * (chosen a provider, set a key, passed Test Connection, had a first answer). VS Code remembers completed steps, so the
 * keys only need to become true once, in whatever window the user does it.
 */
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../common/ids';
import { SETTINGS_SECTION } from '../common/settings';
import { PRESETS } from '../providers/presets';
import { resolveApiKey, type ApiKeyStore } from './apiKeys';
import { readSettings } from './configuration';

export const WALKTHROUGH_ID = 'grokContext.start';

/** The context keys the walkthrough's steps complete on (the same names are in package.json). */
export const WALKTHROUGH_KEYS = {
  providerChosen: 'grokContext.walkthrough.providerChosen',
  keySet: 'grokContext.walkthrough.keySet',
  connectionTested: 'grokContext.walkthrough.connectionTested',
  answered: 'grokContext.walkthrough.answered',
} as const;

export type WalkthroughStep = keyof typeof WALKTHROUGH_KEYS;

export function markStepDone(step: WalkthroughStep): void {
  void vscode.commands.executeCommand('setContext', WALKTHROUGH_KEYS[step], true);
}

/** On activation: what the user did before (a provider in the user settings, a stored or exported key) counts as done. */
export async function markPastSteps(keys: ApiKeyStore): Promise<void> {
  if (vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect('provider')?.globalValue !== undefined) markStepDone('providerChosen');
  const provider = readSettings().provider;
  if (!PRESETS[provider].needsKey || (await resolveApiKey(keys, provider))) markStepDone('keySet');
}

export function openWalkthrough(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${WALKTHROUGH_ID}`, false);
}
