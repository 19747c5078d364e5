/**
 * The context engine: keeps the scanned workspace and a per-file cache (content identity → sniff result and token
 * counts), plans a request's context within the budget, renders it, and reports what changed since a snapshot.
 * Runs anywhere Node runs: in the extension's worker thread, in the CLI, in tests.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { classifyText, extensionOf, looksBinary, overrides, type ExclusionReason } from './classify';
import type { Baseline, Changes, ContextPlan, FullManifestEntry, PlanRequest } from './model';
import { outline as outlineOf } from './outline';
import { loadPersistedCache, savePersistedCache } from './persistedCache';
import { comparePaths } from './paths';
import { filePiece, folderHeader, renderPathTree } from './pathTree';
import { PRIORITY, planContext, type PlanCandidate } from './plan';
import type { Ranking } from './relevance';
import { RelevanceIndex, isRelevanceClear } from './relevanceIndex';
import { FRAME_TEXT, PATHS_FRAME_TEXT, fileBlock, outlineBlock, renderChanges, renderContext } from './render';
import { scanWorkspace, type ScanOptions, type ScannedFile } from './scan';
import { findSecrets, isSecretScanKey, secretScanKey } from './secrets';
import type { ContextProgress } from './workerProtocol';
import { TokenEstimator, contextBudget, countTokens } from './tokens';

interface Content {
  size: number;
  mtimeMs: number;
  hash: string;
  /** Set when the bytes show the file cannot be sent (binary, minified, generated). */
  reason?: ExclusionReason;
  text?: string;
}

const SECRET_SHAPED = /[A-Za-z0-9_+/=.-]{16,}|-----BEGIN|:\/\/[^\s/:@]+:[^\s/@]+@/;

/** How often a long call reports its progress. */
const PROGRESS_EVERY_MS = 150;

const hashOf = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

export class ContextEngine {
  private files = new Map<string, ScannedFile>();
  private recent = new Set<string>();
  private readonly contents = new Map<string, Content>();
  /** Exact token counts by `tier \0 path \0 content hash`: re-counted only when the content changes. */
  private readonly tokenCache = new Map<string, number>();
  private readonly secretCache = new Map<string, string[]>();
  /** Outline text by `path \0 hash`, and the rendered blocks of the last plan by `tier \0 path \0 hash`: a re-plan after
   *  one file changed reads and counts only that file. */
  private readonly outlineCache = new Map<string, string | null>();
  private blockCache = new Map<string, string>();
  /** Each file's terms and declared names, for ranking against a question. */
  private readonly relevance = new RelevanceIndex();
  /** Learns from every exact count, for the manifest's estimates. Plans use a fresh one each, so they stay deterministic. */
  private readonly estimator = new TokenEstimator();
  private readonly frameTokens = countTokens(FRAME_TEXT);
  private readonly pathsFrameTokens = countTokens(PATHS_FRAME_TEXT);
  usedGit = false;
  /** Files read from disk and secret scans run, since the engine started: what a follow-up's cost is made of (tests
   *  and benchmarks read them; an unchanged snapshot must add nothing). */
  readonly work = { reads: 0, secretScans: 0 };
  /** Hears what a long call is doing (listing, reading N of M files), a few times a second; the worker forwards it. */
  onProgress: ((progress: ContextProgress) => void) | undefined;
  private lastProgress = 0;

  constructor(private options: ScanOptions) {
    this.loadCache();
  }

  /** Counts and secret scans survive a window reload (see persistedCache.ts). */
  private loadCache(): void {
    if (!this.options.cacheFile) return;
    const saved = loadPersistedCache(this.options.cacheFile);
    for (const [key, tokens] of saved.tokens) this.tokenCache.set(key, tokens);
    for (const [key, rules] of saved.secrets) if (isSecretScanKey(key)) this.secretCache.set(key, rules);
  }

  /** Writes the caches for files still in the workspace. */
  saveCache(): void {
    if (!this.options.cacheFile) return;
    // files still listed, and folders above them (the path tree's folder lines)
    const folders = new Set<string>();
    for (const file of this.files.keys()) for (let slash = file.indexOf('/'); slash !== -1; slash = file.indexOf('/', slash + 1)) folders.add(file.slice(0, slash + 1));
    const live = (key: string) => {
      const path = key.split('\0')[1];
      return this.files.has(path) || folders.has(path) || path === '';
    };
    savePersistedCache(this.options.cacheFile, {
      tokens: [...this.tokenCache].filter(([key]) => live(key)),
      secrets: [...this.secretCache].filter(([key]) => live(key)),
    });
  }

  get fileCount(): number {
    return this.files.size;
  }

  updateOptions(options: ScanOptions): void {
    this.options = options;
  }

  /** Tells `onProgress`, at most every PROGRESS_EVERY_MS unless `always` (a phase's start and end). */
  private progress(progress: ContextProgress, always = false): void {
    if (!this.onProgress) return;
    const now = performance.now();
    if (!always && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    this.onProgress(progress);
  }

  /** Lists the workspace again; cached contents and counts survive for unchanged files. */
  async scan(signal?: AbortSignal): Promise<void> {
    this.progress({ phase: 'listing' }, true);
    const result = await scanWorkspace(this.options, signal);
    this.files = new Map(result.files.map((file) => [file.path, file]));
    this.recent = result.recent;
    this.usedGit = result.usedGit;
    for (const key of this.contents.keys()) if (!this.files.has(key)) this.contents.delete(key);
  }

  /**
   * Re-reads the metadata of changed files (by workspace-relative path). Returns false when one of them is not
   * listed: a new file (only a listing can tell whether git ignores it) or one git ignores.
   */
  refresh(paths: readonly string[]): boolean {
    let allKnown = true;
    for (const path of paths) {
      const file = this.files.get(path);
      if (!file) {
        allKnown = false;
        continue;
      }
      try {
        const stat = statSync(file.absolutePath);
        file.size = stat.size;
        file.mtimeMs = stat.mtimeMs;
        if (file.reason === 'too-large' || file.reason === undefined) file.reason = stat.size > this.options.maxFileBytes ? 'too-large' : undefined;
      } catch {
        this.files.delete(path);
        this.contents.delete(path);
      }
    }
    return allKnown;
  }

  private read(file: ScannedFile): Content {
    const cached = this.contents.get(file.path);
    if (cached && cached.size === file.size && cached.mtimeMs === file.mtimeMs) return cached;
    let bytes: Buffer;
    try {
      this.work.reads++;
      bytes = readFileSync(file.absolutePath);
    } catch {
      const unreadable: Content = { size: file.size, mtimeMs: file.mtimeMs, hash: '', reason: 'unreadable' };
      this.contents.set(file.path, unreadable);
      return unreadable;
    }
    const content: Content = { size: file.size, mtimeMs: file.mtimeMs, hash: hashOf(bytes) };
    if (looksBinary(bytes)) content.reason = 'binary';
    else {
      // Invalid UTF-8 becomes U+FFFD rather than failing the request.
      content.text = bytes.toString('utf8');
      content.reason = classifyText(content.text);
    }
    // Texts are kept only while planning needs them; see releaseTexts().
    this.contents.set(file.path, content);
    return content;
  }

  private releaseTexts(): void {
    for (const content of this.contents.values()) delete content.text;
  }

  private textOf(file: ScannedFile, content: Content): string {
    if (content.text !== undefined) return content.text;
    this.work.reads++;
    content.text = readFileSync(file.absolutePath).toString('utf8');
    return content.text;
  }

  private count(tier: string, path: string, hash: string, render: () => string): number {
    const key = `${tier}\0${path}\0${hash}`;
    let tokens = this.tokenCache.get(key);
    if (tokens === undefined) {
      tokens = countTokens(render());
      this.tokenCache.set(key, tokens);
    }
    return tokens;
  }

  /** Secret rules that fire on what would be sent; synchronous when cached (`sentText` is only produced otherwise).
   *  `sentHash` identifies exactly that text (see secretScanKey). */
  private secretsIn(path: string, sentHash: string, sentText: () => string): string[] | Promise<string[]> {
    const key = secretScanKey(path, sentHash);
    const cached = this.secretCache.get(key);
    if (cached) return cached;
    this.work.secretScans++;
    return findSecrets(path, sentText()).then((rules) => {
      this.secretCache.set(key, rules);
      return rules;
    });
  }

  /** `then` for a value that may or may not be a promise, staying synchronous when it is not. */
  private static after<T, R>(value: T | Promise<T>, next: (value: T) => R): R | Promise<R> {
    return value instanceof Promise ? value.then(next) : next(value);
  }

  private outlineOf(file: ScannedFile, content: Content): string | undefined {
    const key = `${file.path}\0${content.hash}`;
    let cached = this.outlineCache.get(key);
    if (cached === undefined) {
      cached = outlineOf(file.path, this.textOf(file, content)) ?? null;
      this.outlineCache.set(key, cached);
    }
    return cached ?? undefined;
  }

  private block(tier: 'full' | 'outline', file: ScannedFile, content: Content): string {
    const key = `${tier}\0${file.path}\0${content.hash}`;
    let block = this.blockCache.get(key);
    if (block === undefined) {
      block = tier === 'full' ? fileBlock(file.path, this.textOf(file, content)) : outlineBlock(file.path, this.outlineOf(file, content)!);
      this.blockCache.set(key, block);
    }
    return block;
  }

  /** A file's content identity, or its reason to stay out (binary, minified, …). Secrets are checked apart.
   *  `overridden`: included or pinned, which sends a minified or generated file anyway. */
  private sendable(file: ScannedFile, overridden: boolean): { reason: ExclusionReason } | { content: Content } {
    const content = this.read(file);
    if (content.reason === 'binary' || content.reason === 'unreadable') return { reason: content.reason };
    if (content.reason && !overridden) return { reason: content.reason };
    return { content };
  }

  /** Reads and vets a whole file for sending, secrets included; only `included` (the user's explicit consent) skips the secret scan. */
  private async vet(file: ScannedFile, consent: { overridden: boolean; included: boolean }): Promise<{ reason: ExclusionReason } | { content: Content; text: string }> {
    const found = this.sendable(file, consent.overridden || consent.included);
    if ('reason' in found) return found;
    const text = this.textOf(file, found.content);
    if (!consent.included && (await this.secretsIn(file.path, found.content.hash, () => text)).length > 0) {
      return { reason: 'secret-content' };
    }
    return { content: found.content, text };
  }

  /**
   * Why this text of a workspace file must not reach the model (`secret: <rules>`), or undefined: the same secretlint
   * scan as the plan's, sharing its cache by content hash, for what the tools would return (a file the plan only
   * listed, an editor's unsaved text). The caller decides consent: an included file is not checked.
   */
  async secretReason(path: string, text: string): Promise<string | undefined> {
    const rules = await this.secretsIn(path, hashOf(Buffer.from(text, 'utf8')), () => text);
    return rules.length > 0 ? `secret: ${rules.map((rule) => rule.replace('@secretlint/secretlint-rule-', '')).join(', ')}` : undefined;
  }

  async plan(request: PlanRequest, signal?: AbortSignal): Promise<ContextPlan> {
    const budget = request.budget ?? contextBudget(request);
    const include = new Set(request.include ?? []);
    const userExcluded = new Set(request.exclude ?? []);
    const pinned = new Set(request.pinned ?? []);
    const open = new Set(request.open ?? []);
    const question = request.question ?? '';
    const relevant = new Set(request.relevant ?? []);
    const excluded: ContextPlan['excluded'] = [];
    const eligible: ScannedFile[] = [];
    for (const file of this.files.values()) {
      if (userExcluded.has(file.path) && !pinned.has(file.path)) excluded.push({ path: file.path, reason: 'excluded-by-user' });
      else if (file.reason && !overrides(file.reason, include.has(file.path), pinned.has(file.path))) excluded.push({ path: file.path, reason: file.reason });
      else eligible.push(file);
    }
    const ranking = this.rank(question, eligible, signal);
    const priorityOf = (path: string) =>
      pinned.has(path) ? PRIORITY.pinned : open.has(path) ? PRIORITY.open : relevant.has(path) ? PRIORITY.chosen : PRIORITY.ranked;
    const candidates: PlanCandidate[] = eligible.map((file) => ({ path: file.path, size: file.size, priority: priorityOf(file.path), rank: ranking.rank.get(file.path)! }));
    // A pin (an @mention) overrides the non-secret filters; only an explicit include is consent to send a secret.
    const overridden = (path: string) => include.has(path) || pinned.has(path);
    const sent = new Map<string, { file: ScannedFile; content: Content }>();
    const estimator = new TokenEstimator();
    // progress: candidates read (whole or as outline) of all candidates, and secret scans run (cache misses)
    const visited = new Set<string>();
    const scansBefore = this.work.secretScans;
    const visit = (path: string) => {
      visited.add(path);
      this.progress({ phase: 'reading', done: visited.size, total: candidates.length, secretScans: this.work.secretScans - scansBefore });
    };
    this.progress({ phase: 'reading', done: 0, total: candidates.length, secretScans: 0 }, true);
    const result = await planContext(candidates, budget - this.frameTokens - this.pathsFrameTokens, {
      estimateFull: (candidate) => estimator.estimate(extensionOf(candidate.path), candidate.size) + 8,
      full: (candidate, limit) => vanishedAsUnreadable(() => {
        visit(candidate.path);
        const file = this.files.get(candidate.path)!;
        const found = this.sendable(file, overridden(candidate.path));
        if ('reason' in found) return found.reason;
        const { content } = found;
        const tokens = this.count('full', file.path, content.hash, () => this.block('full', file, content));
        estimator.learn(extensionOf(file.path), candidate.size, tokens);
        this.estimator.learn(extensionOf(file.path), candidate.size, tokens);
        if (tokens > limit) return tokens; // does not fit: no need to scan it for secrets
        const accept = (): number => {
          sent.set(file.path, { file, content });
          return tokens;
        };
        if (include.has(file.path)) return accept();
        return ContextEngine.after(this.secretsIn(file.path, content.hash, () => this.textOf(file, content)), (rules) => (rules.length > 0 ? 'secret-content' : accept()));
      }),
      outline: (candidate) => vanishedAsUnreadable(() => {
        visit(candidate.path);
        const file = this.files.get(candidate.path)!;
        const found = this.sendable(file, overridden(candidate.path));
        if ('reason' in found) return found.reason;
        const { content } = found;
        const outlineText = this.outlineOf(file, content);
        if (outlineText === undefined) return undefined;
        // Only the outline is sent, so only the outline is scanned, and only when it has something secret-shaped:
        // a long unbroken literal, a key header or a URL with credentials (declarations rarely do; secretlint per
        // file costs more than the outline itself).
        const accept = (): number => {
          sent.set(file.path, { file, content });
          return this.count('outline', file.path, content.hash, () => this.block('outline', file, content));
        };
        if (include.has(file.path) || !SECRET_SHAPED.test(outlineText)) return accept();
        return ContextEngine.after(this.secretsIn(file.path, hashOf(Buffer.from(outlineText, 'utf8')), () => outlineText), (rules) => (rules.length > 0 ? 'secret-content' : accept()));
      }),
      tree: {
        file: (path) => this.count('tree', path, '', () => filePiece(path)),
        // a folder line that lists files ends with a name and then the newline (one token); one that does not ends `/\n`
        folder: (folder, withFiles) => (withFiles ? this.count('folder', folder, '', () => folderHeader(folder)) + 1 : this.count('folder-bare', folder, '', () => `${folderHeader(folder)}\n`)),
      },
    }, signal);

    const blocks: string[] = [];
    const paths: string[] = [];
    const versions: Record<string, string> = {};
    const keptBlocks = new Map<string, string>();
    for (const planned of result.files) {
      if (planned.tier === 'path') {
        paths.push(planned.path);
        continue;
      }
      const { file, content } = sent.get(planned.path)!;
      const block = this.block(planned.tier, file, content);
      keptBlocks.set(`${planned.tier}\0${file.path}\0${content.hash}`, block);
      blocks.push(block);
      versions[planned.path] = content.hash;
    }
    this.blockCache = keptBlocks; // only what this plan sends stays in memory
    this.releaseTexts();
    const allExcluded = [...excluded, ...result.excluded].sort((a, b) => comparePaths(a.path, b.path));
    const usedTokens = result.usedTokens + this.frameTokens + (paths.length > 0 ? this.pathsFrameTokens : 0);
    const files = result.files.map((file) => ({ ...file, rank: ranking.rank.get(file.path)! }));
    const relevanceClear = question.trim() !== '' ? isRelevanceClear(ranking, files) : undefined; // no question, no ranking to judge
    return { budget, usedTokens, files, excluded: allExcluded, text: renderContext(blocks, renderPathTree(paths)), versions, relevanceClear };
  }

  /** Every eligible file ranked against the question (relevanceIndex.ts); only a question makes it read contents. */
  private rank(question: string, eligible: readonly ScannedFile[], signal?: AbortSignal): Ranking {
    return this.relevance.rank(question, eligible, [...this.recent], (file) => {
      const content = this.read(file);
      if (content.reason !== undefined) return undefined; // binary, minified, generated: ranked by its path alone
      return {
        hash: content.hash,
        read: () => {
          const read = vanishedAsUnreadable(() => ({ outlineText: this.outlineOf(file, content), text: this.textOf(file, content) }));
          // the plan reads again the few files it sends whole; holding every text of a large tree at once would not fit
          delete content.text;
          return read === 'unreadable' ? undefined : read; // gone since it was listed: its deletion event follows
        },
      };
    }, signal);
  }

  /** Every listed file, read and sniffed, with exact counts where known and calibrated estimates elsewhere. */
  manifest(signal?: AbortSignal): FullManifestEntry[] {
    const out: FullManifestEntry[] = [];
    for (const file of this.files.values()) {
      signal?.throwIfAborted();
      let reason = file.reason;
      let hash = '';
      if (!reason) {
        const content = this.read(file);
        reason = content.reason;
        hash = content.hash;
        delete content.text;
      }
      const exact = hash ? this.tokenCache.get(`full\0${file.path}\0${hash}`) : undefined;
      out.push({
        path: file.path,
        size: file.size,
        reason,
        tokens: exact ?? this.estimator.estimate(extensionOf(file.path), file.size),
        exact: exact !== undefined,
      });
    }
    return out.sort((a, b) => comparePaths(a.path, b.path));
  }

  /**
   * What changed since a plan was frozen: new versions of files it sent, files added to the workspace, files deleted,
   * and files pinned since, which now travel whole. A follow-up pays only for what changed: a file whose size and
   * mtime are those of the content already hashed keeps that hash without a read, and a file whose hash is the one
   * sent is neither read nor scanned for secrets again (an unchanged snapshot costs no reads at all).
   */
  async changesSince(plan: Baseline, request: Pick<PlanRequest, 'include' | 'pinned'> = {}): Promise<Changes> {
    this.progress({ phase: 'changes' }, true);
    const sentWhole = new Set(plan.files.filter((file) => file.tier === 'full').map((file) => file.path));
    const pinned = new Set(request.pinned ?? []);
    const include = new Set(request.include ?? []);
    const consent = (path: string) => ({ overridden: pinned.has(path), included: include.has(path) });
    const changed: string[] = [];
    const added: string[] = [];
    const deleted: string[] = [];
    const versions: Record<string, string> = {};
    const blocks: string[] = [];
    const addedBlocks: string[] = [];
    for (const [path, hash] of Object.entries(plan.versions).sort(([a], [b]) => comparePaths(a, b))) {
      const file = this.files.get(path);
      if (!file) {
        deleted.push(path);
        continue;
      }
      // an outline pinned since travels whole even unchanged; anything else unchanged stays as it was sent
      const nowWhole = pinned.has(path) && !sentWhole.has(path);
      const known = this.sendable(file, consent(path).overridden || consent(path).included);
      if ('reason' in known || (known.content.hash === hash && !nowWhole)) continue;
      const vetted = await this.vet(file, consent(path));
      if ('reason' in vetted) continue;
      changed.push(path);
      versions[path] = vetted.content.hash;
      blocks.push(fileBlock(path, vetted.text));
    }
    const known = new Set([...plan.files.map((file) => file.path), ...plan.excluded.map((item) => item.path)]);
    const candidates: ScannedFile[] = [];
    for (const file of this.files.values()) {
      if (file.path in plan.versions) continue;
      const newlyPinned = pinned.has(file.path);
      if (!newlyPinned && (known.has(file.path) || file.reason)) continue;
      if (newlyPinned && file.reason && !overrides(file.reason, include.has(file.path), true)) continue;
      candidates.push(file);
    }
    for (const file of candidates.sort((a, b) => comparePaths(a.path, b.path))) {
      const vetted = await this.vet(file, consent(file.path));
      if ('reason' in vetted) continue;
      added.push(file.path);
      versions[file.path] = vetted.content.hash;
      addedBlocks.push(fileBlock(file.path, vetted.text));
    }
    this.releaseTexts();
    if (changed.length + added.length + deleted.length === 0) return { text: '', tokens: 0, changed, added, deleted, versions };
    const text = renderChanges(blocks, addedBlocks, deleted);
    return { text, tokens: countTokens(text), changed, added, deleted, versions };
  }
}

/**
 * Runs what reads a listed file's text; a file deleted or made unreadable since it was listed (a branch switch, a
 * build's clean step) is reported as `unreadable` instead of failing the whole plan (its file event follows).
 */
function vanishedAsUnreadable<T>(read: () => T): T | 'unreadable' {
  try {
    return read();
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException).code === 'string') return 'unreadable';
    throw error;
  }
}
