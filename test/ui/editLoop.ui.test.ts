/**
 * The loop between user, model and file as a person sees it (code-server + Chromium, the packaged .vsix, a 1400×900
 * window): an answer's text before its tool cards, a failed edit as one collapsed status line, room for the transcript
 * with the edits panel and the Context view open, Undo from the folded panel, and Explain Selection's code shown as a
 * coloured block with a link back to the lines. Measured heights are printed for the README.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, watch } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { FakeProvider } from '../support/fakeProvider';
import type { TempWorkspace } from '../support/tempWorkspace';
import { screenshotFailures, startUiSession, stopUiSession, type UiSession } from './uiSession';
import { ask, openChat, runCommand, screenshot, setApiKey } from './workbench';

const CALC = 'export function total(items: number[]): number {\n  let sum = 0;\n  for (const item of items) sum += item;\n  return sum;\n}\n';

const replace = (id: string, oldString: string, newString: string) => ({
  id,
  name: 'replace_in_file',
  arguments: JSON.stringify({ path: 'src/calc.ts', edits: [{ old_string: oldString, new_string: newString, expected_occurrences: null }], base_hash: null }),
});

describe('The loop between user, model and file (code-server + Chromium)', () => {
  let session: UiSession | undefined;
  let fake: FakeProvider;
  let page: Page;
  let workspace: TempWorkspace;
  let chat: FrameLocator;
  /**
   * Resolves once src/calc.ts on disk holds `text`, checked on every change event of its folder (a save truncates the
   * file and then writes it, so a read as soon as the card turns can find it half written).
   */
  function diskShows(text: string): Promise<void> {
    const absolute = path.join(workspace.root, 'src/calc.ts');
    return new Promise((resolve) => {
      const watcher = watch(path.dirname(absolute), () => check());
      const check = () => {
        if (readFileSync(absolute, 'utf8') !== text) return;
        watcher.close();
        resolve();
      };
      check();
    });
  }

  /** The chat view's height and the transcript's and edits panel's, in CSS pixels. */
  const heights = () =>
    chat.locator('body').evaluate(() => ({
      view: window.innerHeight,
      transcript: document.getElementById('transcript')!.getBoundingClientRect().height,
      edits: document.getElementById('edits')!.getBoundingClientRect().height,
    }));

  before(async () => {
    session = await startUiSession({ files: { 'src/calc.ts': CALC } });
    ({ fake, page, workspace } = session);
    await setApiKey(page, 'xai-ui-loop-key-0001');
    chat = await openChat(page);
  });
  screenshotFailures('loop-', () => session?.page);
  after(() => stopUiSession(session));

  it('shows the text streamed before a tool call above its card, and a failed edit as one collapsed status line', async () => {
    fake.enqueue(
      { kind: 'stream', text: ['First I try ', 'the quick edit.'], toolCalls: [replace('c1', '  let total = 0;\n  for (const x of items) total += x;\n  return total;', '  return items.reduce((a, b) => a + b, 0);')] },
      { kind: 'stream', text: ['That did not match; ', 'now the real one.'], toolCalls: [replace('c2', '  return sum;', '  return Math.round(sum);')] },
      { kind: 'stream', text: ['Ready for review.'] },
    );
    await ask(chat, 'Round the total');
    const answer = chat.locator('.turn.assistant').last();
    await answer.locator('p', { hasText: 'Ready for review.' }).waitFor();
    await answer.locator('li.tool-card[data-status="done"]').waitFor();
    const flow = await answer.locator('.body p, .body li.tool-card').evaluateAll((nodes) =>
      nodes.map((node) => ({ what: node.matches('li') ? `card:${node.getAttribute('data-status')}` : `text:${node.textContent}`, top: node.getBoundingClientRect().top })),
    );
    assert.deepEqual(flow.map((item) => item.what), ['text:First I try the quick edit.', 'card:failed', 'text:That did not match; now the real one.', 'card:done', 'text:Ready for review.']);
    for (let index = 1; index < flow.length; index++) assert.ok(flow[index].top > flow[index - 1].top, `${flow[index].what} is below ${flow[index - 1].what} on screen`);

    const failed = answer.locator('li.tool-card[data-status="failed"] details.tool-failure');
    assert.equal(await failed.locator('summary .tool-summary').textContent(), 'Edit to src/calc.ts did not match; Grok was told and retried');
    assert.equal(await failed.locator('.tool-detail').isVisible(), false, 'collapsed');
    await failed.locator('summary').click();
    await failed.locator('.tool-detail').waitFor();
    const detail = (await failed.locator('.tool-detail').textContent()) ?? '';
    assert.match(detail, /^Block 1: not found in the file\.\nThe most similar text starts at line 2/);
    assert.doesNotMatch(detail, /read_file|Re-read|old_string/);
    await screenshot(page, 'loop-stream-order');
  });

  it('keeps at least half the view for the transcript with the edits panel and the Context view open; nothing pending folds the panel to one line', async () => {
    const contextHeader = page.locator('.pane-header', { hasText: 'Context' }).first();
    if ((await contextHeader.getAttribute('aria-expanded')) !== 'true') await contextHeader.click();
    await page.locator('.pane-header[aria-expanded="true"]', { hasText: 'Context' }).waitFor();
    await chat.locator('#edits .edit-card[data-status="pending"]').waitFor();
    const pending = await heights();
    console.log(`      [room] pending edit, Context view open: view ${pending.view} px, transcript ${Math.round(pending.transcript)} px, edits panel ${Math.round(pending.edits)} px`);
    assert.ok(pending.transcript >= pending.view / 2, `transcript ${pending.transcript} of ${pending.view}`);
    await screenshot(page, 'loop-room-pending');

    await chat.locator('#edits .edit-card[data-status="pending"] button[data-edit-action="accept"]').click();
    await chat.locator('#edits[data-collapsed="true"]').waitFor({ state: 'attached' });
    await diskShows(CALC.replace('return sum;', 'return Math.round(sum);'));
    const decided = await heights();
    console.log(`      [room] nothing pending: view ${decided.view} px, transcript ${Math.round(decided.transcript)} px, edits panel ${Math.round(decided.edits)} px`);
    assert.ok(decided.transcript >= decided.view / 2, `transcript ${decided.transcript} of ${decided.view}`);
    assert.ok(decided.edits < 40, `one line: ${decided.edits} px`);
    assert.equal(await chat.locator('#edits .edit-card').first().isVisible(), false);
    await screenshot(page, 'loop-room-decided');
  });

  it('Undo from the folded panel undoes the accepted edit in the editor; the card says undone', async () => {
    const undo = chat.locator('#edits .edits-header button[data-edit-action="undo"]');
    await undo.click();
    await page.locator('.tab.active', { hasText: 'calc.ts' }).waitFor();
    await chat.locator('#edits .edit-card[data-status="undone"]').waitFor({ state: 'attached' });
    await page.waitForFunction(() => {
      const text = (document.querySelector('.editor-group-container.active .editor-instance .view-lines') as HTMLElement | null)?.innerText.replace(/\u00a0/g, ' ') ?? '';
      return text.includes('return sum;') && !text.includes('Math.round');
    });
    assert.equal(await undo.count(), 0, 'nothing left to undo');
    await diskShows(CALC); // accepting saved the file, so Undo saves it too
  });

  it("Explain Selection shows the code in the user's bubble as a coloured block linked to its lines", async () => {
    await page.locator('.editor-group-container.active .editor-instance .monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    for (let line = 0; line < 3; line++) await page.keyboard.press('Shift+ArrowDown');
    fake.enqueue({ kind: 'stream', text: ['It sums the items.'] });
    await runCommand(page, 'Grok Context: Explain Selection');
    const bubble = chat.locator('.turn.user').last();
    await bubble.locator('.user-code').waitFor();
    assert.doesNotMatch((await bubble.textContent()) ?? '', /```/, 'no raw fences');
    assert.ok((await bubble.locator('.user-code pre code.hljs .hljs-keyword').count()) > 0, 'coloured');
    const link = bubble.locator('.user-code .code-label a.citation');
    assert.equal(await link.textContent(), 'src/calc.ts:2-4');
    await screenshot(page, 'loop-explain-bubble');
    await page.locator('.tab.active', { hasText: 'calc.ts' }).waitFor();
    await runCommand(page, 'View: Close All Editors');
    await link.click();
    await page.locator('.tab.active', { hasText: 'calc.ts' }).waitFor();
  });
});
