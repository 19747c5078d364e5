/**
 * Edits as a person reviews them (code-server + Chromium, the packaged .vsix): cards in the chat, the diff editor,
 * Accept all across two files, one Undo answered in VS Code's own dialog, Reject, and a citation that opens the file.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { FakeProvider } from '../support/fakeProvider';
import type { TempWorkspace } from '../support/tempWorkspace';
import { screenshotFailures, startUiSession, stopUiSession, type UiSession } from './uiSession';
import { ask, openChat, runCommand, screenshot, setApiKey } from './workbench';
const CALC = 'export function total(items: number[]): number {\n  let sum = 0;\n  for (const item of items) sum += item;\n  return sum;\n}\n';
const UTIL = 'export function clamp(value: number): number {\n  return Math.max(0, value);\n}\n';

const replace = (id: string, file: string, oldString: string, newString: string) => ({
  id,
  name: 'replace_in_file',
  arguments: JSON.stringify({ path: file, edits: [{ old_string: oldString, new_string: newString, expected_occurrences: null }], base_hash: null }),
});

describe('Edits reviewed as a person would (code-server + Chromium)', () => {
  let session: UiSession | undefined;
  let fake: FakeProvider;
  let page: Page;
  let workspace: TempWorkspace;
  let chat: FrameLocator;
  const disk = (file: string) => readFileSync(path.join(workspace.root, file), 'utf8');

  before(async () => {
    session = await startUiSession({ files: { 'src/calc.ts': CALC, 'src/util.ts': UTIL }, settings: { 'grokContext.saveAfterApplyingEdits': false } });
    ({ fake, page, workspace } = session);
    await setApiKey(page, 'xai-ui-edits-key-0001');
    chat = await openChat(page);
  });
  screenshotFailures('edits-', () => session?.page);
  after(() => stopUiSession(session));

  it('shows proposed edits as cards; Review opens the diff editor', async () => {
    fake.enqueue(
      {
        kind: 'stream',
        text: ['I will tidy both files.'],
        toolCalls: [replace('c1', 'src/calc.ts', '  let sum = 0;', '  let sum = 0; // running total'), replace('c2', 'src/util.ts', '  return Math.max(0, value);', '  return Math.min(100, Math.max(0, value));')],
      },
      { kind: 'stream', text: ['Both edits are ready for review (src/calc.ts:2, src/util.ts:2).'] },
    );
    await ask(chat, 'Tidy calc and clamp to 100');
    const cards = chat.locator('#edits .edit-card');
    await cards.nth(1).waitFor();
    assert.deepEqual(await cards.evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-status'), node.querySelector('.edit-path')?.textContent])), [
      ['pending', 'src/calc.ts'],
      ['pending', 'src/util.ts'],
    ]);
    await chat.locator('.turn.assistant').last().locator('[data-tool="replace_in_file"]').nth(1).waitFor();
    assert.equal(disk('src/calc.ts'), CALC, 'nothing written before Accept');
    await cards.first().locator('button[data-edit-action="review"]').click();
    await page.locator('.monaco-diff-editor').first().waitFor();
    await page.locator('.tab.active', { hasText: 'calc.ts' }).waitFor();
    await screenshot(page, 'edits-review');
  });

  /** Opens a file by clicking its citation in the answer, as a person would. */
  async function openFile(name: string): Promise<void> {
    await chat.locator('.turn.assistant a.citation', { hasText: `src/${name}:2` }).first().click();
    await page.locator('.tab.active', { hasText: name }).waitFor();
  }

  it('Accept all changes both files in one edit; one Undo, as a person presses it, restores both', async () => {
    // both files open in editors, as when someone reads them while deciding (saving after applying is off here, so
    // the whole round trip stays in the editors; the integration suite covers the saved case)
    await runCommand(page, 'View: Close All Editors');
    await openFile('util.ts');
    await openFile('calc.ts');
    const editorShows = (present: string, absent: string) =>
      page.waitForFunction(([wanted, unwanted]) => {
        // Monaco renders spaces as no-break spaces
        const text = (document.querySelector('.editor-instance .view-lines') as HTMLElement | null)?.innerText.replace(/\u00a0/g, ' ') ?? '';
        return !!document.querySelector('.monaco-dialog-box') || (text.includes(wanted) && !text.includes(unwanted));
      }, [present, absent]);
    await chat.locator('#edits button[data-all-edits="accept"]').click();
    await chat.locator('#edits .edit-card[data-status="accepted"]').nth(1).waitFor();
    await editorShows('let sum = 0; // running total', 'nothing');
    await page.locator('.editor-instance .monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+Z');
    // VS Code may ask whether to undo an edit that spans files in all of them; code-server 4.100.3 undoes both at once
    await editorShows('let sum = 0;', 'running total');
    const dialog = page.locator('.monaco-dialog-box');
    if (await dialog.isVisible()) {
      await screenshot(page, 'edits-undo-dialog');
      await dialog.locator('.monaco-button', { hasText: /Undo in 2 Files/ }).click();
      await editorShows('let sum = 0;', 'running total');
    }
    await openFile('util.ts');
    await editorShows('return Math.max(0, value);', 'Math.min');
    assert.equal(disk('src/calc.ts'), CALC);
    assert.equal(disk('src/util.ts'), UTIL);
  });

  it('Reject leaves the file untouched', async () => {
    fake.enqueue({ kind: 'stream', text: [], toolCalls: [replace('c3', 'src/util.ts', '  return Math.max(0, value);', '  return value;')] }, { kind: 'stream', text: ['Proposed.'] });
    await ask(chat, 'Remove the clamp');
    const card = chat.locator('#edits .edit-card[data-status="pending"]');
    await card.waitFor();
    await card.locator('button[data-edit-action="reject"]').click();
    await chat.locator('#edits .edit-card[data-status="rejected"]').first().waitFor();
    assert.equal(disk('src/util.ts'), UTIL);
  });

  it('a citation in an answer opens the file at that line', async () => {
    const citation = chat.locator('.turn.assistant a.citation', { hasText: 'src/util.ts:2' }).first();
    await citation.click();
    await page.locator('.tab.active', { hasText: 'util.ts' }).waitFor();
    await page.locator('.statusbar-item', { hasText: /Ln 2, Col/ }).first().waitFor();
  });
});
