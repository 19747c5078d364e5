/**
 * One UI suite's world: the fake provider, a workspace on disk, code-server with the packaged .vsix pointed at the fake,
 * and Chromium on the workbench. Started in `before`, stopped in `after`; a failed test leaves a screenshot.
 */
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT, ensureCodeServer, launchBrowser, startCodeServer, type CodeServer } from '../e2e/codeServer';
import { FakeProvider } from '../support/fakeProvider';
import { everyPresetAt } from '../support/presetUrls';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';
import { screenshot, waitForWorkbench } from './workbench';

export const VSIX = path.join(PROJECT_ROOT, 'dist', 'grok-context.vsix');

export interface UiSession {
  fake: FakeProvider;
  workspace: TempWorkspace;
  server: CodeServer;
  browser: BrowserContext;
  page: Page;
}

export interface UiSessionOptions {
  files: Record<string, string>;
  /** User settings besides the fake's base URL and no retries. */
  settings?: Record<string, unknown>;
  /** Browser permissions for the workbench's origin (e.g. the clipboard). */
  permissions?: string[];
}

export async function startUiSession(options: UiSessionOptions): Promise<UiSession> {
  const fake = await FakeProvider.start();
  const workspace = createTempWorkspace(options.files);
  const server = await startCodeServer({
    bin: ensureCodeServer(),
    vsix: [VSIX],
    userSettings: { 'grokContext.baseUrls': everyPresetAt(fake.baseUrl), 'grokContext.maxRetries': 0, ...options.settings },
  });
  const { context: browser, page } = await launchBrowser();
  if (options.permissions?.length) await browser.grantPermissions(options.permissions, { origin: server.url });
  await page.goto(await server.workbenchUrl(workspace.root));
  await waitForWorkbench(page);
  return { fake, workspace, server, browser, page };
}

export async function stopUiSession(session: Partial<UiSession> | undefined): Promise<void> {
  await session?.browser?.close().catch(() => {});
  await session?.server?.stop();
  await session?.fake?.close();
  session?.workspace?.remove();
}

/** Registers an afterEach that screenshots the workbench when a test failed, named after the suite and the test. */
export function screenshotFailures(prefix: string, page: () => Page | undefined): void {
  afterEach(async function () {
    const current = page();
    if (this.currentTest?.state === 'failed' && current) await screenshot(current, `failed-${prefix}${this.currentTest.title.replace(/\W+/g, '-')}`);
  });
}
