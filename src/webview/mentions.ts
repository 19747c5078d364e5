/**
 * `@file` mentions while typing: the word being typed after an `@` asks the host for matching workspace files, which
 * show in a listbox above the question box; Up/Down choose, Enter or Tab insert `@path `, Escape closes. The box
 * keeps focus throughout (aria-activedescendant points at the chosen option), so typing simply carries on.
 */
import { element, icon } from './dom';
import type { Send } from './vscodeApi';

/** An `@word` around the caret: `start` is the `@`, `end` the end of the word, `query` what was typed up to the caret. */
export interface Mention {
  start: number;
  end: number;
  query: string;
}

/**
 * The mention being typed at `caret`: an `@` at the start or after whitespace (as the host reads mentions), followed
 * by at least one character and no whitespace up to the caret.
 */
export function mentionAt(text: string, caret: number): Mention | undefined {
  let start = caret - 1;
  while (start >= 0 && text[start] !== '@' && !/\s/.test(text[start])) start -= 1;
  if (start < 0 || text[start] !== '@') return undefined;
  if (start > 0 && !/\s/.test(text[start - 1])) return undefined;
  const query = text.slice(start + 1, caret);
  if (query === '') return undefined;
  let end = caret;
  while (end < text.length && !/\s/.test(text[end])) end += 1;
  return { start, end, query };
}

/** The text with the mention replaced by `@path ` and where the caret goes (after the space). */
export function insertMention(text: string, mention: Mention, path: string): { text: string; caret: number } {
  const before = `${text.slice(0, mention.start)}@${path}`;
  const rest = text.slice(mention.end);
  // A space already after the word is reused, so the text never gains a double space.
  if (rest.startsWith(' ')) return { text: before + rest, caret: before.length + 1 };
  return { text: `${before} ${rest}`, caret: before.length + 1 };
}

const CARET_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'Home', 'End']);

export type Schedule = (callback: () => void) => unknown;

export class MentionPopup {
  private paths: string[] = [];
  private selected = 0;
  /** The query last asked of the host; results for any other query are stale. */
  private asked: string | undefined;
  private pending = false;

  constructor(
    private readonly textarea: HTMLTextAreaElement,
    private readonly list: HTMLElement,
    private readonly send: Send,
    /** When to read the box after an input: once per animation frame, however fast the typing. */
    private readonly schedule: Schedule = (callback) => requestAnimationFrame(callback),
  ) {
    list.addEventListener('mousedown', (event) => event.preventDefault()); // keep focus (and the caret) in the box
    list.addEventListener('click', (event) => {
      const option = (event.target as Element).closest<HTMLElement>('[role="option"]');
      if (option?.dataset.index !== undefined) this.choose(Number(option.dataset.index));
    });
    textarea.addEventListener('blur', () => this.close());
    textarea.addEventListener('click', () => this.check());
    textarea.addEventListener('keyup', (event) => {
      if (CARET_KEYS.has(event.key)) this.check(); // the caret may have left the word
    });
  }

  get isOpen(): boolean {
    return !this.list.hidden;
  }

  /** The box's text changed: look for a mention once this frame is done. */
  onInput(): void {
    if (this.pending) return;
    this.pending = true;
    this.schedule(() => {
      this.pending = false;
      this.check();
    });
  }

  /** Files matching `query`, from the host. */
  results(query: string, paths: readonly string[]): void {
    const mention = this.current();
    if (!mention || mention.query !== query) return;
    if (paths.length === 0) {
      this.close(false);
      return;
    }
    this.paths = [...paths];
    this.selected = 0;
    this.render();
  }

  /** Handles the popup's keys; true when the key was used (the box must not act on it too). */
  handleKey(event: KeyboardEvent): boolean {
    if (!this.isOpen || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return false;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.select((this.selected + step + this.paths.length) % this.paths.length);
        break;
      }
      case 'Enter':
      case 'Tab':
        if (event.shiftKey) return false;
        this.choose(this.selected);
        break;
      case 'Escape':
        this.close(false);
        break;
      default:
        return false;
    }
    event.preventDefault();
    event.stopPropagation();
    return true;
  }

  /** Hides the list; `forget` also forgets the query, so typing the same word again asks afresh. */
  close(forget = true): void {
    if (forget) this.asked = undefined;
    if (!this.isOpen) return;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.textarea.removeAttribute('aria-activedescendant');
  }

  private current(): Mention | undefined {
    const { selectionStart, selectionEnd, value } = this.textarea;
    return selectionStart === selectionEnd ? mentionAt(value, selectionStart) : undefined;
  }

  private check(): void {
    const mention = this.current();
    if (!mention) {
      this.close();
      return;
    }
    if (mention.query === this.asked) return;
    this.asked = mention.query;
    this.send({ type: 'mentionFiles', query: mention.query });
  }

  private choose(index: number): void {
    const mention = this.current();
    const path = this.paths[index];
    if (!mention || path === undefined) {
      this.close();
      return;
    }
    const { text, caret } = insertMention(this.textarea.value, mention, path);
    this.textarea.value = text;
    this.textarea.setSelectionRange(caret, caret);
    this.close();
    // Other listeners (height, history) learn of the change as they would from typing.
    this.textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }

  private render(): void {
    this.list.replaceChildren(
      ...this.paths.map((path, index) => {
        const option = element('li', 'mention-option');
        option.id = `mention-option-${index}`;
        option.setAttribute('role', 'option');
        option.dataset.index = String(index);
        option.dataset.path = path;
        const slash = path.lastIndexOf('/');
        option.append(icon('file'), element('span', 'mention-name', path.slice(slash + 1)));
        if (slash > 0) option.append(element('span', 'mention-folder', path.slice(0, slash)));
        option.title = path;
        return option;
      }),
    );
    this.list.hidden = false;
    this.select(this.selected);
  }

  private select(index: number): void {
    this.selected = index;
    for (const option of this.list.querySelectorAll<HTMLElement>('[role="option"]')) {
      const isSelected = option.dataset.index === String(index);
      option.setAttribute('aria-selected', String(isSelected));
      if (isSelected) {
        this.textarea.setAttribute('aria-activedescendant', option.id);
        option.scrollIntoView?.({ block: 'nearest' });
      }
    }
  }
}
