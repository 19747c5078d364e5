/**
 * Whether anything that shapes a plan changed since a moment: a file event, a pin or an exclusion, a setting, the open
 * editors. The extension host keeps one beside the context worker, so that
 *   - a follow-up on a workspace where nothing happened since its snapshot was last compared needs no call to the
 *     worker at all (no baseline copied across threads, no file looked at), and
 *   - a plan computed ahead of Enter (while the question was typed) is used only when nothing changed after it began.
 * It is a counter, not a clock: conservative by design (any event makes every earlier answer stale).
 */
import type { Baseline, Changes, ContextPlan } from './model';

export const NO_CHANGES: Readonly<Changes> = Object.freeze({ text: '', tokens: 0, changed: [], added: [], deleted: [], versions: {} });

export class PlanFreshness {
  private tick = 0;
  /** Baselines known to match the workspace, by the tick at which that was known. */
  private readonly current = new WeakMap<Baseline, number>();

  /** The moment now: compare it with a later `now` to learn whether anything changed in between. */
  get now(): number {
    return this.tick;
  }

  /** Something that shapes plans changed. */
  changed(): void {
    this.tick++;
  }

  /** `baseline` matched the workspace as of moment `at` (a plan made then, or changes found empty then). */
  matched(baseline: Baseline, at: number): void {
    if (at === this.tick) this.current.set(baseline, at);
  }

  /**
   * A plan from `compute`, known to match the workspace if nothing changed while it was made. Not when a pinned file
   * did not fit whole: the next turn sends it whole as a change, so the comparison has to run.
   */
  async plan(compute: () => Promise<ContextPlan>, pinned: readonly string[] = []): Promise<ContextPlan> {
    const at = this.tick;
    const plan = await compute();
    const pins = new Set(pinned);
    if (!plan.files.some((file) => pins.has(file.path) && file.tier !== 'full')) this.matched(plan, at);
    return plan;
  }

  /** The changes since `baseline`: none without asking `compare` when nothing happened since it last matched. */
  async changesSince(baseline: Baseline, compare: () => Promise<Changes>): Promise<Changes> {
    if (this.current.get(baseline) === this.tick) return { ...NO_CHANGES, changed: [], added: [], deleted: [], versions: {} };
    const at = this.tick;
    const changes = await compare();
    if (changes.tokens === 0) this.matched(baseline, at);
    return changes;
  }
}
