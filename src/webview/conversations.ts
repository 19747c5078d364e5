/**
 * The saved conversations, in a panel the header's history button opens: title, when it was last used and how many
 * questions it has, the shown one marked current. A row switches on click or Enter; rename edits the title in place
 * (Enter saves, Escape cancels), export opens it as Markdown, delete asks "Delete? Yes / No" in the row itself.
 * The host owns the list and re-sends it after every change; the panel re-renders from its own small state (which row
 * is being renamed or confirmed) and puts keyboard focus back where it was.
 */
import type { ConversationSummary } from '../protocol/messages';
import { button, element } from './dom';
import type { Send } from './vscodeApi';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH_DAY = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });
const MONTH_DAY_YEAR = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
const FULL_DATE = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** "just now", "5 min ago", "3 hours ago", "yesterday", "4 days ago", then "Mar 12" (with the year when not this one). */
export function relativeTime(then: number, now: number): string {
  const elapsed = Math.max(0, now - then);
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) {
    const hours = Math.floor(elapsed / HOUR);
    return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  }
  const days = Math.floor(elapsed / DAY);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  const date = new Date(then);
  return (date.getFullYear() === new Date(now).getFullYear() ? MONTH_DAY : MONTH_DAY_YEAR).format(date);
}

export function questionCount(questions: number): string {
  return `${questions} question${questions === 1 ? '' : 's'}`;
}

type RowAction = 'open' | 'rename' | 'export' | 'delete' | 'confirm-delete' | 'cancel-delete' | 'save-rename' | 'cancel-rename' | 'title-input';

interface FocusKey {
  id: string | undefined;
  action: string | undefined;
  selection?: [number, number];
}

export interface ConversationListOptions {
  /** Where focus goes after switching conversations. */
  focusInput(): void;
  now?: () => number;
}

export class ConversationList {
  private conversations: ConversationSummary[] = [];
  private activeId = '';
  private renaming: { id: string; draft: string } | undefined;
  private confirming: string | undefined;
  /** Set while rows are rebuilt: the rename box losing focus then is not the user leaving it. */
  private rendering = false;

  constructor(
    private readonly toggle: HTMLButtonElement,
    private readonly panel: HTMLElement,
    private readonly send: Send,
    private readonly options: ConversationListOptions,
  ) {
    toggle.setAttribute('aria-expanded', 'false');
    toggle.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
    toggle.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isOpen) {
        event.preventDefault();
        this.close(true);
      }
    });
    panel.addEventListener('click', (event) => this.onClick(event));
    panel.addEventListener('keydown', (event) => this.onKeydown(event));
    panel.addEventListener('input', (event) => {
      const input = event.target as HTMLInputElement;
      if (this.renaming && input.dataset.conversationAction === 'title-input') this.renaming.draft = input.value;
    });
    panel.addEventListener('focusout', (event) => {
      const input = event.target as HTMLElement;
      if (!this.rendering && this.renaming && input.dataset.conversationAction === 'title-input' && !this.panel.contains(event.relatedTarget as Node | null)) {
        this.saveRename(false);
      }
    });
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  update(conversations: ConversationSummary[], activeId: string): void {
    this.conversations = conversations;
    this.activeId = activeId;
    if (this.renaming && !conversations.some((item) => item.id === this.renaming?.id)) this.renaming = undefined;
    if (this.confirming && !conversations.some((item) => item.id === this.confirming)) this.confirming = undefined;
    if (this.isOpen) this.render();
  }

  open(): void {
    this.panel.hidden = false;
    this.toggle.setAttribute('aria-expanded', 'true');
    this.render(); // fresh relative times
    const rows = this.openButtons();
    (rows.find((row) => row.getAttribute('aria-current') === 'true') ?? rows[0])?.focus();
  }

  /** Hides the panel; focus goes back to the history button when it was inside the panel (or `returnFocus`). */
  close(returnFocus = this.panel.contains(document.activeElement)): void {
    this.renaming = undefined;
    this.confirming = undefined;
    this.panel.hidden = true;
    this.toggle.setAttribute('aria-expanded', 'false');
    this.panel.replaceChildren();
    if (returnFocus) this.toggle.focus();
  }

  private render(): void {
    const focus = this.focusKey();
    this.rendering = true;
    const now = (this.options.now ?? Date.now)();
    const title = element('div', 'conversation-list-title', 'Conversations');
    title.id = 'conversation-list-title';
    if (this.conversations.length === 0) {
      this.panel.replaceChildren(title, element('p', 'conversation-empty', 'No saved conversations yet. Ask a question to start one.'));
    } else {
      const list = element('ul', 'conversation-rows');
      list.setAttribute('aria-labelledby', title.id);
      list.append(...this.conversations.map((conversation) => this.row(conversation, now)));
      this.panel.replaceChildren(title, list);
    }
    this.restoreFocus(focus);
    this.rendering = false;
  }

  private row(conversation: ConversationSummary, now: number): HTMLElement {
    const { id, title } = conversation;
    const row = element('li', 'conversation-row');
    row.dataset.conversationId = id;
    const active = id === this.activeId;
    if (active) row.dataset.active = 'true';
    const action = (name: RowAction) => ({ conversationAction: name });
    if (this.renaming?.id === id) {
      const input = element('input', 'conversation-title-input');
      input.type = 'text';
      input.value = this.renaming.draft;
      input.maxLength = 200;
      input.setAttribute('aria-label', `New title for “${title}” (Enter to save, Escape to cancel)`);
      input.dataset.conversationAction = 'title-input';
      row.append(
        input,
        button({ className: 'icon-button', label: 'Save title', icon: 'check', data: action('save-rename') }),
        button({ className: 'icon-button', label: 'Cancel renaming', icon: 'close', data: action('cancel-rename') }),
      );
      return row;
    }
    if (this.confirming === id) {
      row.classList.add('confirming');
      row.append(
        element('span', 'conversation-confirm-text', `Delete “${title}”?`),
        button({ className: 'conversation-delete-yes', label: `Yes, delete “${title}”`, text: 'Yes', data: action('confirm-delete') }),
        button({ className: 'conversation-delete-no secondary', label: 'No, keep it', text: 'No', data: action('cancel-delete') }),
      );
      return row;
    }
    const when = relativeTime(conversation.updatedAt, now);
    const open = element('button', 'conversation-open');
    open.type = 'button';
    open.dataset.conversationAction = 'open';
    if (active) open.setAttribute('aria-current', 'true');
    open.setAttribute('aria-label', `${title}, ${when}, ${questionCount(conversation.questions)}${active ? ', shown now' : ''}`);
    const time = element('time', 'conversation-time', when);
    time.dateTime = new Date(conversation.updatedAt).toISOString();
    time.title = FULL_DATE.format(new Date(conversation.updatedAt));
    const meta = element('span', 'conversation-meta');
    meta.append(time, element('span', 'conversation-questions', ` · ${questionCount(conversation.questions)}`));
    open.append(element('span', 'conversation-title', title), meta);
    const actions = element('div', 'conversation-actions');
    actions.append(
      button({ className: 'icon-button conversation-rename', label: `Rename “${title}”`, icon: 'edit', data: action('rename') }),
      button({ className: 'icon-button conversation-export', label: `Export “${title}” as Markdown`, icon: 'export', data: action('export') }),
      button({ className: 'icon-button conversation-delete', label: `Delete “${title}”`, icon: 'trash', data: action('delete') }),
    );
    row.append(open, actions);
    return row;
  }

  private onClick(event: MouseEvent): void {
    const control = (event.target as Element).closest<HTMLElement>('[data-conversation-action]');
    const id = control?.closest<HTMLElement>('[data-conversation-id]')?.dataset.conversationId;
    if (!control || id === undefined) return;
    const conversation = this.conversations.find((item) => item.id === id);
    switch (control.dataset.conversationAction as RowAction) {
      case 'open':
        if (id !== this.activeId) this.send({ type: 'switchConversation', id });
        this.close(false);
        this.options.focusInput();
        return;
      case 'rename':
        this.confirming = undefined;
        this.renaming = { id, draft: conversation?.title ?? '' };
        this.render();
        this.focusRow(id, 'title-input')?.select();
        return;
      case 'save-rename':
        this.saveRename(true);
        return;
      case 'cancel-rename':
        this.cancelRename();
        return;
      case 'export':
        this.send({ type: 'exportConversation', id });
        return;
      case 'delete':
        this.renaming = undefined;
        this.confirming = id;
        this.render();
        this.focusRow(id, 'cancel-delete'); // the safe answer has focus
        return;
      case 'confirm-delete':
        this.deleteConfirmed(id);
        return;
      case 'cancel-delete':
        this.confirming = undefined;
        this.render();
        this.focusRow(id, 'delete');
        return;
    }
  }

  private onKeydown(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    const action = target.dataset.conversationAction;
    if (event.key === 'Enter' && action === 'title-input') {
      event.preventDefault();
      this.saveRename(true);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (this.renaming) this.cancelRename();
      else if (this.confirming) {
        const id = this.confirming;
        this.confirming = undefined;
        this.render();
        this.focusRow(id, 'delete');
      } else this.close(true);
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && action === 'open') {
      event.preventDefault();
      const rows = this.openButtons();
      const at = rows.indexOf(target as HTMLButtonElement);
      rows[Math.min(rows.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
    }
  }

  private saveRename(keepFocus: boolean): void {
    const renaming = this.renaming;
    if (!renaming) return;
    this.renaming = undefined;
    const title = renaming.draft.trim();
    const conversation = this.conversations.find((item) => item.id === renaming.id);
    if (conversation && title !== '' && title !== conversation.title) {
      this.send({ type: 'renameConversation', id: renaming.id, title });
      // Shown at once; the host's list confirms it.
      this.conversations = this.conversations.map((item) => (item.id === renaming.id ? { ...item, title } : item));
    }
    this.render();
    if (keepFocus) this.focusRow(renaming.id, 'rename');
  }

  private cancelRename(): void {
    const id = this.renaming?.id;
    this.renaming = undefined;
    this.render();
    if (id !== undefined) this.focusRow(id, 'rename');
  }

  private deleteConfirmed(id: string): void {
    const at = this.conversations.findIndex((item) => item.id === id);
    this.send({ type: 'deleteConversation', id });
    this.confirming = undefined;
    this.conversations = this.conversations.filter((item) => item.id !== id);
    this.render();
    const next = this.conversations[Math.min(at, this.conversations.length - 1)];
    if (next) this.focusRow(next.id, 'open');
    else this.toggle.focus();
  }

  private openButtons(): HTMLButtonElement[] {
    return [...this.panel.querySelectorAll<HTMLButtonElement>('button[data-conversation-action="open"]')];
  }

  private focusRow(id: string, action: RowAction): HTMLInputElement | undefined {
    const row = [...this.panel.querySelectorAll<HTMLElement>('[data-conversation-id]')].find((candidate) => candidate.dataset.conversationId === id);
    const control = row?.querySelector<HTMLInputElement>(`[data-conversation-action="${action}"]`) ?? undefined;
    control?.focus();
    return control;
  }

  /** Which control had focus, by meaning rather than by node, since the rows are about to be replaced. */
  private focusKey(): FocusKey | undefined {
    const active = document.activeElement as HTMLElement | null;
    if (!active || !this.panel.contains(active)) return undefined;
    const id = active.closest<HTMLElement>('[data-conversation-id]')?.dataset.conversationId;
    const key: FocusKey = { id, action: active.dataset.conversationAction };
    if (active instanceof HTMLInputElement) key.selection = [active.selectionStart ?? 0, active.selectionEnd ?? 0];
    return key;
  }

  private restoreFocus(key: FocusKey | undefined): void {
    if (!key) return;
    const control = key.id !== undefined && key.action ? this.focusRow(key.id, key.action as RowAction) : undefined;
    if (control && key.selection && control instanceof HTMLInputElement) control.setSelectionRange(...key.selection);
    if (!this.panel.contains(document.activeElement)) (this.openButtons()[0] ?? this.toggle).focus();
  }
}
