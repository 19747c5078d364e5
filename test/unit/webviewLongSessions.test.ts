// The webview side of long sessions under jsdom, on the page the host really serves: questions queued while an answer
// runs, the line marking where earlier turns were compacted, and how each request fits the context window.
import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import type { AssistantTurnView, HeaderView, QueuedQuestionView, UserTurnView, WebviewMessage } from '../../src/protocol/messages';
import { renderChatHtml } from '../../src/view/html';
import { Announcer } from '../../src/webview/announcer';
import { Composer } from '../../src/webview/composer';
import { Header, conversationSegments, conversationText, conversationTooltip, formatClock } from '../../src/webview/header';
import { QueueView } from '../../src/webview/queue';
import { windowText } from '../../src/webview/render/turns';
import { Transcript } from '../../src/webview/transcript';

const GLOBALS = ['window', 'document', 'Node', 'HTMLElement', 'DocumentFragment', 'Event', 'KeyboardEvent'] as const;
const PAGE = renderChatHtml({ cspSource: 'https://webview.example', scriptUri: 'https://webview.example/webview.js', styleUri: 'https://webview.example/webview.css', nonce: 'n' });

const question = (id: string, text: string, extra: Partial<UserTurnView> = {}): UserTurnView => ({ role: 'user', id, text, ...extra });
const answer = (id: string, extra: Partial<AssistantTurnView> = {}): AssistantTurnView => ({ role: 'assistant', id, text: 'An answer.', reasoning: '', status: 'done', ...extra });
const queued = (id: string, text: string, images?: number): QueuedQuestionView => ({ id, text, ...(images ? { images } : {}) });

describe('webview: long sessions (jsdom)', () => {
  let dom: JSDOM;
  let sent: WebviewMessage[];
  let frames: Array<() => void>;
  const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
  const flushFrames = () => frames.splice(0).forEach((callback) => callback());

  beforeEach(() => {
    dom = new JSDOM(PAGE);
    for (const name of GLOBALS) (globalThis as any)[name] = (dom.window as any)[name];
    // What jsdom lacks and the transcript uses: frames (run by hand here) and an IntersectionObserver that sees nothing.
    frames = [];
    (globalThis as any).requestAnimationFrame = (callback: () => void) => frames.push(callback);
    (globalThis as any).IntersectionObserver = class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    };
    sent = [];
  });

  afterEach(() => {
    for (const name of [...GLOBALS, 'requestAnimationFrame', 'IntersectionObserver']) delete (globalThis as any)[name];
    dom.window.close();
  });

  describe('sending while an answer runs', () => {
    it('Enter and Send post ask as usual while busy (the host queues it); Stop sits beside Send', () => {
      new Composer((message) => sent.push(message), (callback) => frames.push(callback)).setBusy(true);
      assert.equal($('#send').hidden, false, 'Send stays available');
      assert.equal($('#stop').hidden, false);
      assert.match($('#send').title, /queue/i);
      const box = $<HTMLTextAreaElement>('#question');
      box.value = 'and the tests?';
      box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      box.value = 'and the docs?';
      $<HTMLFormElement>('#composer').requestSubmit($('#send'));
      assert.deepEqual(sent, [
        { type: 'ask', text: 'and the tests?' },
        { type: 'ask', text: 'and the docs?' },
      ], 'no stop is sent with them');
      assert.equal(box.value, '');
    });

    it('when the answer ends Stop goes away, and a keyboard user on Stop lands on Send', () => {
      const composer = new Composer((message) => sent.push(message), (callback) => frames.push(callback));
      composer.setBusy(true);
      $('#stop').focus();
      composer.setBusy(false);
      assert.equal($('#stop').hidden, true);
      assert.equal(document.activeElement, $('#send'));
      assert.equal($('#send').hasAttribute('title'), false);
    });
  });

  describe('queued questions', () => {
    let queue: QueueView;
    let announced: string[];
    let focusedInput: number;

    beforeEach(() => {
      announced = [];
      focusedInput = 0;
      queue = QueueView.after($('#transcript'), (message) => sent.push(message), { announce: (message) => announced.push(message), focusInput: () => focusedInput++ });
    });

    const rows = () => [...document.querySelectorAll<HTMLElement>('#queue .queued-item')];

    it('lists them below the transcript as "Queued", in order, and hides when empty', () => {
      assert.equal($('#transcript').nextElementSibling, queue.root, 'right below the transcript, above the composer');
      assert.equal(queue.root.hidden, true);
      queue.update([queued('q1', 'first waiting question'), queued('q2', 'second one', 2)]);
      assert.equal(queue.root.hidden, false);
      assert.equal(queue.root.getAttribute('aria-label'), 'Queued questions');
      assert.deepEqual(rows().map((row) => [row.dataset.queuedId, row.querySelector('.queued-label')!.textContent, row.querySelector('.queued-text')!.textContent]), [
        ['q1', 'Queued', 'first waiting question'],
        ['q2', 'Queued', 'second one'],
      ]);
      assert.equal(rows()[1].querySelector('.queued-images')!.textContent, '2 images');
      assert.deepEqual(announced, ['Question queued, 2 waiting']);
      queue.update([]);
      assert.equal(queue.root.hidden, true);
      assert.equal(rows().length, 0);
    });

    it('Remove (×) is a labelled button that posts unqueue for its question', () => {
      queue.update([queued('q1', 'first'), queued('q2', 'second')]);
      const remove = rows()[1].querySelector<HTMLButtonElement>('button')!;
      assert.equal(remove.type, 'button');
      assert.equal(remove.getAttribute('aria-label'), 'Remove queued question: second');
      assert.ok(remove.querySelector('.codicon-close'));
      remove.click();
      assert.deepEqual(sent, [{ type: 'unqueue', id: 'q2' }]);
      assert.equal(rows().length, 2, 'the host decides: the list changes when it says so');
    });

    it('is keyboard reachable, and focus stays in the list as questions leave it', () => {
      queue.update([queued('q1', 'first'), queued('q2', 'second'), queued('q3', 'third')]);
      const buttons = () => [...queue.root.querySelectorAll<HTMLButtonElement>('button')];
      assert.ok(buttons().every((control) => control.tabIndex === 0), 'in the tab order');
      buttons()[1].focus();
      buttons()[1].click();
      queue.update([queued('q1', 'first'), queued('q3', 'third')]);
      assert.equal((document.activeElement as HTMLElement).dataset.unqueue, 'q3', 'its neighbour takes focus');
      queue.update([queued('q3', 'third')]); // q1 started running
      assert.equal((document.activeElement as HTMLElement).dataset.unqueue, 'q3', 'focus stays on the same question');
      queue.update([]);
      assert.equal(focusedInput, 1, 'the last one gone: back to the question box');
    });

    it('the long question is shown whole in its tooltip and shortened in the button label', () => {
      const long = `Please ${'really '.repeat(20)}explain the build.`;
      queue.update([queued('q1', long)]);
      assert.equal(rows()[0].querySelector<HTMLElement>('.queued-text')!.title, long);
      const label = rows()[0].querySelector('button')!.getAttribute('aria-label')!;
      assert.ok(label.length < 100 && label.endsWith('…'), label);
    });
  });

  describe('the compaction line', () => {
    const transcript = () => new Transcript($('#transcript'), (message) => sent.push(message), new Announcer($('#status')), () => {});
    const note = 'Earlier turns summarised to keep the conversation within the context window';

    it('sits above the question it preceded, as a note, in a restored conversation', () => {
      transcript().snapshot({ id: 'c', busy: false, turns: [question('u1', 'one'), answer('a1'), question('u2', 'two', { compaction: note }), answer('a2')] });
      flushFrames();
      const children = [...$('#transcript').children];
      const line = $('#transcript .compaction');
      assert.equal(line.getAttribute('role'), 'note');
      assert.equal(line.textContent, note);
      assert.equal(children.indexOf(line) + 1, children.indexOf($('.turn.user[data-turn-id="u2"]')), 'directly above the question');
      assert.equal(document.querySelectorAll('.compaction').length, 1, 'only where the host says');
    });

    it('appears with a question added live', () => {
      const view = transcript();
      view.snapshot({ id: 'c', busy: false, turns: [question('u1', 'one'), answer('a1')] });
      view.add(question('u2', 'two', { compaction: note }));
      const last = [...$('#transcript').children].slice(-2);
      assert.deepEqual(last.map((node) => node.className), ['compaction', 'turn user']);
    });
  });

  describe('how a request fits the window', () => {
    const fit = { snapshot: 936_000, history: 12_345, historyShare: 100_000, reserve: 32_000, window: 1_000_000 };

    it('says snapshot, history against its share, the answer reserve and the window', () => {
      assert.equal(conversationText(fit), 'Snapshot 936K · History 12K/100K · Answer 32K · of 1M');
      assert.equal(
        conversationTooltip({ ...fit, lastCompacted: new Date(2025, 0, 2, 14, 5).getTime() }),
        'Workspace snapshot: 936,000 tokens; conversation history: 12,345 of 100,000 tokens (its share, 10% of the window), last compacted 14:05; held back for the answer: 32,000 tokens; context window: 1,000,000 tokens',
      );
      assert.match(conversationTooltip(fit), /not compacted yet/);
      assert.equal(formatClock(new Date(2025, 0, 2, 9, 7).getTime()), '09:07');
    });

    it('lays the three segments end to end, clipped to the bar', () => {
      const round = (segments: Array<{ left: number; width: number }>) => segments.map(({ left, width }) => [Number(left.toFixed(2)), Number(width.toFixed(2))]);
      assert.deepEqual(round(conversationSegments({ ...fit, snapshot: 500_000, history: 100_000, reserve: 50_000 })), [[0, 50], [50, 10], [60, 5]]);
      assert.deepEqual(round(conversationSegments({ ...fit, snapshot: 990_000, history: 50_000, reserve: 32_000 })), [[0, 99], [99, 1], [100, 0]]);
    });

    it('the header meter shows it when the host sends it, and the plain context otherwise', () => {
      const header = new Header($('#header'), (message) => sent.push(message));
      const view = (extra: Partial<HeaderView>): HeaderView => ({ provider: 'xAI', model: 'grok-4.3', effort: '', context: { tokens: 312_400, budget: 936_000 }, ...extra });
      header.show(view({ conversation: { ...fit, lastCompacted: new Date(2025, 0, 2, 14, 5).getTime() } }));
      assert.equal($('#context-meter').hidden, false);
      assert.equal($('#context-meter').dataset.mode, 'conversation');
      assert.equal($('#context-tokens').textContent, 'Snapshot 936K · History 12K/100K · Answer 32K · of 1M');
      assert.match($('#context-meter').title, /12,345 of 100,000 tokens .* last compacted 14:05/);
      const bar = $('.meter-bar');
      assert.deepEqual([...bar.querySelectorAll<HTMLElement>('.meter-fill')].map((segment) => [segment.className, segment.hidden, segment.style.left, segment.style.width]), [
        ['meter-fill', false, '0%', '93.6%'],
        ['meter-fill meter-history', false, '93.6%', '1.2%'],
        ['meter-fill meter-reserve', false, '94.8%', '3.2%'],
      ]);
      assert.equal(bar.getAttribute('aria-valuenow'), String(936_000 + 12_345 + 32_000));
      assert.equal(bar.getAttribute('aria-valuemax'), '1000000');
      assert.equal(bar.getAttribute('aria-valuetext'), '936K snapshot, 12K history, 32K answer reserve, of 1M tokens');
      assert.equal($('#context-meter').dataset.level, 'high', '98% of the window');
      header.show(view({ conversation: { ...fit, history: 60_000 } }));
      assert.equal($('#context-meter').dataset.level, 'over');

      header.show(view({}));
      assert.equal($('#context-meter').dataset.mode, 'context');
      assert.equal($('#context-tokens').textContent, '312K / 936K', 'falls back to the plain context');
      assert.deepEqual([...bar.querySelectorAll<HTMLElement>('.meter-history, .meter-reserve')].map((segment) => segment.hidden), [true, true]);
      assert.equal($('.meter-fill').style.width, '33.4%');
    });

    it('under each answer, when the host says how its request fit', () => {
      assert.equal(windowText({ files: 3, tokens: 900, budget: 936_000, omitted: 0, history: 12_345, reserve: 32_000, window: 1_000_000 }), 'history 12,345 · answer reserve 32,000 · window 1,000,000 tokens');
      assert.equal(windowText({ files: 3, tokens: 900, budget: 936_000, omitted: 0 }), undefined);
      assert.equal(windowText(undefined), undefined);

      const view = new Transcript($('#transcript'), (message) => sent.push(message), new Announcer($('#status')), () => {});
      view.snapshot({
        id: 'c',
        busy: false,
        turns: [question('u1', 'one'), answer('a1', { context: { files: 3, tokens: 900, budget: 936_000, omitted: 0, history: 0, reserve: 32_000, window: 1_000_000 } }), question('u2', 'two'), answer('a2')],
      });
      flushFrames();
      const lines = [...document.querySelectorAll<HTMLElement>('.turn.assistant .answer-window')];
      assert.deepEqual(lines.map((line) => [line.hidden, line.textContent]), [
        [false, 'history 0 · answer reserve 32,000 · window 1,000,000 tokens'],
        [true, ''],
      ]);
    });
  });
});
