// The empty chat and the first frame, under jsdom on the page the host really serves: the two lines (what a first
// question sends and costs, what a follow-up costs), the example questions, and the header the host put in the page.
import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import type { HeaderView } from '../../src/protocol/messages';
import { renderChatHtml } from '../../src/view/html';
import { Header } from '../../src/webview/header';
import { Welcome, initialHeader, welcomeLines } from '../../src/webview/welcome';

const GLOBALS = ['window', 'document', 'Node', 'HTMLElement', 'Event'] as const;
const INPUTS = { cspSource: 'https://webview.example', scriptUri: 'https://webview.example/webview.js', styleUri: 'https://webview.example/webview.css', nonce: 'n' };

const READY: HeaderView = {
  provider: 'xAI',
  model: 'grok-4.3',
  effort: '',
  context: { tokens: 85_000, budget: 867_000 },
  firstQuestion: { tokens: 86_200, dollars: 0.10775, longContext: false, inputRate: 1.25, cachedRate: 0.2, followUpDollars: 0.01724 },
  workspace: { files: 42, examples: ['What is Tiny Greeter for, and how is it organised?', 'Walk me through src/: its main parts and how they fit together.', 'How does test/ work with src/?'] },
};

describe('webview welcome (the empty chat)', () => {
  it('says what a first question sends and costs at its rate, and what a follow-up costs from the cache', () => {
    assert.deepEqual(welcomeLines(READY), [
      'A first question sends 42 files of this workspace (86K tokens): about $0.11 at $1.25/M input.',
      "Follow-ups: about $0.02 each from the provider's cache at $0.20/M, plus the answer.",
    ]);
  });

  it('names the long-context rate and the calibration when they apply', () => {
    const long = { ...READY, firstQuestion: { ...READY.firstQuestion!, tokens: 600_000, dollars: 1.5, longContext: true, inputRate: 2.5, cachedRate: 0.4, followUpDollars: 0.24, calibration: 'estimates × 1.03 from 12 billed requests' } };
    assert.deepEqual(welcomeLines(long), [
      'A first question sends 42 files of this workspace (600K tokens): about $1.50 at $2.50/M input (the long-context rate) (estimates × 1.03 from 12 billed requests).',
      "Follow-ups: about $0.24 each from the provider's cache at $0.40/M, plus the answer.",
    ]);
  });

  it('without a known price, says so and where to set one; before the workspace is read, the general line', () => {
    const unpriced = { ...READY, model: 'my-model', firstQuestion: undefined };
    assert.deepEqual(welcomeLines(unpriced), [
      'A first question sends 42 files of this workspace (85K tokens).',
      'No price is known for my-model: grokContext.pricing can set one. Answers cite files as path:line.',
    ]);
    assert.match(welcomeLines({ provider: 'xAI', model: 'grok-4.3', effort: '' })[0], /Your files are sent as context/);
    assert.match(welcomeLines(undefined)[0], /Your files are sent as context/);
  });

  describe('on the page', () => {
    let dom: JSDOM;
    // Node has its own Event (undici needs it): each global is put back as it was, not deleted
    const saved = new Map<string, PropertyDescriptor | undefined>();
    before(() => {
      dom = new JSDOM(renderChatHtml({ ...INPUTS, header: READY }));
      for (const name of GLOBALS) {
        saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
        (globalThis as Record<string, unknown>)[name] = (dom.window as unknown as Record<string, unknown>)[name];
      }
    });
    after(() => {
      for (const name of GLOBALS) {
        const descriptor = saved.get(name);
        if (descriptor) Object.defineProperty(globalThis, name, descriptor);
        else delete (globalThis as Record<string, unknown>)[name];
      }
      dom.window.close();
    });

    it('the page the host serves already names the provider and model, and carries the whole header for the script', () => {
      const page = dom.window.document;
      assert.equal(page.getElementById('provider-button')!.textContent, 'xAI');
      assert.equal(page.getElementById('model-button')!.textContent, 'grok-4.3');
      assert.deepEqual(initialHeader(page.body), READY);
      const header = new Header(page.getElementById('header')!, () => {});
      header.show(initialHeader(page.body)!);
      assert.equal(page.getElementById('context-tokens')!.textContent, '85K / 867K');
      assert.match(page.getElementById('cost')!.textContent!, /≈ \$0\.11/);
    });

    it('fills the empty state and puts a clicked example in the box (nothing is sent)', () => {
      const page = dom.window.document;
      const transcript = page.getElementById('transcript')!;
      const section = page.createElement('section');
      section.className = 'welcome';
      section.innerHTML = '<h2>Ask about this workspace</h2><p>general line</p>';
      transcript.replaceChildren(section);
      const filled: string[] = [];
      const welcome = new Welcome(transcript, (question) => filled.push(question));
      welcome.show(READY);
      assert.deepEqual([...section.querySelectorAll('.welcome-line')].map((line) => line.textContent), welcomeLines(READY));
      const examples = [...section.querySelectorAll<HTMLButtonElement>('button.example-question')];
      assert.deepEqual(examples.map((example) => example.textContent), READY.workspace!.examples);
      examples[2].click();
      assert.deepEqual(filled, ['How does test/ work with src/?']);
      assert.equal(section.querySelector('h2')!.textContent, 'Ask about this workspace');
      transcript.replaceChildren();
      welcome.show(READY); // a conversation is shown: nothing to fill, nothing added
      assert.equal(transcript.children.length, 0);
    });
  });

  it('a hostile model name or provider label cannot add markup to the page', () => {
    const html = renderChatHtml({ ...INPUTS, header: { ...READY, model: '</button><img src=x onerror=alert(1)>', provider: '"><script>alert(1)</script>' } });
    assert.doesNotMatch(html, /<img src=x/);
    assert.doesNotMatch(html, /<script>alert/);
    assert.equal(html.match(/<script/g)?.length, 1, 'only the nonce\'d script');
    const page = new JSDOM(html).window.document;
    assert.equal(page.getElementById('model-button')!.textContent, '</button><img src=x onerror=alert(1)>');
    assert.equal(initialHeader(page.body)!.provider, '"><script>alert(1)</script>');
  });

  it('a page without a header (or with a damaged one) starts from the placeholders', () => {
    const page = new JSDOM(renderChatHtml(INPUTS)).window.document;
    assert.equal(initialHeader(page.body), undefined);
    assert.equal(page.getElementById('provider-button')!.textContent, 'Provider');
    page.body.dataset.initialHeader = '{not json';
    assert.equal(initialHeader(page.body), undefined);
  });
});
