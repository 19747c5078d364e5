/**
 * The extension host's view of the context engine, which runs in a worker thread: keeps it scanned and current
 * through a file watcher, holds the user's pins, inclusions and exclusions (workspace state), and plans requests.
 * Nothing is read until it is wanted: the worker starts, and the workspace is scanned, when the Chat or Context view is
 * first shown or a command needs a plan (`ensureLive`, `plan`); from then on the live plan follows edits, tabs and
 * settings. A window where the user never asks costs no scan and no tokenizing.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { calibratedTokens, recordSample, type Calibration } from '../chat/calibration';
import { recordBilledUsage, type CostCalibration } from '../chat/costCalibration';
import type { Price } from '../providers/pricing';
import type { Usage } from '../providers/types';
import type { ContextPort } from '../chat/snapshot';
import type { Logger } from '../common/logger';
import type { Baseline, Changes, ContextPlan, PlanRequest } from '../context/model';
import { ContextWorkerClient, untilAborted } from '../context/workerClient';
import type { CallName, ContextProgress, WorkerCalls } from '../context/workerProtocol';
import { modelContextWindow, requestBudget, type RequestBudget } from '../context/budget';
import { PlanFreshness } from '../context/planFreshness';
import { readSettings } from './configuration';
import { workspaceRoots } from './workspaceRoots';

type OverrideKind = 'pinned' | 'include' | 'exclude';
const STATE_KEYS: Record<OverrideKind, string> = { pinned: 'grokContext.pinned', include: 'grokContext.include', exclude: 'grokContext.exclude' };
/** Events closer together than this are handled as one batch: short for edits, longer when files appear or vanish
 *  (an `npm install` or a branch switch sends thousands, and each batch re-lists the workspace). */
const WATCH_BATCH_MS = 40;
const RESCAN_BATCH_MS = 400;
/** A first scan slower than this gets a cancellable progress notification. */
const PROGRESS_AFTER_MS = 800;
const CALIBRATION_KEY = 'grokContext.tokenCalibration';
const COST_CALIBRATION_KEY = 'grokContext.costCalibration';
const IGNORE_FILES = new Set(['.gitignore', '.grokignore', 'exclude']);

export class ContextService implements ContextPort, vscode.Disposable {
  /** Started on first use (see `worker`), never in the constructor. */
  private client: ContextWorkerClient | undefined;
  private readonly script: string;
  private scanned: Promise<void> | undefined;
  /** The context was wanted once in this window: from then on changes re-plan (also after a worker was replaced). */
  private live = false;
  private livePlan: ContextPlan | undefined;
  private livePlanning: Promise<ContextPlan | undefined> | undefined;
  private livePlanQueued: Promise<ContextPlan | undefined> | undefined;
  private readonly planChanged = new vscode.EventEmitter<ContextPlan>();
  readonly onDidChangePlan = this.planChanged.event;
  private readonly scanStarted = new vscode.EventEmitter<void>();
  /** The first scan began (the status bar shows that the workspace is being read). */
  readonly onDidStartScan = this.scanStarted.event;
  private readonly disposables: vscode.Disposable[] = [this.planChanged, this.scanStarted];
  private pendingPaths = new Set<string>();
  private pendingRescan = false;
  private batchTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();
  /** Moves on every event that can change a plan: what lets a follow-up skip the worker, and a draft's plan go stale. */
  private readonly freshness = new PlanFreshness();
  private readonly progressListeners = new Set<(progress: ContextProgress | undefined) => void>();

  constructor(
    extensionUri: vscode.Uri,
    private readonly state: vscode.Memento,
    private readonly globalState: vscode.Memento,
    private readonly logger: Logger,
    /** Where the token-count cache lives between sessions (the extension's global storage). */
    private readonly storageDir?: string,
  ) {
    this.script = path.join(extensionUri.fsPath, 'dist', 'contextWorker.js');
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidChange((uri) => this.queue(uri, false)),
      watcher.onDidCreate((uri) => this.queue(uri, true)),
      watcher.onDidDelete((uri) => this.queue(uri, true)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reconfigure()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('grokContext')) this.freshness.changed();
        if (event.affectsConfiguration('grokContext.exclude') || event.affectsConfiguration('grokContext.maxFileBytes')) void this.reconfigure();
        else if (['maxContextTokens', 'modelContextWindow', 'maxOutputTokens', 'model', 'provider'].some((key) => event.affectsConfiguration(`grokContext.${key}`))) this.followChange();
      }),
      vscode.window.tabGroups.onDidChangeTabs(() => {
        this.freshness.changed(); // open editors are a tier of the plan
        this.followChange();
      }),
    );
  }

  /** Whether the context worker has been started in this window (it is not until the context is wanted). */
  get workerStarted(): boolean {
    return this.client !== undefined;
  }

  /** The worker, started on first use. One that dies (out of memory on a pathological tree, a bug) is replaced by the
   *  next call, which scans again. */
  private get worker(): ContextWorkerClient {
    this.client ??= new ContextWorkerClient(this.script, (error) => {
      this.logger.error(`${error.message} A new one starts with the next plan.`);
      this.scanned = undefined;
      this.client = undefined;
    });
    return this.client;
  }

  /**
   * The context is wanted (the Chat or Context view was shown): scan now if nothing was read yet, and keep the live
   * plan (status bar, Context view, the chat's header) current from then on.
   */
  ensureLive(): void {
    if (!this.scanned) void this.updateLivePlan();
  }

  /** A tab or a setting changed: re-plan only once the context is live (before that, nothing is shown to update). */
  private followChange(): void {
    if (this.live) void this.updateLivePlan();
  }

  get current(): ContextPlan | undefined {
    return this.livePlan;
  }

  overrides(kind: OverrideKind): string[] {
    return this.state.get<string[]>(STATE_KEYS[kind], []);
  }

  async setOverride(kind: OverrideKind, file: string, on: boolean): Promise<void> {
    this.freshness.changed();
    await this.writeOverride(kind, file, on);
    // including (or pinning) and excluding the same file at once makes no sense: the newer choice wins
    if (on && (kind === 'include' || kind === 'pinned')) await this.writeOverride('exclude', file, false);
    if (on && kind === 'exclude') await this.writeOverride('include', file, false);
    await this.updateLivePlan();
  }

  private async writeOverride(kind: OverrideKind, file: string, on: boolean): Promise<void> {
    const set = new Set(this.overrides(kind));
    if (on) set.add(file);
    else set.delete(file);
    await this.state.update(STATE_KEYS[kind], [...set].sort());
  }

  /** Learns the provider's tokens per counted token for a model (kept across workspaces). */
  async recordPromptTokens(model: string, reported: number, counted: number): Promise<void> {
    const calibration = recordSample(this.globalState.get<Calibration>(CALIBRATION_KEY, {}), model, reported, counted);
    await this.globalState.update(CALIBRATION_KEY, calibration);
    if (calibration[model]) this.logger.info(`Token calibration for ${model}: ${calibration[model].ratio.toFixed(3)} provider tokens per counted token (${calibration[model].samples} samples).`);
    if (this.livePlan) this.planChanged.fire(this.livePlan);
  }

  /** Learns billed dollars per estimated dollar for a model's price tier from a request the provider billed (kept across workspaces). */
  async recordBilledCost(model: string, price: Price | undefined, usage: Usage): Promise<void> {
    const before = this.costCalibration();
    const after = recordBilledUsage(before, model, price, usage);
    if (after === before) return;
    await this.globalState.update(COST_CALIBRATION_KEY, after);
    if (this.livePlan) this.planChanged.fire(this.livePlan);
  }

  costCalibration(): CostCalibration {
    return this.globalState.get<CostCalibration>(COST_CALIBRATION_KEY, {});
  }

  /** Our count of a plan, in the provider's tokens when we have learnt the ratio for the model. */
  providerTokens(model: string, counted: number): number {
    return calibratedTokens(this.globalState.get<Calibration>(CALIBRATION_KEY, {}), model, counted);
  }

  /** The first scan; later calls wait for it. Shows cancellable progress when it is slow. */
  ensureScanned(): Promise<void> {
    this.live = true;
    this.scanned ??= this.firstScan().catch((error) => {
      this.scanned = undefined; // a cancelled or failed scan is tried again next time
      throw error;
    });
    return this.scanned;
  }

  /** What the worker is doing, for the chat's "waiting for…" line; see ContextPort.onProgress. */
  onProgress(listener: (progress: ContextProgress | undefined) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  private reportProgress = (progress: ContextProgress | undefined): void => {
    for (const listener of this.progressListeners) listener(progress);
  };

  /** A worker call whose progress the chat hears, and whose end it hears as `undefined`. */
  private async watched<N extends CallName>(name: N, params: WorkerCalls[N]['params'], signal?: AbortSignal): Promise<WorkerCalls[N]['result']> {
    try {
      return await this.worker.call(name, params, signal, this.reportProgress);
    } finally {
      this.reportProgress(undefined);
    }
  }

  private async firstScan(): Promise<void> {
    this.scanStarted.fire();
    await this.worker.call('configure', this.scanOptions());
    const controller = new AbortController();
    const scan = this.watched('scan', undefined, controller.signal);
    const slow = setTimeout(() => {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Grok Context: reading the workspace…', cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          return scan.catch(() => undefined);
        },
      );
    }, PROGRESS_AFTER_MS);
    try {
      const result = await scan;
      this.logger.info(`Scanned ${result.fileCount} files with ${result.usedGit ? 'git' : 'the .gitignore-aware walk'} in ${result.milliseconds} ms.`);
    } finally {
      clearTimeout(slow);
    }
  }

  private scanOptions() {
    const settings = readSettings();
    const roots = workspaceRoots();
    // one cache file per set of workspace folders
    const id = createHash('sha1').update(roots.map((root) => root.path).join('\0')).digest('hex').slice(0, 16);
    const cacheFile = this.storageDir ? path.join(this.storageDir, `context-cache-${id}.json`) : undefined;
    return { roots, maxFileBytes: settings.maxFileBytes, exclude: settings.exclude, cacheFile };
  }

  private openFiles(): string[] {
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    const files: string[] = [];
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === 'file') {
          files.push(vscode.workspace.asRelativePath(tab.input.uri, multiRoot));
        }
      }
    }
    return files.sort();
  }

  /** The request's budget under the current settings: the window, and what the history, the answer and the system prompt keep of it. */
  budget(): RequestBudget {
    const settings = readSettings();
    return requestBudget({
      maxContextTokens: settings.maxContextTokens,
      modelWindow: modelContextWindow(settings.model, settings.modelContextWindow),
      maxOutputTokens: settings.maxOutputTokens,
    });
  }

  private request(question: string, budget?: number, relevant?: readonly string[]): PlanRequest {
    const settings = readSettings();
    return {
      maxContextTokens: settings.maxContextTokens,
      modelWindow: modelContextWindow(settings.model, settings.modelContextWindow),
      maxOutputTokens: settings.maxOutputTokens,
      budget,
      relevant,
      question,
      pinned: this.overrides('pinned'),
      include: this.overrides('include'),
      exclude: this.overrides('exclude'),
      open: this.openFiles(),
    };
  }

  /** Moves whenever something that shapes a plan changed (see PlanFreshness). */
  generation(): number {
    return this.freshness.now;
  }

  /**
   * Waits for the first scan and pending refreshes, and sends the file events still waiting for their batch to the
   * worker (a plan or a comparison must see them). A Stop ends the wait at once (the scan goes on for the next call).
   */
  private async settled(signal?: AbortSignal): Promise<void> {
    await untilAborted(this.ensureScanned(), signal);
    if (this.batchTimer !== undefined) {
      clearTimeout(this.batchTimer);
      this.flush();
    }
    await untilAborted(this.refreshing, signal);
  }

  async plan(question: string, signal?: AbortSignal, budget?: number, relevant?: readonly string[]): Promise<ContextPlan> {
    await this.settled(signal);
    const request = this.request(question, budget, relevant);
    return this.freshness.plan(() => this.watched('plan', request, signal), request.pinned);
  }

  async changesSince(baseline: Baseline, signal?: AbortSignal): Promise<Changes> {
    await this.settled(signal);
    return this.freshness.changesSince(baseline, () => this.watched('changes', { baseline, include: this.overrides('include'), pinned: this.overrides('pinned') }, signal));
  }

  /** Exact o200k counts of the conversation's messages, counted in the worker (the host's main thread stays free). */
  async countTokens(texts: string[], signal?: AbortSignal): Promise<number[]> {
    await this.ensureScanned();
    return this.worker.call('countTokens', { texts }, signal);
  }

  /**
   * Why this text of a file must not reach the model through the tools, or undefined: the plan's secret scan, run in
   * the worker and cached there by content hash. Only the user's explicit Include is consent; a pin is not.
   */
  async secretCheck(file: string, text: string, signal?: AbortSignal): Promise<string | undefined> {
    if (this.overrides('include').includes(file)) return undefined;
    await this.ensureScanned();
    return this.worker.call('secretCheck', { path: file, text }, signal);
  }

  /** Re-plans for the status bar and the Context view (no question: pins, open editors and recent changes). */
  updateLivePlan(): Promise<ContextPlan | undefined> {
    // Tab switches and file events come in bursts: one plan runs at a time, and every request made meanwhile shares a
    // single follow-up that starts after it (so it sees the latest pins and editors) instead of queueing one plan each.
    if (!this.livePlanning) {
      this.livePlanning = this.runLivePlan().finally(() => (this.livePlanning = undefined));
      return this.livePlanning;
    }
    this.livePlanQueued ??= this.livePlanning.then(() => {
      this.livePlanQueued = undefined;
      return this.updateLivePlan();
    });
    return this.livePlanQueued;
  }

  private async runLivePlan(): Promise<ContextPlan | undefined> {
    try {
      this.livePlan = await this.plan('');
      this.planChanged.fire(this.livePlan);
      return this.livePlan;
    } catch (error) {
      this.logger.warn(`Could not plan the context: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }


  async rescan(): Promise<void> {
    this.freshness.changed();
    await this.ensureScanned();
    await this.worker.call('refresh', { paths: [], rescan: true });
    await this.updateLivePlan();
  }

  private async reconfigure(): Promise<void> {
    if (!this.scanned) return;
    await this.worker.call('configure', this.scanOptions());
    await this.rescan();
  }

  private queue(uri: vscode.Uri, structural: boolean): void {
    if (uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(uri)) return;
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    const relative = vscode.workspace.asRelativePath(uri, multiRoot);
    if (relative.split('/').includes('.git')) {
      // .git/info/exclude changes what git lists; other .git churn does not concern us
      if (!relative.endsWith('.git/info/exclude')) return;
    }
    this.freshness.changed();
    if (structural || IGNORE_FILES.has(path.basename(relative))) this.pendingRescan = true;
    this.pendingPaths.add(relative);
    clearTimeout(this.batchTimer);
    this.batchTimer = setTimeout(() => this.flush(), this.pendingRescan ? RESCAN_BATCH_MS : WATCH_BATCH_MS);
  }

  private flush(): void {
    this.batchTimer = undefined;
    if (!this.scanned) {
      this.pendingPaths.clear();
      this.pendingRescan = false;
      return; // nothing scanned yet: the first scan will see the current state
    }
    const paths = [...this.pendingPaths];
    const rescan = this.pendingRescan;
    this.pendingPaths.clear();
    this.pendingRescan = false;
    this.refreshing = this.refreshing
      .then(() => this.worker.call('refresh', { paths, rescan }))
      .then(() => undefined, (error) => this.logger.warn(`Refreshing the context failed: ${error instanceof Error ? error.message : String(error)}`));
    void this.refreshing.then(() => this.updateLivePlan());
  }

  dispose(): void {
    clearTimeout(this.batchTimer);
    this.disposables.forEach((disposable) => disposable.dispose());
    void this.client?.dispose();
  }
}
