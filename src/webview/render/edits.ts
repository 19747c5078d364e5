/**
 * Proposed edits, as compact cards in a panel above the composer: file, kind of change, +added/-removed, how the
 * text was matched, status; Review / Accept / Reject on each pending card, Accept all / Reject all when several wait,
 * Undo on an accepted card while its change is still the last one in the file. With nothing pending the panel is one
 * line (Show opens it), so the transcript keeps the room.
 * The host sends the whole list whenever one changes; the panel is rebuilt and keyboard focus is put back.
 */
import type { PendingEditView } from '../../protocol/messages';
import type { Send } from '../vscodeApi';
import { button, element, icon } from '../dom';

const CHANGE_ICONS: Record<PendingEditView['change'], string> = {
  modify: 'edit',
  create: 'new-file',
  delete: 'trash',
  rename: 'arrow-right',
};

const CHANGE_LABELS: Record<PendingEditView['change'], string> = {
  modify: 'modify',
  create: 'create',
  delete: 'delete',
  rename: 'rename',
};

type EditAction = 'review' | 'accept' | 'reject' | 'undo';

const ACTIONS: Array<{ action: EditAction; text: string; icon: string; className: string }> = [
  { action: 'review', text: 'Review', icon: 'diff', className: 'secondary' },
  { action: 'accept', text: 'Accept', icon: 'check', className: '' },
  { action: 'reject', text: 'Reject', icon: 'close', className: 'secondary' },
];

/** "exact", "whitespace, fuzzy 87%": how the replaced text was found in the file. */
export function describeMatches(edit: PendingEditView): string {
  return edit.matchKinds.map((kind) => (kind === 'fuzzy' && edit.minScore !== undefined ? `fuzzy ${Math.round(edit.minScore * 100)}%` : kind)).join(', ');
}

function card(edit: PendingEditView): HTMLElement {
  const root = element('article', 'edit-card');
  root.dataset.editId = edit.id;
  root.dataset.status = edit.status;
  root.dataset.change = edit.change;
  root.tabIndex = -1; // focusable from "Show change" on a tool card
  root.setAttribute('aria-label', `${CHANGE_LABELS[edit.change]} ${edit.path}, ${edit.status}${edit.sensitive ? `, sensitive: ${edit.sensitive}` : ''}`);

  const header = element('div', 'edit-header');
  header.append(icon(CHANGE_ICONS[edit.change], 'edit-icon'), element('span', 'edit-path', edit.path));
  if (edit.change === 'rename' && edit.newPath) header.append(icon('arrow-right'), element('span', 'edit-new-path', edit.newPath));
  const stats = element('span', 'edit-stats');
  stats.append(element('span', 'edit-added', `+${edit.added}`), element('span', 'edit-removed', `-${edit.removed}`));
  header.append(stats);

  const details = element('div', 'edit-details');
  details.append(element('span', 'edit-change', CHANGE_LABELS[edit.change]));
  const matches = describeMatches(edit);
  if (matches) details.append(element('span', 'edit-match', matches));
  details.append(element('span', 'edit-status', edit.status));
  root.append(header, details);
  if (edit.sensitive) {
    // a file that configures or runs code: said on the card before Accept, which asks to confirm
    root.dataset.sensitive = 'true';
    const sensitive = element('p', 'edit-sensitive');
    sensitive.append(icon('shield'), element('span', 'edit-sensitive-label', 'sensitive'), element('span', 'edit-sensitive-reason', edit.sensitive));
    root.append(sensitive);
  }
  if (edit.status === 'conflicted' && edit.reason) root.append(element('p', 'edit-reason', edit.reason));

  if (edit.status === 'pending') {
    const actions = element('div', 'edit-actions');
    for (const { action, text, icon: glyph, className } of ACTIONS) {
      actions.append(button({ className: `edit-action ${className}`.trim(), label: `${text} change to ${edit.path}`, text, icon: glyph, data: { editAction: action, editId: edit.id } }));
    }
    root.append(actions);
  } else if (edit.status === 'accepted' && edit.undoable) {
    // still the last change in its file: undone in the file's editor, as Ctrl+Z there would
    const actions = element('div', 'edit-actions');
    actions.append(button({ className: 'edit-action secondary', label: `Undo the change to ${edit.path}`, text: 'Undo', icon: 'discard', data: { editAction: 'undo', editId: edit.id } }));
    root.append(actions);
  }
  return root;
}

export class EditsPanel {
  private cards = new Map<string, HTMLElement>();
  /** With nothing pending the panel is one line (room for the transcript); the user may open it to see the decided. */
  private showDecided = false;
  private last: PendingEditView[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly send: Send,
  ) {
    root.addEventListener('click', (event) => this.onClick(event));
  }

  update(edits: PendingEditView[]): void {
    this.last = edits;
    const focusKey = this.focusKey();
    this.cards = new Map(edits.map((edit) => [edit.id, card(edit)]));
    const pending = edits.filter((edit) => edit.status === 'pending').length;
    const collapsed = pending === 0 && !this.showDecided;
    const header = element('div', 'edits-header');
    header.append(element('span', 'edits-title', pending > 0 ? `${pending} of ${edits.length} edits pending` : `${edits.length} edit${edits.length === 1 ? '' : 's'}, none pending`));
    if (pending === 0) {
      // folded, the last accepted edit can still be undone from the one line
      const undoable = collapsed ? edits.filter((edit) => edit.undoable && edit.status === 'accepted').at(-1) : undefined;
      if (undoable) header.append(button({ className: 'edit-action secondary', label: `Undo the change to ${undoable.path}`, text: 'Undo', icon: 'discard', data: { editAction: 'undo', editId: undoable.id } }));
      const toggle = button({ className: 'link-button edits-toggle', label: collapsed ? 'Show the decided edits' : 'Hide the decided edits', text: collapsed ? 'Show' : 'Hide', data: { editsToggle: 'true' } });
      toggle.setAttribute('aria-expanded', String(!collapsed));
      header.append(toggle);
    }
    if (pending > 1) {
      header.append(
        button({ className: 'edits-all', label: `Accept all ${pending} pending edits`, text: 'Accept all', icon: 'check-all', data: { allEdits: 'accept' } }),
        button({ className: 'edits-all secondary', label: `Reject all ${pending} pending edits`, text: 'Reject all', icon: 'close-all', data: { allEdits: 'reject' } }),
      );
    }
    const list = element('div', 'edits-list');
    list.append(...this.cards.values());
    list.hidden = collapsed;
    this.root.replaceChildren(header, list);
    this.root.hidden = edits.length === 0;
    this.root.dataset.collapsed = String(collapsed);
    this.restoreFocus(focusKey);
  }

  /** Scrolls the edit's card into view and focuses it (from a tool card's "Show change"). */
  reveal(editId: string): void {
    if (!this.cards.has(editId)) return;
    if (this.root.dataset.collapsed === 'true') {
      this.showDecided = true;
      this.update(this.last);
    }
    const target = this.cards.get(editId)!;
    target.scrollIntoView({ block: 'nearest' });
    target.focus();
  }

  private onClick(event: MouseEvent): void {
    const target = (event.target as Element).closest<HTMLElement>('button');
    if (!target) return;
    const { editAction, editId, allEdits, editsToggle } = target.dataset;
    if (editsToggle) {
      this.showDecided = !this.showDecided;
      this.update(this.last);
    } else if (editAction && editId) this.send({ type: 'editAction', editId, action: editAction as EditAction });
    else if (allEdits === 'accept' || allEdits === 'reject') this.send({ type: 'allEdits', action: allEdits });
  }

  /** Which control had focus, by meaning rather than by node, since the nodes are about to be replaced. */
  private focusKey(): { editId?: string; action?: string } | undefined {
    const active = document.activeElement as HTMLElement | null;
    if (!active || !this.root.contains(active)) return undefined;
    const holder = active.closest<HTMLElement>('[data-edit-id]');
    return { editId: holder?.dataset.editId, action: active.dataset.editAction ?? active.dataset.allEdits };
  }

  private restoreFocus(key: { editId?: string; action?: string } | undefined): void {
    if (!key) return;
    const cardNode = key.editId ? this.cards.get(key.editId) : undefined;
    const control = [...this.root.querySelectorAll<HTMLElement>('button')].find(
      (candidate) => (candidate.dataset.editAction ?? candidate.dataset.allEdits) === key.action && (!key.editId || candidate.dataset.editId === key.editId),
    );
    (control ?? cardNode ?? this.root.querySelector<HTMLElement>('button'))?.focus();
  }
}
