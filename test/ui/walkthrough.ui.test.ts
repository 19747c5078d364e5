/**
 * The first five minutes, as a new user: a fresh profile with the packaged extension, a repository with a README, and
 * the "Get started with Grok Context" walkthrough walked to a first answer from the (fake) OpenAI-compatible endpoint.
 * Every step is done through the walkthrough's own buttons, and each one is seen marked done by VS Code
 * (its completionEvents), not by the test.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { FrameLocator, Page } from 'playwright-core';
import { EXTENSION_ID } from '../../src/common/ids';
import type { FakeProvider } from '../support/fakeProvider';
import { VSIX, screenshotFailures, startUiSession, stopUiSession, type UiSession } from './uiSession';
import { chatFrame, runCommand, screenshot } from './workbench';

const KEY = 'compatible-ui-test-key-77';
const STEP = (id: string) => `${EXTENSION_ID}#grokContext.start#${id}`;

describe('Get started walkthrough, from a fresh profile to a first answer (code-server + Chromium)', () => {
  let session: UiSession | undefined;
  let fake: FakeProvider;
  let page: Page;
  let chat: FrameLocator;

  const walkthrough = () => page.locator('.gettingStartedContainer');
  /** VS Code's own mark on a step: its checkbox is checked once the step's completion event fired. */
  const markedDone = (id: string) => walkthrough().locator(`[data-done-step-id="${STEP(id)}"][aria-checked="true"]`).waitFor({ timeout: 30_000 });
  /** Opens a step (its description and button show) and presses the button in it. */
  async function pressStepButton(id: string, label: string): Promise<void> {
    const step = walkthrough().locator(`button.getting-started-step[data-step-id="${STEP(id)}"]`);
    if ((await step.getAttribute('aria-expanded')) !== 'true') await step.click();
    // the description's command link is drawn as a button (a monaco-button with role="button")
    await walkthrough().locator(`[data-step-id="${STEP(id)}"]`).getByRole('button', { name: label, exact: true }).click();
  }

  before(async () => {
    assert.ok(existsSync(VSIX), `${VSIX} exists (npm run package)`);
    session = await startUiSession({
      files: {
        'README.md': '# Tiny Greeter\n\nSays hello.\n',
        'src/main.ts': 'import { greet } from "./greet";\n\nexport function main(): void {\n  console.log(greet("world"));\n}\n',
        'src/greet.ts': 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
        'test/greet.test.ts': 'import { greet } from "../src/greet";\nif (greet("a") !== "Hello, a!") throw new Error("greet");\n',
      },
      // a fresh profile: no provider URL set anywhere (the session's default points every preset at the fake)
      settings: { 'grokContext.baseUrls': {} },
    });
    ({ fake, page } = session);
  });
  screenshotFailures('walkthrough-', () => session?.page);
  after(() => stopUiSession(session));

  it('opens from Grok Context: Get Started with five steps, none done', async () => {
    await runCommand(page, 'Grok Context: Get Started');
    await walkthrough().locator('.getting-started-category .category-title, h2', { hasText: 'Get started with Grok Context' }).first().waitFor({ timeout: 30_000 });
    for (const id of ['provider', 'key', 'test', 'context', 'ask']) {
      assert.equal(await walkthrough().locator(`[data-done-step-id="${STEP(id)}"]`).getAttribute('aria-checked'), 'false', `${id} not done yet`);
    }
  });

  it('Select Provider: the OpenAI-compatible endpoint asks its base URL, then the key, then offers Test Connection', async () => {
    await pressStepButton('provider', 'Select Provider');
    const input = page.locator('.quick-input-widget input[type="text"]');
    await input.waitFor();
    await input.fill('OpenAI-compatible');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'OpenAI-compatible endpoint' }).first().click();
    await page.locator('.quick-input-widget', { hasText: 'base URL of the OpenAI-compatible endpoint' }).waitFor();
    await input.fill('not a url');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: 'Not a URL' }).waitFor();
    await input.fill(fake.baseUrl);
    await input.press('Enter');
    const password = page.locator('.quick-input-widget input[type="password"]');
    await password.waitFor();
    await password.fill(KEY);
    await password.press('Enter');
    await markedDone('provider');
    await markedDone('key');
    const offer = page.locator('.notifications-toasts .notification-list-item', { hasText: 'OpenAI-compatible endpoint is set up' }).first();
    await offer.locator('.monaco-button', { hasText: 'Test Connection' }).click();
    // the step is ticked only when the test request succeeded (its toast may already have been hidden by then)
    await markedDone('test');
    assert.equal(fake.requests.length, 1, 'one request: the connection test');
    const request = fake.requests[0];
    assert.equal(request.headers.authorization, `Bearer ${KEY}`, 'the key went to the URL entered for that provider');
  });

  it('Show Context opens the Context view, which lists the files that will be sent', async () => {
    await pressStepButton('context', 'Show Context');
    const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Context' }) });
    await tree.locator('.monaco-list-row', { hasText: 'Whole: 4 files' }).waitFor({ timeout: 60_000 });
    await markedDone('context');
  });

  it('the empty chat says what a first question and a follow-up cost, and offers questions from the repository', async () => {
    await pressStepButton('ask', 'Open the Chat');
    chat = chatFrame(page);
    await chat.locator('#question').waitFor({ timeout: 30_000 });
    // the header names the provider from the page the host served, before anything else
    await chat.locator('#provider-button', { hasText: 'OpenAI-compatible endpoint' }).waitFor();
    const welcome = chat.locator('.welcome');
    await welcome.locator('.welcome-line', { hasText: /A first question sends 4 files of this workspace \(.+ tokens\): about \$0\.\d+ at \$1\.25\/M input\./ }).waitFor();
    await welcome.locator('.welcome-line', { hasText: /Follow-ups: about \$0\.\d+ each from the provider's cache at \$0\.20\/M, plus the answer\./ }).waitFor();
    const examples = await welcome.locator('.example-question').allInnerTexts();
    assert.deepEqual(examples, [
      'What is Tiny Greeter for, and how is it organised?',
      'Walk me through src/: its main parts and how they fit together.',
      'How does test/ work with src/?',
    ]);
    await screenshot(page, 'walkthrough-empty-chat');
  });

  it('an example question, sent with Enter, gets the first answer and the last step is done', async () => {
    fake.enqueue({ kind: 'stream', text: ['Tiny Greeter ', 'says hello (src/greet.ts:1).'], usage: { prompt_tokens: 300, completion_tokens: 9 } });
    await chat.locator('.example-question').first().click();
    assert.equal(await chat.locator('#question').inputValue(), 'What is Tiny Greeter for, and how is it organised?');
    await chat.locator('#question').press('Enter');
    await chat.locator('.turn.assistant .markdown', { hasText: 'Tiny Greeter says hello' }).waitFor();
    await markedDone('ask');
    const asked = fake.requests.at(-1)!;
    assert.equal(asked.headers.authorization, `Bearer ${KEY}`);
    await screenshot(page, 'walkthrough');
  });
});
