/**
 * The chat's header and input helpers on the host side: provider, model and effort (read from and written to the
 * settings), the live context size, and `@file` mentions matched against the collected workspace files.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../common/ids';
import { SETTINGS_SECTION } from '../common/settings';
import { calibratedEstimate, describeFactor } from '../chat/costCalibration';
import { PRESETS } from '../providers/presets';
import { priceFor, rateFor } from '../providers/pricing';
import { exampleQuestions, largestFolders } from '../chat/exampleQuestions';
import type { HeaderView } from '../protocol/messages';
import { readSettings } from '../vscode/configuration';
import type { ContextService } from '../vscode/contextService';

export { matchMentions, mentionedPaths } from '../chat/mentions';

/** The header as it is now; `readmeTitle` (from the workspace's README) names the first example question. */
export function headerView(context: ContextService, readmeTitle?: string): HeaderView {
  const settings = readSettings();
  const plan = context.current;
  return {
    provider: PRESETS[settings.provider].label,
    model: settings.model,
    effort: settings.reasoningEffort,
    ...(plan ? { context: { tokens: plan.usedTokens, budget: plan.budget } } : {}),
    ...(plan ? firstQuestion(context, settings.model, priceFor(settings.model, settings.pricing), plan.usedTokens) : {}),
    ...(plan ? { workspace: { files: plan.files.length, examples: exampleQuestions(readmeTitle, largestFolders(plan.files)) } } : {}),
  };
}

/**
 * A first question sends the whole context uncached; the provider's count of it decides the tier it is billed at.
 * A follow-up sends the same prefix again, which the provider serves from its cache (at the same tier).
 */
function firstQuestion(context: ContextService, model: string, price: ReturnType<typeof priceFor>, counted: number): Pick<HeaderView, 'firstQuestion'> {
  const tokens = context.providerTokens(model, counted);
  const calibration = context.costCalibration();
  const estimate = calibratedEstimate(calibration, model, price, { inputTokens: tokens, cachedTokens: 0 });
  if (!estimate || !price) return {};
  const followUp = calibratedEstimate(calibration, model, price, { inputTokens: tokens, cachedTokens: tokens });
  const rate = rateFor(price, tokens);
  return {
    firstQuestion: {
      tokens,
      dollars: estimate.dollars,
      longContext: estimate.longContext,
      ...(estimate.factor ? { calibration: describeFactor(estimate.factor) } : {}),
      inputRate: rate.input,
      cachedRate: rate.cachedInput,
      ...(followUp ? { followUpDollars: followUp.dollars } : {}),
    },
  };
}

/** Where a header change is written: the workspace when it already overrides the setting, else the user settings. */
function targetFor(key: string): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect(key);
  return inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

export async function setEffort(effort: HeaderView['effort']): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('reasoningEffort', effort, targetFor('reasoningEffort'));
}

export async function pickProvider(): Promise<void> {
  await vscode.commands.executeCommand(COMMANDS.selectProvider);
}

export async function pickModel(): Promise<void> {
  const settings = readSettings();
  const preset = PRESETS[settings.provider];
  const model = await vscode.window.showInputBox({
    title: `Grok Context: model for ${preset.label}`,
    prompt: `The model id as ${preset.label} names it (default: ${preset.defaultModel}). Leave empty for the default.`,
    value: settings.model,
    ignoreFocusOut: true,
  });
  if (model === undefined) return;
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('model', model.trim() || undefined, targetFor('model'));
}

export function collectedPaths(context: ContextService): string[] {
  const plan = context.current;
  if (!plan) return [];
  return [...plan.files.map((file) => file.path), ...plan.excluded.filter((item) => item.reason === 'budget').map((item) => item.path)];
}
