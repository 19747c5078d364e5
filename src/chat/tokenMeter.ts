/**
 * Token counts of the conversation's messages for the history budget: exact o200k counts (the same counter the plan
 * uses, in the context worker when there is one), cached by content so each message is counted once.
 */
import { createHash } from 'node:crypto';
import type { ChatMessage } from '../providers/types';

/** An image's share of the prompt: xAI bills images by size; this is a generous flat figure for the budget. */
const IMAGE_TOKENS = 1_500;
/** Per-message framing (role, separators) on the wire. */
const MESSAGE_OVERHEAD = 4;
/** Without a counter: 3 bytes per token, the engine's own conservative estimate for code. */
const BYTES_PER_TOKEN = 3;

export type CountTokens = (texts: string[], signal?: AbortSignal) => Promise<number[]>;

/** The text of a message that costs tokens: its content, tool calls and provider items, serialised. */
function countedText(message: ChatMessage): { text: string; images: number } {
  let text = '';
  let images = 0;
  if (typeof message.content === 'string') text += message.content;
  else {
    for (const part of message.content) {
      if (part.type === 'text') text += part.text;
      else images++;
    }
  }
  if (message.toolCalls?.length) text += JSON.stringify(message.toolCalls);
  // Encrypted reasoning and other output items travel verbatim: counted by their serialised size.
  if (message.providerItems?.length) text += JSON.stringify(message.providerItems);
  return { text, images };
}

export class TokenMeter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly count?: CountTokens) {}

  private static key(text: string): string {
    return createHash('sha1').update(text).digest('base64');
  }

  /** Counts what is not counted yet (one batch), so `measure` can answer synchronously. */
  async prepare(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<void> {
    const missing = new Map<string, string>();
    for (const message of messages) {
      const { text } = countedText(message);
      const key = TokenMeter.key(text);
      if (!this.counts.has(key)) missing.set(key, text);
    }
    if (missing.size === 0) return;
    const texts = [...missing.values()];
    let counted: number[] | undefined;
    try {
      counted = this.count ? await this.count(texts, signal) : undefined;
    } catch (error) {
      signal?.throwIfAborted();
      throw error;
    }
    [...missing.keys()].forEach((key, index) => this.counts.set(key, counted?.[index] ?? Math.ceil(Buffer.byteLength(texts[index]) / BYTES_PER_TOKEN)));
  }

  /** Tokens of these messages (counted by `prepare`; anything not prepared is estimated). */
  measure(messages: readonly ChatMessage[]): number {
    let total = 0;
    for (const message of messages) {
      const { text, images } = countedText(message);
      total += (this.counts.get(TokenMeter.key(text)) ?? Math.ceil(Buffer.byteLength(text) / BYTES_PER_TOKEN)) + images * IMAGE_TOKENS + MESSAGE_OVERHEAD;
    }
    return total;
  }

  /** Keeps the cache from growing without bound over a day's conversations. */
  trim(max = 50_000): void {
    if (this.counts.size <= max) return;
    for (const key of [...this.counts.keys()].slice(0, this.counts.size - max)) this.counts.delete(key);
  }
}
