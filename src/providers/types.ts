/** The one shape every provider speaks to the rest of the extension, whatever its wire. */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** Text, or (user messages with pictures) text and images as data URLs, in the OpenAI content-part shape. */
  content: string | ContentPart[];
  /** Assistant messages: the tool calls the model made (sent back verbatim in the next round). */
  toolCalls?: Array<Pick<ToolCall, 'id' | 'name' | 'arguments'>>;
  /** Tool messages: which call this is the result of. */
  toolCallId?: string;
}

export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** Stable for a conversation; providers that route prompt caches by conversation use it. */
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
  /** The provider's own price for the request, when it reports one (Runware's `cost`). */
  costUsd?: number;
}

export type ProviderEvent =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'usage'; usage: Usage }
  /** A complete tool call: xAI sends each whole in one chunk, other servers in fragments; both arrive here whole. */
  | { type: 'toolCall'; call: ToolCall }
  | { type: 'finish'; reason: string };

export interface Provider {
  /** False when the provider has no function tools (the chat then answers without edit tools). */
  readonly supportsTools?: boolean;
  /** Streams one answer. Aborting `signal` closes the HTTP request. Throws `ProviderError`. */
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ProviderEvent>;
}
