/** Any OpenAI-compatible chat completions endpoint (xAI, OpenRouter, a local server), through the real `openai` SDK. */
import OpenAI from 'openai';
import { ProviderError, toProviderError, type ErrorContext } from './errors';
import type { ChatRequest, Provider, ProviderEvent, Usage } from './types';

export interface OpenAICompatibleOptions {
  providerLabel: string;
  baseUrl: string;
  apiKey: string;
  /** The SDK's own retry (429 honouring Retry-After, 5xx, connection errors before a response); the only retry layer. */
  maxRetries: number;
  sendConversationId: boolean;
  /** The field that caps the answer's length on this platform. */
  maxTokensField?: 'max_completion_tokens' | 'max_tokens';
  /** Test seam: the SDK's fetch. */
  fetch?: typeof fetch;
}

/** Fields some servers add to the delta that the SDK's types do not know (xAI: `reasoning_content`; OpenRouter: `reasoning`). */
interface ReasoningDelta {
  reasoning_content?: unknown;
  reasoning?: unknown;
}

function toUsage(raw: OpenAI.CompletionUsage): Usage {
  return {
    promptTokens: raw.prompt_tokens ?? 0,
    completionTokens: raw.completion_tokens ?? 0,
    cachedPromptTokens: raw.prompt_tokens_details?.cached_tokens ?? 0,
    reasoningTokens: raw.completion_tokens_details?.reasoning_tokens ?? 0,
  };
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
      timeout: 10 * 60 * 1000,
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
        messages: request.messages,
        stream: true,
        stream_options: { include_usage: true },
      };
      // Only what the user set is sent: every platform has its own defaults.
      if (request.reasoningEffort) (body as unknown as Record<string, unknown>).reasoning_effort = request.reasoningEffort;
      if (request.temperature !== undefined) body.temperature = request.temperature;
      if (request.maxOutputTokens) body[this.options.maxTokensField ?? 'max_completion_tokens'] = request.maxOutputTokens;
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
        if (choice.finish_reason) yield { type: 'finish', reason: choice.finish_reason };
      }
      // The SDK ends the iteration quietly when aborted; the caller must still learn the answer is incomplete.
      if (signal.aborted) throw new ProviderError('cancelled', 'Stopped.', []);
    } catch (error) {
      // An abort can surface as any error type once the socket is torn down; the signal is the truth.
      if (signal.aborted) throw new ProviderError('cancelled', 'Stopped.', [], undefined, { cause: error });
      throw toProviderError(error, errorContext, answerStarted);
    }
  }
}
