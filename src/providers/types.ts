/** The one shape every provider speaks to the rest of the extension, whatever its wire. */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** Stable for a conversation; providers that route prompt caches by conversation use it. */
  conversationId?: string;
  reasoningEffort?: 'none' | 'low' | 'medium' | 'high';
  temperature?: number;
  maxOutputTokens?: number;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  cachedPromptTokens: number;
  reasoningTokens: number;
}

export type ProviderEvent =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: string };

export interface Provider {
  /** Streams one answer. Aborting `signal` closes the HTTP request. Throws `ProviderError`. */
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ProviderEvent>;
}
