/**
 * Coalesces work into animation frames: any number of deltas between two frames cost one render per turn, and a
 * frame stops taking new work once its budget is spent (a long text then renders over several frames).
 */

export interface FrameWork {
  /** Renders what is pending; returns true when more is left for the next frame. */
  render(hasTime: () => boolean): boolean;
}

/** Leaves room in a 16.7 ms frame for style, layout and paint. */
const FRAME_BUDGET_MS = 8;

export class FrameScheduler {
  private readonly dirty = new Set<FrameWork>();
  private requested = false;

  /** `beforeFrame` runs first (read layout while it is clean); `afterFrame` gets its result once the work is done. */
  constructor(private readonly hooks: { beforeFrame?: () => unknown; afterFrame?: (before: unknown) => void } = {}) {}

  schedule(work: FrameWork): void {
    this.dirty.add(work);
    if (!this.requested) {
      this.requested = true;
      requestAnimationFrame(() => this.flush());
    }
  }

  forget(work: FrameWork): void {
    this.dirty.delete(work);
  }

  clear(): void {
    this.dirty.clear();
  }

  private flush(): void {
    this.requested = false;
    const before = this.hooks.beforeFrame?.();
    const deadline = performance.now() + FRAME_BUDGET_MS;
    const hasTime = () => performance.now() < deadline;
    const work = [...this.dirty];
    this.dirty.clear();
    for (const item of work) {
      // Every dirty turn gets a turn even when the budget is gone, so a streaming answer never starves.
      if (item.render(hasTime)) this.schedule(item);
    }
    this.hooks.afterFrame?.(before);
  }
}
