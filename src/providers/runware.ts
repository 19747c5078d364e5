/**
 * Runware's task API (shared/reference/seeds 001 and 003): `POST https://api.runware.ai/v1` with an array holding one
 * `textInference` task; the answer comes back whole (`deliveryMethod: "sync"`), as server-sent events ("stream"), or
 * later ("async": an acknowledgement, then `getResponse` polls until the item's status is success or error).
 *
 * Documented by the seed pages: the request fields, the sync response (`text`, `finishReason`, `usage.{promptTokens,
 * completionTokens,totalTokens,thinkingTokens}`, `cost`), roles `user`/`assistant` only. NOT in the seed pages, taken from
 * Runware's docs and its official TypeScript SDK: the system prompt as `settings.systemPrompt`; the stream's events
 * (`data: {"taskUUID","taskType","delta":{"text"|"reasoningContent"},"finishReason",…}`, usage and cost on the final
 * event, `data: [DONE]`, `:` comment lines); errors as `{"errors":[{code,message,…}]}`, possibly on a 200.
 * No source documents how the native API returns tool calls, so edits need another preset (the chat says so).
 */
import { randomUUID } from 'node:crypto';
import { ProviderError, errorForStatus, toProviderError, type ErrorContext } from './errors';
import type { ChatRequest, Provider, ProviderEvent, Usage } from './types';

export interface RunwareOptions {
  apiKey: string;
  baseUrl: string;
  deliveryMethod: 'stream' | 'sync' | 'async';
  /** First wait before polling an async task (then ×1.5 per poll, at most 10 s), as Runware's SDK does. */
  firstPollMs?: number;
  /** Retries of 429, 5xx and connection failures before any output (this client is the only retry layer). */
  maxRetries: number;
  fetch?: typeof fetch;
}

interface RunwareError {
  code?: string;
  message?: string;
}

interface RunwareResult {
  taskUUID?: string;
  /** getResponse items: processing, success or error */
  status?: string;
  text?: string;
  delta?: { text?: string; reasoningContent?: string };
  finishReason?: string | null;
  usage?: { promptTokens?: number; completionTokens?: number; totalTokens?: number; thinkingTokens?: number };
  cost?: number;
  errors?: RunwareError[];
  error?: RunwareError;
}

const MAX_BACKOFF_MS = 8000;
const MAX_POLL_MS = 10_000;
const ASYNC_TIMEOUT_MS = 20 * 60 * 1000;
const MAX_RETRY_AFTER_MS = 30_000;

function describe(errors: RunwareError[]): string {
  return errors.map((error) => [error.code, error.message].filter(Boolean).join(': ')).join('; ');
}

function toUsage(result: RunwareResult): Usage | undefined {
  if (!result.usage && result.cost === undefined) return undefined;
  return {
    promptTokens: result.usage?.promptTokens ?? 0,
    completionTokens: result.usage?.completionTokens ?? 0,
    cachedPromptTokens: 0, // Runware does not report cached tokens
    reasoningTokens: result.usage?.thinkingTokens ?? 0,
    costUsd: result.cost,
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

export class RunwareProvider implements Provider {
  /** Its documentation shows no tool-call response shape: the chat answers without edit tools here. */
  readonly supportsTools = false;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: RunwareOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  /** The task as Runware's page describes it; the system prompt moves to settings (roles are user/assistant only). */
  task(request: ChatRequest): Record<string, unknown> {
    const text = (message: ChatRequest['messages'][number]) => (typeof message.content === 'string' ? message.content : '');
    const systemPrompt = request.messages.filter((message) => message.role === 'system').map(text).join('\n\n');
    const settings: Record<string, unknown> = {};
    if (systemPrompt) settings.systemPrompt = systemPrompt;
    if (request.temperature !== undefined) settings.temperature = request.temperature;
    if (request.topP !== undefined) settings.topP = request.topP;
    if (request.maxOutputTokens) settings.maxTokens = request.maxOutputTokens;
    return {
      taskType: 'textInference',
      taskUUID: randomUUID(),
      model: request.model,
      messages: request.messages.filter((message) => message.role !== 'system').map((message) => ({ role: message.role, content: text(message) })),
      ...(Object.keys(settings).length > 0 ? { settings } : {}),
      deliveryMethod: this.options.deliveryMethod,
      includeCost: true,
      includeUsage: true,
      numberResults: 1,
    };
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    const ctx: ErrorContext = { providerLabel: 'Runware', baseUrl: this.options.baseUrl, model: request.model, apiKey: this.options.apiKey };
    if (request.messages.some((message) => typeof message.content !== 'string')) {
      throw new ProviderError('bad-request', "Runware's task API takes text messages only (its page documents no image input): remove the images or use another provider.", ['openSettings']);
    }
    if (request.responseSchema) {
      throw new ProviderError('bad-request', "Runware's page documents no structured outputs for this model.", []);
    }
    if (request.tools?.length) {
      throw new ProviderError('bad-request', "Runware's documentation does not show how its task API returns tool calls, so edits need another provider (xAI, AIgateway, Cloudflare or OpenRouter).", ['openSettings']);
    }
    const task = this.task(request);
    const response = await this.send([task], ctx, signal);
    let answerStarted = false;
    try {
      if (this.options.deliveryMethod !== 'stream') {
        const body = (await response.json()) as { data?: RunwareResult[]; errors?: RunwareError[] };
        if (body.errors?.length) throw errorForStatus(400, describe(body.errors), ctx);
        const result = this.options.deliveryMethod === 'async' ? await this.poll(String(task.taskUUID), ctx, signal) : body.data?.[0];
        if (!result) throw new ProviderError('malformed', 'Runware answered without a result. Try again.', ['retry']);
        if (result.text) yield { type: 'text', text: result.text };
        const usage = toUsage(result);
        if (usage) yield { type: 'usage', usage };
        yield { type: 'finish', reason: result.finishReason ?? 'stop' };
        return;
      }
      for await (const result of this.events(response, signal)) {
        if (result.errors?.length || result.error) {
          const detail = describe(result.errors ?? [result.error!]);
          throw new ProviderError(answerStarted ? 'interrupted' : 'server', `Runware reported an error${answerStarted ? ' mid-answer (the partial answer is kept)' : ''}: "${detail}". Try again.`, ['retry']);
        }
        if (result.delta?.reasoningContent) {
          answerStarted = true;
          yield { type: 'reasoning', text: result.delta.reasoningContent };
        }
        if (result.delta?.text) {
          answerStarted = true;
          yield { type: 'text', text: result.delta.text };
        }
        const usage = toUsage(result);
        if (usage) yield { type: 'usage', usage };
        if (result.finishReason) yield { type: 'finish', reason: result.finishReason };
      }
    } catch (error) {
      if (signal.aborted) throw new ProviderError('cancelled', 'Stopped.', [], undefined, { cause: error });
      throw toProviderError(error, ctx, answerStarted);
    }
    if (signal.aborted) throw new ProviderError('cancelled', 'Stopped.', []);
  }

  /** Polls an async task with getResponse until it succeeds or fails (first after 1 s, then ×1.5 up to 10 s, 20 min at most). */
  private async poll(taskUUID: string, ctx: ErrorContext, signal: AbortSignal): Promise<RunwareResult> {
    const started = Date.now();
    for (let wait = this.options.firstPollMs ?? 1000; Date.now() - started < ASYNC_TIMEOUT_MS; wait = Math.min(MAX_POLL_MS, wait * 1.5)) {
      await sleep(wait, signal);
      const response = await this.send([{ taskType: 'getResponse', taskUUID }], ctx, signal);
      const body = (await response.json()) as { data?: RunwareResult[]; errors?: RunwareError[] };
      if (body.errors?.length) throw errorForStatus(400, describe(body.errors), ctx);
      const item = body.data?.find((entry) => entry.taskUUID === taskUUID) ?? body.data?.[0];
      if (item?.status === 'error') throw new ProviderError('server', `Runware could not complete the task: "${describe([item.error ?? {}])}". Try again.`, ['retry']);
      if (item && item.status !== 'processing' && (item.text !== undefined || item.status === 'success')) return item;
    }
    throw new ProviderError('server', 'Runware did not finish the task within 20 minutes. Try again.', ['retry']);
  }

  /** POSTs tasks, retrying 429/5xx/connection failures with bounded backoff (honouring Retry-After). */
  private async send(tasks: Array<Record<string, unknown>>, ctx: ErrorContext, signal: AbortSignal): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetch(this.options.baseUrl, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${this.options.apiKey}`,
            'Content-Type': 'application/json',
            Accept: this.options.deliveryMethod === 'stream' ? 'text/event-stream' : 'application/json',
          },
          body: JSON.stringify(tasks),
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw new ProviderError('cancelled', 'Stopped.', [], undefined, { cause: error });
        if (attempt < this.options.maxRetries) {
          await sleep(this.backoff(attempt), signal);
          continue;
        }
        throw new ProviderError('network', `Could not reach Runware at ${ctx.baseUrl} (${(error as Error).message}). Check your network connection and the base URL (grokContext.baseUrls for this provider, grokContext.baseUrl for an OpenAI-compatible endpoint), then try again.`, ['retry', 'openSettings'], undefined, { cause: error });
      }
      if (response.ok) return response;
      const text = await response.text().catch(() => '');
      let detail = text;
      try {
        const body = JSON.parse(text) as { errors?: RunwareError[]; error?: RunwareError };
        detail = describe(body.errors ?? (body.error ? [body.error] : [])) || text;
      } catch {
        // not JSON: keep the text
      }
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && attempt < this.options.maxRetries) {
        const retryAfter = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS) : this.backoff(attempt), signal);
        continue;
      }
      throw errorForStatus(response.status, detail, ctx);
    }
  }

  private backoff(attempt: number): number {
    return Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
  }

  /** Server-sent events: one `data:` line per event; `:` comments and other fields are skipped; `[DONE]` ends it. */
  private async *events(response: Response, signal: AbortSignal): AsyncIterable<RunwareResult> {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      signal.throwIfAborted();
      buffer += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') return;
        try {
          yield JSON.parse(data) as RunwareResult;
        } catch {
          throw new ProviderError('malformed', `Runware sent a malformed stream event (${data.slice(0, 80)}). Try again.`, ['retry']);
        }
      }
    }
  }
}
