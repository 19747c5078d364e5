/** Runs inside a real VS Code extension host, against the packaged extension's real activation. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CHAT_VIEW_ID, COMMANDS, EXTENSION_ID } from '../../src/common/ids';
import type { GrokContextApi } from '../../src/extension';
import type { AssistantTurnView } from '../../src/protocol/messages';
import { blockKey } from '../../src/context/render';
import { FakeProvider, messagesOf } from '../support/fakeProvider';
import { everyPresetAt } from '../support/presetUrls';

const KEY = 'xai-integration-key-0001';

describe('Grok Context in VS Code', () => {
  let fake: FakeProvider;
  let api: GrokContextApi;
  const config = () => vscode.workspace.getConfiguration('grokContext');
  const lastAnswer = () => api.session.view().turns.at(-1) as AssistantTurnView;

  before(async () => {
    fake = await FakeProvider.start();
    const extension = vscode.extensions.getExtension<GrokContextApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
    await config().update('baseUrls', everyPresetAt(fake.baseUrl), vscode.ConfigurationTarget.Global);
    await config().update('maxRetries', 0, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('baseUrls', undefined, vscode.ConfigurationTarget.Global);
    await config().update('maxRetries', undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });
  beforeEach(async () => {
    fake.reset();
    await api.session.reset();
  });

  it('registers its commands and opens the chat view, whose page loads and asks the host for the conversation', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of Object.values(COMMANDS)) assert.ok(commands.includes(id), `${id} is registered`);
    // The page says `ready` once its script ran (CSP nonce, dist/webview.js served); the host answers with the
    // conversation, read from the session. Nothing else reads it while this test waits.
    const view = api.session.view;
    const pageReady = new Promise<void>((resolve) => {
      api.session.view = () => {
        resolve();
        return view.call(api.session);
      };
    });
    try {
      await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
      await pageReady;
    } finally {
      api.session.view = view;
    }
  });

  it('without a key, the answer says how to set one and nothing is sent', async () => {
    await vscode.commands.executeCommand(COMMANDS.setApiKey, ''); // removes any stored key
    await api.session.ask('Is anyone there?');
    assert.equal(lastAnswer().status, 'error');
    assert.match(lastAnswer().error!.message, /No API key for xAI/);
    assert.deepEqual(lastAnswer().error!.actions, ['setApiKey']);
    assert.equal(fake.requests.length, 0);
  });

  it('with a key from Set API Key, streams an answer with the workspace files as context', async () => {
    await vscode.commands.executeCommand(COMMANDS.setApiKey, KEY);
    fake.enqueue({ kind: 'stream', text: ['The entry point ', 'is src/main.ts:1.'], usage: { prompt_tokens: 321, completion_tokens: 7 } });
    await api.session.ask('Where is the entry point?');
    assert.equal(lastAnswer().status, 'done');
    assert.equal(lastAnswer().text, 'The entry point is src/main.ts:1.');
    assert.equal(lastAnswer().usage?.promptTokens, 321);
    const request = await fake.request(0);
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    assert.equal(request.body.model, 'grok-4.3');
    const system = messagesOf(request).map((message) => message.text).join('\n');
    const workspaceMain = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src/main.ts');
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceMain));
    assert.ok(system.includes(`<file path="src/main.ts" end="${blockKey('src/main.ts', onDisk)}">\n${onDisk}`), 'the workspace file is in the context');
    assert.ok(!system.includes('<file path="build/main.js"'), 'the root .gitignore is honoured');
    assert.equal(messagesOf(request)[1].role, 'user', 'the workspace is the first user message, not the system prompt');
    // xAI's Responses API: the cache key is the body's prompt_cache_key; nothing is stored at xAI
    assert.equal(request.body.prompt_cache_key, api.session.conversationId);
    assert.equal(request.body.store, false);
  });

  it('shows a rejected key (401) with a Set API Key action, and keeps working afterwards', async () => {
    await vscode.commands.executeCommand(COMMANDS.setApiKey, KEY);
    fake.enqueue({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided' } } });
    await api.session.ask('first');
    assert.equal(lastAnswer().status, 'error');
    assert.match(lastAnswer().error!.message, /rejected the API key \(401\)/);
    await api.session.ask('second');
    assert.equal(lastAnswer().status, 'done');
    assert.equal(lastAnswer().text, 'Hello from the fake provider.');
  });

  it('follows a settings change (model) on the next question', async () => {
    await vscode.commands.executeCommand(COMMANDS.setApiKey, KEY);
    await config().update('model', 'grok-4.5-test', vscode.ConfigurationTarget.Global);
    try {
      await api.session.ask('q');
      assert.equal((await fake.request(0)).body.model, 'grok-4.5-test');
    } finally {
      await config().update('model', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('switching provider uses that provider’s own key and model id', async () => {
    await vscode.commands.executeCommand(COMMANDS.setApiKey, KEY); // stored for xAI
    await config().update('provider', 'aigateway', vscode.ConfigurationTarget.Global);
    try {
      await api.session.ask('no key for this one yet');
      assert.match(lastAnswer().error!.message, /No API key for AIgateway/);
      await vscode.commands.executeCommand(COMMANDS.setApiKey, 'sk-aig-integration-0002');
      await api.session.ask('and now?');
      assert.equal(lastAnswer().status, 'done');
      const request = await fake.request(0);
      assert.equal(request.headers.authorization, 'Bearer sk-aig-integration-0002');
      assert.equal(request.body.model, 'xai/grok-4.3');
      assert.equal(request.headers['x-grok-conv-id'], undefined, 'only xAI routes by conversation id');
    } finally {
      await vscode.commands.executeCommand(COMMANDS.setApiKey, '');
      await config().update('provider', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('closing the Chat view stops an answer in flight: the server sees the connection close', async () => {
    await vscode.commands.executeCommand(COMMANDS.setApiKey, KEY);
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    let release!: () => void;
    fake.enqueue({ kind: 'stream', text: ['Working ', 'on ', 'it'], holdAfter: { chunks: 1, until: new Promise<void>((resolve) => (release = resolve)) } });
    const firstDelta = new Promise<void>((resolve) => {
      const subscription = api.session.onMessage((message) => {
        if (message.type === 'delta') {
          subscription.dispose();
          resolve();
        }
      });
    });
    const asking = api.session.ask('A long question');
    await firstDelta;
    // the workbench's own "Hide 'Chat'" action, as the view's context menu runs it
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.removeView`);
    try {
      assert.equal(await (await fake.request(0)).ended, 'client-closed');
      await asking;
      assert.equal(lastAnswer().status, 'stopped');
    } finally {
      release();
      await vscode.commands.executeCommand('workbench.action.resetViewLocations').then(undefined, () => undefined);
    }
  });

  it('while the context worker is held in a scan, the answer says what it waits for, and Stop ends the wait at once', async () => {
    await vscode.commands.executeCommand(COMMANDS.setApiKey, KEY);
    // A `git` that waits at a named pipe until the test writes to it: the worker's scan cannot finish before then.
    const dir = mkdtempSync(path.join(tmpdir(), 'grok-gate-'));
    const pipe = path.join(dir, 'gate');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    mkdirSync(path.join(dir, 'bin'));
    writeFileSync(path.join(dir, 'bin', 'git'), `#!/bin/sh\nif [ -p '${pipe}' ]; then read -r _ < '${pipe}'; fi\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
    execFileSync('mkfifo', [pipe]);
    // A worker copies the environment when it starts: replace the running one (as after a crash) with the gate on PATH.
    const service = api.context as unknown as { client: { worker: { terminate(): Promise<number> } } };
    const before = service.client;
    const savedPath = process.env.PATH;
    process.env.PATH = `${path.join(dir, 'bin')}${path.delimiter}${savedPath}`;
    try {
      await before.worker.terminate();
      while (service.client === before) await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.env.PATH = savedPath;
    }
    try {
      const waiting = new Promise<string>((resolve) => {
        const subscription = api.session.onMessage((message) => {
          if (message.type === 'turnUpdated' && message.patch.waiting?.startsWith('listing')) {
            subscription.dispose();
            resolve(message.patch.waiting);
          }
        });
      });
      const asking = api.session.ask('How big is this workspace?');
      assert.match(await waiting, /listing the workspace/);
      assert.equal(lastAnswer().status, 'streaming');
      await api.session.stop(); // returns while git is still held at the gate
      await asking;
      assert.equal(lastAnswer().status, 'stopped');
      assert.equal(lastAnswer().waiting ?? '', '');
      assert.equal(fake.requests.length, 0, 'nothing was sent');
      assert.ok(existsSync(pipe), 'the scan was still held when Stop returned');
    } finally {
      // let the held git go (or, if it never started, make the next one pass): the worker finishes its scan
      const gate = openSync(pipe, constants.O_RDWR | constants.O_NONBLOCK);
      writeSync(gate, 'go\n');
      rmSync(pipe, { force: true });
      closeSync(gate);
      rmSync(dir, { recursive: true, force: true });
    }
    fake.enqueue({ kind: 'stream', text: ['Small.'] });
    await api.session.ask('And now?');
    assert.equal(lastAnswer().status, 'done', 'the chat works again once the worker is free');
  });

  it('New Chat starts an empty conversation', async () => {
    await vscode.commands.executeCommand(COMMANDS.setApiKey, KEY);
    await api.session.ask('q');
    const before = api.session.conversationId;
    await vscode.commands.executeCommand(COMMANDS.newChat);
    assert.equal(api.session.view().turns.length, 0);
    assert.notEqual(api.session.conversationId, before);
  });
});
