/**
 * The question box: Enter sends, Shift+Enter is a new line, images can be attached or pasted, Stop ends an answer.
 * Up in an empty box (or on the first line of a recalled question) recalls earlier questions, Down comes back;
 * `@word` offers workspace files (mentions.ts); Edit on the last question puts it here, and sending then replaces it.
 */
import { MAX_IMAGES, MAX_IMAGE_BYTES } from '../protocol/messages';
import { element } from './dom';
import { InputHistory } from './inputHistory';
import { MentionPopup, type Schedule } from './mentions';
import type { Send } from './vscodeApi';

/** What the composer follows of the conversation (from the turn log). */
export interface ComposerConversation {
  /** Every question so far, oldest first. */
  questions: readonly string[];
  /** The question Edit would replace, if any. */
  lastQuestion: { id: string; text: string } | undefined;
}

/** A pause in typing this long sends the draft: long enough not to plan on every key, short against thinking time. */
export const DRAFT_PAUSE_MS = 300;

export class Composer {
  private readonly form = document.getElementById('composer') as HTMLFormElement;
  private readonly question = document.getElementById('question') as HTMLTextAreaElement;
  private readonly sendButton = document.getElementById('send') as HTMLButtonElement;
  private readonly stopButton = document.getElementById('stop') as HTMLButtonElement;
  private readonly attachButton = document.getElementById('attach') as HTMLButtonElement;
  private readonly attachInput = document.getElementById('attach-input') as HTMLInputElement;
  private readonly attachmentList = document.getElementById('attachments') as HTMLElement;
  private readonly editingBanner = document.getElementById('editing-banner') as HTMLElement;
  private readonly history = new InputHistory();
  private readonly mentions: MentionPopup;
  /** Images waiting to go with the next question, as data URLs. */
  private images: string[] = [];
  /** While editing the last question: which one, and the draft the box held before (given back afterwards). */
  private editing: { turnId: string; draft: string } | undefined;
  /** An answer is running: Send queues. */
  private busy = false;
  /** No question asked yet: what is typed is the conversation's first question, planned for as it is typed. */
  private firstQuestion = true;
  private cancelDraft: (() => void) | undefined;
  private draftSent = '';

  constructor(
    private readonly send: Send,
    schedule?: Schedule,
    /** Runs `callback` once typing has paused; returns its cancellation (tests pass their own clock). */
    private readonly afterPause: (callback: () => void) => () => void = (callback) => {
      const timer = setTimeout(callback, DRAFT_PAUSE_MS);
      return () => clearTimeout(timer);
    },
  ) {
    this.mentions = new MentionPopup(this.question, document.getElementById('mention-list') as HTMLElement, send, schedule);
    this.question.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files ?? [])].filter((file) => file.type.startsWith('image/'));
      if (files.length === 0 || this.editing) return;
      event.preventDefault();
      files.forEach((file) => this.addImage(file));
    });
    this.attachButton.addEventListener('click', () => this.attachInput.click());
    this.attachInput.addEventListener('change', () => {
      [...(this.attachInput.files ?? [])].forEach((file) => this.addImage(file));
      this.attachInput.value = '';
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.question.addEventListener('input', () => {
      this.history.stop();
      this.mentions.onInput();
      this.scheduleDraft();
    });
    this.question.addEventListener('keydown', (event) => this.onKeydown(event));
    this.stopButton.addEventListener('click', () => this.send({ type: 'stop' }));
    document.getElementById('editing-cancel')?.addEventListener('click', () => this.cancelEditing());
  }

  /**
   * While an answer runs, Stop appears beside Send: a question sent meanwhile is queued by the host and asked when
   * the answer ends (Send says so in its tooltip).
   */
  setBusy(busy: boolean): void {
    // Stop going away must not drop a keyboard user's focus on the page's body.
    const hadStopFocus = document.activeElement === this.stopButton;
    this.stopButton.hidden = !busy;
    if (!this.editing) {
      if (busy) this.sendButton.title = 'Queue this question: it is asked when the current answer ends';
      else this.sendButton.removeAttribute('title');
    }
    this.busy = busy;
    if (hadStopFocus && !busy) this.sendButton.focus();
  }

  focus(): void {
    this.question.focus();
  }

  /** Follows the conversation: recall its questions; stop editing a question that is no longer the last one. */
  sync(conversation: ComposerConversation): void {
    this.history.setQuestions(conversation.questions);
    this.firstQuestion = conversation.questions.length === 0;
    this.draftSent = ''; // another conversation (New, a switch) has no plan for it yet; the host ignores a repeat
    // The text typed so far stays in the box, as a new question.
    if (this.editing && conversation.lastQuestion?.id !== this.editing.turnId) this.leaveEditing();
  }

  /** Mentions matching what is typed after `@`, from the host. */
  mentionResults(query: string, paths: readonly string[]): void {
    this.mentions.results(query, paths);
  }

  get isEditing(): boolean {
    return this.editing !== undefined;
  }

  /** Puts the last question in the box; sending replaces it (and its answer) instead of asking a new one. */
  startEditing(question: { id: string; text: string }): void {
    const draft = this.editing ? this.editing.draft : this.question.value;
    this.editing = { turnId: question.id, draft };
    this.history.stop();
    this.mentions.close();
    this.question.value = question.text;
    this.editingBanner.hidden = false;
    this.form.dataset.editing = 'true';
    this.question.setAttribute('aria-describedby', 'editing-text');
    this.attachButton.disabled = true;
    this.sendButton.textContent = 'Send edit';
    this.sendButton.title = 'Ask the edited question in place of the last one';
    this.question.focus();
    this.question.setSelectionRange(question.text.length, question.text.length);
  }

  /** Leaves editing and gives back the draft the box held before. */
  cancelEditing(): void {
    if (!this.editing) return;
    const { draft } = this.editing;
    this.leaveEditing();
    this.question.value = draft;
    this.question.focus();
  }

  private leaveEditing(): void {
    this.editing = undefined;
    this.editingBanner.hidden = true;
    delete this.form.dataset.editing;
    this.question.removeAttribute('aria-describedby');
    this.attachButton.disabled = false;
    this.sendButton.textContent = 'Send';
    this.setBusy(this.busy); // gives Send back its tooltip
  }

  private onKeydown(event: KeyboardEvent): void {
    if (this.mentions.handleKey(event)) return;
    if (event.isComposing) return;
    const plain = !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      this.submit();
    } else if (event.key === 'ArrowUp' && plain && this.canRecallOlder()) {
      const older = this.history.older(this.question.value);
      if (older === undefined) return;
      event.preventDefault();
      this.show(older);
    } else if (event.key === 'ArrowDown' && plain && this.history.isShowing(this.question.value) && this.caretOnLastLine()) {
      const newer = this.history.newer();
      if (newer === undefined) return;
      event.preventDefault();
      this.show(newer);
    } else if (event.key === 'Escape' && this.editing) {
      event.preventDefault();
      this.cancelEditing();
    }
  }

  private canRecallOlder(): boolean {
    const { value, selectionStart, selectionEnd } = this.question;
    if (value === '') return true;
    return this.history.isShowing(value) && selectionStart === selectionEnd && !value.slice(0, selectionStart).includes('\n');
  }

  private caretOnLastLine(): boolean {
    const { value, selectionStart, selectionEnd } = this.question;
    return selectionStart === selectionEnd && !value.slice(selectionEnd).includes('\n');
  }

  /** A recalled question, caret at its end (a further Up walks its lines first, as in a terminal). */
  private show(text: string): void {
    this.question.value = text;
    this.question.setSelectionRange(text.length, text.length);
  }

  private renderAttachments(): void {
    this.attachmentList.replaceChildren();
    this.images.forEach((dataUrl, index) => {
      const item = element('div', 'attachment');
      const image = element('img', 'thumbnail');
      image.src = dataUrl;
      image.alt = `Attached image ${index + 1}`;
      const remove = element('button', 'secondary remove', '×');
      remove.type = 'button';
      remove.title = 'Remove this image';
      remove.setAttribute('aria-label', `Remove image ${index + 1}`);
      remove.addEventListener('click', () => {
        this.images = this.images.filter((_, at) => at !== index);
        this.renderAttachments();
      });
      item.append(image, remove);
      this.attachmentList.append(item);
    });
  }

  private addImage(file: File): void {
    if (!/^image\/(png|jpeg)$/.test(file.type) || file.size > MAX_IMAGE_BYTES || this.images.length >= MAX_IMAGES) return;
    const reader = new FileReader();
    reader.addEventListener('load', () => {
      if (typeof reader.result === 'string' && this.images.length < MAX_IMAGES) {
        this.images = [...this.images, reader.result];
        this.renderAttachments();
      }
    });
    reader.readAsDataURL(file);
  }

  /**
   * The first question goes to the host as it is typed, once typing pauses, so the plan for it is ready at Enter
   * (the host checks that nothing changed since; a stale plan is never sent).
   */
  private scheduleDraft(): void {
    this.cancelDraft?.();
    if (!this.firstQuestion || this.editing || this.busy) return;
    this.cancelDraft = this.afterPause(() => {
      this.cancelDraft = undefined;
      const text = this.question.value.trim();
      if (!text || text === this.draftSent || !this.firstQuestion || this.editing) return;
      this.draftSent = text;
      this.send({ type: 'draft', text });
    });
  }

  private submit(): void {
    const text = this.question.value.trim();
    if (!text) return;
    this.cancelDraft?.();
    this.draftSent = '';
    this.history.stop();
    this.mentions.close();
    if (this.editing) {
      // The edited question keeps the original's images (the host re-sends them); new ones wait for the next question.
      const { draft } = this.editing;
      this.send({ type: 'editLast', text });
      this.leaveEditing();
      this.question.value = draft;
      return;
    }
    this.send(this.images.length ? { type: 'ask', text, images: this.images.map((dataUrl) => ({ dataUrl })) } : { type: 'ask', text });
    this.question.value = '';
    this.images = [];
    this.renderAttachments();
  }
}
