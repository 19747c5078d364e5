/**
 * Questions sent while an answer runs wait in the host's queue; they are listed under the transcript as "Queued", each
 * with a Remove (×) button that posts `unqueue`. The host owns the queue and sends it whole whenever it changes.
 */
import type { QueuedQuestionView } from '../protocol/messages';
import { button, element } from './dom';
import type { Send } from './vscodeApi';

/** The first words of a question, for a button's accessible name. */
function shortText(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

export interface QueueHooks {
  /** Said to screen readers when a question joins the queue. */
  announce?(message: string): void;
  /** Where focus goes when the last queued question is removed from the keyboard. */
  focusInput?(): void;
}

export class QueueView {
  private queued: readonly QueuedQuestionView[] = [];

  constructor(
    readonly root: HTMLElement,
    private readonly send: Send,
    private readonly hooks: QueueHooks = {},
  ) {
    root.classList.add('queue');
    root.setAttribute('aria-label', 'Queued questions');
    root.hidden = true;
    root.addEventListener('click', (event) => {
      const remove = (event.target as Element).closest<HTMLButtonElement>('button[data-unqueue]');
      if (remove?.dataset.unqueue) this.send({ type: 'unqueue', id: remove.dataset.unqueue });
    });
  }

  /** A section for the queue right after `transcript` (the page the host serves has none of its own). */
  static after(transcript: HTMLElement, send: Send, hooks?: QueueHooks): QueueView {
    const root = element('section');
    root.id = 'queue';
    transcript.after(root);
    return new QueueView(root, send, hooks);
  }

  update(queued: readonly QueuedQuestionView[]): void {
    // A keyboard user on a Remove button stays on it, or on its neighbour when its question left the queue.
    const focused = this.root.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.unqueue : undefined;
    const focusedAt = focused === undefined ? -1 : this.queued.findIndex((item) => item.id === focused);
    const grew = queued.length > this.queued.length;
    this.queued = queued;
    const list = element('ul', 'queued-list');
    for (const item of queued) list.append(this.renderItem(item));
    this.root.replaceChildren(list);
    this.root.hidden = queued.length === 0;
    if (grew) this.hooks.announce?.(queued.length === 1 ? 'Question queued' : `Question queued, ${queued.length} waiting`);
    if (focused !== undefined) this.restoreFocus(focused, focusedAt);
  }

  private renderItem(item: QueuedQuestionView): HTMLElement {
    const row = element('li', 'queued-item');
    row.dataset.queuedId = item.id;
    const text = element('span', 'queued-text', item.text);
    text.title = item.text;
    row.append(element('span', 'queued-label', 'Queued'), text);
    if (item.images) row.append(element('span', 'queued-images', `${item.images} image${item.images === 1 ? '' : 's'}`));
    row.append(button({ className: 'icon-button queued-remove', label: `Remove queued question: ${shortText(item.text)}`, icon: 'close', data: { unqueue: item.id } }));
    return row;
  }

  private restoreFocus(id: string, at: number): void {
    const buttons = [...this.root.querySelectorAll<HTMLButtonElement>('button[data-unqueue]')];
    const same = buttons.find((control) => control.dataset.unqueue === id);
    if (same) same.focus();
    else if (buttons.length > 0) buttons[Math.min(Math.max(at, 0), buttons.length - 1)].focus();
    else this.hooks.focusInput?.();
  }
}
