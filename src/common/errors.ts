/**
 * What the user can do about an error; the chat renders each as a button.
 * Kept as a closed set so the webview can map it to a command without trusting free text.
 */
export type ErrorAction = 'setApiKey' | 'openSettings' | 'retry';

/** An error whose message is written for the user: what happened, and what to do next. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly actions: readonly ErrorAction[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserFacingError';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
