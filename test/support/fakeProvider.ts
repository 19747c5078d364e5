/**
 * A local stand-in for an OpenAI-compatible provider (xAI, AIgateway, Cloudflare's compat endpoint).
 * It speaks the streaming wire exactly as the AIgateway page shows it (shared/reference/seeds/000):
 *   data: {"choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}
 *   data: {"choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}
 *   data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}
 *   data: [DONE]
 * plus the final usage chunk (`"choices":[]`, `usage`) that `stream_options.include_usage` adds (seed 002).
 * `POST …/responses` speaks xAI's Responses wire instead (test/support/fakeResponses.ts, which names the pages it follows),
 * driven by the same scripts. Answers come from a script queue; every request is recorded; faults are injected per script.
 */
import { EventEmitter, once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { completedOutput, overflowBody, streamResponses } from './fakeResponses';
import { sseWriter, writeContent } from './fakeSse';

export interface UsageScript {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens?: number;
  reasoning_tokens?: number;
  /** xAI's billed cost (`usage.cost_in_usd_ticks`, 10^10 = $1), on both wires when set. */
  cost_usd_ticks?: number;
}

export type Script =
  | {
      kind: 'stream';
      /** Content deltas, one chunk each. */
      text: string[];
      /** Reasoning deltas sent before the content, as `delta.reasoning_content` (xAI's field). */
      reasoning?: string[];
      usage?: UsageScript;
      finishReason?: string;
      /** Pause before each chunk, to make a slow stream that a test can stop. */
      delayMs?: number;
      /** Destroy the socket after this many content chunks (a dropped stream). */
      dropAfter?: number;
      /** Send this raw line in place of content chunk number `chunks` (0-based). */
      malformedAfter?: { chunks: number; line: string };
      /** Pause after this many content chunks until `until` resolves: lets a test look at a half-streamed answer. */
      holdAfter?: { chunks: number; until: Promise<unknown> };
      /** Tool calls after the content: `fragments` 1 sends each whole in one chunk (as xAI does), more splits the arguments. */
      toolCalls?: Array<{ id: string; name: string; arguments: string; fragments?: number }>;
      /** Send an SSE comment (`: keep-alive`) before every chunk, as some servers do while the model thinks. */
      keepAlive?: boolean;
      /** Runware only: the `cost` to report (otherwise computed at grok-4.3's prices). */
      costUsd?: number;
      /** Runware async only: how many getResponse polls answer `processing` before the result. */
      pendingPolls?: number;
    }
  | { kind: 'status'; status: number; body: unknown; headers?: Record<string, string> }
  /** Hang up before any response: a connection reset. */
  | { kind: 'reset' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body. */
  body: any;
  /** Resolves when the exchange ends: `completed` when the server finished, `client-closed` when the client hung up first. */
  ended: Promise<'completed' | 'client-closed'>;
}

function chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
  return `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
}

function usageChunk(usage: UsageScript): string {
  const body: Record<string, unknown> = {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    total_tokens: usage.prompt_tokens + usage.completion_tokens,
  };
  if (usage.cached_tokens !== undefined) body.prompt_tokens_details = { cached_tokens: usage.cached_tokens };
  if (usage.reasoning_tokens !== undefined) body.completion_tokens_details = { reasoning_tokens: usage.reasoning_tokens };
  if (usage.cost_usd_ticks !== undefined) body.cost_in_usd_ticks = usage.cost_usd_ticks;
  return `data: ${JSON.stringify({ choices: [], usage: body })}\n\n`;
}

/** Runware's `usage` (camelCase, with thinkingTokens) and `cost` fields, as its model page lists them. */
function runwareUsage(script: Extract<Script, { kind: 'stream' }>): Record<string, unknown> {
  if (!script.usage) return {};
  const { prompt_tokens: promptTokens, completion_tokens: completionTokens, reasoning_tokens: thinkingTokens = 0 } = script.usage;
  return {
    usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, thinkingTokens },
    cost: script.costUsd ?? (promptTokens * 1.25 + completionTokens * 2.5) / 1_000_000,
  };
}

/** Runware's sync response (seed 003): `data[0]` with `text`, `finishReason`, `usage`, `cost`. */
function runwareSyncBody(script: Extract<Script, { kind: 'stream' }>, taskUUID: string): unknown {
  return { data: [{ taskType: 'textInference', taskUUID, text: script.text.join(''), finishReason: script.finishReason ?? 'stop', ...runwareUsage(script) }] };
}

/** The exact bytes of a scripted stream with no faults: what the tests compare the wire against. */
export function streamBytes(script: Extract<Script, { kind: 'stream' }>): string {
  let out = chunk({ role: 'assistant' });
  for (const text of script.reasoning ?? []) out += chunk({ reasoning_content: text });
  for (const text of script.text) out += chunk({ content: text });
  out += chunk({}, script.finishReason ?? 'stop');
  if (script.usage) out += usageChunk(script.usage);
  return out + 'data: [DONE]\n\n';
}

/** Which wire a recorded request spoke. */
export type Wire = 'chat-completions' | 'responses' | 'runware';

export function wireOf(recorded: Pick<RecordedRequest, 'path'>): Wire {
  if (/\/responses$/.test(recorded.path)) return 'responses';
  if (/\/chat\/completions$/.test(recorded.path)) return 'chat-completions';
  return 'runware';
}

type Part = { type?: string; text?: string };
const partsText = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? (content as Part[]).map((part) => (typeof part.text === 'string' ? part.text : '')).join('') : '';

/**
 * The conversation a request sent, whichever wire: role and text per message. On the Responses wire an assistant turn's
 * items (reasoning, message, function calls) make one assistant entry, as its message does on Chat Completions; tool
 * results (`function_call_output`) are `tool` entries.
 */
export function messagesOf(recorded: Pick<RecordedRequest, 'path' | 'body'>): Array<{ role: string; text: string }> {
  if (wireOf(recorded) !== 'responses') {
    return ((recorded.body?.messages ?? []) as Array<{ role: string; content: unknown }>).map((message) => ({ role: message.role, text: partsText(message.content) }));
  }
  const out: Array<{ role: string; text: string }> = [];
  let assistantOpen = false;
  for (const item of (recorded.body?.input ?? []) as Array<Record<string, unknown>>) {
    const assistantSide = item.type === 'reasoning' || item.type === 'function_call' || item.role === 'assistant';
    if (assistantSide) {
      if (!assistantOpen) out.push({ role: 'assistant', text: '' });
      assistantOpen = true;
      if (item.role === 'assistant') out[out.length - 1].text += partsText(item.content);
      continue;
    }
    assistantOpen = false;
    if (item.type === 'function_call_output') out.push({ role: 'tool', text: partsText(item.output) });
    else out.push({ role: String(item.role), text: partsText(item.content) });
  }
  return out;
}

/** The reasoning effort a request asked for, whichever wire (`reasoning_effort` or `reasoning.effort`). */
export function reasoningEffortOf(recorded: Pick<RecordedRequest, 'path' | 'body'>): string | undefined {
  return wireOf(recorded) === 'responses' ? recorded.body?.reasoning?.effort : recorded.body?.reasoning_effort;
}

/** The text of one message or input item that a model reads (its values, not the JSON around them). */
function itemText(item: unknown): string {
  if (typeof item === 'string') return item;
  if (Array.isArray(item)) return item.map(itemText).join('');
  if (item && typeof item === 'object') {
    return Object.entries(item as Record<string, unknown>)
      .filter(([key]) => key !== 'type' && key !== 'id' && key !== 'role' && key !== 'call_id' && key !== 'status')
      .map(([, value]) => itemText(value))
      .join('');
  }
  return '';
}

export class FakeProvider {
  readonly requests: RecordedRequest[] = [];
  /** Used when the queue is empty. */
  defaultScript: Script | ((request: RecordedRequest) => Script) = {
    kind: 'stream',
    text: ['Hello', ' from', ' the', ' fake', ' provider.'],
    usage: { prompt_tokens: 100, completion_tokens: 5 },
  };
  private readonly queue: Script[] = [];
  /** Runware async tasks waiting to be polled, by taskUUID. */
  private readonly asyncTasks = new Map<string, { script: Extract<Script, { kind: 'stream' }>; polls: number }>();
  private readonly events = new EventEmitter();
  /**
   * The model's window in tokens: a request larger than this (o200k tokens of its serialised `messages`/`input`, the
   * tokenizer the extension itself counts with) is answered 400 with xAI's overflow message.
   */
  contextWindow?: number;
  /**
   * Report `cached_tokens` as the tokens of the prefix this request shares with the previous request on the same wire
   * (serialised `messages`/`input`), as a provider's prompt cache would, and `prompt_tokens` as the request's own count;
   * makes usage appear on every answer.
   */
  simulateCache = false;
  /** The clock for `created_at` (seconds); a test pins it to compare bytes. */
  now = () => Math.floor(Date.now() / 1000);
  private readonly previousItems = new Map<Wire, string[]>();
  private readonly itemTokens = new Map<string, number>();
  private responsesServed = 0;
  /** The `output` items of each Responses answer, by the index of the request it answered. */
  readonly responseOutputs: unknown[][] = [];

  private constructor(private readonly server: http.Server) {}

  static async start(port = 0): Promise<FakeProvider> {
    const server = http.createServer();
    // a client that was busy (a 1M-token request being counted) must not find its kept-alive socket closed under it
    server.keepAliveTimeout = 60_000;
    const fake = new FakeProvider(server);
    server.on('request', (req, res) => void fake.handle(req, res));
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  /** Base URL to configure, ending in `/v1`. */
  get baseUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  enqueue(...scripts: Script[]): void {
    this.queue.push(...scripts);
  }

  /** Resolves with the `index`-th request (0-based) once it has arrived. */
  async request(index: number): Promise<RecordedRequest> {
    while (this.requests.length <= index) await once(this.events, 'request');
    return this.requests[index];
  }

  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
    this.previousItems.clear();
    this.responsesServed = 0;
    this.responseOutputs.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const part of req) raw += part;
    let resolveEnded!: (how: 'completed' | 'client-closed') => void;
    const ended = new Promise<'completed' | 'client-closed'>((resolve) => (resolveEnded = resolve));
    res.on('close', () => resolveEnded(res.writableFinished ? 'completed' : 'client-closed'));
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, ended };
    this.requests.push(recorded);
    this.events.emit('request', recorded);

    // Runware's task API: a JSON array of tasks POSTed to the base URL itself
    if (req.method === 'POST' && /\/v1\/?$/.test(req.url ?? '') && Array.isArray(body)) {
      const next = this.queue.shift() ?? this.defaultScript;
      const script = typeof next === 'function' ? next(recorded) : next;
      const task = (body as Array<Record<string, unknown>>)[0] ?? {};
      if (task.taskType === 'getResponse') {
        this.queue.unshift(next as Script); // a poll consumes no script
        this.json(res, 200, this.runwarePoll(String(task.taskUUID)));
        return;
      }
      if (script.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (script.kind === 'stream' && task.deliveryMethod === 'async') {
        this.asyncTasks.set(String(task.taskUUID), { script, polls: 0 });
        this.json(res, 200, { data: [{ taskType: 'textInference', taskUUID: task.taskUUID }] });
        return;
      }
      if (script.kind === 'status') this.json(res, script.status, script.body, script.headers);
      else if (task.deliveryMethod === 'stream') await this.runwareStream(res, script, String(task.taskUUID));
      else this.json(res, 200, runwareSyncBody(script, String(task.taskUUID)));
      return;
    }
    const wire = wireOf(recorded);
    if (req.method !== 'POST' || wire === 'runware') {
      this.json(res, 404, { error: { message: `No route for ${req.method} ${req.url}`, type: 'invalid_request_error' } });
      return;
    }
    const next = this.queue.shift() ?? this.defaultScript;
    const script = typeof next === 'function' ? next(recorded) : next;
    if (script.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (script.kind === 'status') {
      this.json(res, script.status, script.body, script.headers);
      return;
    }
    const measured = this.measure(wire, recorded, res);
    if (measured === 'overflow') return;
    // a simulated cache reports what it counted: the request's tokens and the cached prefix's
    const usage = this.simulateCache ? { completion_tokens: 1, ...script.usage, prompt_tokens: measured!.tokens, cached_tokens: measured!.cached } : script.usage;
    if (wire === 'responses') {
      const body = (recorded.body ?? {}) as { model?: string; store?: boolean };
      const ctx = { n: ++this.responsesServed, model: body.model ?? '', createdAt: this.now(), store: body.store ?? true, usage };
      // what `response.completed` carried, by request index: the items a client must send back in place
      this.responseOutputs[this.requests.indexOf(recorded)] = completedOutput(script, ctx);
      await streamResponses(res, script, ctx);
    } else {
      await this.stream(res, { ...script, usage });
    }
  }

  /**
   * The request's size and cached prefix in tokens, when a knob needs them; answers an over-window request itself
   * (400, xAI's message) and says so.
   */
  private measure(wire: Wire, recorded: RecordedRequest, res: http.ServerResponse): { tokens: number; cached: number } | undefined | 'overflow' {
    if (this.contextWindow === undefined && !this.simulateCache) return undefined;
    // What a model reads of each message or item: its text (content, arguments, outputs, encrypted reasoning), counted
    // once per distinct item; the JSON's own quoting and escapes are framing, not tokens.
    const items = ((wire === 'responses' ? recorded.body?.input : recorded.body?.messages) ?? []) as unknown[];
    const keys = items.map((item) => JSON.stringify(item));
    const counts = keys.map((key, index) => {
      let count = this.itemTokens.get(key);
      if (count === undefined) {
        count = countTokens(itemText(items[index])) + 4;
        this.itemTokens.set(key, count);
      }
      return count;
    });
    const tokens = counts.reduce((sum, count) => sum + count, 0);
    if (this.contextWindow !== undefined && tokens > this.contextWindow) {
      this.json(res, 400, overflowBody(this.contextWindow, tokens));
      return 'overflow';
    }
    // A prompt cache serves the items this request shares, in order, with the previous one.
    const previous = this.previousItems.get(wire) ?? [];
    this.previousItems.set(wire, keys);
    let cached = 0;
    for (let i = 0; i < keys.length && i < previous.length && keys[i] === previous[i]; i++) cached += counts[i];
    return { tokens, cached };
  }

  /** A getResponse answer: `processing` for the scripted number of polls, then the result with `status: "success"`. */
  private runwarePoll(taskUUID: string): unknown {
    const task = this.asyncTasks.get(taskUUID);
    if (!task) return { errors: [{ code: 'taskFailedOrNotFound', message: `No task ${taskUUID}`, taskType: 'getResponse', taskUUID }] };
    task.polls++;
    if (task.polls <= (task.script.pendingPolls ?? 0)) return { data: [{ taskType: 'textInference', taskUUID, status: 'processing' }] };
    this.asyncTasks.delete(taskUUID);
    const [result] = (runwareSyncBody(task.script, taskUUID) as { data: Array<Record<string, unknown>> }).data;
    return { data: [{ ...result, status: 'success' }] };
  }

  /** Runware's stream as its SDK parses it: a `data:` line per event, usage and cost on the final one, `data: [DONE]`. */
  private async runwareStream(res: http.ServerResponse, script: Extract<Script, { kind: 'stream' }>, taskUUID: string): Promise<void> {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    const { write, alive } = sseWriter(res, script, ': ping\n\n');
    const event = (fields: Record<string, unknown>) => `data: ${JSON.stringify({ taskUUID, taskType: 'textInference', ...fields })}\n\n`;
    for (const text of script.reasoning ?? []) await write(event({ delta: { reasoningContent: text } }));
    if (!(await writeContent(res, script, write, alive, (text) => event({ delta: { text }, finishReason: null })))) return;
    await write(event({ delta: {}, finishReason: script.finishReason ?? 'stop', ...runwareUsage(script) }));
    await write('data: [DONE]\n\n');
    if (alive()) res.end();
  }

  private json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  private async stream(res: http.ServerResponse, script: Extract<Script, { kind: 'stream' }>): Promise<void> {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const { write, alive } = sseWriter(res, script, ': keep-alive\n\n');
    await write(chunk({ role: 'assistant' }));
    for (const text of script.reasoning ?? []) await write(chunk({ reasoning_content: text }));
    if (!(await writeContent(res, script, write, alive, (text) => chunk({ content: text })))) return;
    for (const [index, call] of (script.toolCalls ?? []).entries()) {
      const parts = Math.max(1, call.fragments ?? 1);
      const size = Math.ceil(call.arguments.length / parts);
      for (let part = 0; part < parts; part++) {
        const fragment = call.arguments.slice(part * size, (part + 1) * size);
        const head = part === 0 ? { id: call.id, type: 'function', function: { name: call.name, arguments: fragment } } : { function: { arguments: fragment } };
        await write(chunk({ tool_calls: [{ index, ...head }] }));
      }
    }
    await write(chunk({}, script.finishReason ?? (script.toolCalls?.length ? 'tool_calls' : 'stop')));
    if (script.usage) await write(usageChunk(script.usage));
    await write('data: [DONE]\n\n');
    if (alive()) res.end();
  }
}
