// What runs between Enter and the request: a follow-up asks nothing of the workspace it does not have to, and the first
// question's plan is made while it is typed, never sent stale. The real session, engine and openai SDK against the
// fake provider; the engine counts its own reads and secret scans.
import * as assert from 'node:assert/strict';
import { ChatSession, type ContextPort } from '../../src/chat/session';
import { silentLogger } from '../../src/common/logger';
import { SETTING_DEFAULTS } from '../../src/common/settings';
import { ContextEngine } from '../../src/context/engine';
import { PlanFreshness } from '../../src/context/planFreshness';
import { resolveProvider } from '../../src/providers/factory';
import { FakeProvider, messagesOf } from '../support/fakeProvider';
import { everyPresetAt } from '../support/presetUrls';
import { createTempWorkspace, type TempWorkspace } from '../support/tempWorkspace';

describe('Enter to the wire', () => {
  let fake: FakeProvider;
  let workspace: TempWorkspace;
  let engine: ContextEngine;
  let freshness: PlanFreshness;
  let session: ChatSession;
  /** The questions the engine planned for, and how often it was asked to compare. */
  let planned: string[];
  let compared: number;

  before(async () => {
    fake = await FakeProvider.start();
  });
  after(() => fake.close());
  beforeEach(async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 8; i++) files[`src/part${i}.ts`] = `export const part${i} = ${i};\n`;
    workspace = createTempWorkspace(files);
    engine = new ContextEngine({ roots: [{ name: 'ws', path: workspace.root }], maxFileBytes: 1 << 20, exclude: [] });
    await engine.scan();
    freshness = new PlanFreshness();
    planned = [];
    compared = 0;
    // the extension's port (ContextService) without VS Code: the engine in the worker, a watcher moving `freshness`
    const context: ContextPort = {
      plan: (question, signal, budget, relevant) => {
        planned.push(question);
        return freshness.plan(() => engine.plan({ maxContextTokens: 100_000, budget, question, relevant }, signal));
      },
      changesSince: (baseline) =>
        freshness.changesSince(baseline, () => {
          compared++;
          return engine.changesSince(baseline);
        }),
      generation: () => freshness.now,
    };
    fake.reset();
    session = new ChatSession({
      logger: silentLogger,
      createProvider: async () => resolveProvider({ ...SETTING_DEFAULTS, baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 0 }, 'key-for-tests-123'),
      context,
    });
  });
  afterEach(() => {
    session.dispose();
    workspace.remove();
  });

  /** A save, as the extension's watcher reports it: the engine re-reads the file's metadata, plans go stale. */
  const save = (path: string, text: string) => {
    workspace.write(path, text);
    engine.refresh([path]);
    freshness.changed();
  };
  const snapshotOf = async (index: number) => messagesOf(await fake.request(index))[1].text;

  it('a follow-up on an unchanged workspace reads and scans nothing; one changed file costs one read', async () => {
    await session.ask('first');
    const before = { ...engine.work };
    await session.ask('second');
    assert.equal(compared, 0, 'nothing happened since the snapshot: the engine is not asked');
    assert.deepEqual(engine.work, before);

    save('src/part3.ts', 'export const part3 = "three";\n');
    await session.ask('third');
    assert.equal(compared, 1);
    assert.equal(engine.work.reads - before.reads, 1, 'only the saved file is read');
    assert.equal(engine.work.secretScans - before.secretScans, 1, 'only the saved file is scanned for secrets');
    assert.match(messagesOf(await fake.request(2)).at(-1)!.text, /part3 = "three"/);
    assert.equal(await snapshotOf(2), await snapshotOf(0), 'the frozen prefix is untouched');
  });

  it("plans the first question while it is typed: Enter sends that plan and plans nothing", async () => {
    await session.draft('What is part2?');
    assert.deepEqual(planned, ['What is part2?']);
    await session.ask('What is part2?');
    assert.deepEqual(planned, ['What is part2?'], 'Enter did not plan again');
    assert.match(await snapshotOf(0), /export const part2 = 2;/);
  });

  it('never sends a draft plan made for another question', async () => {
    await session.draft('What is part2');
    await session.ask('What is part2?');
    assert.deepEqual(planned, ['What is part2', 'What is part2?']);
  });

  it('never sends a draft plan made before the workspace changed', async () => {
    await session.draft('What is part2?');
    save('src/part2.ts', 'export const part2 = "changed";\n');
    await session.ask('What is part2?');
    assert.deepEqual(planned, ['What is part2?', 'What is part2?'], 'planned again at Enter');
    assert.match(await snapshotOf(0), /export const part2 = "changed";/);
  });

  it('compares after a plan whose pinned file did not fit whole (it travels whole as a change next turn)', async () => {
    const plan = (tier: 'full' | 'outline') => ({ budget: 10, usedTokens: 5, text: '', versions: {}, excluded: [], files: [{ path: 'a.ts', tier, tokens: 5 }] });
    let comparisons = 0;
    const compare = async () => {
      comparisons++;
      return { text: '', tokens: 0, changed: [], added: [], deleted: [], versions: {} };
    };
    const whole = await freshness.plan(async () => plan('full'), ['a.ts']);
    await freshness.changesSince(whole, compare);
    assert.equal(comparisons, 0);
    const outlined = await freshness.plan(async () => plan('outline'), ['a.ts']);
    await freshness.changesSince(outlined, compare);
    assert.equal(comparisons, 1);
  });

  it('drafts nothing once the conversation has a question (its snapshot is frozen)', async () => {
    await session.ask('first');
    await session.draft('second');
    assert.deepEqual(planned, ['first']);
  });
});
