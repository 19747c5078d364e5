/**
 * Applies the compaction `history.ts` decides to a conversation: stubs the chosen exchanges, asks the model for a
 * summary when stubs are not enough, and records where it happened (the transcript line, the counters). One per answer:
 * a summary that failed is not asked for again in the same answer (each attempt is a paid request).
 */
import type { ChatMessage, Provider, Usage } from '../providers/types';
import type { Conversation } from './conversation';
import {
  STUB_NOTICE,
  SUMMARY_NOTICE,
  SUMMARY_SYSTEM_PROMPT,
  exchangeMessages,
  planCompaction,
  stubSteps,
  summaryMessage,
  transcriptForSummary,
  type Exchange,
} from './history';
import type { TokenMeter } from './tokenMeter';

/** A summary request's output cap: room for a dense page. */
export const SUMMARY_MAX_TOKENS = 2_000;

export interface CompactorPorts {
  conversation: Conversation;
  meter: TokenMeter;
  model: string;
  /** The history's share of the window. */
  share: number;
  /** A summary request's usage: it counts in the answer's cost. */
  addUsage(usage: Usage): void;
  warn(message: string): void;
  info(message: string): void;
  /** The history was compacted just before this answer's request: `notice` is the transcript's line. */
  compacted(notice: string): void;
}

export class HistoryCompactor {
  private summaryFailed = false;

  constructor(private readonly ports: CompactorPorts) {}

  /**
   * Compacts the history when it passes its share (or, `force`, after the provider refused a request as too large);
   * `steps` are this answer's rounds so far, shortened in place only when forced. True when anything was freed.
   */
  async fit(provider: Provider, steps: ChatMessage[], force: boolean, signal: AbortSignal): Promise<boolean> {
    const { conversation, meter } = this.ports;
    const all = conversation.exchanges();
    const covered = conversation.summary ? all.findIndex((exchange) => exchange.id === conversation.summary?.throughId) + 1 : 0;
    const exchanges = all.slice(covered);
    const forms = exchanges.map((exchange) => [exchangeMessages(exchange), exchangeMessages({ ...exchange, stubbed: true })]);
    const summary = conversation.summary ? [summaryMessage(conversation.summary)] : [];
    await meter.prepare([...forms.flat(2), ...summary, ...steps, ...stubSteps(steps)], signal);
    const plan = planCompaction({
      exchanges: exchanges.map((exchange, index) => ({
        id: exchange.id,
        tokens: meter.measure(forms[index][exchange.stubbed ? 1 : 0]),
        stubbedTokens: meter.measure(forms[index][1]),
        stubbed: exchange.stubbed === true,
      })),
      summaryTokens: meter.measure(summary),
      current: steps.length ? { tokens: meter.measure(steps), stubbedTokens: meter.measure(stubSteps(steps)) } : undefined,
      share: this.ports.share,
      force,
      summaryAllowance: SUMMARY_MAX_TOKENS,
    });
    if (!plan) return false;
    for (const id of plan.stub) {
      const record = conversation.records.get(id);
      const exchange = exchanges.find((candidate) => candidate.id === id);
      if (record) record.stubbed = true;
      else if (exchange) conversation.records.set(id, { steps: [], finalText: exchange.answer, stubbed: true });
    }
    if (plan.stubCurrent) steps.splice(0, steps.length, ...stubSteps(steps));
    let summarised = false;
    try {
      if (plan.summarise.length > 0 && !this.summaryFailed) {
        const folded = exchanges.filter((exchange) => plan.summarise.includes(exchange.id));
        try {
          const text = await this.summarise(provider, folded, signal);
          conversation.summary = { throughId: folded.at(-1)!.id, exchanges: (conversation.summary?.exchanges ?? 0) + folded.length, text };
          summarised = true;
        } catch (error) {
          signal.throwIfAborted();
          // Without a summary the stubs stand (and it is not asked for again this answer: each attempt is paid for).
          this.summaryFailed = true;
          this.ports.warn(`Summarising earlier turns failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    } finally {
      // recorded even when Stop came during the summary: the stubs are already in the conversation
      if (plan.stub.length > 0 || plan.stubCurrent || summarised) {
        conversation.lastCompactedAt = Date.now();
        conversation.compactions++;
        this.ports.info(
          `History compacted (${plan.stub.length} exchanges stubbed${plan.stubCurrent ? ", this turn's earlier rounds stubbed" : ''}${summarised ? `, ${plan.summarise.length} summarised` : ''}): ` +
            `about ${plan.before} → ${plan.after} tokens of a ${this.ports.share}-token share.`,
        );
        this.ports.compacted(summarised ? SUMMARY_NOTICE : STUB_NOTICE);
      }
    }
    return plan.stub.length > 0 || plan.stubCurrent || summarised;
  }

  /** The model's own summary of the oldest exchanges (and the previous summary): a cheap request without the workspace. */
  private async summarise(provider: Provider, exchanges: readonly Exchange[], signal: AbortSignal): Promise<string> {
    const request = {
      model: this.ports.model,
      reasoningEffort: 'low' as const,
      maxOutputTokens: SUMMARY_MAX_TOKENS,
      messages: [
        { role: 'system' as const, content: SUMMARY_SYSTEM_PROMPT },
        { role: 'user' as const, content: transcriptForSummary(this.ports.conversation.summary, exchanges) },
      ],
    };
    let text = '';
    for await (const event of provider.stream(request, signal)) {
      if (event.type === 'text') text += event.text;
      else if (event.type === 'usage') this.ports.addUsage(event.usage);
    }
    if (text.trim() === '') throw new Error('the summary came back empty');
    return text.trim();
  }
}
