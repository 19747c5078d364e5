/** Any OpenAI-compatible chat completions endpoint (xAI, OpenRouter, a local server), through the real `openai` SDK. */
import OpenAI from 'openai';
import { billedDollars } from './pricing';
import { ProviderError, toProviderError, type ErrorContext } from './errors';
import { parseToolArguments } from './toolArguments';
import type { ChatMessage, ChatRequest, Provider, ProviderEvent, ToolCall, Usage } from './types';

export interface OpenAICompatibleOptions {
  providerLabel: string;
  baseUrl: string;
  apiKey: string;
  /** The SDK's own retry (429 honouring Retry-After, 5xx, connection errors before a response); the only retry layer. */
  maxRetries: number;
  sendConversationId: boolean;
  /** The field that caps the answer's length on this platform. */
  maxTokensField?: 'max_completion_tokens' | 'max_tokens';
  /** Per request (`grokContext.requestTimeoutSeconds`); 10 minutes when not given. */
  timeoutMs?: number;
  /** Test seam: the SDK's fetch. */
  fetch?: typeof fetch;
}

/** Fields some servers add to the delta that the SDK's types do not know (xAI: `reasoning_content`; OpenRouter: `reasoning`). */
interface ReasoningDelta {
  reasoning_content?: unknown;
  reasoning?: unknown;
}

/** Assembles tool calls from stream deltas by index: whole (xAI) or in argument fragments (others). */
class ToolCallAssembler {
  private readonly calls = new Map<number, { id: string; name: string; arguments: string }>();

  add(deltas: OpenAI.Chat.Completions.ChatCompletionChunk.Choice.Delta.ToolCall[]): void {
    for (const delta of deltas) {
      const call = this.calls.get(delta.index) ?? { id: '', name: '', arguments: '' };
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name += delta.function.name;
      if (delta.function?.arguments) call.arguments += delta.function.arguments;
      this.calls.set(delta.index, call);
    }
  }

  /** The finished calls, in index order, each with its arguments parsed (or the reason they could not be). */
  drain(): ToolCall[] {
    const finished = [...this.calls].sort(([a], [b]) => a - b).map(([, call]): ToolCall => ({ ...call, parsed: parseToolArguments(call.name, call.arguments) }));
    this.calls.clear();
    return finished;
  }
}

/** Our messages in the SDK's types: only user messages carry images; the others are text. */
function toSdkMessage(message: ChatMessage): OpenAI.Chat.Completions.ChatCompletionMessageParam {
  if (message.role === 'user') return { role: 'user', content: message.content };
  const text = typeof message.content === 'string' ? message.content : message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  switch (message.role) {
    case 'system':
      return { role: 'system', content: text };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId ?? '', content: text };
    case 'assistant':
      if (!message.toolCalls?.length) return { role: 'assistant', content: text };
      return {
        role: 'assistant',
        // OpenAI-compatible servers take null content next to tool calls; some reject an empty string
        content: text === '' ? null : text,
        tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })),
      };
  }
}

function toUsage(raw: OpenAI.CompletionUsage & { cost_in_usd_ticks?: unknown }): Usage {
  const usage: Usage = {
    promptTokens: raw.prompt_tokens ?? 0,
    completionTokens: raw.completion_tokens ?? 0,
    cachedPromptTokens: raw.prompt_tokens_details?.cached_tokens ?? 0,
    reasoningTokens: raw.completion_tokens_details?.reasoning_tokens ?? 0,
  };
  // xAI states what it billed (10^10 ticks = $1); other servers leave it out
  const billed = billedDollars(raw.cost_in_usd_ticks);
  if (billed !== undefined) usage.costUsd = billed;
  return usage;
}

export class OpenAICompatibleProvider implements Provider {
  private readonly client: OpenAI;
  private readonly errorContext: Omit<ErrorContext, 'model'>;

  constructor(private readonly options: OpenAICompatibleOptions) {
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      maxRetries: options.maxRetries,
      // Long contexts take a while before the first token; the stream itself keeps the connection busy.
      timeout: options.timeoutMs ?? 10 * 60 * 1000,
      fetch: options.fetch,
    });
    this.errorContext = { providerLabel: options.providerLabel, baseUrl: options.baseUrl, apiKey: options.apiKey };
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    const errorContext = { ...this.errorContext, model: request.model };
    const headers: Record<string, string> = {};
    if (this.options.sendConversationId && request.conversationId) headers['x-grok-conv-id'] = request.conversationId;
    let answerStarted = false;
    try {
      const body: OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming = {
        model: request.model,
        messages: request.messages.map(toSdkMessage),
        stream: true,
        stream_options: { include_usage: true },
      };
      // Only what the user set is sent: every platform has its own defaults.
      if (request.reasoningEffort) (body as unknown as Record<string, unknown>).reasoning_effort = request.reasoningEffort;
      if (request.temperature !== undefined) body.temperature = request.temperature;
      if (request.topP !== undefined) body.top_p = request.topP;
      if (request.seed !== undefined) body.seed = request.seed;
      if (request.stop?.length) body.stop = request.stop;
      if (request.maxOutputTokens) body[this.options.maxTokensField ?? 'max_completion_tokens'] = request.maxOutputTokens;
      if (request.tools?.length) {
        body.tools = request.tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters, strict: true } }));
      }
      if (request.responseSchema) {
        body.response_format = { type: 'json_schema', json_schema: { name: request.responseSchema.name, schema: request.responseSchema.schema, strict: true } };
      }
      const tools = new ToolCallAssembler();
      const stream = await this.client.chat.completions.create(body, { signal, headers });
      for await (const chunk of stream) {
        if (chunk.usage) yield { type: 'usage', usage: toUsage(chunk.usage) };
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const delta = (choice.delta ?? {}) as OpenAI.Chat.Completions.ChatCompletionChunk.Choice.Delta & ReasoningDelta;
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        if (typeof reasoning === 'string' && reasoning !== '') {
          answerStarted = true;
          yield { type: 'reasoning', text: reasoning };
        }
        if (typeof delta.content === 'string' && delta.content !== '') {
          answerStarted = true;
          yield { type: 'text', text: delta.content };
        }
        if (delta.tool_calls?.length) {
          answerStarted = true;
          tools.add(delta.tool_calls);
        }
        if (choice.finish_reason) {
          for (const call of tools.drain()) yield { type: 'toolCall', call };
          yield { type: 'finish', reason: choice.finish_reason };
        }
      }
      // a server that ends without a finish reason still delivers its calls
      for (const call of tools.drain()) yield { type: 'toolCall', call };
      // The SDK ends the iteration quietly when aborted; the caller must still learn the answer is incomplete.
      if (signal.aborted) throw new ProviderError('cancelled', 'Stopped.', []);
    } catch (error) {
      // An abort can surface as any error type once the socket is torn down; the signal is the truth.
      if (signal.aborted) throw new ProviderError('cancelled', 'Stopped.', [], undefined, { cause: error });
      throw toProviderError(error, errorContext, answerStarted);
    }
  }
}
