/**
 * The Context view: the plan in the vocabulary every surface uses (sent whole, as outline, as path only, left out),
 * each group a folder tree with tokens and dollars, sortable by name or tokens; the budget explained; pin, include,
 * exclude, open.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../common/ids';
import { budgetText, categoryHeading, countPlan, formatCount, shownCategories, type PlanCategory, type PlanCounts } from '../common/planCounts';
import { EXCLUSION_LABELS, type ExclusionReason } from '../context/classify';
import type { ContextPlan, Tier } from '../context/model';
import { folderTree, sortedChildren, type FolderEntry, type PlanSortOrder, type PlanTreeEntry } from '../context/planFolders';
import { formatDollars, priceFor } from '../providers/pricing';
import type { ContextService } from './contextService';
import { dollarsPerPlanToken } from './costTooltip';
import { readSettings } from './configuration';

/** Reasons the user may override by including the file (consent); the rest are facts about the file. */
const OVERRIDABLE: ReadonlySet<ExclusionReason> = new Set([
  'secret-file', 'secret-content', 'lockfile', 'minified', 'generated', 'grokignore', 'excluded-by-setting', 'excluded-by-user', 'budget',
]);
const CATEGORY_TIER: Partial<Record<PlanCategory, Tier>> = { whole: 'full', outline: 'outline', pathOnly: 'path' };
/** The context key the view's title buttons read to offer the other order. */
export const SORT_CONTEXT_KEY = 'grokContext.contextSort';

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
  | { kind: 'budget' }
  | { kind: 'group'; category: PlanCategory }
  | { kind: 'reason'; reason: ExclusionReason }
  | { kind: 'folder'; category: PlanCategory; reason?: ExclusionReason; folder: FolderEntry }
  | { kind: 'file'; path: string; tier?: Tier; tokens?: number; reason?: ExclusionReason };

/** One plan, grouped once (a few milliseconds for 9,000 files); children are handed out lazily, a folder at a time. */
interface Grouped {
  plan: ContextPlan;
  counts: PlanCounts;
  sent: Record<Tier, FolderEntry>;
  leftOut: Map<ExclusionReason, FolderEntry>;
  /** Dollars per counted token in a new conversation's first question (undefined: no price known). */
  dollarsPerToken?: number;
}

export class ContextTreeProvider implements vscode.TreeDataProvider<ContextNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ContextNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private grouped: Grouped | undefined;
  private order: PlanSortOrder = 'name';

  constructor(
    private readonly context: ContextService,
    /** The conversation's history, shown as the first item; call `refresh()` when it changes (an answer ended). */
    private readonly historyInfo?: HistoryInfoSource,
  ) {
    this.subscription = context.onDidChangePlan(() => this.refresh());
  }

  /** Redraws the view (e.g. after an answer, when the history or its compaction changed, or a calibration moved the cost). */
  refresh(): void {
    this.grouped = undefined;
    this.changed.fire(undefined);
  }

  get sortOrder(): PlanSortOrder {
    return this.order;
  }

  /** Folders and files by name (as the Explorer) or heaviest first; the title bar offers the other order. */
  setSortOrder(order: PlanSortOrder): void {
    this.order = order;
    void vscode.commands.executeCommand('setContext', SORT_CONTEXT_KEY, order);
    this.changed.fire(undefined);
  }

  private group(): Grouped | undefined {
    const plan = this.context.current;
    if (!plan) return undefined;
    if (this.grouped?.plan === plan) return this.grouped;
    const byTier: Record<Tier, ContextPlan['files']> = { full: [], outline: [], path: [] };
    for (const file of plan.files) byTier[file.tier].push(file);
    const byReason = new Map<ExclusionReason, Array<{ path: string; tokens: number }>>();
    for (const item of plan.excluded) {
      const files = byReason.get(item.reason) ?? [];
      files.push({ path: item.path, tokens: 0 });
      byReason.set(item.reason, files);
    }
    const settings = readSettings();
    const price = priceFor(settings.model, settings.pricing);
    this.grouped = {
      plan,
      counts: countPlan(plan),
      sent: { full: folderTree(byTier.full), outline: folderTree(byTier.outline), path: folderTree(byTier.path) },
      leftOut: new Map([...byReason].sort(([a], [b]) => a.localeCompare(b)).map(([reason, files]) => [reason, folderTree(files)])),
      dollarsPerToken: dollarsPerPlanToken(settings.model, price, plan.usedTokens, this.context.providerTokens(settings.model, plan.usedTokens), this.context.costCalibration()),
    };
    return this.grouped;
  }

  getChildren(node?: ContextNode): ContextNode[] {
    const grouped = this.group();
    if (!grouped) return [];
    if (!node) {
      const history = this.historyInfo?.();
      return [
        ...(history ? [{ kind: 'history' as const, info: history }] : []),
        { kind: 'budget' },
        ...shownCategories(grouped.counts).map((category) => ({ kind: 'group' as const, category })),
      ];
    }
    if (node.kind === 'group' && node.category === 'leftOut') return [...grouped.leftOut.keys()].map((reason) => ({ kind: 'reason', reason }));
    if (node.kind === 'group') return this.entries(grouped.sent[CATEGORY_TIER[node.category]!], node.category);
    if (node.kind === 'reason') {
      const folder = grouped.leftOut.get(node.reason); // undefined when a newer plan has no file left out for it
      return folder ? this.entries(folder, 'leftOut', node.reason) : [];
    }
    if (node.kind === 'folder') return this.entries(node.folder, node.category, node.reason);
    return [];
  }

  private entries(folder: FolderEntry, category: PlanCategory, reason?: ExclusionReason): ContextNode[] {
    const tier = CATEGORY_TIER[category];
    return sortedChildren(folder, this.order).map((entry: PlanTreeEntry): ContextNode =>
      entry.kind === 'folder' ? { kind: 'folder', category, reason, folder: entry } : tier ? { kind: 'file', path: entry.path, tier, tokens: entry.tokens } : { kind: 'file', path: entry.path, reason },
    );
  }

  getTreeItem(node: ContextNode): vscode.TreeItem {
    const grouped = this.group()!;
    const { plan, counts } = grouped;
    const dollars = (tokens: number): string => (grouped.dollarsPerToken === undefined ? '' : ` · ${formatDollars(tokens * grouped.dollarsPerToken)}`);
    if (node.kind === 'history') return historyItem(node.info);
    if (node.kind === 'budget') return this.budgetItem(plan);
    if (node.kind === 'group') {
      const count = counts[node.category];
      const expanded = node.category === 'whole' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
      const item = new vscode.TreeItem(categoryHeading(node.category, count), count === 0 ? vscode.TreeItemCollapsibleState.None : expanded);
      item.id = `group:${node.category}`;
      const tier = CATEGORY_TIER[node.category];
      if (tier) item.description = `${formatCount(grouped.sent[tier].tokens)} tokens${dollars(grouped.sent[tier].tokens)}`;
      return item;
    }
    if (node.kind === 'reason') {
      const item = new vscode.TreeItem(EXCLUSION_LABELS[node.reason], vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `reason:${node.reason}`;
      item.description = formatCount(grouped.leftOut.get(node.reason)?.files ?? 0);
      return item;
    }
    if (node.kind === 'folder') {
      const { folder } = node;
      const item = new vscode.TreeItem(folder.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `folder:${node.category}:${node.reason ?? ''}:${folder.path}`;
      item.iconPath = vscode.ThemeIcon.Folder;
      item.resourceUri = fileUri(folder.path);
      const files = `${formatCount(folder.files)} file${folder.files === 1 ? '' : 's'}`;
      item.description = node.category === 'leftOut' ? files : `${files} · ${formatCount(folder.tokens)} tok${dollars(folder.tokens)}`;
      item.tooltip = `${folder.path}: ${item.description}`;
      return item;
    }
    const pinned = this.context.overrides('pinned').includes(node.path);
    const item = new vscode.TreeItem(node.path.slice(node.path.lastIndexOf('/') + 1), vscode.TreeItemCollapsibleState.None);
    item.id = `file:${node.tier ?? node.reason}:${node.path}`;
    item.resourceUri = fileUri(node.path);
    item.tooltip = node.path;
    if (node.tier) {
      const cost = grouped.dollarsPerToken === undefined ? undefined : (node.tokens ?? 0) * grouped.dollarsPerToken; // its share of the first question
      const shown = cost === undefined || cost < 0.01 ? '' : ` · ${formatDollars(cost)}`; // sub-cent amounts are noise per file
      item.description = `${formatCount(node.tokens ?? 0)} tok${shown}${pinned ? ' · pinned' : ''}`;
      item.contextValue = pinned ? 'file-sent-pinned' : 'file-sent';
    } else {
      item.description = EXCLUSION_LABELS[node.reason!];
      item.contextValue = OVERRIDABLE.has(node.reason!) ? 'file-excluded-overridable' : 'file-excluded';
    }
    item.command = { command: COMMANDS.openContextFile, title: 'Open', arguments: [node] };
    return item;
  }

  /** "867K of 1M: 133K kept for the conversation and the answer", with the parts in its tooltip. */
  private budgetItem(plan: ContextPlan): vscode.TreeItem {
    const budget = this.context.budget();
    const item = new vscode.TreeItem(budgetText(plan.budget, budget.window), vscode.TreeItemCollapsibleState.None);
    item.id = 'budget';
    item.iconPath = new vscode.ThemeIcon('dashboard');
    item.description = `${formatCount(plan.usedTokens)} tokens used`;
    item.tooltip =
      `The window is ${formatCount(budget.window)} tokens (the smaller of the model's window and grokContext.maxContextTokens). ` +
      `The workspace may take ${formatCount(plan.budget)} and uses ${formatCount(plan.usedTokens)}; kept out of it: ` +
      `${formatCount(budget.historyShare)} for the conversation's history, ${formatCount(budget.reserve)} for the answer ` +
      `(grokContext.maxOutputTokens) and ${formatCount(budget.system)} for the system prompt.`;
    item.contextValue = 'context-budget';
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
