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

/** Runs a command from the palette, as a person would: F1, type its title, Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
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
