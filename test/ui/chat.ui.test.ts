/**
 * The packaged extension (.vsix) installed into a real VS Code (code-server 4.100.3) and used in Chromium
 * as a person would: activity bar, typing, buttons, the key prompt. The only stand-in is the fake provider.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FrameLocator, Page } from 'playwright-core';
import { messagesOf, type FakeProvider } from '../support/fakeProvider';
import { VSIX, screenshotFailures, startUiSession, stopUiSession, type UiSession } from './uiSession';
import { ask, chatFrame, openChat, screenshot } from './workbench';

const KEY = 'xai-ui-test-key-4242';

/** A stand-in for a host the model names in an image URL: it serves a real PNG and records every request. */
async function startRemoteHost(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A promise with its resolver, for releasing a held stream. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('Chat sidebar, used as a person would (code-server + Chromium)', () => {
  let session: UiSession | undefined;
  let fake: FakeProvider;
  let page: Page;
  let chat: FrameLocator;

  before(async () => {
    assert.ok(existsSync(VSIX), `${VSIX} exists (npm run package)`);
    session = await startUiSession({
      files: {
        'src/main.ts': 'import { greet } from "./greet";\n\nexport function main(): void {\n  console.log(greet("world"));\n}\n',
        'src/greet.ts': 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
        '.gitignore': 'out/\n',
        'out/main.js': 'compiled output that must not be sent',
      },
    });
    ({ fake, page } = session);
  });
  screenshotFailures('', () => session?.page);
  after(() => stopUiSession(session));

  it('opens the Chat view from the activity bar', async () => {
    chat = await openChat(page);
    await chat.locator('.welcome', { hasText: 'Ask about this workspace' }).waitFor();
    await screenshot(page, '1-chat-open');
  });

  it('without a key, says what to do and offers Set API Key; nothing is sent', async () => {
    await ask(chat, 'What does main do?');
    await chat.locator('.error-message', { hasText: 'No API key for xAI' }).waitFor();
    assert.equal(fake.requests.length, 0);
    await screenshot(page, '2-no-key');
  });

  it('Set API Key from the error asks in a password box and stores the key', async () => {
    await chat.locator('button[data-action="setApiKey"]').click();
    const input = page.locator('.quick-input-widget input[type="password"]');
    await input.waitFor();
    await input.fill(KEY);
    await input.press('Enter');
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'key saved in secret storage' }).waitFor();
  });

  it('streams the answer in token by token, with the workspace as context', async () => {
    const held = gate();
    fake.enqueue({
      kind: 'stream',
      text: ['`main` ', 'prints ', 'a greeting ', 'from `greet` ', '(src/greet.ts:1):\n\n', '```ts\nconsole.log(greet("world"));\n```\n'],
      holdAfter: { chunks: 3, until: held.promise },
      usage: { prompt_tokens: 412, completion_tokens: 30, cached_tokens: 256 },
    });
    await ask(chat, 'What does main do?');
    const answer = chat.locator('.turn.assistant').last();
    // Half-way: the first tokens are on screen while the rest has not been sent yet.
    await answer.locator('.markdown', { hasText: 'prints a greeting' }).waitFor();
    assert.equal(await answer.getAttribute('data-status'), 'streaming');
    assert.doesNotMatch(await answer.locator('.markdown').innerText(), /src\/greet\.ts:1/);
    await chat.locator('#stop').waitFor({ state: 'visible' });
    await screenshot(page, '3-streaming');
    held.open();
    await answer.locator('.markdown pre code', { hasText: 'console.log(greet("world"));' }).waitFor();
    // 156 uncached × $1.25/M + 256 cached × $0.20/M + 30 out × $2.50/M = $0.000321
    // and the cache saved 256 × ($1.25 − $0.20)/M = $0.000269
    await answer.locator('.meta', { hasText: '412 in (256 cached) · 30 out · ≈ $0.0003 (conversation $0.0003) · cache saved $0.0003' }).waitFor();
    await chat.locator('#send').waitFor({ state: 'visible' });

    const request = fake.requests.at(-1)!;
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    const system = messagesOf(request).map((message) => message.text).join('\n');
    assert.match(system, /<file path="src\/greet.ts" end="[0-9a-f]{32}">\nexport function greet/, 'workspace files are sent');
    assert.ok(!system.includes('compiled output'), '.gitignore is honoured');
    await screenshot(page, '4-answer');
  });

  it('Stop ends a slow stream: the provider sees the connection close, the partial answer stays', async () => {
    const never = gate(); // released only by the client hanging up
    fake.enqueue({ kind: 'stream', text: ['Thinking ', 'about ', 'it ', 'at ', 'length'], holdAfter: { chunks: 2, until: never.promise } });
    await ask(chat, 'Explain everything, slowly.');
    const answer = chat.locator('.turn.assistant').last();
    await answer.locator('.markdown', { hasText: 'Thinking about' }).waitFor();
    await chat.locator('#stop').click();
    assert.equal(await fake.requests.at(-1)!.ended, 'client-closed');
    await answer.locator('.meta', { hasText: 'stopped' }).waitFor();
    await chat.locator('#send').waitFor({ state: 'visible' });
    assert.equal(await answer.locator('.markdown').innerText(), 'Thinking about');
  });

  it('renders model output as sanitized Markdown, never as live HTML', async () => {
    fake.enqueue({
      kind: 'stream',
      text: ['**bold** and <img src=x onerror="document.title=\'pwned\'"> and ', '[a link](javascript:alert(1))'],
    });
    await ask(chat, 'Show me some formatting.');
    const body = chat.locator('.turn.assistant').last().locator('.markdown');
    await body.locator('strong', { hasText: 'bold' }).waitFor();
    assert.equal(await body.locator('img').count(), 0);
    assert.match(await body.innerText(), /<img src=x onerror=/);
    assert.equal(await body.locator('a[href^="javascript:"]').count(), 0);
  });

  it('a remote image and a command: link in an answer: nothing is fetched, clicking runs nothing, the CSP blocks images', async () => {
    const remote = await startRemoteHost();
    try {
      const pixel = `${remote.url}/pixel.png?reader=1`;
      fake.enqueue({ kind: 'stream', text: [`A picture: ![pixel](${pixel}) and `, '[start over](command:grokContext.newChat) or <CoMmAnD:grokContext.newChat>.'] });
      await ask(chat, 'Show me a picture.');
      const body = chat.locator('.turn.assistant').last().locator('.markdown');
      const startOver = body.locator('a', { hasText: 'start over' });
      await startOver.waitFor();
      assert.equal(await body.locator('img').count(), 0, 'the remote image is not an <img>');
      assert.equal(await body.locator('a.remote-image').getAttribute('href'), pixel, 'it is a link to the image instead');
      assert.equal(await startOver.getAttribute('href'), null, 'the command link lost its URL');
      assert.equal(await body.locator('[href^="command:" i], [href^="vscode" i]').count(), 0);
      // Clicking it runs nothing: had grokContext.newChat run, the conversation would be empty after the next answer.
      await startOver.click();
      await ask(chat, 'Still there?');
      await chat.locator('.turn.assistant').last().locator('.markdown', { hasText: 'Hello from the fake provider.' }).waitFor();
      await chat.locator('.turn.user', { hasText: 'Show me a picture.' }).waitFor();

      // An image that reaches the page anyway (a renderer bug) is refused by the page's CSP before any request.
      const outcome = await body.evaluate(
        (root, url) =>
          new Promise<string>((resolve) => {
            document.addEventListener('securitypolicyviolation', (event) => resolve(`blocked by ${event.effectiveDirective}`), { once: true });
            const image = document.createElement('img');
            image.addEventListener('load', () => resolve('loaded'));
            image.src = url;
            root.append(image);
          }),
        pixel,
      );
      assert.equal(outcome, 'blocked by img-src');
      assert.deepEqual(remote.requests, [], 'the "remote" host never heard from the page');
    } finally {
      await remote.close();
    }
  });

  it('a rejected key (401) says so with Set API Key, and the next question still works', async () => {
    fake.enqueue({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided' } } });
    await ask(chat, 'Are you there?');
    await chat.locator('.error-message', { hasText: 'rejected the API key (401)' }).waitFor();
    await chat.locator('.turn.assistant').last().locator('button[data-action="setApiKey"]').waitFor();
    await ask(chat, 'And now?');
    await chat.locator('.turn.assistant').last().locator('.markdown', { hasText: 'Hello from the fake provider.' }).waitFor();
  });

  it('an attached image shows as a thumbnail and reaches the provider with the question', async () => {
    // a 1×1 PNG
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
    await chat.locator('#attach-input').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png });
    await chat.locator('#attachments img.thumbnail').waitFor();
    await ask(chat, 'What is in this picture?');
    await chat.locator('.turn.user', { hasText: 'What is in this picture?' }).locator('.meta', { hasText: '1 image attached' }).waitFor();
    await chat.locator('#attachments img').waitFor({ state: 'detached' });
    await chat.locator('.turn.assistant').last().locator('.markdown', { hasText: 'Hello from the fake provider.' }).waitFor();
    // xAI's Responses wire: input_text and input_image parts
    const content = fake.requests.at(-1)!.body.input.at(-1).content;
    assert.deepEqual(content, [
      { type: 'input_text', text: 'What is in this picture?' },
      { type: 'input_image', image_url: `data:image/png;base64,${png.toString('base64')}`, detail: 'auto' },
    ]);
  });

  it('the status bar shows the context size; clicking it opens the Context view listing what is sent', async () => {
    const status = page.locator('.statusbar-item', { hasText: '/ 867K' }).first();
    await status.waitFor();
    assert.match(await status.innerText(), /^\S*\s*\d+(\.\d)?K? \/ 867K · ≈ \$\d+\.\d+$/, 'a small workspace: the first question at the base rate, no long-context mark');
    await status.click();
    const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Context' }) });
    await tree.locator('.monaco-list-row', { hasText: 'Whole: 3 files' }).waitFor();
    await tree.locator('.monaco-list-row[aria-level="2"]', { hasText: /^src\s*\d+ files? ·/ }).click(); // the folder opens
    await tree.locator('.monaco-list-row[aria-level="3"]', { hasText: 'greet.ts' }).waitFor();
    await screenshot(page, '5-context-view');
  });

  it('hiding and showing the view brings the whole conversation back from the host', async () => {
    const turnsBefore = await chat.locator('.turn').count();
    // Switch the sidebar to the Explorer (the chat webview is torn down: no retainContextWhenHidden), then back.
    await page.locator('.activitybar .action-item .action-label[aria-label^="Explorer"]').first().click();
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor();
    await page.locator('iframe.webview.ready[src*="extensionId=grok-context.grok-context"]:visible').waitFor({ state: 'detached' });
    chat = await openChat(page);
    await chat.locator('.turn.user', { hasText: 'What does main do?' }).first().waitFor();
    assert.equal(await chatFrame(page).locator('.turn').count(), turnsBefore);
  });
});
