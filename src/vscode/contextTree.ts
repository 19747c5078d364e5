/** The Context view: what is sent (tier, tokens, dollars) and what is left out, with the reason; pin, include, exclude, open. */
import * as vscode from 'vscode';
import { COMMANDS } from '../common/ids';
import { EXCLUSION_LABELS, type ExclusionReason } from '../context/classify';
import type { ContextPlan, Tier } from '../context/model';
import { formatDollars, inputCost, priceFor } from '../providers/pricing';
import type { ContextService } from './contextService';
import { readSettings } from './configuration';

/** Reasons the user may override by including the file (consent); the rest are facts about the file. */
const OVERRIDABLE: ReadonlySet<ExclusionReason> = new Set([
  'secret-file', 'secret-content', 'lockfile', 'minified', 'generated', 'grokignore', 'excluded-by-setting', 'excluded-by-user', 'budget',
]);
const TIER_LABEL: Record<Tier, string> = { full: 'whole', outline: 'outline', path: 'path only' };

/** The conversation history's place in the window, from the chat session (undefined before any answer). */
export interface HistoryInfo {
  /** Tokens of history the last request sent (after compaction). */
  tokens: number;
  /** The history's share of the window, in tokens: past it, earlier turns are compacted. */
  share: number;
  /** When earlier turns were last compacted (ms since the epoch). */
  lastCompacted?: number;
}

export type HistoryInfoSource = () => HistoryInfo | undefined;

export type ContextNode =
  | { kind: 'history'; info: HistoryInfo }
  | { kind: 'group'; id: 'sent' | 'excluded' }
  | { kind: 'reason'; reason: ExclusionReason; files: string[] }
  | { kind: 'file'; path: string; tier?: Tier; tokens?: number; reason?: ExclusionReason };

export class ContextTreeProvider implements vscode.TreeDataProvider<ContextNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ContextNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly context: ContextService,
    /** The conversation's history, shown as the first item; call `refresh()` when it changes (an answer ended). */
    private readonly historyInfo?: HistoryInfoSource,
  ) {
    this.subscription = context.onDidChangePlan(() => this.changed.fire(undefined));
  }

  /** Redraws the view (e.g. after an answer, when the history or its compaction changed). */
  refresh(): void {
    this.changed.fire(undefined);
  }

  private get plan(): ContextPlan | undefined {
    return this.context.current;
  }

  getChildren(node?: ContextNode): ContextNode[] {
    const plan = this.plan;
    if (!plan) return [];
    if (!node) {
      const history = this.historyInfo?.();
      return [...(history ? [{ kind: 'history' as const, info: history }] : []), { kind: 'group', id: 'sent' }, { kind: 'group', id: 'excluded' }];
    }
    if (node.kind === 'group' && node.id === 'sent') return plan.files.map((file) => ({ kind: 'file', path: file.path, tier: file.tier, tokens: file.tokens }));
    if (node.kind === 'group') {
      const byReason = new Map<ExclusionReason, string[]>();
      for (const item of plan.excluded) byReason.set(item.reason, [...(byReason.get(item.reason) ?? []), item.path]);
      return [...byReason].sort(([a], [b]) => a.localeCompare(b)).map(([reason, files]) => ({ kind: 'reason', reason, files }));
    }
    if (node.kind === 'reason') return node.files.map((file) => ({ kind: 'file', path: file, reason: node.reason }));
    return [];
  }

  getTreeItem(node: ContextNode): vscode.TreeItem {
    const plan = this.plan!;
    const settings = readSettings();
    const price = priceFor(settings.model, settings.pricing);
    if (node.kind === 'history') return historyItem(node.info);
    if (node.kind === 'group') {
      if (node.id === 'sent') {
        const cost = inputCost(price, plan.usedTokens);
        const item = new vscode.TreeItem(`Sent: ${plan.files.length} files`, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${plan.usedTokens.toLocaleString('en-US')} / ${plan.budget.toLocaleString('en-US')} tokens${cost === undefined ? '' : ` · ${formatDollars(cost)}`}`;
        return item;
      }
      return new vscode.TreeItem(`Left out: ${plan.excluded.length} files`, vscode.TreeItemCollapsibleState.Collapsed);
    }
    if (node.kind === 'reason') {
      const item = new vscode.TreeItem(EXCLUSION_LABELS[node.reason], vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${node.files.length}`;
      return item;
    }
    const pinned = this.context.overrides('pinned').includes(node.path);
    const item = new vscode.TreeItem(node.path, vscode.TreeItemCollapsibleState.None);
    item.resourceUri = fileUri(node.path);
    if (node.tier) {
      const cost = inputCost(price, node.tokens ?? 0, plan.usedTokens); // its share of the request, at the request's tier
      const dollars = cost === undefined || cost < 0.01 ? '' : ` · ${formatDollars(cost)}`; // sub-cent amounts are noise per file
      item.description = `${TIER_LABEL[node.tier]} · ${(node.tokens ?? 0).toLocaleString('en-US')} tok${dollars}${pinned ? ' · pinned' : ''}`;
      item.contextValue = pinned ? 'file-sent-pinned' : 'file-sent';
    } else {
      item.description = EXCLUSION_LABELS[node.reason!];
      item.contextValue = OVERRIDABLE.has(node.reason!) ? 'file-excluded-overridable' : 'file-excluded';
    }
    item.command = { command: COMMANDS.openContextFile, title: 'Open', arguments: [node] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** "Conversation history: 12,345 tokens of 100,000 (last compacted 14:05)", an information line. */
export function historyLabel(info: HistoryInfo): string {
  const compacted = info.lastCompacted === undefined ? '' : ` (last compacted ${clock(info.lastCompacted)})`;
  return `Conversation history: ${info.tokens.toLocaleString('en-US')} tokens of ${info.share.toLocaleString('en-US')}${compacted}`;
}

function clock(epochMs: number): string {
  const time = new Date(epochMs);
  return `${String(time.getHours()).padStart(2, '0')}:${String(time.getMinutes()).padStart(2, '0')}`;
}

function historyItem(info: HistoryInfo): vscode.TreeItem {
  const item = new vscode.TreeItem(historyLabel(info), vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon('history');
  item.tooltip = `${historyLabel(info)}. Past its share of the window, the oldest turns are summarised or their tool results stubbed; the chat still shows them.${
    info.lastCompacted === undefined ? '' : ` Last compacted ${new Date(info.lastCompacted).toLocaleString()}.`
  }`;
  item.contextValue = 'conversation-history';
  return item;
}

/** The file behind a plan path (prefixed with the folder name in a multi-root workspace). */
export function fileUri(planPath: string): vscode.Uri | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return vscode.Uri.joinPath(folders[0].uri, planPath);
  const slash = planPath.indexOf('/');
  const folder = folders.find((candidate) => candidate.name === planPath.slice(0, slash));
  return folder ? vscode.Uri.joinPath(folder.uri, planPath.slice(slash + 1)) : undefined;
}
