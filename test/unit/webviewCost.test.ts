// What the chat says about money under jsdom: the header's first-question estimate at its billed tier, and each
// answer's cost marked as billed by the provider or as our estimate.
import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import type { AssistantTurnView, HeaderView, UserTurnView } from '../../src/protocol/messages';
import { renderChatHtml } from '../../src/view/html';
import { Header, firstQuestionSummary } from '../../src/webview/header';
import { AssistantView, answerCostText, contextEstimateText } from '../../src/webview/render/turns';
import { TurnLog } from '../../src/webview/turnLog';

const GLOBALS = ['window', 'document', 'Node', 'HTMLElement', 'DocumentFragment', 'Event'] as const;
const PAGE = renderChatHtml({ cspSource: 'https://webview.example', scriptUri: 'https://webview.example/webview.js', styleUri: 'https://webview.example/webview.css', nonce: 'n' });

const question = (id: string): UserTurnView => ({ role: 'user', id, text: 'q' });
const answer = (extra: Partial<AssistantTurnView> = {}): AssistantTurnView => ({ role: 'assistant', id: 'a1', text: 'answer', reasoning: '', status: 'done', ...extra });
const usage = { promptTokens: 1_000_000, cachedPromptTokens: 0, completionTokens: 2_000, reasoningTokens: 0 };

describe('webview cost display', () => {
  let dom: JSDOM;
  const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
  /** What is on screen, without the text only screen readers get. */
  const visible = (node: Node): string =>
    [...node.childNodes].map((child) => ((child as HTMLElement).classList?.contains('visually-hidden') ? '' : child.nodeType === 3 ? child.textContent : visible(child))).join('');

  beforeEach(() => {
    dom = new JSDOM(PAGE);
    for (const name of GLOBALS) (globalThis as any)[name] = (dom.window as any)[name];
  });

  afterEach(() => {
    for (const name of GLOBALS) delete (globalThis as any)[name];
    dom.window.close();
  });

  it('words a first question at the rate it is billed at', () => {
    assert.deepEqual(firstQuestionSummary({ tokens: 1_000_000, dollars: 2.5, longContext: true }), {
      text: '≈ $2.50 · long context',
      label: 'First question ≈ $2.50 · 1,000,000 tokens, long-context rate; follow-ups hit the prompt cache',
    });
    assert.deepEqual(firstQuestionSummary({ tokens: 100_000, dollars: 0.125, longContext: false, calibration: 'estimates × 1.03 from 12 billed requests' }), {
      text: '≈ $0.13',
      label: 'First question ≈ $0.13 · 100,000 tokens, base rate (estimates × 1.03 from 12 billed requests); follow-ups hit the prompt cache',
    });
    assert.equal(firstQuestionSummary(undefined), undefined);
  });

  it('the header shows the first question’s cost until an answer is priced, then the answers’ cost', () => {
    const header = new Header($('#header'), () => undefined);
    const view: HeaderView = { provider: 'xAI', model: 'grok-4.3', effort: '', context: { tokens: 1_000_000, budget: 1_000_000 }, firstQuestion: { tokens: 1_000_000, dollars: 2.5, longContext: true } };
    header.show(view);
    assert.equal($('#cost').hidden, false);
    assert.equal(visible($('#cost')), '≈ $2.50 · long context');
    assert.equal($('#cost').textContent, 'first question ≈ $2.50 · long context', 'what a screen reader reads');
    assert.equal($('#cost').title, 'First question ≈ $2.50 · 1,000,000 tokens, long-context rate; follow-ups hit the prompt cache');

    const log = new TurnLog();
    log.snapshot({ id: 'c', busy: false, turns: [question('u1'), answer({ cost: 2.51, costBilled: true, usage })] });
    header.showAnswers(log);
    assert.equal(visible($('#cost')), '$2.51 · $2.51 total', 'after an answer: what answers cost');
    header.show(view);
    assert.equal(visible($('#cost')), '$2.51 · $2.51 total', 'a new plan does not bring the first-question figure back');

    log.snapshot({ id: 'd', busy: false, turns: [] });
    header.showAnswers(log);
    assert.equal(visible($('#cost')), '≈ $2.50 · long context', 'a new conversation: the first question again');
    header.show({ ...view, firstQuestion: undefined });
    assert.equal($('#cost').hidden, true, 'no price, nothing to say');
  });

  it('marks an answer’s cost as billed or as our estimate, and the context estimate’s rate', () => {
    assert.equal(answerCostText(0.42134, true), '$0.4213 billed');
    assert.equal(answerCostText(0.42134, false), '≈ $0.42');
    assert.equal(answerCostText(0.00031, undefined), '≈ $0.0003');
    assert.equal(contextEstimateText(2.5, true), '≈$2.50 of input, long-context rate');
    assert.equal(contextEstimateText(0.125, false), '≈$0.13 of input');

    const context = { send: () => undefined, conversationCost: () => 3.1 };
    const billed = new AssistantView(answer({ cost: 2.5113, costBilled: true, usage }), context, true);
    billed.render(() => true);
    assert.match(billed.root.querySelector('.meta')!.textContent!, /1,000,000 in · 2,000 out · \$2\.5113 billed \(conversation \$3\.10\)/);
    const estimated = new AssistantView(answer({ cost: 2.51, usage }), context, true);
    estimated.render(() => true);
    assert.match(estimated.root.querySelector('.meta')!.textContent!, /2,000 out · ≈ \$2\.51 \(conversation \$3\.10\)/);
    assert.doesNotMatch(estimated.root.querySelector('.meta')!.textContent!, /billed/);

    const streaming = new AssistantView(answer({ status: 'streaming', text: '', context: { counts: { whole: 3, outline: 0, pathOnly: 0, leftOut: 0 }, tokens: 1_000_000, budget: 1_000_000, estimatedCost: 2.5, longContext: true } }), context, true);
    streaming.render(() => true);
    assert.match(streaming.root.querySelector('.meta')!.textContent!, /\(≈\$2\.50 of input, long-context rate\)/);
    streaming.update({ status: 'done', usage, cost: 2.5, costBilled: true });
    streaming.render(() => true);
    const done = streaming.root.querySelector('.meta')!.textContent!;
    assert.doesNotMatch(done, /of input/, 'the estimate gives way to the bill');
    assert.match(done, /\$2\.5000 billed/);
  });
});
