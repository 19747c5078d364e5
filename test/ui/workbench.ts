/** Drives the VS Code workbench in Chromium the way a person does: activity bar, palette, the chat webview. */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { EXTENSION_ID } from '../../src/common/ids';
import { PROJECT_ROOT } from '../e2e/codeServer';

export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  // Contributions are registered once the extension host has scanned the installed extensions.
  await activityBarItem(page).waitFor({ timeout: 90_000 });
}

export function activityBarItem(page: Page) {
  return page.locator('.activitybar .action-item .action-label[aria-label^="Grok Context"]').first();
}

/** The chat view's page: the webview is an iframe holding another iframe (#active-frame). */
export function chatFrame(page: Page): FrameLocator {
  // Hidden views can leave their old iframe in the DOM: only the visible one is the live view.
  return page.frameLocator(`iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]:visible`).first().frameLocator('#active-frame');
}

export async function openChat(page: Page): Promise<FrameLocator> {
  await activityBarItem(page).click();
  const chat = chatFrame(page);
  await chat.locator('#question').waitFor({ timeout: 30_000 });
  return chat;
}

export async function ask(chat: FrameLocator, question: string): Promise<void> {
  await chat.locator('#question').fill(question);
  await chat.locator('#question').press('Enter');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/**
 * Runs a command from the palette, as a person would: F1, type its title, Enter. Right after a window reload the
 * extension's commands may register after the palette listed what it had: like a person, close it and look again
 * (a palette list does not refresh while it is open).
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input[type="text"]');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: attempt < 4 ? 10_000 : 30_000 });
      break;
    } catch (error) {
      if (attempt >= 4) throw error;
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden' });
    }
  }
  await input.press('Enter');
}

/** Grok Context: Set API Key from the palette, typed into the password box. */
export async function setApiKey(page: Page, key: string): Promise<void> {
  await runCommand(page, 'Grok Context: Set API Key');
  const password = page.locator('.quick-input-widget input[type="password"]');
  await password.waitFor();
  await password.fill(key);
  await password.press('Enter');
  await page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'key saved in secret storage' }).first().waitFor();
}

/** Shows and focuses the chat from the palette ("Grok Context: Focus on Chat View"): works whether or not it is open. */
export async function focusChat(page: Page): Promise<FrameLocator> {
  await runCommand(page, 'Grok Context: Focus on Chat View');
  const chat = chatFrame(page);
  await chat.locator('#question').waitFor({ timeout: 30_000 });
  return chat;
}

/** Drags the side bar's sash, as a person widens it, until the side bar is `width` pixels wide. */
export async function resizeSideBar(page: Page, width: number): Promise<void> {
  const box = (await page.locator('[id="workbench.parts.sidebar"]').boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction((wanted) => Math.abs(document.getElementById('workbench.parts.sidebar')!.getBoundingClientRect().width - wanted) < 8, width);
}

/** Preferences: Color Theme, typed and chosen; resolves once the workbench and the chat both wear it. */
export async function setColorTheme(page: Page, chat: FrameLocator, theme: 'Light Modern' | 'Dark Modern'): Promise<void> {
  // Rows are clicked, not entered: "Browse Color Themes in Marketplace" can be the palette's first row.
  const input = page.locator('.quick-input-widget input[type="text"]');
  const row = (label: RegExp) => page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: label }) }).first();
  await page.keyboard.press('F1');
  await input.fill('>Preferences: Color Theme');
  await row(/^Preferences: Color Theme$/).click();
  await row(/^Dark Modern$/).waitFor(); // the theme picker, not the palette
  await input.fill(theme);
  await row(new RegExp(`^${theme}$`)).click();
  const kind = theme.startsWith('Dark') ? 'dark' : 'light';
  await page.locator(`.monaco-workbench.${kind === 'dark' ? 'vs-dark' : 'vs'}`).waitFor();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await chat.locator(`body.vscode-${kind}`).waitFor();
}

/** What has keyboard focus inside the chat: the element's id, or its class when it has none. */
export async function focusedInChat(chat: FrameLocator): Promise<string> {
  return chat.locator('body').evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return active?.id || active?.className || '';
  });
}
