/**
 * Assembles the request. Order matters for prompt caching: the system prompt and the workspace context come
 * first and never change during a conversation; earlier turns follow; the new question is last.
 */
import type { ChatMessage } from '../providers/types';

export const SYSTEM_PROMPT =
  'You are Grok Context, an assistant inside VS Code that answers questions about the user\'s code. ' +
  'The whole workspace (or as much as fits) is given below. Answer from it, cite files as path:line, ' +
  'say so when something is not in the provided files, and use Markdown with fenced code blocks.';

export interface PastExchange {
  question: string;
  answer: string;
}

export function buildMessages(contextText: string, history: readonly PastExchange[], question: string): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: `${SYSTEM_PROMPT}\n\n${contextText}` }];
  for (const exchange of history) {
    messages.push({ role: 'user', content: exchange.question });
    messages.push({ role: 'assistant', content: exchange.answer });
  }
  messages.push({ role: 'user', content: question });
  return messages;
}
