/** Status bar: tokens in context / budget and the estimated cost of the next question; click opens the Context view. */
import * as vscode from 'vscode';
import { COMMANDS } from '../common/ids';
import { priceFor } from '../providers/pricing';
import { statusText } from './costTooltip';
import type { ContextService } from './contextService';
import { readSettings } from './configuration';

export function createContextStatusBar(context: ContextService): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('grokContext.context', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Grok Context';
  item.command = COMMANDS.showContext;
  // Nothing is read until the context is wanted (a view shown, a command): until then the item only offers to show it.
  item.text = '$(library) Grok Context';
  item.tooltip = 'Grok Context: the workspace is read when you open the Chat or Context view. Click to see what would be sent.';
  item.show();
  const started = context.onDidStartScan(() => {
    item.text = '$(loading~spin) Grok Context';
    item.tooltip = 'Grok Context: reading the workspace…';
  });
  const subscription = context.onDidChangePlan((plan) => {
    const settings = readSettings();
    const price = priceFor(settings.model, settings.pricing);
    const { text, tooltip } = statusText({
      plan,
      window: context.budget().window,
      model: settings.model,
      price,
      providerTokens: context.providerTokens(settings.model, plan.usedTokens),
      costCalibration: context.costCalibration(),
    });
    item.text = text;
    item.tooltip = tooltip;
  });
  return vscode.Disposable.from(item, started, subscription);
}
