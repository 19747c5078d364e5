/** The one shape every provider speaks to the rest of the extension, whatever its wire. */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** Text, or (user messages with pictures) text and images as data URLs, in the OpenAI content-part shape. */
  content: string | ContentPart[];
  /** Assistant messages: the tool calls the model made (sent back verbatim in the next round). */
  toolCalls?: Array<Pick<ToolCall, 'id' | 'name' | 'arguments'>>;
  /** Tool messages: which call this is the result of. */
  toolCallId?: string;
  /**
   * Assistant messages from the Responses API: the response's `output` items exactly as they arrived (reasoning items
   * with their `encrypted_content`, function calls, messages), in order. The Responses wire sends them back verbatim
   * in place of this message; other wires ignore them and send `content` / `toolCalls`.
   */
  providerItems?: unknown[];
}

export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /**
   * Stable for a conversation (its id; the CLI derives one from the snapshot's hash): the prompt-cache key
   * (`x-grok-conv-id` on Chat Completions, `prompt_cache_key` on the Responses API).
   */
  conversationId?: string;
  reasoningEffort?: 'none' | 'low' | 'medium' | 'high';
  temperature?: number;
  topP?: number;
  seed?: number;
  stop?: string[];
  maxOutputTokens?: number;
  /** Function tools the model may call (JSON Schema parameters). */
  tools?: ToolDefinition[];
  /** Structured output: the answer must be JSON matching this schema. */
  responseSchema?: { name: string; schema: Record<string, unknown> };
}

export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ToolCall {
  id: string;
  name: string;
  /** The raw JSON text the model sent. */
  arguments: string;
  /** Parsed arguments, or why they could not be parsed (the tool loop reports that back to the model). */
  parsed: { ok: true; value: unknown } | { ok: false; error: string };
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  cachedPromptTokens: number;
  reasoningTokens: number;
  /**
   * What the provider billed for this request, in dollars, when it says so (xAI's `cost_in_usd_ticks` / 10^10 on both
   * APIs, Runware's `cost`). Our own arithmetic is only the estimate and the fallback.
   */
  costUsd?: number;
}

export type ProviderEvent =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'usage'; usage: Usage }
  /** A complete tool call: xAI sends each whole in one chunk, other servers in fragments; both arrive here whole. */
  | { type: 'toolCall'; call: ToolCall }
  /**
   * Responses API: the completed response's `output` items exactly as they arrived (from `response.completed` or
   * `response.incomplete`), to be kept in the history as `ChatMessage.providerItems` and sent back unchanged.
   */
  | { type: 'items'; items: unknown[] }
  | { type: 'finish'; reason: string };

export interface Provider {
  /** False when the provider has no function tools (the chat then answers without edit tools). */
  readonly supportsTools?: boolean;
  /** Streams one answer. Aborting `signal` closes the HTTP request. Throws `ProviderError`. */
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ProviderEvent>;
}
