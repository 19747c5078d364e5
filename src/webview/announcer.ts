/**
 * Screen-reader announcements through one polite status element, so streaming tokens are never read one by one:
 * "Grok is answering", then "Answer complete" (the streaming turn itself is aria-busy until then).
 */
export class Announcer {
  constructor(private readonly status: HTMLElement) {}

  announce(message: string): void {
    // Re-setting the same text is not a change; clearing first makes a repeated message heard again.
    if (this.status.textContent === message) this.status.textContent = '';
    this.status.textContent = message;
  }
}
