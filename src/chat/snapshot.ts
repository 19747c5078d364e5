/**
 * The workspace context of one conversation: frozen at its first turn so the request prefix stays byte-identical
 * for the provider's cache; later changes travel as a prefix of the question until a fresh snapshot is cheaper.
 */
import { errorMessage } from '../common/errors';
import type { Logger } from '../common/logger';
import { applyChanges, type Baseline, type Changes, type ContextPlan } from '../context/model';
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
}

export class ConversationSnapshot {
  private current: { plan: ContextPlan; baseline: Baseline; changeTokens: number } | undefined;

  constructor(
    private readonly context: ContextPort,
    private readonly logger: Logger,
    private readonly expandPathsWithModel: () => boolean,
  ) {}

  reset(): void {
    this.current = undefined;
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
    if (this.current) {
      const changes = await this.context.changesSince(this.current.baseline, signal);
      const changeTokens = this.current.changeTokens + changes.tokens;
      if (changes.tokens === 0) return { plan: this.current.plan, update: '', fresh: false };
      if (changeTokens < RESNAPSHOT_SHARE * this.current.plan.usedTokens) {
        this.current = { plan: this.current.plan, baseline: applyChanges(this.current.baseline, changes), changeTokens };
        return { plan: this.current.plan, update: changes.text, fresh: false };
      }
      this.logger.info(`Workspace changes reached ${changeTokens} tokens: taking a fresh snapshot.`);
    }
    let plan = await this.context.plan(question, signal, chooser?.budget);
    let notice: string | undefined = resized;
    const usage: Usage[] = [];
    const listed = plan.files.filter((file) => file.tier !== 'full').map((file) => file.path);
    if (chooser && listed.length > 0 && this.expandPathsWithModel()) {
      try {
        const choice = await chooseFilesToExpand(chooser.provider, chooser.model, question, listed, signal);
        usage.push(...choice.usage);
        const chosen = choice.paths;
        if (chosen.length > 0) {
          plan = await this.context.plan(question, signal, chooser.budget, chosen);
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
    return { plan, update: '', notice, fresh: true, usage };
  }

  /** A new snapshot that fits the limit the provider named (or 70% of the one it refused), and what it cost. */
  async shrinkAfterOverflow(refused: ContextPlan, error: ProviderError, question: string, signal: AbortSignal): Promise<{ plan: ContextPlan; notice: string }> {
    // Leave a fifth of the provider's limit for the conversation and the answer.
    const budget = error.contextLimit ? Math.min(Math.floor(error.contextLimit * 0.8), Math.floor(refused.usedTokens * 0.9)) : Math.floor(refused.usedTokens * 0.7);
    const plan = await this.context.plan(question, signal, budget);
    this.current = { plan, baseline: plan, changeTokens: 0 };
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
