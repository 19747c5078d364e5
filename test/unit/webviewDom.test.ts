// The webview's DOM views under jsdom: what the UI tests and screen readers rely on, checked without a browser.
import * as assert from 'node:assert/strict';
import type { PendingEditView, WebviewMessage } from '../../src/protocol/messages';
import { citationMessage } from '../../src/webview/render/citations';
import { codeActionMessage } from '../../src/webview/render/codeBlocks';
import { EditsPanel, describeMatches } from '../../src/webview/render/edits';
import { MarkdownStream } from '../../src/webview/render/markdownStream';
import { ReasoningView } from '../../src/webview/render/reasoning';
import { renderTools } from '../../src/webview/render/tools';
import { useJsdomContainer } from '../support/jsdomContainer';

describe('webview DOM views (jsdom)', () => {
  const containerOf = useJsdomContainer();
  let container: HTMLElement;
  beforeEach(() => (container = containerOf()));

  describe('MarkdownStream', () => {
    it('appends completed blocks once: earlier nodes survive every later delta', () => {
      const stream = new MarkdownStream(container);
      stream.append('First paragraph.\n\nSecond');
      stream.render(false);
      const first = container.querySelector('p')!;
      assert.equal(first.textContent, 'First paragraph.');
      for (const delta of [' grows', ' and grows', '.\n\n- a list']) {
        stream.append(delta);
        stream.render(false);
        assert.equal(container.querySelector('p'), first, 'the first block was not re-rendered');
      }
      assert.deepEqual([...container.querySelectorAll('p')].map((node) => node.textContent), ['First paragraph.', 'Second grows and grows.']);
      assert.equal(container.querySelector('li')?.textContent, 'a list');
    });

    it('grows an open fence in one text node, then renders it coloured with its toolbar once closed', () => {
      const stream = new MarkdownStream(container);
      stream.append('```ts src/a.ts\nconst a');
      stream.render(false);
      const text = container.querySelector('pre.streaming code')!.firstChild;
      stream.append(' = 1;\n');
      stream.render(false);
      assert.equal(container.querySelector('pre.streaming code')!.firstChild, text, 'same text node');
      assert.equal(text!.textContent, 'const a = 1;\n');
      assert.equal(container.querySelector('.code-toolbar'), null, 'no toolbar while streaming');
      stream.append('```\n\nDone.');
      stream.render(false);
      assert.equal(container.querySelector('pre.streaming'), null);
      const block = container.querySelector('.code-block')!;
      assert.equal(block.querySelector('pre')!.dataset.path, 'src/a.ts');
      assert.equal(block.querySelector('code .hljs-keyword')?.textContent, 'const');
      assert.deepEqual(
        [...block.querySelectorAll<HTMLButtonElement>('.code-toolbar button')].map((button) => [button.dataset.codeAction, button.getAttribute('aria-label'), button.type]),
        [
          ['copy', 'Copy code', 'button'],
          ['insert', 'Insert code at cursor', 'button'],
          ['apply', 'Apply to src/a.ts', 'button'],
        ],
      );
    });

    it('code buttons post the code as shown, with the fence\'s file for Apply', () => {
      const stream = new MarkdownStream(container);
      stream.append('```py tools/run.py\nprint("<b>")\n```\n\n```\nplain\n```\n');
      stream.render(true);
      const [first, second] = [...container.querySelectorAll('.code-block')];
      const message = (block: Element, action: string) => codeActionMessage(block.querySelector<HTMLElement>(`[data-code-action="${action}"]`)!);
      assert.deepEqual(message(first, 'copy'), { type: 'copyText', text: 'print("<b>")' });
      assert.deepEqual(message(first, 'insert'), { type: 'insertCode', code: 'print("<b>")' });
      assert.deepEqual(message(first, 'apply'), { type: 'applyCode', code: 'print("<b>")', path: 'tools/run.py' });
      assert.deepEqual(message(second, 'apply'), { type: 'applyCode', code: 'plain' });
    });

    it('sanitises: no live HTML, no script URLs; citations survive as data attributes', () => {
      const stream = new MarkdownStream(container);
      stream.append('**bold** <img src=x onerror="alert(1)"> [x](javascript:alert(1)) src/a.ts:3-4\n');
      stream.render(true);
      assert.equal(container.querySelector('img'), null);
      assert.equal(container.querySelector('a[href^="javascript:"]'), null);
      const citation = container.querySelector<HTMLElement>('a.citation')!;
      assert.deepEqual(citationMessage(citation), { type: 'openCitation', path: 'src/a.ts', line: 3, endLine: 4 } satisfies WebviewMessage);
    });

    it('puts completed blocks in content-visibility chunks and the tail after them', () => {
      const stream = new MarkdownStream(container);
      stream.append(Array.from({ length: 200 }, (_, index) => `Paragraph ${index} with some words to fill it up a little.`).join('\n\n'));
      stream.render(false);
      assert.ok(container.querySelectorAll('.markdown-chunk').length > 1);
      assert.equal(container.lastElementChild?.textContent, 'Paragraph 199 with some words to fill it up a little.');
      assert.equal(container.lastElementChild?.classList.contains('markdown-chunk'), false);
    });
  });

  describe('reasoning', () => {
    it('summarises as "Thinking…" with an estimate while streaming, then with the counted tokens', () => {
      const view = new ReasoningView();
      const turn = { role: 'assistant' as const, id: 'a', text: '', reasoning: '', status: 'streaming' as const };
      view.update(turn);
      assert.equal(view.root.hidden, true, 'hidden while there is no reasoning');
      view.append('x'.repeat(4_002));
      view.update(turn);
      assert.equal(view.root.hidden, false);
      assert.equal(view.root.open, false, 'collapsed');
      assert.equal(view.root.querySelector('summary')!.textContent, 'Thinking…~1,001 tokens');
      view.update({ ...turn, text: 'answer', status: 'done', usage: { promptTokens: 1, completionTokens: 2, cachedPromptTokens: 0, reasoningTokens: 1_234 } });
      assert.equal(view.root.querySelector('.reasoning-label')!.textContent, 'Reasoning');
      assert.equal(view.root.querySelector('.reasoning-tokens')!.textContent, '1,234 tokens');
      assert.equal(view.root.querySelector('.reasoning-body')!.textContent, '', 'text only enters the DOM when opened');
    });
  });

  describe('tool cards', () => {
    it('shows icon, summary and status per call, the failure detail, and a link to the edit', () => {
      renderTools(container, [
        { id: 't1', tool: 'read_file', summary: 'read src/a.ts:10-40', status: 'done' },
        { id: 't2', tool: 'search', summary: 'searched /foo/', status: 'failed', detail: 'bad pattern' },
        { id: 't3', tool: 'replace_in_file', summary: 'edit src/a.ts', status: 'running', editId: 'e1' },
      ]);
      const cards = [...container.querySelectorAll<HTMLElement>('li.tool-card')];
      assert.deepEqual(cards.map((card) => [card.dataset.tool, card.dataset.status, card.querySelector('.tool-icon')!.className]), [
        ['read_file', 'done', 'codicon codicon-file tool-icon'],
        ['search', 'failed', 'codicon codicon-search tool-icon'],
        ['replace_in_file', 'running', 'codicon codicon-edit tool-icon'],
      ]);
      assert.equal(cards[1].querySelector('.tool-detail')!.textContent, 'bad pattern');
      assert.equal(cards[2].querySelector('.tool-status')!.getAttribute('aria-label'), 'running');
      assert.equal(cards[2].querySelector<HTMLElement>('button.tool-edit-link')!.dataset.editId, 'e1');
      renderTools(container, []);
      assert.equal(container.hidden, true);
    });
  });

  describe('edits panel', () => {
    const edit = (id: string, status: PendingEditView['status'], extra: Partial<PendingEditView> = {}): PendingEditView => ({
      id, path: `src/${id}.ts`, change: 'modify', added: 3, removed: 1, matchKinds: ['exact'], hunks: 1, status, ...extra,
    });

    it('renders cards with stats, match kinds and status; buttons post editAction and allEdits', () => {
      const sent: WebviewMessage[] = [];
      const panel = new EditsPanel(container, (message) => sent.push(message));
      panel.update([
        edit('e1', 'pending', { matchKinds: ['exact', 'fuzzy'], minScore: 0.874 }),
        edit('e2', 'pending', { change: 'create', added: 20, removed: 0, matchKinds: [] }),
        edit('e3', 'conflicted', { reason: 'The file changed on disk.' }),
      ]);
      assert.equal(container.hidden, false);
      const cards = [...container.querySelectorAll<HTMLElement>('.edit-card')];
      assert.deepEqual(cards.map((card) => [card.dataset.editId, card.dataset.status, card.dataset.change]), [
        ['e1', 'pending', 'modify'], ['e2', 'pending', 'create'], ['e3', 'conflicted', 'modify'],
      ]);
      assert.equal(cards[0].querySelector('.edit-match')!.textContent, 'exact, fuzzy 87%');
      assert.equal(cards[0].querySelector('.edit-added')!.textContent, '+3');
      assert.equal(cards[0].querySelector('.edit-removed')!.textContent, '-1');
      assert.equal(cards[2].querySelector('.edit-reason')!.textContent, 'The file changed on disk.');
      assert.equal(cards[2].querySelector('button'), null, 'no actions on a decided card');
      cards[0].querySelector<HTMLElement>('button[data-edit-action="review"]')!.click();
      cards[1].querySelector<HTMLElement>('button[data-edit-action="reject"]')!.click();
      container.querySelector<HTMLElement>('button[data-all-edits="accept"]')!.click();
      assert.deepEqual(sent, [
        { type: 'editAction', editId: 'e1', action: 'review' },
        { type: 'editAction', editId: 'e2', action: 'reject' },
        { type: 'allEdits', action: 'accept' },
      ]);
    });

    it('offers Accept all / Reject all only when more than one edit is pending, and keeps focus across updates', () => {
      const panel = new EditsPanel(container, () => {});
      panel.update([edit('e1', 'pending'), edit('e2', 'pending')]);
      container.querySelector<HTMLElement>('[data-edit-id="e2"] button[data-edit-action="accept"]')!.focus();
      panel.update([edit('e1', 'pending'), edit('e2', 'pending', { added: 4 })]);
      assert.equal((document.activeElement as HTMLElement).dataset.editAction, 'accept');
      assert.equal((document.activeElement as HTMLElement).dataset.editId, 'e2');
      panel.update([edit('e1', 'pending'), edit('e2', 'accepted')]);
      assert.equal(container.querySelector('[data-all-edits]'), null);
      assert.equal((document.activeElement as HTMLElement).dataset.editId, 'e2', 'focus falls back to the card');
      panel.update([]);
      assert.equal(container.hidden, true);
    });

    it('describes match kinds with the fuzzy score as a percentage', () => {
      assert.equal(describeMatches(edit('e', 'pending', { matchKinds: ['whitespace', 'fuzzy'], minScore: 0.9 })), 'whitespace, fuzzy 90%');
    });
  });
});
