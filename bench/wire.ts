/**
 * `npm run bench:wire -- DIR [--runs N] [--expand]`: Enter to the request reaching the server, for a conversation's first
 * question and for follow-ups, through the real chat session, the real context worker (bundled from the current
 * source, as the extension runs it) and the real `openai` SDK against the local fake provider, on a repository larger
 * than the window (a ~936K-token snapshot in a 1M window).
 *
 * Phases, from timestamps taken around the real calls (medians over the runs):
 *   plan       the context port: a plan for the question (first) or the changes since the snapshot (follow-up),
 *              in the worker (reading, counting and rendering files happen there) plus the message passing
 *   count      the history's token count (the token meter's calls to the counter)
 *   render     everything else on the host between Enter and the provider call (message assembly, budgets)
 *   serialise  from the provider's `stream()` to the SDK's `fetch` (the SDK builds and stringifies the body)
 *   send       from `fetch` to the server having received the body's last byte
 * The provider's side runs in its own process, as a real provider would (bench/wireServer.ts). The floor, measured in
 * the same run on the same bytes: `JSON.stringify` of the body and a write of its bytes to a socket of that process, until the server has them all, right after each request. "over the floor" and the
 * ratio are medians of each request's own difference and ratio to its floor.
 *
 * A first question is asked the way the chat asks it: the composer sends the draft while the user types (the
 * session plans for it in the background, see ConversationSnapshot.prepare), then Enter. "undrafted" asks without a
 * draft (a command, or Enter faster than the debounce). `--expand` turns grokContext.expandPathsWithModel on (one
 * more request before the real one; off by default here because its rule lives with the relevance work).
 * Before each Enter the bench waits `--think` ms (3 s: reading the answer, typing); one conversation warms up first.
 * Not a test: it prints figures. The process exits when it is done (benchmarks measure to exit).
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { ChatSession, type ContextPort } from '../src/chat/session';
import type { Logger } from '../src/common/logger';
import { SETTING_DEFAULTS } from '../src/common/settings';
import type { Baseline, ContextPlan } from '../src/context/model';
import { PlanFreshness } from '../src/context/planFreshness';
import { DEFAULT_MAX_FILE_BYTES } from '../src/context/scan';
import { ContextWorkerClient } from '../src/context/workerClient';
import { resolveProvider } from '../src/providers/factory';
import type { Provider } from '../src/providers/types';
import type { AssistantTurnView } from '../src/protocol/messages';
import { everyPresetAt } from '../test/support/presetUrls';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const positional = args.filter((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--'));
const dir = path.resolve(positional[0] ?? '.');
const RUNS = flag('--runs', 5);
const EXPAND = args.includes('--expand');
/** The window; 1,076,667 makes the snapshot's share (window − history share − answer reserve − system) 936K tokens. */
const WINDOW = flag('--window', 1_000_000);
/** Between an answer and the next Enter: reading and typing (longer than the worker's 2 s delay before it saves caches). */
const THINK_MS = flag('--think', 3000);
const QUESTIONS = ['How does the compiler turn a component into JavaScript?', 'Where are reactive statements ordered?', 'And what about bindings?'];

type Phase = 'plan' | 'count' | 'render' | 'serialise' | 'send';
const PHASES: Phase[] = ['plan', 'count', 'render', 'serialise', 'send'];

interface Sample {
  phases: Record<Phase, number>;
  total: number;
  floor: number;
  bytes: number;
}

/** Timestamps of one request's way out, set by the wrappers below. */
class Marks {
  enter = 0;
  inContext = 0;
  inCount = 0;
  streamCalled = 0;
  fetchCalled = 0;
  received = 0;
  body = '';
  private arrived: (() => void) | undefined;

  start(): Promise<void> {
    Object.assign(this, { enter: performance.now(), inContext: 0, inCount: 0, streamCalled: 0, fetchCalled: 0, received: 0, body: '' });
    return new Promise((resolve) => (this.arrived = resolve));
  }

  arrive(): void {
    if (this.received) return;
    this.received = performance.now();
    this.arrived?.();
  }

  async timed<T>(into: 'inContext' | 'inCount', work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      // only what happens before the request leaves counts (the meter also counts the answer afterwards)
      if (!this.fetchCalled) this[into] += performance.now() - started;
    }
  }

  sample(floor: number): Sample {
    const total = this.received - this.enter;
    const serialise = this.fetchCalled - this.streamCalled;
    const send = this.received - this.fetchCalled;
    const render = this.streamCalled - this.enter - this.inContext - this.inCount;
    return { phases: { plan: this.inContext, count: this.inCount, render, serialise, send }, total, floor, bytes: Buffer.byteLength(this.body) };
  }
}

/** The context worker, bundled from the current source like dist/contextWorker.js. */
async function startWorker(out: string): Promise<ContextWorkerClient> {
  const script = path.join(out, 'contextWorker.js');
  await build({ entryPoints: [path.join(__dirname, '../src/context/worker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: script, logLevel: 'warning' });
  return new ContextWorkerClient(script);
}

/** The chat's context port over the worker, as the extension's ContextService calls it (no pins, no open editors). */
function workerPort(client: ContextWorkerClient, marks: Marks, freshness: PlanFreshness): ContextPort {
  return {
    plan: (question, signal, budget, relevant) =>
      marks.timed('inContext', () =>
        freshness.plan(() => client.call('plan', { maxContextTokens: WINDOW, modelWindow: WINDOW, budget, relevant, question, pinned: [], include: [], exclude: [], open: [] }, signal)),
      ),
    changesSince: (baseline: Baseline, signal: AbortSignal) =>
      marks.timed('inContext', () => freshness.changesSince(baseline, () => client.call('changes', { baseline, include: [], pinned: [] }, signal))),
    countTokens: (texts: string[], signal?: AbortSignal) => marks.timed('inCount', () => client.call('countTokens', { texts }, signal)),
    generation: () => freshness.now,
  };
}

/** The provider's side in its own process (bench/wireServer.ts): the fake provider and the floor's byte counter. */
async function startServer(marks: Marks): Promise<{ baseUrl: string; floor: (body: string) => Promise<number>; close: () => void }> {
  const child = fork(path.join(__dirname, 'wireServer.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let sunk: (() => void) | undefined;
  const ready = new Promise<{ baseUrl: string; sinkPort: number }>((resolve) =>
    child.on('message', (message: { type: string; baseUrl: string; sinkPort: number }) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'arrived') marks.arrive();
      else if (message.type === 'sunk') sunk?.();
    }),
  );
  const { baseUrl, sinkPort } = await ready;
  const socket = net.connect(sinkPort, '127.0.0.1');
  await once(socket, 'connect');
  /** The floor for these bytes: stringify the same body, and write its bytes over an open socket until all arrived. */
  const floor = async (body: string) => {
    const parsed = JSON.parse(body) as unknown;
    const started = performance.now();
    const bytes = Buffer.from(JSON.stringify(parsed));
    const arrived = new Promise<void>((resolve) => (sunk = resolve));
    child.send({ type: 'expect', bytes: bytes.length });
    socket.write(bytes);
    await arrived;
    return performance.now() - started;
  };
  return {
    baseUrl,
    floor,
    close: () => {
      socket.destroy();
      child.disconnect();
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const out = mkdtempSync(path.join(tmpdir(), 'bench-wire-'));
  const client = await startWorker(out);
  const marks = new Marks();
  const freshness = new PlanFreshness();
  const port = workerPort(client, marks, freshness);
  const server = await startServer(marks);
  const fetchImpl: typeof fetch = (input, init) => {
    if (!marks.fetchCalled) {
      marks.fetchCalled = performance.now();
      marks.body = typeof init?.body === 'string' ? init.body : '';
    }
    return fetch(input, init);
  };
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (message) => console.error(message), error: (message) => console.error(message) };
  const settings = { ...SETTING_DEFAULTS, baseUrls: everyPresetAt(server.baseUrl), maxRetries: 0 };
  const session = new ChatSession({
    logger,
    createProvider: async () => {
      const resolved = resolveProvider(settings, 'bench-key', fetchImpl);
      const real = resolved.provider;
      const provider: Provider = Object.assign(Object.create(real) as Provider, {
        stream: (request: Parameters<Provider['stream']>[0], signal: AbortSignal) => {
          if (!marks.streamCalled) marks.streamCalled = performance.now();
          return real.stream(request, signal);
        },
      });
      return { ...resolved, provider };
    },
    context: port,
    window: () => ({ maxContextTokens: WINDOW, modelContextWindow: WINDOW }),
    expandPathsWithModel: () => EXPAND,
  });

  let started = performance.now();
  await client.call('configure', { roots: [{ name: path.basename(dir), path: dir }], maxFileBytes: DEFAULT_MAX_FILE_BYTES, exclude: [], cacheFile: path.join(tmpdir(), `bench-wire-cache-${path.basename(dir)}.json`) });
  await client.call('scan', undefined);
  // the live plan the extension keeps for the status bar: what makes the engine's caches warm before any question
  const live: ContextPlan = await client.call('plan', { maxContextTokens: WINDOW, modelWindow: WINDOW });
  const tiers = { full: 0, outline: 0, path: 0 };
  for (const file of live.files) tiers[file.tier]++;
  console.log(
    `bench:wire on ${dir}: live plan ${live.usedTokens.toLocaleString('en-US')} tokens of ${live.budget.toLocaleString('en-US')} ` +
      `(${tiers.full} whole, ${tiers.outline} outlines, ${tiers.path} paths), ${(Buffer.byteLength(live.text) / 1e6).toFixed(2)} MB; ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const samples: Record<string, Sample[]> = { 'first question, drafted': [], 'first question, undrafted': [], 'follow-up, unchanged': [], 'follow-up, one file changed': [] };
  const ask = async (kind: string, question: string) => {
    // the user reads the answer and types: the worker's deferred work (saving its caches 2 s after a plan) is done
    await new Promise((resolve) => setTimeout(resolve, THINK_MS));
    const arrived = marks.start();
    const done = session.ask(question);
    await arrived;
    await done;
    const answer = session.view().turns.at(-1) as AssistantTurnView;
    if (answer.status !== 'done') throw new Error(`${kind}: ${answer.status} ${answer.error?.message ?? ''}`);
    const sample = marks.sample(await server.floor(marks.body));
    if (kind !== 'warm-up') samples[kind].push(sample);
    if (args.includes('--verbose')) console.error(`${kind}: ${Math.round(sample.total)} ms ${JSON.stringify(sample.phases, (_key, value: unknown) => (typeof value === 'number' ? Math.round(value) : value))}`);
  };
  started = performance.now();
  const touchable = live.files.find((file) => file.tier === 'full' && file.path.endsWith('.js'))!.path;
  // one conversation first, not counted: the SDK's code and the connection warm, as in an editor that has been open
  await ask('warm-up', 'warming up');
  await ask('warm-up', 'still warming up');
  for (let run = 0; run < RUNS; run++) {
    const question = `${QUESTIONS[0]} (run ${run})`;
    await session.reset();
    const draft = (session as { draft?: (text: string) => Promise<void> }).draft?.bind(session);
    if (run % 2 === 0 && draft) {
      // typing: the composer sends the draft as it grows; the user pauses, then presses Enter
      for (const length of [10, 25, question.length]) void draft(question.slice(0, length));
      await draft(question);
      await ask('first question, drafted', question);
    } else await ask('first question, undrafted', question);
    await ask('follow-up, unchanged', QUESTIONS[1]);
    // the watcher's refresh after a save, then the next question
    const now = new Date(Date.now() + 1000 * (run + 1));
    utimesSync(path.join(dir, touchable), now, now);
    await client.call('refresh', { paths: [touchable], rescan: false });
    freshness.changed(); // the watcher's event
    await ask('follow-up, one file changed', QUESTIONS[2]);
    process.stderr.write(`\rrun ${run + 1}/${RUNS}`);
  }
  process.stderr.write(`\n${RUNS} runs in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

  const ms = (value: number) => `${Math.round(value)} ms`;
  console.log(`| case (median of ${RUNS}) | ${PHASES.join(' | ')} | Enter to wire | floor | over the floor | ratio |`);
  console.log(`| --- | ${PHASES.map(() => '---').join(' | ')} | --- | --- | --- | --- |`);
  for (const [kind, list] of Object.entries(samples)) {
    if (list.length === 0) continue;
    // each request against the floor measured right after it (the machine's load moves both), then the median
    const over = median(list.map((sample) => sample.total - sample.floor));
    const ratio = median(list.map((sample) => sample.total / sample.floor));
    const bytes = median(list.map((sample) => sample.bytes));
    console.log(
      `| ${kind} (${(bytes / 1e6).toFixed(2)} MB) | ${PHASES.map((phase) => ms(median(list.map((sample) => sample.phases[phase])))).join(' | ')} | ` +
        `${ms(median(list.map((sample) => sample.total)))} | ${ms(median(list.map((sample) => sample.floor)))} | ${ms(over)} | ${ratio.toFixed(1)}× |`,
    );
  }
  console.log('targets: a first question within 300 ms of the floor, a follow-up within 100 ms of it.');
  session.dispose();
  server.close();
  await client.dispose();
  rmSync(out, { recursive: true, force: true });
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
