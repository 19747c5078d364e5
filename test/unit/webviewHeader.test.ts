// The chat header under jsdom, on the page the host really serves: formatting, the meter, costs, and what it posts.
import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import type { AssistantTurnView, HeaderView, UserTurnView, WebviewMessage } from '../../src/protocol/messages';
import { renderChatHtml } from '../../src/view/html';
import { Header, cachedPercent, contextPercent, contextText, costSummary, formatTokens } from '../../src/webview/header';
import { TurnLog } from '../../src/webview/turnLog';

const GLOBALS = ['window', 'document', 'Node', 'HTMLElement', 'Event'] as const;
const PAGE = renderChatHtml({ cspSource: 'https://webview.example', scriptUri: 'https://webview.example/webview.js', styleUri: 'https://webview.example/webview.css', nonce: 'n' });

const question = (id: string, text: string): UserTurnView => ({ role: 'user', id, text });
const answer = (id: string, extra: Partial<AssistantTurnView> = {}): AssistantTurnView => ({ role: 'assistant', id, text: 'answer', reasoning: '', status: 'done', ...extra });
const usage = (promptTokens: number, cachedPromptTokens: number) => ({ promptTokens, cachedPromptTokens, completionTokens: 100, reasoningTokens: 0 });

describe('webview header', () => {
  describe('formatting', () => {
    it('shortens token counts to K and M', () => {
      assert.deepEqual([0, 850, 999, 1_000, 1_500, 9_960, 12_345, 312_400, 936_000, 999_499, 999_500, 1_234_567, 2_000_000].map(formatTokens), [
        '0', '850', '999', '1K', '1.5K', '10K', '12K', '312K', '936K', '999K', '1M', '1.2M', '2M',
      ]);
      assert.equal(contextText({ tokens: 312_400, budget: 936_000 }), '312K / 936K');
    });

    it('fills the meter in proportion, capped at the budget', () => {
      assert.equal(contextPercent({ tokens: 250, budget: 1000 }), 25);
      assert.equal(contextPercent({ tokens: 2000, budget: 1000 }), 100);
      assert.equal(contextPercent({ tokens: 0, budget: 0 }), 0);
    });

    it('gives the cached share of the last prompt as a whole percentage', () => {
      assert.equal(cachedPercent(usage(10_000, 8_712)), 87);
      assert.equal(cachedPercent(usage(10_000, 0)), 0);
      assert.equal(cachedPercent(usage(0, 0)), undefined, 'no prompt, no share');
      assert.equal(cachedPercent(undefined), undefined);
    });

    it('shows the last answer and the conversation in dollars', () => {
      assert.deepEqual(costSummary(0.0123, 0.0456), { last: '$0.01', total: '$0.05', label: 'Last answer cost $0.01; this conversation $0.05' });
      assert.deepEqual(costSummary(0.0012, 0.0034), { last: '$0.0012', total: '$0.0034', label: 'Last answer cost $0.0012; this conversation $0.0034' });
      assert.equal(costSummary(undefined, undefined), undefined);
    });
  });

  describe('turn log', () => {
    it('sums priced answers, takes usage from the latest answer that has it, and follows patches', () => {
      const log = new TurnLog();
      log.snapshot({ id: 'c', busy: false, turns: [question('u1', 'one'), answer('a1', { cost: 0.02, usage: usage(1000, 0) }), question('u2', 'two'), answer('a2', { cost: 0.01, usage: usage(1000, 900) })] });
      assert.equal(log.lastCost(), 0.01);
      assert.equal(log.totalCost()?.toFixed(4), '0.0300');
      assert.equal(cachedPercent(log.lastUsage()), 90);
      assert.deepEqual(log.questions(), ['one', 'two']);
      assert.deepEqual(log.lastQuestion(), { id: 'u2', text: 'two' });

      log.add(question('u3', 'three'));
      assert.equal(log.lastQuestion(), undefined, 'a question without its answer yet cannot be retried');
      log.add(answer('a3', { status: 'streaming', text: '' }));
      assert.equal(log.busy, true, 'a streaming answer is busy even before the host says so');
      assert.equal(cachedPercent(log.lastUsage()), 90, 'still the last answer that reported usage');
      log.update('a3', { status: 'done', usage: usage(2000, 1500), cost: 0.005 });
      assert.equal(log.busy, false);
      assert.equal(cachedPercent(log.lastUsage()), 75);
      assert.equal(log.totalCost()?.toFixed(4), '0.0350');
      assert.deepEqual(log.lastQuestion(), { id: 'u3', text: 'three' });
      log.setBusy(true);
      assert.equal(log.busy, true);
    });

    it('has no cost before any answer was priced', () => {
      const log = new TurnLog();
      log.snapshot({ id: 'c', busy: false, turns: [question('u1', 'one'), answer('a1')] });
      assert.equal(log.totalCost(), undefined);
      assert.equal(log.lastCost(), undefined);
    });
  });

  describe('DOM', () => {
    let dom: JSDOM;
    let sent: WebviewMessage[];
    let header: Header;
    const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
    const view = (extra: Partial<HeaderView> = {}): HeaderView => ({ provider: 'xAI', model: 'grok-4.3', effort: '', ...extra });

    beforeEach(() => {
      dom = new JSDOM(PAGE);
      for (const name of GLOBALS) (globalThis as any)[name] = (dom.window as any)[name];
      sent = [];
      header = new Header($('#header'), (message) => sent.push(message));
    });

    afterEach(() => {
      for (const name of GLOBALS) delete (globalThis as any)[name];
      dom.window.close();
    });

    it('sits at the top of the page with labelled controls', () => {
      assert.equal(document.querySelector('#app')!.firstElementChild!.id, 'header');
      for (const id of ['conversations-button', 'provider-button', 'model-button', 'new-chat']) {
        assert.ok($(`#${id}`).getAttribute('aria-label'), `${id} is labelled`);
        assert.equal($(`#${id}`).getAttribute('type'), 'button');
      }
      assert.equal($('#conversations-button').querySelector('.codicon-history') !== null, true);
      assert.equal($('#new-chat').querySelector('.codicon-add') !== null, true);
      assert.deepEqual([...$<HTMLSelectElement>('#effort').options].map((option) => [option.value, option.text]), [
        ['', 'Default'], ['none', 'None'], ['low', 'Low'], ['medium', 'Medium'], ['high', 'High'],
      ]);
      assert.equal(document.querySelector('label[for="effort"]')!.textContent, 'Reasoning effort');
    });

    it('shows provider, model, effort and the context meter from the host', () => {
      header.show(view({ effort: 'high', context: { tokens: 312_400, budget: 936_000 } }));
      assert.equal($('#provider-button').textContent, 'xAI');
      assert.equal($('#model-button').textContent, 'grok-4.3');
      assert.match($('#model-button').getAttribute('aria-label')!, /Model: grok-4\.3/);
      assert.equal($<HTMLSelectElement>('#effort').value, 'high');
      assert.equal($('#context-meter').hidden, false);
      assert.equal($('#context-tokens').textContent, '312K / 936K');
      assert.equal($('.meter-fill').style.width, '33.4%');
      assert.equal($('.meter-bar').getAttribute('aria-valuenow'), '312400');
      assert.equal($('.meter-bar').getAttribute('aria-valuetext'), '312K of 936K tokens');
      assert.equal($('#context-meter').dataset.level, 'normal');
      assert.equal($('#cache-rate').hidden, true, 'no answer yet');
      assert.equal($('#cost').hidden, true);
      header.show(view({ context: { tokens: 1_200_000, budget: 1_000_000 } }));
      assert.equal($('#context-meter').dataset.level, 'over');
      assert.equal($('.meter-fill').style.width, '100%');
      assert.equal($<HTMLSelectElement>('#effort').value, '');
      header.show(view());
      assert.equal($('#context-meter').hidden, true, 'nothing to show before a plan or an answer');
    });

    it('shows the cached share and the costs after answers', () => {
      header.show(view({ context: { tokens: 1000, budget: 2000 } }));
      const log = new TurnLog();
      log.snapshot({ id: 'c', busy: false, turns: [question('u1', 'one'), answer('a1', { cost: 0.02, usage: usage(1000, 0) }), question('u2', 'two'), answer('a2', { cost: 0.01, usage: usage(4000, 3000) })] });
      header.showAnswers(log);
      assert.equal($('#cache-rate').hidden, false);
      assert.equal($('#cache-rate').textContent, '75% cached');
      assert.equal($('#cost').hidden, false);
      const visible = (node: Node): string => [...node.childNodes].map((child) => ((child as HTMLElement).classList?.contains('visually-hidden') ? '' : child.nodeType === 3 ? child.textContent : visible(child))).join('');
      assert.equal(visible($('#cost')), '$0.01 · $0.03 total');
      assert.equal($('#cost').textContent, 'last answer $0.01 · conversation $0.03 total', 'what a screen reader reads');
      assert.equal($('#cost').title, 'Last answer cost $0.01; this conversation $0.03');
      assert.match($('#context-meter').title, /75% of the last prompt was cached/);
      log.snapshot({ id: 'd', busy: false, turns: [] });
      header.showAnswers(log);
      assert.equal($('#cache-rate').hidden, true);
      assert.equal($('#cost').hidden, true);
    });

    it('posts the pickers, the effort and new chat', () => {
      $('#provider-button').click();
      $('#model-button').click();
      $('#new-chat').click();
      const effort = $<HTMLSelectElement>('#effort');
      effort.value = 'low';
      effort.dispatchEvent(new Event('change'));
      header.show(view({ effort: 'medium' }));
      assert.deepEqual(sent, [{ type: 'pickProvider' }, { type: 'pickModel' }, { type: 'newChat' }, { type: 'setEffort', effort: 'low' }], 'the host\'s own value is not sent back');
    });
  });
});
