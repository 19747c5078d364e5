// The saved-conversations panel under jsdom, on the page the host really serves: rows, the current one, relative
// times, switching, renaming in place, export, the inline delete question, and keyboard focus throughout.
import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import type { ConversationSummary, WebviewMessage } from '../../src/protocol/messages';
import { renderChatHtml } from '../../src/view/html';
import { ConversationList, questionCount, relativeTime } from '../../src/webview/conversations';

const GLOBALS = ['window', 'document', 'Node', 'HTMLElement', 'HTMLInputElement', 'Event', 'KeyboardEvent', 'FocusEvent'] as const;
const PAGE = renderChatHtml({ cspSource: 'https://webview.example', scriptUri: 'https://webview.example/webview.js', styleUri: 'https://webview.example/webview.css', nonce: 'n' });
const NOW = new Date(2025, 5, 15, 12, 0, 0).getTime(); // local noon: dates are shown in local time
const MINUTE = 60_000;

describe('webview conversation list', () => {
  it('says how long ago, in words', () => {
    const ago = (ms: number) => relativeTime(NOW - ms, NOW);
    assert.equal(ago(10_000), 'just now');
    assert.equal(ago(-5_000), 'just now', 'a clock a little ahead is not the future');
    assert.equal(ago(MINUTE), '1 min ago');
    assert.equal(ago(5 * MINUTE + 30_000), '5 min ago');
    assert.equal(ago(60 * MINUTE), '1 hour ago');
    assert.equal(ago(3 * 60 * MINUTE), '3 hours ago');
    assert.equal(ago(26 * 60 * MINUTE), 'yesterday');
    assert.equal(ago(4 * 24 * 60 * MINUTE), '4 days ago');
    assert.equal(relativeTime(new Date(2025, 2, 12, 12).getTime(), NOW), 'Mar 12');
    assert.equal(relativeTime(new Date(2024, 2, 12, 12).getTime(), NOW), 'Mar 12, 2024');
    assert.equal(questionCount(1), '1 question');
    assert.equal(questionCount(3), '3 questions');
  });

  describe('DOM', () => {
    let dom: JSDOM;
    let sent: WebviewMessage[];
    let focusedInput: number;
    let list: ConversationList;
    const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
    const rows = () => [...document.querySelectorAll<HTMLElement>('#conversation-list .conversation-row')];
    const row = (id: string) => rows().find((candidate) => candidate.dataset.conversationId === id)!;
    const keydown = (target: Element, key: string) => {
      const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      target.dispatchEvent(event);
      return event;
    };
    const CONVERSATIONS: ConversationSummary[] = [
      { id: 'c3', title: 'How does the scanner work?', updatedAt: NOW - 5 * MINUTE, questions: 3 },
      { id: 'c2', title: 'Refactor the matcher', updatedAt: NOW - 3 * 60 * MINUTE, questions: 1 },
      { id: 'c1', title: 'Old chat', updatedAt: NOW - 9 * 24 * 60 * MINUTE, questions: 2 },
    ];

    beforeEach(() => {
      dom = new JSDOM(PAGE);
      for (const name of GLOBALS) (globalThis as any)[name] = (dom.window as any)[name];
      sent = [];
      focusedInput = 0;
      list = new ConversationList($('#conversations-button'), $('#conversation-list'), (message) => sent.push(message), { focusInput: () => focusedInput++, now: () => NOW });
      list.update(CONVERSATIONS, 'c2');
    });

    afterEach(() => {
      for (const name of GLOBALS) delete (globalThis as any)[name];
      dom.window.close();
    });

    it('opens from the history button with one row per conversation, the current one marked', () => {
      const toggle = $('#conversations-button');
      assert.equal(toggle.getAttribute('aria-controls'), 'conversation-list');
      assert.equal(toggle.getAttribute('aria-expanded'), 'false');
      assert.equal($('#conversation-list').hidden, true);
      toggle.click();
      assert.equal(toggle.getAttribute('aria-expanded'), 'true');
      assert.equal($('#conversation-list').hidden, false);
      assert.deepEqual(
        rows().map((item) => [item.dataset.conversationId, item.querySelector('.conversation-title')!.textContent, item.querySelector('.conversation-meta')!.textContent, item.dataset.active ?? '']),
        [
          ['c3', 'How does the scanner work?', '5 min ago · 3 questions', ''],
          ['c2', 'Refactor the matcher', '3 hours ago · 1 question', 'true'],
          ['c1', 'Old chat', 'Jun 6 · 2 questions', ''],
        ],
      );
      assert.deepEqual([...document.querySelectorAll('[aria-current="true"]')].map((node) => node.closest<HTMLElement>('.conversation-row')!.dataset.conversationId), ['c2']);
      assert.equal(document.activeElement, row('c2').querySelector('.conversation-open'), 'focus starts on the current conversation');
      for (const control of document.querySelectorAll('#conversation-list button')) assert.ok(control.getAttribute('aria-label'), control.className);
      assert.ok(row('c3').querySelector('.conversation-export .codicon-export'));
      toggle.click();
      assert.equal($('#conversation-list').hidden, true);
    });

    it('switches on click (and stays put for the current one), closing the panel and focusing the question', () => {
      list.open();
      row('c3').querySelector<HTMLElement>('.conversation-open')!.click();
      assert.deepEqual(sent, [{ type: 'switchConversation', id: 'c3' }]);
      assert.equal($('#conversation-list').hidden, true);
      assert.equal(focusedInput, 1);
      list.open();
      row('c2').querySelector<HTMLElement>('.conversation-open')!.click();
      assert.equal(sent.length, 1, 'the current one is not switched to again');
    });

    it('Escape closes the panel and gives focus back to the history button; arrows move between rows', () => {
      list.open();
      const open = row('c2').querySelector('.conversation-open')!;
      keydown(open, 'ArrowDown');
      assert.equal(document.activeElement, row('c1').querySelector('.conversation-open'));
      keydown(document.activeElement!, 'ArrowUp');
      keydown(document.activeElement!, 'ArrowUp');
      assert.equal(document.activeElement, row('c3').querySelector('.conversation-open'));
      keydown(document.activeElement!, 'Escape');
      assert.equal($('#conversation-list').hidden, true);
      assert.equal(document.activeElement, $('#conversations-button'));
      assert.equal($('#conversations-button').getAttribute('aria-expanded'), 'false');
    });

    it('renames in place: Enter saves, Escape cancels, and a list update keeps what is being typed', () => {
      list.open();
      row('c3').querySelector<HTMLElement>('.conversation-rename')!.click();
      let input = row('c3').querySelector<HTMLInputElement>('input.conversation-title-input')!;
      assert.equal(document.activeElement, input);
      assert.equal(input.value, 'How does the scanner work?');
      input.value = 'Scanner notes';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      list.update(CONVERSATIONS.map((item) => ({ ...item })), 'c2');
      input = row('c3').querySelector<HTMLInputElement>('input.conversation-title-input')!;
      assert.equal(input.value, 'Scanner notes', 'the draft survives the host re-sending the list');
      assert.equal(document.activeElement, input);
      assert.deepEqual(sent, [], 'a re-render is not the user leaving the box');
      keydown(input, 'Enter');
      assert.deepEqual(sent, [{ type: 'renameConversation', id: 'c3', title: 'Scanner notes' }]);
      assert.equal(row('c3').querySelector('.conversation-title')!.textContent, 'Scanner notes', 'shown before the host confirms');
      assert.equal(document.activeElement, row('c3').querySelector('.conversation-rename'));

      row('c1').querySelector<HTMLElement>('.conversation-rename')!.click();
      input = row('c1').querySelector<HTMLInputElement>('input.conversation-title-input')!;
      input.value = 'Never saved';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      keydown(input, 'Escape');
      assert.equal(sent.length, 1);
      assert.equal(row('c1').querySelector('.conversation-title')!.textContent, 'Old chat');
      assert.equal(document.activeElement, row('c1').querySelector('.conversation-rename'));
      assert.equal($('#conversation-list').hidden, false, 'Escape in the box cancels the rename, not the panel');

      row('c1').querySelector<HTMLElement>('.conversation-rename')!.click();
      input = row('c1').querySelector<HTMLInputElement>('input.conversation-title-input')!;
      input.value = '   ';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      keydown(input, 'Enter');
      assert.equal(sent.length, 1, 'an empty title is not sent');

      row('c2').querySelector<HTMLElement>('.conversation-rename')!.click();
      input = row('c2').querySelector<HTMLInputElement>('input.conversation-title-input')!;
      input.value = 'Matcher, renamed';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      $('#question').focus();
      assert.deepEqual(sent.at(-1), { type: 'renameConversation', id: 'c2', title: 'Matcher, renamed' }, 'leaving the box saves, as in the Explorer');
      assert.equal(row('c2').querySelector('input'), null);
    });

    it('exports, and asks "Delete? Yes / No" in the row before deleting', () => {
      list.open();
      row('c1').querySelector<HTMLElement>('.conversation-export')!.click();
      assert.deepEqual(sent, [{ type: 'exportConversation', id: 'c1' }]);

      row('c3').querySelector<HTMLElement>('.conversation-delete')!.click();
      assert.match(row('c3').textContent!, /Delete “How does the scanner work\?”\?YesNo/);
      assert.equal(document.activeElement, row('c3').querySelector('.conversation-delete-no'), 'the safe answer has focus');
      row('c3').querySelector<HTMLElement>('.conversation-delete-no')!.click();
      assert.equal(sent.length, 1);
      assert.equal(document.activeElement, row('c3').querySelector('.conversation-delete'));

      row('c3').querySelector<HTMLElement>('.conversation-delete')!.click();
      keydown(document.activeElement!, 'Escape');
      assert.equal(row('c3').querySelector('.conversation-delete-yes'), null, 'Escape answers No');
      assert.equal($('#conversation-list').hidden, false);

      row('c3').querySelector<HTMLElement>('.conversation-delete')!.click();
      row('c3').querySelector<HTMLElement>('.conversation-delete-yes')!.click();
      assert.deepEqual(sent.at(-1), { type: 'deleteConversation', id: 'c3' });
      assert.deepEqual(rows().map((item) => item.dataset.conversationId), ['c2', 'c1']);
      assert.equal(document.activeElement, row('c2').querySelector('.conversation-open'), 'focus moves to the next row');
    });

    it('says so when there are none', () => {
      list.update([], 'new');
      list.open();
      assert.match($('#conversation-list').textContent!, /No saved conversations yet/);
    });
  });
});
