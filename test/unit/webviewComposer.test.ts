// The question box under jsdom, on the page the host really serves: recall, @mentions, editing the last question,
// and the Retry/Edit buttons on the last question.
import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import type { WebviewMessage } from '../../src/protocol/messages';
import { renderChatHtml } from '../../src/view/html';
import { Composer } from '../../src/webview/composer';
import { InputHistory } from '../../src/webview/inputHistory';
import { insertMention, mentionAt } from '../../src/webview/mentions';
import { userTurn } from '../../src/webview/render/turns';
import { LastQuestionActions } from '../../src/webview/turnActions';

const GLOBALS = ['window', 'document', 'Node', 'HTMLElement', 'HTMLInputElement', 'Event', 'KeyboardEvent'] as const;
const PAGE = renderChatHtml({ cspSource: 'https://webview.example', scriptUri: 'https://webview.example/webview.js', styleUri: 'https://webview.example/webview.css', nonce: 'n' });

describe('webview composer', () => {
  describe('input history', () => {
    it('recalls newest first, then gives the draft back past the newest', () => {
      const history = new InputHistory();
      history.setQuestions(['first', 'second', 'third']);
      assert.equal(history.newer(), undefined, 'Down does nothing before recalling');
      assert.equal(history.older('draft'), 'third');
      assert.equal(history.isShowing('third'), true);
      assert.equal(history.older('third'), 'second');
      assert.equal(history.older('second'), 'first');
      assert.equal(history.older('first'), undefined, 'nothing older');
      assert.equal(history.newer(), 'second');
      assert.equal(history.newer(), 'third');
      assert.equal(history.newer(), 'draft');
      assert.equal(history.isShowing('draft'), false);
      assert.equal(history.newer(), undefined);
    });

    it('starts over when the questions change or the user types', () => {
      const history = new InputHistory();
      history.setQuestions(['a', 'b']);
      assert.equal(history.older(''), 'b');
      history.setQuestions(['a', 'b']);
      assert.equal(history.older('b'), 'a', 'the same questions keep the place');
      history.setQuestions(['a', 'b', 'c']);
      assert.equal(history.older(''), 'c');
      history.stop();
      assert.equal(history.isShowing('c'), false);
      assert.equal(history.older(''), 'c');
    });
  });

  describe('mention parsing', () => {
    it('finds the @word at the caret, only at a word start and with at least one character', () => {
      assert.deepEqual(mentionAt('see @src/a', 10), { start: 4, end: 10, query: 'src/a' });
      assert.deepEqual(mentionAt('@ma', 3), { start: 0, end: 3, query: 'ma' });
      assert.deepEqual(mentionAt('x\n@ma', 5), { start: 2, end: 5, query: 'ma' });
      assert.deepEqual(mentionAt('@main.ts rest', 3), { start: 0, end: 8, query: 'ma' }, 'the whole word is replaced, the query is up to the caret');
      assert.equal(mentionAt('@', 1), undefined);
      assert.equal(mentionAt('mail me@host', 12), undefined, 'an @ inside a word is not a mention');
      assert.equal(mentionAt('@src done', 9), undefined, 'whitespace ends the mention');
      assert.equal(mentionAt('no mention', 5), undefined);
    });

    it('replaces the typed @query with @path and a space, caret after it', () => {
      assert.deepEqual(insertMention('see @sr', mentionAt('see @sr', 7)!, 'src/a.ts'), { text: 'see @src/a.ts ', caret: 14 });
      const text = '@ma and more';
      assert.deepEqual(insertMention(text, mentionAt(text, 3)!, 'src/main.ts'), { text: '@src/main.ts and more', caret: 13 }, 'an existing space is reused');
      const mid = 'a @mai\nb';
      assert.deepEqual(insertMention(mid, mentionAt(mid, 6)!, 'main.ts'), { text: 'a @main.ts \nb', caret: 11 });
    });
  });

  describe('DOM', () => {
    let dom: JSDOM;
    let sent: WebviewMessage[];
    let frames: Array<() => void>;
    let pauses: Array<() => void>;
    let composer: Composer;
    let question: HTMLTextAreaElement;
    const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
    const flush = () => frames.splice(0).forEach((callback) => callback());
    const key = (name: string, init: KeyboardEventInit = {}) => {
      const event = new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, ...init });
      question.dispatchEvent(event);
      return event;
    };
    const caretToEnd = () => question.setSelectionRange(question.value.length, question.value.length);
    const type = (value: string, caret = value.length) => {
      question.value = value;
      question.setSelectionRange(caret, caret);
      question.dispatchEvent(new Event('input', { bubbles: true }));
      flush();
    };

    beforeEach(() => {
      dom = new JSDOM(PAGE);
      for (const name of GLOBALS) (globalThis as any)[name] = (dom.window as any)[name];
      sent = [];
      frames = [];
      pauses = [];
      composer = new Composer((message) => sent.push(message), (callback) => frames.push(callback), (callback) => {
        pauses.push(callback);
        return () => pauses.splice(pauses.indexOf(callback) >>> 0, 1);
      });
      question = $<HTMLTextAreaElement>('#question');
    });

    afterEach(() => {
      for (const name of GLOBALS) delete (globalThis as any)[name];
      dom.window.close();
    });

    it('sends the first question as a draft once typing pauses (once per text), and never a later question', () => {
      const drafts = () => sent.filter((message) => message.type === 'draft').length;
      type('How does');
      type('How does the parser work?');
      assert.deepEqual(sent, [], 'nothing while typing');
      assert.equal(pauses.length, 1, 'each key restarts the pause');
      pauses.splice(0).forEach((callback) => callback());
      assert.deepEqual(sent, [{ type: 'draft', text: 'How does the parser work?' }]);
      type('How does the parser work? ');
      pauses.splice(0).forEach((callback) => callback());
      assert.equal(sent.length, 1, 'the same text (trimmed) is not sent again');
      key('Enter');
      assert.deepEqual(sent.at(-1), { type: 'ask', text: 'How does the parser work?' });
      composer.sync({ questions: ['How does the parser work?'], lastQuestion: undefined });
      type('And the printer?');
      pauses.splice(0).forEach((callback) => callback());
      assert.equal(drafts(), 1, 'a follow-up is not planned ahead: its snapshot is frozen');
    });

    it('Enter sends, Shift+Enter does not', () => {
      type('hello');
      assert.equal(key('Enter', { shiftKey: true }).defaultPrevented, false);
      assert.deepEqual(sent, []);
      key('Enter');
      assert.deepEqual(sent, [{ type: 'ask', text: 'hello' }]);
      assert.equal(question.value, '');
    });

    it('Up in an empty box recalls questions newest first; Down comes back to the empty draft', () => {
      composer.sync({ questions: ['first', 'second\nline two'], lastQuestion: undefined });
      assert.equal(key('ArrowUp').defaultPrevented, true);
      assert.equal(question.value, 'second\nline two');
      assert.equal(question.selectionStart, question.value.length, 'caret at the end');
      assert.equal(key('ArrowUp').defaultPrevented, false, 'the caret is on the last line: Up moves it within the text');
      question.setSelectionRange(3, 3);
      key('ArrowUp');
      assert.equal(question.value, 'first', 'on the first line of a recalled question, Up goes further back');
      key('ArrowUp');
      assert.equal(question.value, 'first', 'nothing older');
      key('ArrowDown');
      assert.equal(question.value, 'second\nline two');
      question.setSelectionRange(0, 0);
      assert.equal(key('ArrowDown').defaultPrevented, false, 'not on the last line: Down moves the caret');
      caretToEnd();
      key('ArrowDown');
      assert.equal(question.value, '');
    });

    it('Up does nothing special in a box the user typed in', () => {
      composer.sync({ questions: ['first'], lastQuestion: undefined });
      type('my draft');
      assert.equal(key('ArrowUp').defaultPrevented, false);
      assert.equal(question.value, 'my draft');
      type('');
      key('ArrowUp');
      assert.equal(question.value, 'first');
      type('first, edited');
      question.setSelectionRange(0, 0);
      key('ArrowUp');
      assert.equal(question.value, 'first, edited', 'an edited recall is a draft now');
    });

    it('@word asks the host once per frame, shows a listbox, and inserts the chosen path', () => {
      const list = $('#mention-list');
      assert.equal(list.getAttribute('role'), 'listbox');
      assert.equal(question.getAttribute('aria-autocomplete'), 'list');
      assert.equal(question.getAttribute('aria-controls'), 'mention-list');
      question.value = 'look at @ma';
      question.setSelectionRange(11, 11);
      question.dispatchEvent(new Event('input'));
      question.dispatchEvent(new Event('input'));
      assert.deepEqual(sent, [], 'nothing before the frame');
      flush();
      assert.deepEqual(sent, [{ type: 'mentionFiles', query: 'ma' }]);
      composer.mentionResults('m', ['stale.ts']);
      assert.equal(list.hidden, true, 'results for another query are ignored');
      composer.mentionResults('ma', ['src/main.ts', 'src/mail/mailer.ts']);
      assert.equal(list.hidden, false);
      const options = [...list.querySelectorAll<HTMLElement>('[role="option"]')];
      assert.deepEqual(options.map((option) => [option.dataset.path, option.getAttribute('aria-selected')]), [['src/main.ts', 'true'], ['src/mail/mailer.ts', 'false']]);
      assert.equal(question.getAttribute('aria-activedescendant'), options[0].id);
      key('ArrowDown');
      assert.equal(options[1].getAttribute('aria-selected'), 'true');
      assert.equal(question.getAttribute('aria-activedescendant'), options[1].id);
      key('ArrowDown');
      assert.equal(options[0].getAttribute('aria-selected'), 'true', 'wraps around');
      key('ArrowUp');
      const enter = key('Enter');
      assert.equal(enter.defaultPrevented, true);
      assert.equal(question.value, 'look at @src/mail/mailer.ts ');
      assert.equal(question.selectionStart, question.value.length);
      assert.equal(list.hidden, true);
      assert.equal(question.hasAttribute('aria-activedescendant'), false);
      assert.deepEqual(sent, [{ type: 'mentionFiles', query: 'ma' }], 'Enter chose the file and did not send the question');
    });

    it('Tab inserts, a click inserts, Escape closes, and no results means no popup', () => {
      type('@gr');
      composer.mentionResults('gr', ['src/greet.ts']);
      key('Tab');
      assert.equal(question.value, '@src/greet.ts ');
      type('@gr');
      composer.mentionResults('gr', ['src/greet.ts']);
      $('#mention-list [role="option"]').click();
      assert.equal(question.value, '@src/greet.ts ');
      type('@gr');
      composer.mentionResults('gr', ['src/greet.ts']);
      assert.equal(key('Escape').defaultPrevented, true);
      assert.equal($('#mention-list').hidden, true);
      assert.equal(question.value, '@gr');
      key('Enter');
      assert.deepEqual(sent.at(-1), { type: 'ask', text: '@gr' }, 'with the list closed Enter sends');
      type('@zz');
      composer.mentionResults('zz', []);
      assert.equal($('#mention-list').hidden, true);
      type('@zz more');
      assert.equal(sent.filter((message) => message.type === 'mentionFiles').length, 4, 'a word that ended is not asked about');
    });

    it('editing sends editLast instead of ask, shows the banner, and Escape or Cancel leaves it', () => {
      const banner = $('#editing-banner');
      type('a draft');
      composer.startEditing({ id: 'u2', text: 'the last question' });
      assert.equal(composer.isEditing, true);
      assert.equal(banner.hidden, false);
      assert.match(banner.textContent!, /Editing your last question/);
      assert.equal(question.value, 'the last question');
      assert.equal(question.getAttribute('aria-describedby'), 'editing-text');
      assert.equal($<HTMLButtonElement>('#attach').disabled, true);
      assert.equal(document.activeElement, question);
      key('Escape');
      assert.equal(composer.isEditing, false);
      assert.equal(banner.hidden, true);
      assert.equal(question.value, 'a draft', 'the draft comes back');

      composer.startEditing({ id: 'u2', text: 'the last question' });
      $('#editing-cancel').click();
      assert.equal(composer.isEditing, false);

      composer.startEditing({ id: 'u2', text: 'the last question' });
      type('the last question, better');
      key('Enter');
      assert.deepEqual(sent.at(-1), { type: 'editLast', text: 'the last question, better' });
      assert.equal(composer.isEditing, false);
      assert.equal(question.value, 'a draft');
      assert.equal($('#send').textContent, 'Send');
      key('Enter');
      assert.deepEqual(sent.at(-1), { type: 'ask', text: 'a draft' }, 'after editing, sending asks again');
    });

    it('stops editing (keeping the text) when the last question changes under it', () => {
      composer.startEditing({ id: 'u2', text: 'old' });
      composer.sync({ questions: ['old'], lastQuestion: { id: 'u2', text: 'old' } });
      assert.equal(composer.isEditing, true);
      composer.sync({ questions: [], lastQuestion: undefined });
      assert.equal(composer.isEditing, false);
      assert.equal(question.value, 'old');
      key('Enter');
      assert.deepEqual(sent.at(-1), { type: 'ask', text: 'old' });
    });
  });

  describe('Retry and Edit on the last question', () => {
    let dom: JSDOM;

    beforeEach(() => {
      dom = new JSDOM('<!DOCTYPE html><body><div id="transcript"></div></body>');
      for (const name of GLOBALS) (globalThis as any)[name] = (dom.window as any)[name];
    });

    afterEach(() => {
      for (const name of GLOBALS) delete (globalThis as any)[name];
      dom.window.close();
    });

    it('shows the buttons on the given question only, moves them, and calls back', () => {
      const transcript = document.getElementById('transcript')!;
      transcript.append(userTurn({ role: 'user', id: 'u1', text: 'one' }), userTurn({ role: 'user', id: 'u2', text: 'two' }));
      const calls: string[] = [];
      const actions = new LastQuestionActions(transcript, { retry: () => calls.push('retry'), edit: (question) => calls.push(`edit ${question.id} ${question.text}`) });
      actions.render({ id: 'u2', text: 'two' });
      const buttons = () => [...transcript.querySelectorAll<HTMLButtonElement>('button.turn-action')];
      assert.deepEqual(buttons().map((control) => [control.closest<HTMLElement>('.turn')!.dataset.turnId, control.dataset.turnAction, control.getAttribute('aria-label') !== null]), [
        ['u2', 'retry', true],
        ['u2', 'edit', true],
      ]);
      assert.ok(transcript.querySelector('[data-turn-action="retry"] .codicon-refresh'));
      assert.ok(transcript.querySelector('[data-turn-action="edit"] .codicon-edit'));
      actions.render({ id: 'u2', text: 'two' });
      assert.equal(buttons().length, 2, 'rendered once');
      transcript.querySelector<HTMLButtonElement>('[data-turn-action="retry"]')!.click();
      transcript.querySelector<HTMLButtonElement>('[data-turn-action="edit"]')!.click();
      assert.deepEqual(calls, ['retry', 'edit u2 two']);
      actions.render({ id: 'u1', text: 'one' });
      assert.deepEqual(buttons().map((control) => control.closest<HTMLElement>('.turn')!.dataset.turnId), ['u1', 'u1']);
      actions.render(undefined);
      assert.equal(buttons().length, 0, 'none while an answer runs');
    });
  });
});
