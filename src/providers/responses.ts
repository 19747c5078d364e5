/**
 * xAI's recommended API for its reasoning models: `POST /v1/responses`, streamed, through the real `openai` SDK
 * (`client.responses.create({ stream: true })`). The Chat Completions twin is openaiCompatible.ts.
 *
 * What differs from Chat Completions, and why:
 * - `store: false`: xAI keeps nothing of the workspace; the model's reasoning travels in the request instead, as the
 *   opaque `encrypted_content` of the reasoning items we ask for with `include: ["reasoning.encrypted_content"]`.
 * - Every output item of a response (reasoning, message, function_call) is handed up verbatim (`items` event) and sent
 *   back in the same place next round (`ChatMessage.providerItems`), so Grok keeps its thinking across tool rounds.
 * - The prompt-cache key is the body field `prompt_cache_key` (xAI ignores `x-grok-conv-id` here).
 * - `seed` and `stop` are not in xAI's Responses request reference, so they are not sent on this wire.
 * - The system prompt is an input message with `role: "system"`, as xAI's "Generate Text" examples send it.
 */
import OpenAI from 'openai';
import type {
  FunctionTool,
  ResponseCreateParamsStreaming,
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseStreamEvent,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import { ProviderError, errorForStreamFailure, toProviderError, type ErrorContext } from './errors';
import { billedDollars } from './pricing';
import { parseToolArguments } from './toolArguments';
import type { ChatMessage, ChatRequest, ContentPart, Provider, ProviderEvent, ToolCall, Usage } from './types';

export interface ResponsesProviderOptions {
  providerLabel: string;
  baseUrl: string;
  apiKey: string;
  /** The SDK's own retry (429 honouring Retry-After, 5xx, connection errors before a response); the only retry layer. */
  maxRetries: number;
  /** Per request; xAI asks for at least 900 s for long-context prompts with reasoning. */
  timeoutMs: number;
  /** Let the provider keep input and output (30 days on xAI). Off unless a future setting turns it on. */
  store?: boolean;
  /** Test seam: the SDK's fetch. */
  fetch?: typeof fetch;
}


function textOf(content: string | ContentPart[]): string {
  return typeof content === 'string' ? content : content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/** A user message: plain text as xAI's examples send it, or text and image parts when pictures are attached. */
function userInput(content: string | ContentPart[]): ResponseInputItem {
  if (typeof content === 'string') return { role: 'user', content };
  return {
    role: 'user',
    content: content.map((part) =>
      part.type === 'text' ? { type: 'input_text' as const, text: part.text } : { type: 'input_image' as const, image_url: part.image_url.url, detail: 'auto' as const },
    ),
  };
}

/** Our history as Responses input items; an assistant message that came from this API goes back exactly as it arrived. */
export function toResponsesInput(messages: readonly ChatMessage[]): ResponseInputItem[] {
  const input: ResponseInputItem[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        input.push({ role: 'system', content: textOf(message.content) });
        break;
      case 'user':
        input.push(userInput(message.content));
        break;
      case 'tool':
        input.push({ type: 'function_call_output', call_id: message.toolCallId ?? '', output: textOf(message.content) });
        break;
      case 'assistant': {
        if (message.providerItems?.length) {
          // verbatim and in order: the encrypted reasoning is only useful where the model left it
          input.push(...(message.providerItems as ResponseInputItem[]));
          break;
        }
        // history from another wire (or from before this one): the same turn, rebuilt as items
        const text = textOf(message.content);
        if (text !== '' || !message.toolCalls?.length) input.push({ role: 'assistant', content: text });
        for (const call of message.toolCalls ?? []) input.push({ type: 'function_call', call_id: call.id, name: call.name, arguments: call.arguments });
        break;
      }
    }
  }
  return input;
}

/** xAI adds the billed cost to the usage object; the SDK's type does not know it. */
type UsageWithCost = ResponseUsage & { cost_in_usd_ticks?: unknown };

export function toResponsesUsage(raw: UsageWithCost): Usage {
  const usage: Usage = {
    promptTokens: raw.input_tokens ?? 0,
    completionTokens: raw.output_tokens ?? 0,
    cachedPromptTokens: raw.input_tokens_details?.cached_tokens ?? 0,
    reasoningTokens: raw.output_tokens_details?.reasoning_tokens ?? 0,
  };
  const billed = billedDollars(raw.cost_in_usd_ticks);
  if (billed !== undefined) usage.costUsd = billed;
  return usage;
}

/** Function calls by output item id: announced by `output_item.added`, filled by argument deltas, closed by `done`. */
class FunctionCalls {
  private readonly open = new Map<string, { callId: string; name: string; arguments: string }>();
  private readonly emitted = new Set<string>();

  added(item: ResponseFunctionToolCall): void {
    this.open.set(item.id ?? item.call_id, { callId: item.call_id, name: item.name, arguments: item.arguments ?? '' });
  }

  delta(itemId: string, fragment: string): void {
    const call = this.open.get(itemId);
    if (call) call.arguments += fragment;
  }

  argumentsDone(itemId: string, name: string, args: string): void {
    const call = this.open.get(itemId) ?? { callId: itemId, name, arguments: '' };
    call.arguments = args;
    if (name) call.name = name;
    this.open.set(itemId, call);
  }

  /** The finished call, once: the item itself is the authority; the assembled arguments fill in what it lacks. */
  finish(item: ResponseFunctionToolCall): ToolCall | undefined {
    if (this.emitted.has(item.call_id)) return undefined;
    this.emitted.add(item.call_id);
    const assembled = this.open.get(item.id ?? item.call_id);
    const args = item.arguments || assembled?.arguments || '';
    const name = item.name || assembled?.name || '';
    return { id: item.call_id, name, arguments: args, parsed: parseToolArguments(name, args) };
  }
}

function finishReason(event: { type: 'response.completed' | 'response.incomplete'; response: OpenAI.Responses.Response }, calledTools: boolean): string {
  if (event.type === 'response.incomplete') {
    const reason = event.response.incomplete_details?.reason;
    return reason === 'max_output_tokens' ? 'length' : (reason ?? 'incomplete');
  }
  return calledTools ? 'tool_calls' : 'stop';
}

export class ResponsesProvider implements Provider {
  readonly supportsTools = true;
  private readonly client: OpenAI;
  private readonly errorContext: Omit<ErrorContext, 'model'>;

  constructor(private readonly options: ResponsesProviderOptions) {
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      maxRetries: options.maxRetries,
      timeout: options.timeoutMs,
      fetch: options.fetch,
    });
    this.errorContext = { providerLabel: options.providerLabel, baseUrl: options.baseUrl, apiKey: options.apiKey };
  }

  /** The request body: only what the user set is sent, beside what this wire always needs. */
  body(request: ChatRequest): ResponseCreateParamsStreaming {
    const body: ResponseCreateParamsStreaming = {
      model: request.model,
      input: toResponsesInput(request.messages),
      stream: true,
      store: this.options.store ?? false,
      include: ['reasoning.encrypted_content'],
    };
    if (request.conversationId) body.prompt_cache_key = request.conversationId;
    if (request.reasoningEffort) body.reasoning = { effort: request.reasoningEffort };
    if (request.maxOutputTokens) body.max_output_tokens = request.maxOutputTokens;
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.tools?.length) {
      body.tools = request.tools.map((tool): FunctionTool => ({ type: 'function', name: tool.name, description: tool.description, parameters: tool.parameters, strict: true }));
    }
    if (request.responseSchema) {
      body.text = { format: { type: 'json_schema', name: request.responseSchema.name, schema: request.responseSchema.schema, strict: true } };
    }
    return body;
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    const errorContext = { ...this.errorContext, model: request.model };
    let answerStarted = false;
    try {
      const calls = new FunctionCalls();
      let calledTools = false;
      let finished = false;
      const stream = await this.client.responses.create(this.body(request), { signal });
      for await (const event of stream as AsyncIterable<ResponseStreamEvent>) {
        switch (event.type) {
          case 'response.output_text.delta':
            if (event.delta === '') break;
            answerStarted = true;
            yield { type: 'text', text: event.delta };
            break;
          case 'response.reasoning_summary_text.delta':
          case 'response.reasoning_text.delta':
            if (event.delta === '') break;
            answerStarted = true;
            yield { type: 'reasoning', text: event.delta };
            break;
          case 'response.output_item.added':
            if (event.item.type === 'function_call') {
              answerStarted = true;
              calls.added(event.item);
            }
            break;
          case 'response.function_call_arguments.delta':
            calls.delta(event.item_id, event.delta);
            break;
          case 'response.function_call_arguments.done':
            calls.argumentsDone(event.item_id, event.name, event.arguments);
            break;
          case 'response.output_item.done':
            if (event.item.type === 'function_call') {
              const call = calls.finish(event.item);
              if (call) {
                calledTools = true;
                yield { type: 'toolCall', call };
              }
            }
            break;
          case 'response.completed':
          case 'response.incomplete': {
            const output = event.response.output ?? [];
            // calls a server closed only in the final response still count, once
            for (const item of output) {
              if (item.type !== 'function_call') continue;
              const call = calls.finish(item);
              if (call) {
                calledTools = true;
                yield { type: 'toolCall', call };
              }
            }
            yield { type: 'items', items: output };
            if (event.response.usage) yield { type: 'usage', usage: toResponsesUsage(event.response.usage) };
            yield { type: 'finish', reason: finishReason(event, calledTools) };
            finished = true;
            break;
          }
          case 'response.failed':
            throw errorForStreamFailure(event.response.error?.code ?? null, event.response.error?.message ?? 'the response failed', errorContext, answerStarted);
          case 'error':
            throw errorForStreamFailure(event.code, event.message, errorContext, answerStarted);
          default:
            break;
        }
      }
      // The SDK ends the iteration quietly when aborted; the caller must still learn the answer is incomplete.
      if (signal.aborted) throw new ProviderError('cancelled', 'Stopped.', []);
      // No terminal event: the same as a dropped connection, whatever closed it.
      if (!finished) throw toProviderError(new Error('the stream ended before response.completed'), errorContext, answerStarted);
    } catch (error) {
      // An abort can surface as any error type once the socket is torn down; the signal is the truth.
      if (signal.aborted) throw new ProviderError('cancelled', 'Stopped.', [], undefined, { cause: error });
      throw toProviderError(error, errorContext, answerStarted);
    }
  }
}
