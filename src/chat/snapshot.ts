/**
 * The workspace context of one conversation: frozen at its first turn so the request prefix stays byte-identical
 * for the provider's cache; later changes travel as a prefix of the question until a fresh snapshot is cheaper.
 */
import { errorMessage } from '../common/errors';
import type { Logger } from '../common/logger';
import { applyChanges, type Baseline, type Changes, type ContextPlan } from '../context/model';
import type { ContextProgress } from '../context/workerProtocol';
import type { ProviderError } from '../providers/errors';
import type { Provider, Usage } from '../providers/types';
import { chooseFilesToExpand } from './expandPaths';

export interface ContextPort {
  /**
   * A fresh plan of the workspace for this question; `budget` overrides the configured one (after an overflow),
   * `relevant` names files to prefer (chosen by the model from the path list).
   */
  plan(question: string, signal: AbortSignal, budget?: number, relevant?: readonly string[]): Promise<ContextPlan>;
  /** What changed in the workspace since the baseline. */
  changesSince(baseline: Baseline, signal: AbortSignal): Promise<Changes>;
  /** Exact token counts (the plan's counter), for the history budget; without it the history is estimated. */
  countTokens?(texts: string[], signal?: AbortSignal): Promise<number[]>;
  /**
   * A number that moves whenever anything that shapes a plan changed (files, pins, settings, open editors). Without
   * it no plan is computed ahead of Enter: one made while the question was typed could not be known to be current.
   */
  generation?(): number;
  /** Hears what the context engine is busy with (undefined: nothing any more) until the returned function is called. */
  onProgress?(listener: (progress: ContextProgress | undefined) => void): () => void;
}

/** A plan computed for a draft of the first question, ahead of Enter. */
interface Prepared {
  question: string;
  budget: number | undefined;
  generation: number;
  controller: AbortController;
  plan: Promise<ContextPlan>;
}

/**
 * When the changes sent since the snapshot reach this share of it, a fresh snapshot is cheaper: at xAI's prices
 * ($1.25/M input, $0.20/M cached) re-sending a snapshot of P tokens costs 1.25·P once, while keeping D tokens of
 * changes costs 1.25·D plus 0.20·D on every later turn; over the next five turns the two meet near D ≈ 0.56·P.
 */
export const RESNAPSHOT_SHARE = 0.5;

export interface TurnContext {
  plan: ContextPlan;
  /** Workspace changes to send in front of the question ('' when none). */
  update: string;
  notice?: string;
  /** A new snapshot (its prefix was never sent, so nothing of it is cached yet). */
  fresh: boolean;
  /** Usage of requests made to build it (the model choosing files to read whole): they count in the answer's cost. */
  usage?: Usage[];
  /**
   * Call once the changes in `update` are in the history (the answer was kept): only then does the baseline move past
   * them. A turn that failed without text, or was replaced by Retry, leaves them to travel with the next question.
   */
  commit(turnId: string): void;
}

/** What a snapshot was planned from, kept with the conversation so a reload (or the next CLI call) plans the same bytes. */
export interface SnapshotBasis {
  question: string;
  /** Files the model chose to read whole for that question. */
  relevant?: string[];
}

interface Frozen {
  plan: ContextPlan;
  baseline: Baseline;
  changeTokens: number;
}

export class ConversationSnapshot {
  private current: Frozen | undefined;
  /** The state before the last committed change, by the turn that committed it (Retry rolls it back). */
  private lastCommit: { turnId: string; before: Frozen } | undefined;
  /** What the current snapshot was planned from; restored with a saved conversation. */
  basis: SnapshotBasis | undefined;
  private prepared: Prepared | undefined;

  constructor(
    private readonly context: ContextPort,
    private readonly logger: Logger,
    private readonly expandPathsWithModel: () => boolean,
  ) {}

  reset(basis?: SnapshotBasis): void {
    this.discardPrepared();
    this.current = undefined;
    this.lastCommit = undefined;
    this.basis = basis;
  }

  /**
   * Plans for a draft of the first question while it is typed, so Enter does not wait for the plan. Only for a new
   * conversation (a frozen or restored snapshot plans nothing new), and only with a port that says when plans go stale.
   * A newer draft replaces (and cancels) an older one. Resolves when the plan is ready or was given up.
   */
  async prepare(question: string, budget: number | undefined): Promise<void> {
    const text = question.trim();
    if (this.current || this.basis || !this.context.generation || !text) return;
    if (this.prepared && this.prepared.question === text && this.prepared.budget === budget && this.prepared.generation === this.context.generation()) {
      await this.prepared.plan.catch(() => undefined);
      return;
    }
    this.discardPrepared();
    const controller = new AbortController();
    const generation = this.context.generation();
    const plan = this.context.plan(text, controller.signal, budget);
    const prepared: Prepared = { question: text, budget, generation, controller, plan };
    this.prepared = prepared;
    await plan.catch(() => {
      if (this.prepared === prepared) this.prepared = undefined; // cancelled or failed: Enter plans as before
    });
  }

  /**
   * The draft's plan when it was made for this very question and budget and nothing changed since it began (checked
   * again once it is ready); undefined otherwise, and the caller plans afresh. Stop cancels a plan still running.
   */
  private async takePrepared(question: string, budget: number | undefined, signal: AbortSignal): Promise<ContextPlan | undefined> {
    const prepared = this.prepared;
    this.prepared = undefined;
    if (!prepared) return undefined;
    const current = () => prepared.question === question && prepared.budget === budget && prepared.generation === this.context.generation?.();
    if (!current()) {
      prepared.controller.abort();
      return undefined;
    }
    const onAbort = () => prepared.controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const plan = await prepared.plan;
      return current() ? plan : undefined;
    } catch (error) {
      signal.throwIfAborted();
      this.logger.warn(`The plan made while the question was typed failed: ${errorMessage(error)}`);
      return undefined;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private discardPrepared(): void {
    this.prepared?.controller.abort();
    this.prepared = undefined;
  }

  /** The turn `turnId` was dropped (Retry, Edit): the changes it carried have to travel again. */
  rollback(turnId: string): void {
    if (this.lastCommit?.turnId !== turnId) return;
    this.current = this.lastCommit.before;
    this.lastCommit = undefined;
  }

  /** What the conversation has sent so far: the frozen plan with the changes sent since (undefined before the first turn). */
  baseline(): Baseline | undefined {
    return this.current?.baseline;
  }

  /**
   * The context for this turn: the frozen snapshot plus the changes since it, or a fresh snapshot planned within
   * `chooser.budget` (the snapshot's share of the window). A frozen snapshot larger than the budget (the model was
   * changed to one with a smaller window) is planned again.
   */
  async forTurn(question: string, signal: AbortSignal, chooser?: { provider: Provider; model: string; budget?: number }): Promise<TurnContext> {
    let resized: string | undefined;
    if (this.current && chooser?.budget !== undefined && this.current.plan.usedTokens > chooser.budget) {
      resized =
        `The workspace snapshot (${this.current.plan.usedTokens.toLocaleString('en-US')} tokens) no longer fits this model's window: ` +
        `planned again within ${chooser.budget.toLocaleString('en-US')} tokens.`;
      this.logger.info(resized);
      this.current = undefined;
    }
    const frozen = this.current;
    if (frozen) {
      const changes = await this.context.changesSince(frozen.baseline, signal);
      const changeTokens = frozen.changeTokens + changes.tokens;
      if (changes.tokens === 0) return { plan: frozen.plan, update: '', fresh: false, commit: () => undefined };
      if (changeTokens < RESNAPSHOT_SHARE * frozen.plan.usedTokens) {
        const next: Frozen = { plan: frozen.plan, baseline: applyChanges(frozen.baseline, changes), changeTokens };
        const commit = (turnId: string) => {
          if (this.current !== frozen) return; // a fresh snapshot or another turn's commit came first
          this.lastCommit = { turnId, before: frozen };
          this.current = next;
        };
        return { plan: frozen.plan, update: changes.text, fresh: false, commit };
      }
      this.logger.info(`Workspace changes reached ${changeTokens} tokens: taking a fresh snapshot.`);
    }
    // a restored conversation plans from what its snapshot was planned from, so the same workspace gives the same bytes
    const basis = this.basis ?? { question };
    // a stale draft plan (another question, a changed workspace) is dropped here, never sent
    const prepared = this.basis ? undefined : await this.takePrepared(question.trim(), chooser?.budget, signal);
    let plan = prepared ?? (await this.context.plan(basis.question, signal, chooser?.budget, basis.relevant));
    let notice: string | undefined = resized;
    const usage: Usage[] = [];
    const listed = plan.files.filter((file) => file.tier !== 'full').map((file) => file.path);
    // the model chooses only when relevance leaves it open (relevanceIndex.ts isRelevanceClear): its round trip delays the answer
    if (!this.basis && chooser && listed.length > 0 && !plan.relevanceClear && this.expandPathsWithModel()) {
      try {
        const choice = await chooseFilesToExpand(chooser.provider, chooser.model, question, listed, signal);
        usage.push(...choice.usage);
        const chosen = choice.paths;
        if (chosen.length > 0) {
          plan = await this.context.plan(question, signal, chooser.budget, chosen);
          basis.relevant = chosen;
          const whole = new Set(plan.files.filter((file) => file.tier === 'full').map((file) => file.path));
          const read = chosen.filter((path) => whole.has(path));
          if (read.length > 0) notice = [notice, `Read whole at Grok's choice: ${read.join(', ')}`].filter(Boolean).join(' ');
        }
      } catch (error) {
        if (signal.aborted) throw error;
        // the choice is a refinement: without it the plan stands
        this.logger.warn(`Choosing files to expand failed: ${errorMessage(error)}`);
      }
    }
    this.current = { plan, baseline: plan, changeTokens: 0 };
    this.lastCommit = undefined;
    this.basis = basis;
    return { plan, update: '', notice, fresh: true, usage, commit: () => undefined };
  }

  /** A new snapshot that fits the limit the provider named (or 70% of the one it refused), and what it cost. */
  async shrinkAfterOverflow(refused: ContextPlan, error: ProviderError, question: string, signal: AbortSignal): Promise<{ plan: ContextPlan; notice: string }> {
    // Leave a fifth of the provider's limit for the conversation and the answer.
    const budget = error.contextLimit ? Math.min(Math.floor(error.contextLimit * 0.8), Math.floor(refused.usedTokens * 0.9)) : Math.floor(refused.usedTokens * 0.7);
    const plan = await this.context.plan(this.basis?.question ?? question, signal, budget, this.basis?.relevant);
    this.current = { plan, baseline: plan, changeTokens: 0 };
    this.lastCommit = undefined;
    const whole = (p: ContextPlan) => p.files.filter((file) => file.tier === 'full').length;
    const limit = error.contextLimit ? ` (its limit: ${error.contextLimit.toLocaleString('en-US')} tokens)` : '';
    const notice =
      `The provider refused ${refused.usedTokens.toLocaleString('en-US')} tokens of context${limit}; ` +
      `re-planned to ${plan.usedTokens.toLocaleString('en-US')}: ${whole(refused) - whole(plan)} fewer files sent whole. ` +
      'Set grokContext.modelContextWindow (or lower grokContext.maxContextTokens) to the model\'s window to avoid the extra request.';
    this.logger.warn(notice);
    return { plan, notice };
  }
}
