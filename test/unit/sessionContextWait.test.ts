// While an answer waits for its context, the chat says what the context engine is doing, and Stop ends the wait at once.
import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { describeContextProgress } from '../../src/chat/contextProgress';
import { ChatSession } from '../../src/chat/session';
import type { ContextPort } from '../../src/chat/snapshot';
import { silentLogger } from '../../src/common/logger';
import { SETTING_DEFAULTS } from '../../src/common/settings';
import { ContextCancelledError } from '../../src/context/workerClient';
import type { ContextProgress } from '../../src/context/workerProtocol';
import type { AssistantTurnView, HostMessage } from '../../src/protocol/messages';
import { resolveProvider } from '../../src/providers/factory';
import { renderChatHtml } from '../../src/view/html';
import { AssistantView } from '../../src/webview/render/turns';
import { FakeProvider } from '../support/fakeProvider';
import { everyPresetAt } from '../support/presetUrls';

/** A context port whose plan is still busy (it reports progress and waits) until the caller aborts it. */
function busyContext() {
  const listeners = new Set<(progress: ContextProgress | undefined) => void>();
  let started!: () => void;
  const planning = new Promise<void>((resolve) => (started = resolve));
  const port: ContextPort = {
    plan: (_question, signal) =>
      new Promise((_resolve, reject) => {
        for (const listener of listeners) listener({ phase: 'reading', done: 1_200, total: 9_057, secretScans: 40 });
        signal.addEventListener('abort', () => reject(new ContextCancelledError()), { once: true });
        started();
      }),
    changesSince: () => Promise.reject(new Error('not used')),
    onProgress: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { port, planning, listeners };
}

describe('waiting for the context', () => {
  let fake: FakeProvider;
  before(async () => (fake = await FakeProvider.start()));
  after(() => fake.close());

  it('words each phase of the context engine’s work', () => {
    assert.equal(describeContextProgress({ phase: 'queued' }), 'waiting for the context engine to finish earlier work…');
    assert.equal(describeContextProgress({ phase: 'listing' }), 'listing the workspace’s files…');
    assert.equal(describeContextProgress({ phase: 'reading', done: 1_200, total: 9_057, secretScans: 40 }), 'planning the context: counted 1,200 of 9,057 files, 40 checked for secrets…');
    assert.equal(describeContextProgress({ phase: 'reading', done: 3, total: 10 }), 'planning the context: counted 3 of 10 files…');
    assert.equal(describeContextProgress({ phase: 'changes' }), 'checking the workspace for changes since the snapshot…');
  });

  it('shows the engine’s progress on the waiting answer, and Stop ends the wait at once without sending anything', async () => {
    fake.reset();
    const context = busyContext();
    const session = new ChatSession({
      logger: silentLogger,
      createProvider: async () => resolveProvider({ ...SETTING_DEFAULTS, baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0 }, 'key-for-tests-123'),
      context: context.port,
    });
    const messages: HostMessage[] = [];
    session.onMessage((message) => messages.push(message));
    try {
      const asked = session.ask('What does this do?');
      await context.planning;
      const waiting = messages.flatMap((message) => (message.type === 'turnUpdated' && message.patch.waiting ? [message.patch.waiting] : []));
      assert.deepEqual(waiting, ['planning the context: counted 1,200 of 9,057 files, 40 checked for secrets…']);
      await session.stop();
      await asked;
      const answer = session.view().turns.at(-1) as AssistantTurnView;
      assert.equal(answer.status, 'stopped');
      assert.equal(answer.waiting ?? '', '', 'nothing is waited for any more');
      assert.equal(context.listeners.size, 0, 'the answer stopped listening to the engine');
      assert.equal(fake.requests.length, 0, 'nothing was sent');
    } finally {
      session.dispose();
    }
  });

  it('the chat shows what the answer waits for instead of “thinking…”', () => {
    const dom = new JSDOM(renderChatHtml({ cspSource: 'https://webview.example', scriptUri: 'https://webview.example/webview.js', styleUri: 'https://webview.example/webview.css', nonce: 'n' }));
    const names = ['window', 'document', 'Node', 'HTMLElement', 'DocumentFragment', 'Event'] as const;
    const globals = globalThis as Record<string, unknown>;
    const saved = names.map((name) => [name, Object.getOwnPropertyDescriptor(globals, name)] as const); // Node has its own Event
    for (const name of names) globals[name] = (dom.window as unknown as Record<string, unknown>)[name];
    try {
      const view = new AssistantView({ role: 'assistant', id: 'a1', text: '', reasoning: '', status: 'streaming', waiting: 'listing the workspace’s files…' }, { send: () => undefined, conversationCost: () => 0 }, true);
      view.render(() => true);
      const meta = () => view.root.querySelector('.meta')!.textContent!;
      assert.match(meta(), /^listing the workspace’s files…/);
      view.update({ waiting: '' });
      view.render(() => true);
      assert.match(meta(), /^thinking…/);
    } finally {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(globals, name, descriptor);
        else delete globals[name];
      }
      dom.window.close();
    }
  });
});
