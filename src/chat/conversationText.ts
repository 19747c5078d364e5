/** How a conversation is named, listed and exported: pure functions over its stored form. */
import type { AssistantTurnView, ConversationSummary } from '../protocol/messages';
import type { StoredConversation } from './conversation';

export function titleOf(conversation: Pick<StoredConversation, 'title' | 'turns'>): string {
  if (conversation.title) return conversation.title;
  const first = conversation.turns.find((turn) => turn.role === 'user')?.text ?? '';
  const line = first.split('\n')[0].trim();
  return line === '' ? 'New chat' : line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

export function summaryOf(conversation: StoredConversation): ConversationSummary {
  return { id: conversation.id, title: titleOf(conversation), updatedAt: conversation.updatedAt, questions: conversation.turns.filter((turn) => turn.role === 'user').length };
}

/** A conversation as Markdown, for Export: questions, answers, tool activity and costs. */
export function conversationMarkdown(conversation: StoredConversation): string {
  const lines = [`# ${titleOf(conversation)}`, '', `_Exported from Grok Context, ${new Date(conversation.updatedAt).toISOString()}_`, ''];
  for (const turn of conversation.turns) {
    if (turn.role === 'user') {
      lines.push('## You', '', turn.text, '');
      continue;
    }
    const answer: AssistantTurnView = turn;
    lines.push('## Grok', '');
    for (const tool of answer.tools ?? []) lines.push(`- _${tool.summary}${tool.status === 'failed' ? ' (failed)' : ''}_`);
    if (answer.tools?.length) lines.push('');
    lines.push(answer.text || (answer.status === 'error' ? `_Error: ${answer.error?.message ?? 'the request failed'}_` : '_No answer._'), '');
    if (answer.usage) {
      const cost = answer.cost !== undefined ? `, $${answer.cost.toFixed(4)}` : '';
      lines.push(`<sub>${answer.usage.promptTokens} tokens in (${answer.usage.cachedPromptTokens} cached), ${answer.usage.completionTokens} out${cost}</sub>`, '');
    }
  }
  return lines.join('\n');
}
