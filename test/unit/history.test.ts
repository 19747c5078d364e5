import * as assert from 'node:assert/strict';
import { DEFAULT_ANSWER_RESERVE, MIN_HISTORY_SHARE, modelContextWindow, requestBudget } from '../../src/context/budget';
import {
  exchangeMessages,
  historyMessages,
  historyTokens,
  planCompaction,
  stubSteps,
  toolResultStub,
  type Exchange,
  type ExchangeCost,
} from '../../src/chat/history';
import { buildMessages } from '../../src/chat/prompt';
import type { ChatMessage } from '../../src/providers/types';

/** An exchange that read one file of `chars` characters with read_file, with Responses output items. */
function exchange(id: string, chars: number): Exchange {
  const steps: ChatMessage[] = [
    {
      role: 'assistant',
      content: '',
      toolCalls: [{ id: `call-${id}`, name: 'read_file', arguments: `{"path":"src/${id}.ts"}` }],
      providerItems: [{ type: 'reasoning', id: `rs-${id}`, encrypted_content: 'opaque' }, { type: 'function_call', call_id: `call-${id}` }],
    },
    { role: 'tool', toolCallId: `call-${id}`, content: 'x'.repeat(chars) },
  ];
  return { id, question: `question ${id}`, steps, answer: `answer ${id}`, answerItems: [{ type: 'message', id: `msg-${id}` }] };
}

/** Token costs as the session measures them, with 1 token per 4 characters of message text. */
function costs(exchanges: readonly Exchange[]): ExchangeCost[] {
  const measure = (messages: ChatMessage[]) => messages.reduce((sum, message) => sum + Math.ceil(JSON.stringify(message).length / 4), 0);
  return exchanges.map((item) => ({ id: item.id, tokens: measure(exchangeMessages(item)), stubbedTokens: measure(exchangeMessages({ ...item, stubbed: true })), stubbed: item.stubbed === true }));
}

describe('request budget', () => {
  it('gives Grok 4.3 a 1M window: a tenth for the history, 32K for the answer, the rest to the snapshot', () => {
    const budget = requestBudget({ maxContextTokens: 1_000_000, modelWindow: modelContextWindow('grok-4.3') });
    assert.equal(budget.window, 1_000_000);
    assert.equal(budget.historyShare, 100_000);
    assert.equal(budget.reserve, DEFAULT_ANSWER_RESERVE);
    assert.equal(budget.system + budget.historyShare + budget.reserve + budget.snapshot, budget.window);
  });

  it('takes the smaller of the model window and the setting, and the answer reserve from maxOutputTokens', () => {
    const budget = requestBudget({ maxContextTokens: 1_000_000, modelWindow: 256_000, maxOutputTokens: 8_000 });
    assert.equal(budget.window, 256_000);
    assert.equal(budget.reserve, 8_000);
    assert.equal(budget.historyShare, Math.max(25_600, MIN_HISTORY_SHARE));
    assert.equal(modelContextWindow('my-local-model'), undefined);
    assert.equal(modelContextWindow('my-local-model', 32_768), 32_768);
  });

  it('never lets the reserves eat a small window whole', () => {
    const budget = requestBudget({ maxContextTokens: 40_000 });
    assert.ok(budget.snapshot >= 15_000, `snapshot ${budget.snapshot}`);
    assert.equal(budget.system + budget.historyShare + budget.reserve + budget.snapshot, 40_000);
  });
});

describe('history compaction', () => {
  it('does nothing while the history is within its share', () => {
    const items = [exchange('t1', 4_000), exchange('t3', 4_000)];
    assert.equal(planCompaction({ exchanges: costs(items), summaryTokens: 0, share: 100_000, summaryAllowance: 2_000 }), undefined);
  });

  it('stubs the oldest tool results first until at least half the share is free', () => {
    const items = ['t1', 't3', 't5', 't7', 't9'].map((id) => exchange(id, 80_000)); // ~20K tokens each
    const share = 80_000;
    const plan = planCompaction({ exchanges: costs(items), summaryTokens: 0, share, summaryAllowance: 2_000 })!;
    assert.ok(plan, 'over the share: compacted');
    // each exchange is ~20K tokens: stubs go oldest first down to a quarter of the share (20K)
    assert.deepEqual(plan.stub, ['t1', 't3', 't5', 't7', 't9']);
    assert.deepEqual(plan.summarise, []);
    assert.ok(plan.after <= share / 4, `after ${plan.after}`);
    // with a larger share the newest exchange keeps its result
    const roomier = planCompaction({ exchanges: costs(items), summaryTokens: 0, share: 96_000, summaryAllowance: 2_000 })!;
    assert.deepEqual(roomier.stub, ['t1', 't3', 't5', 't7']);
    // the result really fits: measured again on the stubbed exchanges
    const stubbed = items.map((item) => (plan.stub.includes(item.id) ? { ...item, stubbed: true } : item));
    assert.ok(historyTokens({ exchanges: costs(stubbed), summaryTokens: 0 }) <= share / 2);
  });

  it('summarises the oldest exchanges when stubs are not enough', () => {
    // many small exchanges without tool results: stubs free nothing
    const items = Array.from({ length: 40 }, (_, index) => ({ id: `t${index * 2 + 1}`, question: 'q'.repeat(4_000), steps: [], answer: 'a'.repeat(4_000) }));
    const plan = planCompaction({ exchanges: costs(items), summaryTokens: 0, share: 32_000, summaryAllowance: 2_000 })!;
    assert.deepEqual(plan.stub, []);
    assert.ok(plan.summarise.length > 0);
    assert.equal(plan.summarise[0], 't1', 'oldest first');
    assert.ok(plan.after <= 16_000, `after ${plan.after}`);
  });

  it('after an overflow, compacts even under the share', () => {
    const items = [exchange('t1', 20_000), exchange('t3', 20_000)];
    assert.equal(planCompaction({ exchanges: costs(items), summaryTokens: 0, share: 100_000, summaryAllowance: 2_000 }), undefined);
    const forced = planCompaction({ exchanges: costs(items), summaryTokens: 0, share: 100_000, force: true, summaryAllowance: 2_000 });
    assert.deepEqual(forced?.stub, ['t1', 't3']);
  });

  it('keeps this turn\'s own results for its answer, and shortens them only after an overflow, older history first', () => {
    const items = [exchange('t1', 40_000)];
    const current = { tokens: 60_000, stubbedTokens: 100 };
    const plan = planCompaction({ exchanges: costs(items), summaryTokens: 0, current, share: 32_000, summaryAllowance: 2_000 })!;
    assert.deepEqual(plan.stub, ['t1'], 'this turn makes room by compacting what came before');
    assert.equal(plan.stubCurrent, false, 'the model still sees what it just read');
    const forced = planCompaction({ exchanges: costs(items), summaryTokens: 0, current, share: 32_000, force: true, summaryAllowance: 2_000 })!;
    assert.deepEqual(forced.stub, ['t1']);
    assert.equal(forced.stubCurrent, true);
  });

  it('a stubbed exchange keeps its tool calls, loses its long results and every provider item', () => {
    const item = exchange('t1', 5_000);
    const messages = exchangeMessages({ ...item, stubbed: true });
    assert.equal(messages.length, 4);
    assert.deepEqual(messages[1].toolCalls, item.steps[0].toolCalls);
    assert.equal(messages[1].providerItems, undefined);
    assert.equal(messages[2].content, toolResultStub({ name: 'read_file', arguments: '{"path":"src/t1.ts"}' }));
    assert.equal(messages[3].providerItems, undefined);
    // not stubbed: items travel verbatim
    assert.deepEqual(exchangeMessages(item)[3].providerItems, item.answerItems);
    assert.deepEqual(stubSteps([{ role: 'tool', toolCallId: 'x', content: 'short result' }]), [{ role: 'tool', toolCallId: 'x', content: 'short result' }]);
  });

  it('never touches the system prompt or the snapshot: compaction only rewrites what follows them', () => {
    const items = [exchange('t1', 80_000), exchange('t3', 80_000), exchange('t5', 1_000)];
    const before = buildMessages({ tools: true, snapshot: '<workspace>…</workspace>', history: items, question: 'next' });
    const summary = { throughId: 't1', exchanges: 1, text: 'We read t1.' };
    const after = buildMessages({ tools: true, snapshot: '<workspace>…</workspace>', history: items.map((item) => ({ ...item, stubbed: item.id === 't3' })), summary, question: 'next' });
    assert.deepEqual(after.slice(0, 2), before.slice(0, 2));
    assert.equal(after[1].role, 'user', 'the snapshot is the first user message, not the system prompt');
    assert.ok(!String(after[0].content).includes('<workspace>'));
    // the summary replaces t1; t3 is stubbed; t5 is unchanged and last before the question
    const history = historyMessages(items.map((item) => ({ ...item, stubbed: item.id === 't3' })), summary);
    assert.match(String(history[0].content), /^\[Summary of our first 1 exchange/);
    assert.equal(history[0].role, 'assistant');
    assert.equal(history[1].content, 'question t3');
    assert.deepEqual(history.slice(-4), exchangeMessages(items[2]));
  });
});
