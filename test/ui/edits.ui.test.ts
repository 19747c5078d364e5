/**
 * Edits as a person reviews them (code-server + Chromium, the packaged .vsix): cards in the chat, the diff editor,
 * Accept all across two files (saved to disk), one Undo answered in VS Code's own dialog, Reject, a sensitive file
 * that Accept asks to confirm (a tool edit, then a code block's Apply), and a citation that opens the file. Every
 * check can fail: saving after applying is on, so the disk shows what Accept and Reject did, and the editor checks
 * read the named file's own editor.
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
const UTIL = 'export function clamp(value: number): number {\n  return Math.max(0, value);\n}\n';
const WORKFLOW = 'name: ci\non: push\njobs: {}\n';

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
  /**
   * Resolves once `file` on disk holds `text`, checked on every change event of its folder. A save truncates the
   * file and then writes it, so a read as soon as a save starts (the tab's dirty mark goes then) can find it empty.
   */
  function diskShows(file: string, text: string): Promise<void> {
    const absolute = path.join(workspace.root, file);
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

  before(async () => {
    session = await startUiSession({ files: { 'src/calc.ts': CALC, 'src/util.ts': UTIL, '.github/workflows/ci.yml': WORKFLOW } });
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

  /**
   * Resolves when the active editor is `file`'s and its text has `present` but not `absent`, or (when `dialog` is
   * allowed) when a dialog opened instead; says which. Reads that file's editor, never whichever editor is around.
   */
  function editorShows(file: string, present: string, absent: string, dialog = false): Promise<'shown' | 'dialog'> {
    return page
      .waitForFunction(
        ([name, wanted, unwanted, allowDialog]) => {
          if (allowDialog && document.querySelector('.monaco-dialog-box')) return 'dialog';
          const group = document.querySelector('.editor-group-container.active');
          const tab = group?.querySelector('.tab.active .label-name')?.textContent ?? '';
          if (tab !== name) return false;
          // Monaco renders spaces as no-break spaces
          const text = (group!.querySelector('.editor-instance .view-lines') as HTMLElement | null)?.innerText.replace(/\u00a0/g, ' ') ?? '';
          return text.includes(wanted as string) && !text.includes(unwanted as string) ? 'shown' : false;
        },
        [file, present, absent, dialog] as const,
      )
      .then((handle) => handle.jsonValue() as Promise<'shown' | 'dialog'>);
  }

  /** Resolves when no editor tab has unsaved changes (VS Code clears the mark once the file is written). */
  const allSaved = () => page.waitForFunction(() => !document.querySelector('.tab.dirty'));

  it('Accept all changes and saves both files in one edit; one Undo, as a person presses it, restores both', async () => {
    // both files open in editors, as when someone reads them while deciding
    await runCommand(page, 'View: Close All Editors');
    await openFile('util.ts');
    await openFile('calc.ts');
    await chat.locator('#edits button[data-all-edits="accept"]').click();
    await chat.locator('#edits .edit-card[data-status="accepted"]').nth(1).waitFor({ state: 'attached' }); // decided: the panel folds to one line
    // accepted means written: the cards turn once the files are saved
    assert.equal(disk('src/calc.ts'), CALC.replace('let sum = 0;', 'let sum = 0; // running total'));
    assert.equal(disk('src/util.ts'), UTIL.replace('return Math.max(0, value);', 'return Math.min(100, Math.max(0, value));'));
    await editorShows('calc.ts', 'let sum = 0; // running total', 'let sum = 0;\n');
    await page.locator('.editor-group-container.active .editor-instance .monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+Z');
    // VS Code may ask whether to undo an edit that spans files in all of them; code-server 4.100.3 undoes both at once
    if ((await editorShows('calc.ts', 'let sum = 0;', 'running total', true)) === 'dialog') {
      await screenshot(page, 'edits-undo-dialog');
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: /Undo in 2 Files/ }).click();
      await editorShows('calc.ts', 'let sum = 0;', 'running total');
    }
    await openFile('util.ts');
    await editorShows('util.ts', 'return Math.max(0, value);', 'Math.min');
    // the undo is in the editors; saving them puts the originals back on disk
    await runCommand(page, 'File: Save All');
    await allSaved();
    await diskShows('src/calc.ts', CALC);
    await diskShows('src/util.ts', UTIL);
  });

  it('Reject leaves the file untouched, on disk and in its editor', async () => {
    fake.enqueue({ kind: 'stream', text: [], toolCalls: [replace('c3', 'src/util.ts', '  return Math.max(0, value);', '  return value;')] }, { kind: 'stream', text: ['Proposed.'] });
    await ask(chat, 'Remove the clamp');
    const card = chat.locator('#edits .edit-card[data-status="pending"]');
    await card.waitFor();
    await card.locator('button[data-edit-action="reject"]').click();
    await chat.locator('#edits .edit-card[data-status="rejected"]').first().waitFor({ state: 'attached' }); // decided: the panel folds to one line
    assert.equal(disk('src/util.ts'), UTIL);
    await openFile('util.ts');
    await editorShows('util.ts', 'return Math.max(0, value);', 'return value;');
    assert.equal(await page.locator('.tab.dirty').count(), 0, 'nothing applied in the editor either');
  });

  it('a sensitive file is marked on its card, and Accept writes it only after the dialog\'s Apply', async () => {
    const dialog = page.locator('.monaco-dialog-box');
    fake.enqueue(
      { kind: 'stream', text: [], toolCalls: [replace('c4', '.github/workflows/ci.yml', 'on: push', 'on: [push, pull_request]')] },
      { kind: 'stream', text: ['Proposed.'] },
    );
    await ask(chat, 'Run CI on pull requests too');
    const card = chat.locator('#edits .edit-card[data-status="pending"][data-sensitive="true"]');
    await card.waitFor();
    assert.equal(await card.locator('.edit-sensitive-reason').textContent(), 'runs in CI (GitHub Actions workflow)');
    // Accept, then Cancel: nothing is written and the edit still waits
    await card.locator('button[data-edit-action="accept"]').click();
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /\.github\/workflows\/ci\.yml[\s\S]*runs in CI \(GitHub Actions workflow\)/);
    await screenshot(page, 'edits-sensitive-confirm');
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await card.getAttribute('data-status'), 'pending');
    assert.equal(disk('.github/workflows/ci.yml'), WORKFLOW);
    // Accept, then Apply: written
    await card.locator('button[data-edit-action="accept"]').click();
    await dialog.locator('.monaco-button', { hasText: 'Apply' }).click();
    await chat.locator('#edits .edit-card[data-status="accepted"][data-sensitive="true"]').waitFor({ state: 'attached' }); // decided: the panel folds to one line
    assert.equal(disk('.github/workflows/ci.yml'), WORKFLOW.replace('on: push', 'on: [push, pull_request]'));
  });

  it("a code block's Apply to a sensitive file goes through the same review and confirmation", async () => {
    const dialog = page.locator('.monaco-dialog-box');
    const replacement = 'name: ci\non: workflow_dispatch\njobs: {}\n';
    fake.enqueue({ kind: 'stream', text: [`Use this:\n\n\`\`\`yaml .github/workflows/ci.yml\n${replacement}\`\`\`\n`] });
    await ask(chat, 'Only run CI by hand');
    const before = disk('.github/workflows/ci.yml');
    await chat.locator('.turn.assistant').last().locator('[data-code-action="apply"]').click();
    // the diff opens for review and the proposal gets a card marked sensitive; nothing is written yet
    await page.locator('.tab.active', { hasText: 'ci.yml' }).waitFor();
    const pending = chat.locator('#edits .edit-card[data-status="pending"][data-sensitive="true"]');
    await pending.waitFor();
    const id = await pending.getAttribute('data-edit-id');
    assert.equal(disk('.github/workflows/ci.yml'), before);
    await pending.locator('button[data-edit-action="accept"]').click();
    await dialog.locator('.monaco-button', { hasText: 'Apply' }).click();
    // this proposal's own card (an earlier card for the same file is accepted already)
    await chat.locator(`#edits .edit-card[data-edit-id="${id}"][data-status="accepted"]`).waitFor({ state: 'attached' }); // decided: the panel folds to one line
    // the block as shown (its final newline is the file's to keep or not)
    assert.match(disk('.github/workflows/ci.yml'), /^name: ci\non: workflow_dispatch\njobs: \{\}\n?$/);
  });

  it('a citation in an answer opens the file at that line', async () => {
    const citation = chat.locator('.turn.assistant a.citation', { hasText: 'src/util.ts:2' }).first();
    await citation.click();
    await page.locator('.tab.active', { hasText: 'util.ts' }).waitFor();
    await page.locator('.statusbar-item', { hasText: /Ln 2, Col/ }).first().waitFor();
  });
});
