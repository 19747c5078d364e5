/** Status bar: tokens in context / budget and the estimated cost of the next question; click opens the Context view. */
import * as vscode from 'vscode';
import { COMMANDS } from '../common/ids';
import type { ContextPlan } from '../context/model';
import type { CostCalibration } from '../chat/costCalibration';
import { priceFor, type Price } from '../providers/pricing';
import { costLines } from './costTooltip';
import type { ContextService } from './contextService';
import { readSettings } from './configuration';

function compact(tokens: number): string {
  if (tokens >= 1_000_000) return `${(tokens / 1_000_000).toFixed(2)}M`;
  if (tokens >= 10_000) return `${Math.round(tokens / 1000)}K`;
  if (tokens >= 1000) return `${(tokens / 1000).toFixed(1)}K`;
  return String(tokens);
}

export function statusText(
  plan: ContextPlan,
  model: string,
  price: Price | undefined,
  providerTokens: number,
  costCalibration: CostCalibration = {},
): { text: string; tooltip: string } {
  const cost = costLines(model, price, providerTokens, costCalibration);
  const calibrated = providerTokens !== plan.usedTokens ? `\n${model} counts this as about ${providerTokens.toLocaleString('en-US')} tokens (learnt from its answers).` : '';
  const whole = plan.files.filter((file) => file.tier === 'full').length;
  const outline = plan.files.filter((file) => file.tier === 'outline').length;
  const paths = plan.files.length - whole - outline;
  return {
    text: `$(library) ${compact(plan.usedTokens)} / ${compact(plan.budget)}${cost ? ` · ${cost.short}` : ''}`,
    tooltip:
      `Grok Context: ${plan.usedTokens.toLocaleString('en-US')} of ${plan.budget.toLocaleString('en-US')} tokens ` +
      `(${whole} files whole, ${outline} as outline, ${paths} by path; ${plan.excluded.length} left out).` +
      calibrated +
      (cost ? `\n${cost.lines.join('\n')}` : '') +
      '\nClick to see what is sent.',
  };
}

export function createContextStatusBar(context: ContextService): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('grokContext.context', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Grok Context';
  item.command = COMMANDS.showContext;
  item.text = '$(loading~spin) Grok Context';
  item.tooltip = 'Grok Context: reading the workspace…';
  item.show();
  const subscription = context.onDidChangePlan((plan) => {
    const settings = readSettings();
    const price = priceFor(settings.model, settings.pricing);
    const { text, tooltip } = statusText(plan, settings.model, price, context.providerTokens(settings.model, plan.usedTokens), context.costCalibration());
    item.text = text;
    item.tooltip = tooltip;
  });
  return vscode.Disposable.from(item, subscription);
}
