/**
 * Retry and Edit on the last question, while no answer is running: Retry asks it again, Edit puts it back in the
 * question box to be changed and sent in its place. The buttons move to whichever question is last after each change.
 */
import { button, element } from './dom';

export interface LastQuestionHandlers {
  retry(): void;
  edit(question: { id: string; text: string }): void;
}

export class LastQuestionActions {
  private shown: { id: string; text: string } | undefined;

  constructor(
    private readonly transcript: HTMLElement,
    private readonly handlers: LastQuestionHandlers,
  ) {}

  /** Shows the buttons on `question`'s turn (undefined: nowhere). Call after the transcript changed. */
  render(question: { id: string; text: string } | undefined): void {
    const turn = question ? this.userTurn(question.id) : undefined;
    for (const stale of this.transcript.querySelectorAll('.turn.user > .turn-actions')) {
      if (stale.parentElement !== turn) stale.remove();
    }
    this.shown = turn ? question : undefined;
    if (!turn || turn.querySelector(':scope > .turn-actions')) return;
    const actions = element('div', 'turn-actions');
    const retry = button({ className: 'icon-button turn-action', label: 'Retry: ask this question again', icon: 'refresh', data: { turnAction: 'retry' } });
    const edit = button({ className: 'icon-button turn-action', label: 'Edit this question and ask it again', icon: 'edit', data: { turnAction: 'edit' } });
    retry.addEventListener('click', () => this.handlers.retry());
    edit.addEventListener('click', () => {
      if (this.shown) this.handlers.edit(this.shown);
    });
    actions.append(retry, edit);
    turn.append(actions);
  }

  private userTurn(id: string): HTMLElement | undefined {
    return [...this.transcript.querySelectorAll<HTMLElement>('.turn.user')].find((turn) => turn.dataset.turnId === id);
  }
}
