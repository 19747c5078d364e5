// The chat's side of the loop between user, model and file (jsdom): cards where the calls were made, a failed edit as
// one collapsed status line, Undo on an accepted card, a one-line edits panel with nothing pending, and the code an
// Explain/Refactor question carries shown as a coloured block with a link to where it came from.
import * as assert from 'node:assert/strict';
import type { AssistantTurnView, PendingEditView, ToolActivityView, WebviewMessage } from '../../src/protocol/messages';
import { citationMessage } from '../../src/webview/render/citations';
import { codeActionMessage } from '../../src/webview/render/codeBlocks';
import { EditsPanel } from '../../src/webview/render/edits';
import { renderTools } from '../../src/webview/render/tools';
import { AssistantView, userTurn } from '../../src/webview/render/turns';
import { splitUserText } from '../../src/webview/render/userText';
import { useJsdomContainer } from '../support/jsdomContainer';

/** The answer's visible flow, in document order: text paragraphs as "text:…", cards as "card:<tool id>". */
function flowOf(root: HTMLElement): string[] {
  return [...root.querySelectorAll<HTMLElement>('.body p, .body li.tool-card')].map((node) => (node.matches('li.tool-card') ? `card:${node.dataset.toolId}` : `text:${node.textContent}`));
}

describe('webview: the loop between user, model and file (jsdom)', () => {
  const containerOf = useJsdomContainer();
  let container: HTMLElement;
  beforeEach(() => (container = containerOf()));

  const read = (id: string, at?: number): ToolActivityView => ({ id, tool: 'read_file', summary: `read ${id}`, status: 'done', ...(at !== undefined ? { at } : {}) });

  describe('cards in stream order', () => {
    it('shows the text streamed before a round of calls above its cards, and the next round\'s text below them', () => {
      const turn: AssistantTurnView = { role: 'assistant', id: 'a1', text: '', reasoning: '', status: 'streaming' };
      const view = new AssistantView(turn, { send: () => undefined, conversationCost: () => 0 }, true);
      container.append(view.root);
      view.appendText('Let me look at the file.');
      view.render(() => true);
      const at = 'Let me look at the file.'.length;
      view.update({ tools: [read('c1', at), read('c2', at)] });
      view.appendText('\n\nIt adds numbers.');
      view.update({ tools: [read('c1', at), read('c2', at), read('c3', at + '\n\nIt adds numbers.'.length)] });
      view.appendText('\n\nDone.');
      view.update({ status: 'done' });
      view.render(() => true);
      assert.deepEqual(flowOf(view.root), ['text:Let me look at the file.', 'card:c1', 'card:c2', 'text:It adds numbers.', 'card:c3', 'text:Done.']);
    });

    it('lays out a restored answer the same way, and keeps cards without an offset (older answers) first', () => {
      const at = 'Before.'.length;
      const restored = new AssistantView({ role: 'assistant', id: 'a1', text: 'Before.\n\nAfter.', reasoning: '', status: 'done', tools: [read('c1', at)] }, { send: () => undefined, conversationCost: () => 0 }, true);
      restored.render(() => true);
      assert.deepEqual(flowOf(restored.root), ['text:Before.', 'card:c1', 'text:After.']);
      const older = new AssistantView({ role: 'assistant', id: 'a2', text: 'Answer.', reasoning: '', status: 'done', tools: [read('c1')] }, { send: () => undefined, conversationCost: () => 0 }, true);
      older.render(() => true);
      assert.deepEqual(flowOf(older.root), ['card:c1', 'text:Answer.']);
    });
  });

  describe('a failed edit', () => {
    const failed = (id: string, path: string): ToolActivityView => ({
      id,
      tool: 'replace_in_file',
      summary: `Edit to ${path} did not match`,
      status: 'failed',
      path,
      detail: 'Block 1: not found in the file.\nThe most similar text starts at line 3 (82% similar):\n  return sum;',
    });

    it('reads as one collapsed status line that opens to the details, and says when Grok retried', () => {
      const retried: ToolActivityView = { id: 't2', tool: 'replace_in_file', summary: 'edit proposed: modify src/calc.ts (+1 −1)', status: 'done', path: 'src/calc.ts', editId: 'e1' };
      renderTools(container, [failed('t1', 'src/calc.ts'), retried, failed('t3', 'src/other.ts')]);
      const [first, , third] = [...container.querySelectorAll<HTMLElement>('li.tool-card')];
      const details = first.querySelector('details.tool-failure') as HTMLDetailsElement;
      assert.ok(details, 'a details element');
      assert.equal(details.open, false, 'collapsed');
      assert.equal(details.querySelector('summary .tool-summary')!.textContent, 'Edit to src/calc.ts did not match; Grok was told and retried');
      assert.match(details.querySelector('.tool-detail')!.textContent!, /^Block 1: not found in the file\./);
      assert.doesNotMatch(first.textContent!, /read_file|Re-read|old_string/, 'no instructions meant for the model');
      assert.equal(third.querySelector('.tool-summary')!.textContent, 'Edit to src/other.ts did not match; Grok was told');
    });
  });

  describe('the edits panel', () => {
    const edit = (id: string, status: PendingEditView['status'], extra: Partial<PendingEditView> = {}): PendingEditView => ({
      id, path: `src/${id}.ts`, change: 'modify', added: 1, removed: 1, matchKinds: ['exact'], hunks: 1, status, ...extra,
    });

    it('offers Undo on an accepted card while its change is the last in the file, and shows "undone" after', () => {
      const sent: WebviewMessage[] = [];
      const panel = new EditsPanel(container, (message) => sent.push(message));
      panel.update([edit('e1', 'accepted', { undoable: true }), edit('e2', 'accepted'), edit('e3', 'pending')]);
      const undo = container.querySelector<HTMLElement>('.edit-card[data-edit-id="e1"] button[data-edit-action="undo"]');
      assert.ok(undo, 'Undo on the undoable card');
      assert.equal(undo.getAttribute('aria-label'), 'Undo the change to src/e1.ts');
      assert.equal(container.querySelector('.edit-card[data-edit-id="e2"] button'), null, 'not once the file changed after it');
      undo.click();
      assert.deepEqual(sent, [{ type: 'editAction', editId: 'e1', action: 'undo' }]);
      panel.update([edit('e1', 'undone'), edit('e3', 'pending')]);
      assert.equal(container.querySelector('.edit-card[data-edit-id="e1"] .edit-status')!.textContent, 'undone');
      assert.equal(container.querySelector('.edit-card[data-edit-id="e1"] button'), null);
    });

    it('is one line when nothing is pending; Show opens it, and a new pending edit opens it by itself', () => {
      const panel = new EditsPanel(container, () => undefined);
      panel.update([edit('e1', 'accepted'), edit('e2', 'rejected')]);
      const list = () => container.querySelector<HTMLElement>('.edits-list')!;
      assert.equal(container.dataset.collapsed, 'true');
      assert.equal(list().hidden, true);
      assert.equal(container.querySelector('.edits-title')!.textContent, '2 edits, none pending');
      const toggle = container.querySelector<HTMLElement>('button.edits-toggle')!;
      assert.equal(toggle.getAttribute('aria-expanded'), 'false');
      toggle.click();
      assert.equal(list().hidden, false);
      assert.equal(container.querySelector('button.edits-toggle')!.getAttribute('aria-expanded'), 'true');
      container.querySelector<HTMLElement>('button.edits-toggle')!.click();
      assert.equal(list().hidden, true);
      panel.update([edit('e1', 'accepted'), edit('e2', 'rejected'), edit('e3', 'pending')]);
      assert.equal(list().hidden, false);
      assert.equal(container.querySelector('button.edits-toggle'), null);
      // folded, the last undoable edit keeps its Undo on the one line
      panel.update([edit('e1', 'accepted', { undoable: true }), edit('e2', 'rejected')]);
      const undo = container.querySelector<HTMLElement>('.edits-header button[data-edit-action="undo"]')!;
      assert.equal(undo.dataset.editId, 'e1');
      assert.equal(undo.getAttribute('aria-label'), 'Undo the change to src/e1.ts');
      // "Show change" on a tool card opens a collapsed panel to reveal its card
      panel.update([edit('e1', 'accepted'), edit('e2', 'rejected'), edit('e3', 'accepted')]);
      assert.equal(list().hidden, true);
      (HTMLElement.prototype as { scrollIntoView?: () => void }).scrollIntoView ??= () => undefined; // jsdom has none
      panel.reveal('e1');
      assert.equal(list().hidden, false);
      assert.equal(document.activeElement, container.querySelector('.edit-card[data-edit-id="e1"]'));
    });
  });

  describe("the user's bubble", () => {
    const question =
      'Explain this code from src/calc.ts:3-4: what it does, why, and anything surprising.\n\n```typescript src/calc.ts:3-4\n  for (const item of items) sum += item;\n  return sum;\n```';

    it('splits prose from closed fences; an unclosed fence stays text', () => {
      assert.deepEqual(splitUserText(question), [
        { kind: 'text', text: 'Explain this code from src/calc.ts:3-4: what it does, why, and anything surprising.' },
        { kind: 'code', code: '  for (const item of items) sum += item;\n  return sum;', language: 'typescript', source: { start: 0, end: 15, path: 'src/calc.ts', line: 3, endLine: 4 } },
      ]);
      assert.deepEqual(splitUserText('a *b* c\n```js\nnot closed'), [{ kind: 'text', text: 'a *b* c\n```js\nnot closed' }]);
    });

    it('shows the selection as a coloured code block labelled with a path:start-end link, not as raw fences', () => {
      const root = userTurn({ role: 'user', id: 't1', text: question });
      container.append(root);
      assert.doesNotMatch(root.textContent!, /```/, 'no raw fences');
      const block = root.querySelector<HTMLElement>('.code-block.user-code')!;
      assert.ok(block.querySelector('pre code.hljs.language-typescript .hljs-keyword'), 'highlighted');
      const link = block.querySelector<HTMLElement>('.code-label a.citation')!;
      assert.equal(link.textContent, 'src/calc.ts:3-4');
      assert.deepEqual(citationMessage(link), { type: 'openCitation', path: 'src/calc.ts', line: 3, endLine: 4 });
      assert.deepEqual(codeActionMessage(block.querySelector<HTMLElement>('button[data-code-action="copy"]')!), { type: 'copyText', text: '  for (const item of items) sum += item;\n  return sum;' });
      // the prose's own citation is a link too; the rest of what the user typed stays as typed
      assert.equal(root.querySelector('.user-prose a.citation')!.textContent, 'src/calc.ts:3-4');
      const plain = userTurn({ role: 'user', id: 't2', text: 'keep *stars* and <b>tags</b>' });
      assert.equal(plain.querySelector('.body')!.textContent, 'keep *stars* and <b>tags</b>');
      assert.equal(plain.querySelector('b'), null);
    });
  });
});
