/** Maps whatever the HTTP layer throws to a `ProviderError` whose message says what to do next. */
import OpenAI from 'openai';
import { UserFacingError, errorMessage, type ErrorAction } from '../common/errors';
import { redact } from '../common/logger';

export type ProviderErrorKind =
  | 'missing-key'
  | 'missing-base-url'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'bad-request'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'interrupted'
  | 'malformed'
  | 'context-overflow'
  | 'cancelled';

export class ProviderError extends UserFacingError {
  /** For `context-overflow`: the provider's limit in tokens, when its message says it. */
  contextLimit?: number;

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    actions: readonly ErrorAction[],
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, actions, options);
    this.name = 'ProviderError';
  }
}

/**
 * Overflow wordings: xAI's "This model's maximum prompt length is 131072 but the request contains 136973 tokens." (both
 * APIs), OpenAI's "maximum context length is …" (Chat) and "Your input exceeds the context window of this model" (Responses).
 */
const OVERFLOW = /context (length|window)|maximum (prompt|context|input)|too many tokens|prompt is too long|token limit|exceeds? the (model'?s? )?(maximum|limit)/i;
/** The error code OpenAI-style servers put beside an overflow (`error.code`, or a failed response's `error.code`). */
const OVERFLOW_CODE = 'context_length_exceeded';

/** The limit a context-overflow message names: "maximum context length is 131072 tokens", "limit of 1,000,000". */
export function parseContextLimit(message: string): number | undefined {
  const match = message.match(/(?:maximum|limit|max)[^0-9]{0,40}?([0-9][0-9,_]{2,})/i);
  if (!match) return undefined;
  const limit = Number(match[1].replace(/[,_]/g, ''));
  return Number.isFinite(limit) && limit > 0 ? limit : undefined;
}

export interface ErrorContext {
  providerLabel: string;
  baseUrl: string;
  model: string;
  apiKey?: string;
}

/** The server's own explanation, if its body had one (OpenAI shape `{error:{message}}` or xAI's `{error:"..."}`). */
function serverDetail(error: InstanceType<typeof OpenAI.APIError>): string {
  const body = error.error as unknown;
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    if (typeof record.message === 'string') return record.message;
    if (typeof record.error === 'string') return record.error;
  }
  return '';
}

/** The error for an HTTP status, with the server's own words (`detail`, redacted here) and what to do next. */
export function errorForStatus(status: number, rawDetail: string, ctx: ErrorContext, cause?: unknown, code?: string | null): ProviderError {
  const detail = redact(rawDetail, [ctx.apiKey]).trim();
  const who = ctx.providerLabel;
  const said = detail ? ` ${who} said: "${detail.slice(0, 500)}"` : '';
  if (status === 401) {
    return new ProviderError('unauthorized', `${who} rejected the API key (401).${said} Set a valid key with "Grok Context: Set API Key".`, ['setApiKey'], status, { cause });
  }
  if (status === 403) {
    return new ProviderError('forbidden', `${who} refused the request (403): the key may not have access to model "${ctx.model}", or the account has no credits.${said} Check the key and the account.`, ['setApiKey', 'openSettings'], status, { cause });
  }
  if (status === 404) {
    return new ProviderError('not-found', `${who} answered 404: model "${ctx.model}" or the URL ${ctx.baseUrl} is wrong.${said} Check grokContext.model and the base URL (grokContext.baseUrls for this provider, grokContext.baseUrl for an OpenAI-compatible endpoint).`, ['openSettings'], status, { cause });
  }
  if (status === 429) {
    return new ProviderError('rate-limited', `${who} is rate limiting requests (429).${said} Wait a moment and try again.`, ['retry'], status, { cause });
  }
  if (status >= 500) {
    return new ProviderError('server', `${who} had a server error (${status}).${said} This is usually temporary: try again.`, ['retry'], status, { cause });
  }
  if ((status === 400 || status === 413) && (OVERFLOW.test(detail) || code === OVERFLOW_CODE)) {
    const overflow = new ProviderError('context-overflow', `The request is larger than ${who} accepts for "${ctx.model}".${said} Lower grokContext.maxContextTokens.`, ['openSettings'], status, { cause });
    overflow.contextLimit = parseContextLimit(detail);
    return overflow;
  }
  return new ProviderError('bad-request', `${who} refused the request (${status}).${said}`, ['openSettings'], status, { cause });
}

export function toProviderError(error: unknown, ctx: ErrorContext, answerStarted: boolean): ProviderError {
  if (error instanceof ProviderError) return error;
  const clean = (text: string) => redact(text, [ctx.apiKey]).trim();
  const who = ctx.providerLabel;

  if (error instanceof OpenAI.APIUserAbortError || (error instanceof Error && error.name === 'AbortError')) {
    return new ProviderError('cancelled', 'Stopped.', [], undefined, { cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    // The SDK's connection error hides the socket's reason in `cause`.
    const reason = clean(errorMessage((error as { cause?: unknown }).cause ?? error));
    if (answerStarted) {
      return new ProviderError('interrupted', `The connection to ${who} dropped mid-answer (${reason}). The partial answer is kept; retry to ask again.`, ['retry'], undefined, { cause: error });
    }
    return new ProviderError(
      'network',
      `Could not reach ${who} at ${ctx.baseUrl} (${reason}). Check your network connection and the base URL (grokContext.baseUrls for this provider, grokContext.baseUrl for an OpenAI-compatible endpoint), then try again.`,
      ['retry', 'openSettings'],
      undefined,
      { cause: error },
    );
  }
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    return errorForStatus(error.status, serverDetail(error), ctx, error, typeof error.code === 'string' ? error.code : undefined);
  }
  if (error instanceof SyntaxError || (error instanceof OpenAI.OpenAIError && /parse|JSON/i.test(error.message))) {
    return new ProviderError('malformed', `${who} sent a malformed stream chunk (${clean(error.message)}). ${answerStarted ? 'The partial answer is kept. ' : ''}Try again.`, ['retry'], undefined, { cause: error });
  }
  // fetch's "terminated" / socket resets surface as plain TypeErrors while the body is being read.
  const reason = clean(errorMessage(error));
  if (answerStarted) {
    return new ProviderError('interrupted', `The answer from ${who} was cut off (${reason}). The partial answer is kept; retry to ask again.`, ['retry'], undefined, { cause: error });
  }
  return new ProviderError('network', `The request to ${who} failed (${reason}). Try again.`, ['retry'], undefined, { cause: error });
}

/**
 * A Responses stream that reports its own failure after the 200 (`response.failed` with `response.error`, or an `error`
 * event): an overflow still says so (and its limit), a rate limit is a rate limit, anything else is the server's.
 */
export function errorForStreamFailure(code: string | null, message: string, ctx: ErrorContext, answerStarted: boolean): ProviderError {
  if (code === OVERFLOW_CODE || OVERFLOW.test(message)) return errorForStatus(400, message, ctx, undefined, OVERFLOW_CODE);
  if (code === 'rate_limit_exceeded') return errorForStatus(429, message, ctx);
  const detail = redact(message, [ctx.apiKey]).trim().slice(0, 500);
  const kept = answerStarted ? ' The partial answer is kept.' : '';
  return new ProviderError('server', `${ctx.providerLabel} failed the response${code ? ` (${code})` : ''}: "${detail}".${kept} This is usually temporary: try again.`, ['retry']);
}
