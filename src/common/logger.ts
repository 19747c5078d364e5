/** The one logging port; the VS Code adapter writes to a LogOutputChannel, tests and the CLI to stderr or nowhere. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/**
 * Replaces every occurrence of the given secrets with a placeholder, so a key that a server echoes
 * back in an error body (some do) never reaches a log or the chat.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return out;
}
