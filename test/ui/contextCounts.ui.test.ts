/**
 * One plan, three surfaces, one vocabulary (code-server + Chromium, the packaged .vsix, the fake provider): a
 * workspace larger than a small window, so its plan sends files whole, as outline, as path only and leaves some out;
 * the Context view's groups, the status bar's tooltip and the chat's context line must give the same four counts.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CATEGORY_WORDS, PLAN_CATEGORIES, type PlanCounts } from '../../src/common/planCounts';
import { screenshotFailures, startUiSession, stopUiSession, type UiSession } from './uiSession';
import { ask, openChat, resizeSideBar, screenshot, setApiKey } from './workbench';

/** 60 modules of the same size (so which ones a question favours cannot change the counts), a secret, a lock file. */
function workspaceFiles(): Record<string, string> {
  const files: Record<string, string> = { '.env': 'TOKEN=abc\n', 'package-lock.json': '{"lockfileVersion": 3}\n' };
  for (let i = 10; i < 70; i++) {
    files[`src/part${i % 3}/module${i}.ts`] = Array.from({ length: 12 }, (_, j) => `export function step${i}x${j}(value: number): number {\n  return value * ${j + 2} + ${i};\n}\n`).join('\n');
  }
  return files;
}

/** The four counts as a text says them ("21 whole, 7 as outline, …"); a category a text leaves out counts 0. */
function countsIn(text: string): PlanCounts {
  const counts = { whole: 0, outline: 0, pathOnly: 0, leftOut: 0 };
  for (const category of PLAN_CATEGORIES) {
    const match = new RegExp(`(\\d[\\d,]*) ${CATEGORY_WORDS[category]}\\b`).exec(text);
    if (match) counts[category] = Number(match[1].replace(/,/g, ''));
  }
  return counts;
}

/** The Context view's group headings ("Whole: 21 files", "As path only: 32 files", …) as counts. */
async function countsInView(page: Page): Promise<PlanCounts> {
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Context' }) });
  await view.locator('.monaco-list-row', { hasText: /^Whole: \d/ }).waitFor();
  const headings = await view.locator('.monaco-list-row[aria-level="1"]').allInnerTexts();
  const counts = { whole: 0, outline: 0, pathOnly: 0, leftOut: 0 };
  for (const category of PLAN_CATEGORIES) {
    const words = CATEGORY_WORDS[category];
    const heading = headings.find((row) => row.startsWith(`${words[0].toUpperCase()}${words.slice(1)}: `));
    if (heading) counts[category] = Number(/: (\d[\d,]*) files?/.exec(heading)![1].replace(/,/g, ''));
  }
  return counts;
}

describe('The Context view, the status bar tooltip and the chat line agree on one plan (code-server + Chromium)', () => {
  let session: UiSession | undefined;
  let page: Page;

  before(async () => {
    session = await startUiSession({
      files: workspaceFiles(),
      // a 20K window: 9K for the workspace (src/context/budget.ts), far less than its 60 modules
      settings: { 'grokContext.maxContextTokens': 20_000, 'grokContext.expandPathsWithModel': false },
    });
    ({ page } = session);
    await setApiKey(page, 'xai-ui-context-counts-key-0014');
  });
  screenshotFailures('context-counts-', () => session?.page);
  after(() => stopUiSession(session));

  it('the same counts of files whole, as outline, as path only and left out, and the budget explained', async () => {
    const chat = await openChat(page);
    await resizeSideBar(page, 560);
    session!.fake.enqueue({ kind: 'stream', text: ['Sixty small modules of arithmetic steps.'] });
    await ask(chat, 'Summarise this workspace in one sentence.');
    const meta = chat.locator('.turn.assistant[data-status="done"] .meta', { hasText: 'context: ' });
    await meta.waitFor();
    const chatCounts = countsIn(await meta.innerText());

    const status = page.locator('.statusbar-item', { hasText: '/ 9.0K' }).first();
    await status.click(); // opens the Context view
    const viewCounts = await countsInView(page);
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Context' }) });
    await view.locator('.monaco-list-row', { hasText: '9K of 20K: 11K kept for the conversation and the answer' }).waitFor();
    // the files sent whole, by folder, each folder with its files, tokens and dollars
    await view.locator('.monaco-list-row[aria-level="2"]', { hasText: /^src\s*\d+ files · [\d,]+ tok · \$/ }).first().click();
    await view.locator('.monaco-list-row[aria-level="3"]', { hasText: /^part0\s*\d+ files · [\d,]+ tok · \$/ }).first().click();
    await view.locator('.monaco-list-row[aria-level="4"]', { hasText: /^module\d+\.ts/ }).first().waitFor();

    await status.hover();
    const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Grok Context:' }).first();
    await hover.waitFor();
    const tooltip = await hover.innerText();
    const tooltipCounts = countsIn(tooltip);
    assert.match(tooltip, /Budget: 9K of 20K: 11K kept for the conversation and the answer/);
    await screenshot(page, 'context-view');

    for (const category of PLAN_CATEGORIES) assert.ok(viewCounts[category] > 0, `the plan has files ${CATEGORY_WORDS[category]}: ${JSON.stringify(viewCounts)}`);
    assert.deepEqual(tooltipCounts, viewCounts, 'the status bar tooltip says what the Context view says');
    assert.deepEqual(chatCounts, viewCounts, "the chat's context line says what the Context view says");
    assert.equal(viewCounts.whole + viewCounts.outline + viewCounts.pathOnly + viewCounts.leftOut, 62, 'every file in exactly one category');
  });

  it('the title bar sorts the view by tokens and back by name', async () => {
    const header = page.locator('.pane-header', { hasText: 'Context' });
    await header.hover();
    await header.locator('.action-label[aria-label="Sort Context by Tokens"]').click();
    await header.hover();
    await header.locator('.action-label[aria-label="Sort Context by Name"]').click();
    await header.locator('.action-label[aria-label="Sort Context by Tokens"]').waitFor({ state: 'attached' });
  });
});
