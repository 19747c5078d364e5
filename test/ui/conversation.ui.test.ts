/**
 * A conversation as a person has it (code-server + Chromium, the packaged .vsix, the fake provider): reasoning and a
 * highlighted code block streaming in, Copy, Retry, Edit, the effort picker, an @file mention, several conversations
 * (switch, rename, export, delete), a window reload that keeps the history, the keyboard alone, and the README
 * screenshots in a light and a dark theme.
 */
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { blockKey } from '../../src/context/render';
import { messagesOf, reasoningEffortOf, type FakeProvider, type RecordedRequest } from '../support/fakeProvider';
import { screenshotFailures, startUiSession, stopUiSession, type UiSession } from './uiSession';
import { ask, focusChat, focusedInChat, openChat, resizeSideBar, runCommand, screenshot, setApiKey, setColorTheme, waitForWorkbench } from './workbench';

const GREET = 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n';
const SHOUT = "import { greet } from './greet';\n\nexport function shout(name: string): string {\n  return greet(name).toUpperCase();\n}";

/** A promise with its resolver, for releasing a held stream. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** The text of the request's last user message (a string, or the text parts of a multi-part content). */
function lastQuestion(request: RecordedRequest): string {
  return messagesOf(request).filter((message) => message.role === 'user').at(-1)!.text;
}

describe('A conversation, had as a person would (code-server + Chromium)', () => {
  let session: UiSession | undefined;
  let fake: FakeProvider;
  let page: Page;
  let chat: FrameLocator;
  const userTurns = () => chat.locator('.turn.user .body').allInnerTexts();
  /** An answer that finished with `text` in it. */
  const answered = (text: string) => chat.locator('.turn.assistant[data-status="done"]', { hasText: text }).waitFor();

  before(async () => {
    session = await startUiSession({
      files: { 'src/main.ts': 'import { greet } from "./greet";\n\nexport function main(): void {\n  console.log(greet("world"));\n}\n', 'src/greet.ts': GREET },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    ({ fake, page } = session);
    await setApiKey(page, 'xai-ui-conversation-key-0006');
    chat = await openChat(page);
    await resizeSideBar(page, 520);
  });
  screenshotFailures('conversation-', () => session?.page);
  after(() => stopUiSession(session));

  it('streams reasoning (collapsed, with its token count) and a highlighted TypeScript block; the status says when it is done', async () => {
    const held = gate();
    fake.enqueue({
      kind: 'stream',
      reasoning: ['The user wants a louder greeting. ', '`greet` returns a template literal, so wrapping it is enough.'],
      text: ['Wrap `greet` (src/greet.ts:1) and upper-case its result:\n\n', '```ts\n', `${SHOUT}\n`, '```\n'],
      holdAfter: { chunks: 0, until: held.promise },
      usage: { prompt_tokens: 900, completion_tokens: 60, reasoning_tokens: 42 },
    });
    await ask(chat, 'How do I make greet shout?');
    const answer = chat.locator('.turn.assistant').last();
    // Reasoning has arrived, the answer has not: the summary says the model is thinking.
    await answer.locator('details.reasoning[data-thinking="true"] .reasoning-label', { hasText: 'Thinking…' }).waitFor();
    await chat.locator('#status', { hasText: 'Grok is answering' }).waitFor({ state: 'attached' });
    held.open();
    await answered('upper-case its result');
    await chat.locator('#status', { hasText: 'Answer complete' }).waitFor({ state: 'attached' });
    const reasoning = answer.locator('details.reasoning');
    assert.equal(await reasoning.evaluate((node) => (node as HTMLDetailsElement).open), false, 'reasoning starts collapsed');
    assert.equal(await reasoning.locator('summary.reasoning-summary .reasoning-tokens').innerText(), '42 tokens');
    assert.equal(await reasoning.locator('.reasoning-body').innerText(), '', 'collapsed reasoning text is not rendered');
    const code = answer.locator('.code-block pre > code.hljs');
    assert.equal((await code.innerText()).replace(/\n$/, ''), SHOUT);
    // a code block is one surface: VS Code's default webview style for inline `code` must not paint each line
    assert.equal(await code.evaluate((node) => getComputedStyle(node).backgroundColor), 'rgba(0, 0, 0, 0)');
    assert.deepEqual(await code.locator('.hljs-keyword').allInnerTexts(), ['import', 'from', 'export', 'function', 'return']);
    await answer.locator('a.citation[data-path="src/greet.ts"][data-line="1"]').waitFor();
  });

  it('Copy puts the code block on the real clipboard and says "Copied"', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('something copied earlier'));
    const copy = chat.locator('.turn.assistant').last().locator('.code-toolbar button.code-action[data-code-action="copy"]');
    await copy.click();
    await copy.and(chat.locator('[aria-label="Copied"]')).waitFor();
    await page.waitForFunction(async (expected) => (await navigator.clipboard.readText()) === expected, SHOUT);
    await copy.and(chat.locator('[aria-label="Copy code"]')).waitFor(); // and back after a moment
  });

  it('Retry after a failed answer asks again, and the new answer takes the failed one’s place', async () => {
    fake.enqueue({ kind: 'status', status: 500, body: { error: { message: 'upstream overloaded' } } });
    await ask(chat, 'Which file prints the greeting?');
    await chat.locator('.turn.assistant[data-status="error"] .error-message', { hasText: 'server error (500)' }).waitFor();
    const before = await userTurns();
    const requests = fake.requests.length;
    fake.enqueue({ kind: 'stream', text: ['`main` prints it (src/main.ts:4).'] });
    await chat.locator('.turn.user').last().locator('button.turn-action[data-turn-action="retry"]').click();
    await answered('prints it (src/main.ts:4)');
    assert.equal(await chat.locator('.turn.assistant[data-status="error"]').count(), 0, 'the failed answer is gone');
    assert.deepEqual(await userTurns(), before, 'the question is asked again, not added');
    assert.equal(fake.requests.length, requests + 1);
    assert.equal(lastQuestion(fake.requests.at(-1)!), 'Which file prints the greeting?');
  });

  it('Edit changes the last question in place: the provider gets the new text, the transcript shows it', async () => {
    await chat.locator('.turn.user').last().locator('button.turn-action[data-turn-action="edit"]').click();
    await chat.locator('#composer[data-editing="true"] #editing-banner').waitFor();
    assert.equal(await chat.locator('#question').inputValue(), 'Which file prints the greeting?');
    fake.enqueue({ kind: 'stream', text: ['`main` calls `greet("world")` (src/main.ts:4).'] });
    await ask(chat, 'Which function calls greet?');
    await answered('calls greet("world")');
    assert.equal(lastQuestion(fake.requests.at(-1)!), 'Which function calls greet?');
    const questions = await userTurns();
    assert.equal(questions.at(-1), 'Which function calls greet?');
    assert.ok(!questions.includes('Which file prints the greeting?'), 'the old question is replaced');
    assert.equal(await chat.locator('#composer[data-editing="true"]').count(), 0);
  });

  it('the effort picker sends reasoning_effort "high", and Default sends none again', async () => {
    await chat.locator('select#effort').selectOption('high');
    // The host writes the setting and sends the header back: then the next request uses it.
    await chat.locator('select#effort[title="Reasoning effort: High"]').waitFor({ state: 'attached' });
    await ask(chat, 'Think hard: is greet pure?');
    await answered('Hello from the fake provider.');
    assert.equal(reasoningEffortOf(fake.requests.at(-1)!), 'high');
    await chat.locator('select#effort').selectOption('');
    await chat.locator('select#effort[title="Reasoning effort: Default"]').waitFor({ state: 'attached' });
    const requests = fake.requests.length;
    await ask(chat, 'And quickly: does it throw?');
    await fake.request(requests);
    assert.equal(reasoningEffortOf(fake.requests.at(-1)!), undefined);
    await chat.locator('.turn.assistant[data-status="done"]').nth(3).waitFor();
  });

  it('@gre offers src/greet.ts, Enter inserts it, and sending pins the file in the Context view', async () => {
    const question = chat.locator('#question');
    await question.click();
    await question.pressSequentially('@gre');
    await chat.locator('ul#mention-list[role="listbox"] > li.mention-option[data-path="src/greet.ts"][aria-selected="true"]').waitFor();
    await question.press('Enter');
    assert.equal(await question.inputValue(), '@src/greet.ts ');
    await chat.locator('#mention-list').waitFor({ state: 'hidden' });
    await question.pressSequentially('what does it return?');
    await question.press('Enter');
    await chat.locator('.turn.assistant[data-status="done"]').nth(4).waitFor();
    const request = fake.requests.at(-1)!;
    assert.equal(lastQuestion(request), '@src/greet.ts what does it return?');
    assert.ok(messagesOf(request).some((message) => message.text.includes(`<file path="src/greet.ts" end="${blockKey('src/greet.ts', GREET)}">\n${GREET}`)), 'the file is in the context');
    await page.locator('.statusbar-item', { hasText: '/ 867K' }).first().click();
    const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Context' }) });
    await tree.locator('.monaco-list-row[aria-level="2"]', { hasText: /^src\s*\d+ files? ·/ }).click(); // the folder opens
    await tree.locator('.monaco-list-row[aria-level="3"]', { hasText: 'greet.ts' }).filter({ hasText: 'pinned' }).waitFor();
    assert.equal(await tree.locator('.monaco-list-row[aria-level="3"]', { hasText: 'main.ts' }).filter({ hasText: 'pinned' }).count(), 0);
    await page.locator('.pane-header[aria-expanded="true"]', { hasText: 'Context' }).click(); // the chat gets the side bar back
    await page.locator('.pane-header[aria-expanded="false"]', { hasText: 'Context' }).waitFor();
  });

  it('conversations: New chat, switch back, rename, export as Markdown, delete', async () => {
    const firstQuestions = await userTurns();
    await chat.locator('#new-chat').click();
    await chat.locator('.welcome').waitFor();
    await ask(chat, 'A second topic');
    await answered('Hello from the fake provider.');
    const toggle = chat.locator('#conversations-button');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const rows = chat.locator('section#conversation-list li.conversation-row');
    await rows.nth(1).waitFor();
    assert.deepEqual(await rows.locator('.conversation-title').allInnerTexts(), ['A second topic', 'How do I make greet shout?']);
    assert.equal(await rows.first().getAttribute('data-active'), 'true');
    assert.match(await rows.first().locator('.conversation-meta').innerText(), /just now · 1 question/);

    // back to the first conversation: its turns return, the second one's are gone
    await rows.nth(1).locator('button.conversation-open').click();
    await chat.locator('section#conversation-list').waitFor({ state: 'hidden' });
    await chat.locator('.turn.user', { hasText: 'what does it return?' }).waitFor();
    assert.deepEqual(await userTurns(), firstQuestions);

    // rename it (the active one, so it is saved as the newest)
    await toggle.click();
    const first = rows.filter({ has: chat.locator('.conversation-title', { hasText: 'How do I make greet shout?' }) });
    assert.equal(await first.getAttribute('data-active'), 'true');
    await first.locator('button.conversation-rename').click();
    const title = chat.locator('input.conversation-title-input');
    await title.fill('Greeting questions');
    await title.press('Enter');
    await rows.first().locator('.conversation-title', { hasText: 'Greeting questions' }).waitFor(); // the host's list, newest first
    assert.deepEqual(await rows.locator('.conversation-title').allInnerTexts(), ['Greeting questions', 'A second topic']);

    // export: a Markdown editor opens, titled
    await rows.first().locator('button.conversation-export').click();
    const editorText = page.locator('.editor-instance .view-lines');
    await page.waitForFunction(() => (document.querySelector('.editor-instance .view-lines') as HTMLElement | null)?.innerText.replace(/\u00a0/g, ' ').includes('# Greeting questions'));
    assert.match((await editorText.innerText()).replace(/\u00a0/g, ' '), /## You\s+How do I make greet shout\?/);
    await page.locator('.statusbar-item', { hasText: 'Markdown' }).first().waitFor();
    await runCommand(page, 'View: Revert and Close Editor'); // an untitled export would otherwise be restored after the reload
    await page.locator('.tab', { hasText: 'Greeting questions' }).waitFor({ state: 'detached' });

    // delete the other one: asked in the row, then gone
    await rows.nth(1).locator('button.conversation-delete').click();
    await rows.nth(1).locator('button.conversation-delete-yes').click();
    await rows.nth(1).waitFor({ state: 'detached' });
    assert.deepEqual(await rows.locator('.conversation-title').allInnerTexts(), ['Greeting questions']);
    await toggle.click();
    await chat.locator('section#conversation-list').waitFor({ state: 'hidden' });
  });

  it('after reloading the window, the last conversation is back with its turns, and its reasoning goes back to xAI in place', async () => {
    // an answer with reasoning, a tool round and xAI's billed cost, just before the reload
    const billed = { prompt_tokens: 2000, completion_tokens: 20, reasoning_tokens: 8, cost_usd_ticks: 43_210_000 }; // $0.004321
    fake.enqueue(
      { kind: 'stream', reasoning: ['Check greet first.'], text: [], toolCalls: [{ id: 'rd1', name: 'list_files', arguments: '{"glob":"src/**"}' }], usage: billed },
      { kind: 'stream', reasoning: ['Two files.'], text: ['Two files: src/main.ts and src/greet.ts.'], usage: billed },
    );
    const first = fake.requests.length;
    await ask(chat, 'How many source files are there?');
    await answered('Two files: src/main.ts');
    // both requests were billed by xAI: the answer says so
    await chat.locator('.turn.assistant').last().locator('.meta', { hasText: '$0.0086 billed' }).waitFor();
    const outputs = [fake.responseOutputs[first], fake.responseOutputs[first + 1]];
    assert.ok(outputs.every((output) => output?.some((item) => (item as { type: string }).type === 'reasoning')), 'both responses carried encrypted reasoning');

    const questions = await userTurns();
    await page.reload();
    await waitForWorkbench(page);
    chat = await focusChat(page);
    await chat.locator('.turn.user', { hasText: 'what does it return?' }).waitFor();
    assert.deepEqual(await userTurns(), questions);
    await chat.locator('.turn.assistant .code-block code.hljs', { hasText: 'toUpperCase' }).waitFor();
    await chat.locator('#conversations-button').click();
    assert.deepEqual(await chat.locator('li.conversation-row .conversation-title').allInnerTexts(), ['Greeting questions']);
    await chat.locator('#conversations-button').click();

    // a follow-up after the reload sends every item of those responses back, unchanged and in order
    fake.enqueue({ kind: 'stream', reasoning: ['Still two.'], text: ['Still two files.'], usage: billed });
    await ask(chat, 'And now?');
    await answered('Still two files.');
    const request = fake.requests.at(-1)!;
    assert.equal(request.body.store, false, 'xAI keeps nothing');
    const sent = (request.body.input as unknown[]).map((item) => JSON.stringify(item));
    for (const output of outputs) {
      const items = output.map((item) => JSON.stringify(item));
      const at = sent.indexOf(items[0]);
      assert.ok(at >= 0, 'the reloaded conversation carries the earlier reasoning');
      assert.deepEqual(sent.slice(at, at + items.length), items, 'every item, in place');
    }
    assert.ok(fake.requests.slice(first).every((recorded) => recorded.body.store === false));
  });

  it('works from the keyboard alone: Enter, Shift+Enter, Up, Tab to the history, Enter, Escape', async () => {
    chat = await focusChat(page); // F1, the command's name, Enter
    // focus is back where it was in the chat; Tab goes on to the question box
    for (let presses = 0; (await focusedInChat(chat)) !== 'question'; presses++) {
      assert.ok(presses < 40, `the question box is reachable with Tab (focus is on ${await focusedInChat(chat)})`);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('First line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    assert.equal(await chat.locator('#question').inputValue(), 'First line\nsecond line');
    const requests = fake.requests.length;
    await page.keyboard.press('Enter');
    await fake.request(requests);
    assert.equal(lastQuestion(fake.requests.at(-1)!), 'First line\nsecond line');
    await chat.locator('.turn.user', { hasText: 'second line' }).waitFor();
    assert.equal(await chat.locator('#question').inputValue(), '');
    await chat.locator('.turn.user', { hasText: 'second line' }).locator('.turn-actions').waitFor(); // the answer is done
    await page.keyboard.press('ArrowUp');
    assert.equal(await chat.locator('#question').inputValue(), 'First line\nsecond line');
    await page.keyboard.press('ArrowDown');
    assert.equal(await chat.locator('#question').inputValue(), '');

    // back through the page with Shift+Tab until the history button has focus
    for (let presses = 0; (await focusedInChat(chat)) !== 'conversations-button'; presses++) {
      assert.ok(presses < 60, `the history button is reachable with Shift+Tab (focus is on ${await focusedInChat(chat)})`);
      await page.keyboard.press('Shift+Tab');
    }
    await page.keyboard.press('Enter');
    await chat.locator('#conversations-button[aria-expanded="true"]').waitFor();
    assert.match(await focusedInChat(chat), /conversation-open/, 'focus moves into the list');
    await page.keyboard.press('Escape');
    await chat.locator('section#conversation-list').waitFor({ state: 'hidden' });
    assert.equal(await chat.locator('#conversations-button').getAttribute('aria-expanded'), 'false');
    assert.equal(await focusedInChat(chat), 'conversations-button', 'focus returns to the history button');
  });

  it('README screenshots: a realistic answer (reasoning, tools, a pending edit, code, citations) in light and dark themes', async () => {
    await chat.locator('#new-chat').click();
    await chat.locator('.welcome').waitFor();
    const edit = { path: 'src/greet.ts', edits: [{ old_string: '  return `Hello, ${name}!`;', new_string: '  return `Hello, ${name.toUpperCase()}!`;', expected_occurrences: null }], base_hash: null };
    fake.enqueue(
      {
        kind: 'stream',
        reasoning: ['The greeting is built in greet.ts; main only prints it. Read greet, then change the template literal.'],
        text: [],
        toolCalls: [
          { id: 'r1', name: 'read_file', arguments: JSON.stringify({ path: 'src/greet.ts', start_line: null, end_line: null }) },
          { id: 'e1', name: 'replace_in_file', arguments: JSON.stringify(edit) },
        ],
        usage: { prompt_tokens: 1480, completion_tokens: 96, cached_tokens: 1280, reasoning_tokens: 64 },
      },
      {
        kind: 'stream',
        text: [
          '`greet` builds the whole greeting in one template literal (src/greet.ts:2), so the smallest change is to upper-case ',
          'the name there. I proposed that edit below: review the diff before you accept it.\n\n',
          'If you would rather keep `greet` as it is, wrap it instead:\n\n',
          `\`\`\`ts\n${SHOUT}\n\`\`\`\n\n`,
          '`main` (src/main.ts:4) calls `greet("world")`, so either way it prints `Hello, WORLD!`.',
        ],
        usage: { prompt_tokens: 1620, completion_tokens: 118, cached_tokens: 1480 },
      },
    );
    await ask(chat, 'Make the greeting shout the name.');
    await answered('either way it prints');
    const answer = chat.locator('.turn.assistant').last();
    assert.deepEqual(await answer.locator('ul.tools > li.tool-card').evaluateAll((cards) => cards.map((card) => [card.getAttribute('data-tool'), card.getAttribute('data-status')])), [
      ['read_file', 'done'],
      ['replace_in_file', 'done'],
    ]);
    const card = chat.locator('#edits .edit-card[data-status="pending"]');
    await card.locator('.edit-path', { hasText: 'src/greet.ts' }).waitFor();
    await card.locator('button[data-edit-action="review"]').click(); // the diff beside the chat, as someone deciding would see it
    await page.locator('.monaco-diff-editor').first().waitFor();
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.locator('.pane-header[aria-expanded="false"]', { hasText: 'Context' }).waitFor(); // still collapsed after the reload
    await answer.locator('.code-block code.hljs .hljs-keyword').first().waitFor();
    for (const theme of ['Light Modern', 'Dark Modern'] as const) {
      await setColorTheme(page, chat, theme);
      await screenshot(page, `chat-${theme.startsWith('Dark') ? 'dark' : 'light'}`);
    }
  });
});
