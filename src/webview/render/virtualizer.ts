/**
 * Keeps the DOM proportional to what is near the viewport: a finished answer more than a couple of screens away
 * is dehydrated (its Markdown DOM dropped, its height kept), and hydrated again as it scrolls back into range.
 */
import type { AssistantView } from './turns';

/** How far beyond the visible area answers stay rendered. */
const MARGIN_PX = 1500;

export class Virtualizer {
  private readonly observer: IntersectionObserver;
  private readonly views = new Map<Element, AssistantView>();

  constructor(
    root: HTMLElement,
    private readonly onHydrate: (view: AssistantView) => void,
  ) {
    this.observer = new IntersectionObserver((entries) => this.onIntersection(entries), { root, rootMargin: `${MARGIN_PX}px 0px` });
  }

  observe(view: AssistantView): void {
    this.views.set(view.root, view);
    this.observer.observe(view.root);
  }

  clear(): void {
    this.observer.disconnect();
    this.views.clear();
  }

  private onIntersection(entries: IntersectionObserverEntry[]): void {
    // Read every height first, then change the DOM: one layout, not one per entry.
    const leaving: Array<{ view: AssistantView; height: number }> = [];
    for (const entry of entries) {
      const view = this.views.get(entry.target);
      if (!view) continue;
      if (entry.isIntersecting) {
        if (!view.isHydrated) {
          view.hydrate();
          this.onHydrate(view);
        }
      } else if (view.isHydrated && !view.isStreaming) {
        leaving.push({ view, height: view.bodyElement.getBoundingClientRect().height });
      }
    }
    for (const { view, height } of leaving) view.dehydrate(height);
  }
}
