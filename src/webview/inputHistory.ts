/**
 * Up/Down recall of the conversation's earlier questions, as a shell does: Up goes back (newest first), Down comes
 * forward and, past the newest, gives back the draft that was in the box when recall began.
 */

export class InputHistory {
  /** Newest first. */
  private entries: string[] = [];
  /** Which entry is shown; -1 when not recalling. */
  private index = -1;
  private draft = '';

  /** The conversation's questions, oldest first (as the transcript shows them). */
  setQuestions(questions: readonly string[]): void {
    const entries = [...questions].reverse();
    if (entries.length === this.entries.length && entries.every((entry, at) => entry === this.entries[at])) return;
    this.entries = entries;
    this.index = -1;
  }

  /** True when `value` is the entry being shown (not edited since it was recalled). */
  isShowing(value: string): boolean {
    return this.index >= 0 && this.entries[this.index] === value;
  }

  /** The next older question, or undefined when there is none (the box is then left as it is). */
  older(current: string): string | undefined {
    if (this.index + 1 >= this.entries.length) return undefined;
    if (this.index < 0) this.draft = current;
    this.index += 1;
    return this.entries[this.index];
  }

  /** The next newer question, then the draft; undefined when not recalling. */
  newer(): string | undefined {
    if (this.index < 0) return undefined;
    this.index -= 1;
    return this.index < 0 ? this.draft : this.entries[this.index];
  }

  /** The user typed, sent or switched: whatever is in the box is theirs now. */
  stop(): void {
    this.index = -1;
    this.draft = '';
  }
}
