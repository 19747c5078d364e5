/**
 * Assembles the request. Order matters for prompt caching: the system prompt and the workspace context come
 * first and never change during a conversation; earlier turns follow; the new question is last.
 */
import type { ChatMessage, ContentPart } from '../providers/types';

export const SYSTEM_PROMPT =
  'You are Grok Context, an assistant inside VS Code that answers questions about the user\'s code. ' +
  'The whole workspace (or as much as fits) is given below. Answer from it, cite files as path:line, ' +
  'say so when something is not in the provided files, and use Markdown with fenced code blocks.';

export interface PastExchange {
  question: string;
  answer: string;
  /** Images sent with the question (data URLs): repeated in the history so the prefix stays byte-identical. */
  images?: readonly string[];
}

/** A user message: plain text, or text and images as content parts. */
export function userContent(text: string, images: readonly string[] = []): string | ContentPart[] {
  if (images.length === 0) return text;
  return [{ type: 'text', text }, ...images.map((url): ContentPart => ({ type: 'image_url', image_url: { url } }))];
}

export function buildMessages(contextText: string, history: readonly PastExchange[], question: string, images: readonly string[] = []): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: `${SYSTEM_PROMPT}\n\n${contextText}` }];
  for (const exchange of history) {
    messages.push({ role: 'user', content: userContent(exchange.question, exchange.images) });
    messages.push({ role: 'assistant', content: exchange.answer });
  }
  messages.push({ role: 'user', content: userContent(question, images) });
  return messages;
}
