/**
 * `npm run bench:webview`: the chat webview's rendering in Debian's Chromium (playwright-core), against a naive peer
 * measured in the same run on the same messages. Not a test: it prints figures and ratios and exits 0.
 *   (a) one ~100,000-token answer (~400 KB of Markdown: prose, citations, lists, tables, code in 15 languages)
 *       streamed as the host streams it, 4-token deltas every 2 ms (2,000 tokens/s) on the page's clock:
 *       longest frame, long tasks, main-thread time (CDP), DOM nodes at the end;
 *   (b) a 50-turn conversation of few-KB answers: JS heap after a forced GC and DOM nodes at turn 10 and turn 50.
 * The real page is dist/webview.js + dist/webview.css under the real HTML and CSP (src/view/html.ts); the peer
 * re-renders the whole message with markdown-it + DOMPurify every frame (bench/webviewPeer.ts, bundled here).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { CDPSession, Page } from 'playwright-core';
import type { HostMessage } from '../src/protocol/messages';
import { renderChatHtml } from '../src/view/html';
import { launchBrowser } from '../test/e2e/codeServer';
import { createCorpus } from './webviewCorpus';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const ANSWER_TOKENS = 100_000;
const CHARS_PER_TOKEN = 4;
const DELTA_TOKENS = 4;
const DELTA_INTERVAL_MS = 2;
const TURNS = 50;
const TURN_CHARS = 3_500;

type Renderer = 'ours' | 'peer';

interface StreamFigures {
  longestFrameMs: number;
  framesOver50: number;
  frames: number;
  longTasks: number;
  longTaskMs: number;
  longestTaskMs: number;
  scriptMs: number;
  taskMs: number;
  layoutMs: number;
  domNodes: number;
  seconds: number;
}

interface ConversationFigures {
  heapMB: Record<number, number>;
  domNodes: Record<number, number>;
}

function build(): void {
  execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
  esbuild.buildSync({
    entryPoints: { webviewPeer: path.join(ROOT, 'bench/webviewPeer.ts') },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    outdir: path.join(DIST, 'bench'),
    logLevel: 'warning',
  });
}

/** Serves dist/ and the two pages, both under the webview's real HTML and CSP. */
async function serve(): Promise<{ server: Server; origin: string }> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.html': 'text/html' };
  let origin = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === '/ours.html' || url.pathname === '/peer.html') {
      const script = url.pathname === '/ours.html' ? 'webview.js' : 'bench/webviewPeer.js';
      response.writeHead(200, { 'content-type': types['.html'] });
      response.end(renderChatHtml({ cspSource: origin, scriptUri: `${origin}/dist/${script}`, styleUri: `${origin}/dist/webview.css` }));
      return;
    }
    const file = path.join(DIST, path.normalize(url.pathname.replace(/^\/dist\//, '')));
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin };
}

/** Opens a page with a stand-in `acquireVsCodeApi` that records what the webview posts, and waits for `ready`. */
async function open(page: Page, origin: string, renderer: Renderer): Promise<CDPSession> {
  // tsx compiles with keepNames: functions passed to evaluate() call esbuild's `__name` helper, absent in the page.
  await page.addInitScript('window.__name = (target) => target;');
  await page.addInitScript(() => {
    const posted: unknown[] = [];
    (window as unknown as { __posted: unknown[] }).__posted = posted;
    (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({ postMessage: (message: unknown) => posted.push(message) });
  });
  await page.goto(`${origin}/${renderer}.html`);
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((message) => message.type === 'ready'));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return cdp;
}

async function post(page: Page, messages: HostMessage[]): Promise<void> {
  await page.evaluate((list) => list.forEach((message) => window.postMessage(message, '*')), messages);
}

/** Streams `text` as deltas of `chunk` characters every `interval` ms of the page's clock (catching up when late). */
async function stream(page: Page, turnId: string, channel: 'text' | 'reasoning', text: string): Promise<void> {
  await page.evaluate(
    ({ turnId, channel, text, chunk, interval }) =>
      new Promise<void>((resolve) => {
        const start = performance.now();
        let sent = 0;
        const tick = () => {
          const due = Math.min(text.length, (Math.floor((performance.now() - start) / interval) + 1) * chunk);
          for (; sent < due; sent += chunk) window.postMessage({ type: 'delta', turnId, channel, text: text.slice(sent, sent + chunk) }, '*');
          if (sent < text.length) setTimeout(tick, interval);
          else resolve();
        };
        tick();
      }),
    { turnId, channel, text, chunk: DELTA_TOKENS * CHARS_PER_TOKEN, interval: DELTA_INTERVAL_MS },
  );
}

/** Resolves after `frames` consecutive animation frames without a DOM change: rendering has settled. */
async function settled(page: Page, frames = 10): Promise<void> {
  await page.evaluate(
    (needed) =>
      new Promise<void>((resolve) => {
        let quiet = 0;
        const observer = new MutationObserver(() => (quiet = 0));
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        const frame = () => {
          if (++quiet >= needed) {
            observer.disconnect();
            resolve();
          } else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    frames,
  );
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((metric: { name: string; value: number }) => [metric.name, metric.value]));
}

const domNodes = (page: Page) =>
  page.evaluate(() => {
    const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    let count = 1;
    while (walker.nextNode()) count++;
    return count;
  });

function startFrameRecorder(page: Page): Promise<void> {
  return page.evaluate(() => {
    const state = { frames: [] as number[], tasks: [] as number[], running: true };
    (window as unknown as { __bench: typeof state }).__bench = state;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => state.tasks.push(entry.duration))).observe({ type: 'longtask' });
    let last = performance.now();
    const frame = (now: number) => {
      state.frames.push(now - last);
      last = now;
      if (state.running) requestAnimationFrame(frame);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(frame);
    });
  });
}

function stopFrameRecorder(page: Page): Promise<{ frames: number[]; tasks: number[] }> {
  return page.evaluate(() => {
    const state = (window as unknown as { __bench: { frames: number[]; tasks: number[]; running: boolean } }).__bench;
    state.running = false;
    return { frames: state.frames, tasks: state.tasks };
  });
}

async function streamOneAnswer(page: Page, cdp: CDPSession, answer: string, reasoning: string): Promise<StreamFigures> {
  await post(page, [
    { type: 'snapshot', conversation: { id: 'bench', turns: [], busy: false } },
    { type: 'turnAdded', turn: { role: 'user', id: 'u1', text: 'Explain the whole repository.' } },
    { type: 'turnAdded', turn: { role: 'assistant', id: 'a1', text: '', reasoning: '', status: 'streaming' } },
    { type: 'busy', busy: true },
  ]);
  await settled(page, 3);
  await startFrameRecorder(page);
  const before = await metrics(cdp);
  const started = Date.now();
  await stream(page, 'a1', 'reasoning', reasoning);
  await stream(page, 'a1', 'text', answer);
  await post(page, [
    { type: 'turnUpdated', turnId: 'a1', patch: { status: 'done', usage: { promptTokens: 900_000, completionTokens: ANSWER_TOKENS, cachedPromptTokens: 0, reasoningTokens: 2_000 } } },
    { type: 'busy', busy: false },
  ]);
  await settled(page);
  const seconds = (Date.now() - started) / 1000;
  const after = await metrics(cdp);
  const { frames, tasks } = await stopFrameRecorder(page);
  const ms = (name: string) => (after[name] - before[name]) * 1000;
  return {
    longestFrameMs: Math.max(...frames),
    framesOver50: frames.filter((frame) => frame > 50).length,
    frames: frames.length,
    longTasks: tasks.length,
    longTaskMs: tasks.reduce((sum, task) => sum + task, 0),
    longestTaskMs: tasks.length ? Math.max(...tasks) : 0,
    scriptMs: ms('ScriptDuration'),
    taskMs: ms('TaskDuration'),
    layoutMs: ms('LayoutDuration') + ms('RecalcStyleDuration'),
    domNodes: await domNodes(page),
    seconds,
  };
}

async function converse(page: Page, cdp: CDPSession): Promise<ConversationFigures> {
  const corpus = createCorpus(50);
  const figures: ConversationFigures = { heapMB: {}, domNodes: {} };
  await post(page, [{ type: 'snapshot', conversation: { id: 'bench-50', turns: [], busy: false } }]);
  for (let turn = 1; turn <= TURNS; turn++) {
    await post(page, [
      { type: 'turnAdded', turn: { role: 'user', id: `u${turn}`, text: `Question ${turn}: how does this part work?` } },
      { type: 'turnAdded', turn: { role: 'assistant', id: `a${turn}`, text: '', reasoning: '', status: 'streaming' } },
    ]);
    await stream(page, `a${turn}`, 'text', corpus.answer(TURN_CHARS));
    await post(page, [{ type: 'turnUpdated', turnId: `a${turn}`, patch: { status: 'done', cost: 0.01 } }]);
    if (turn === 10 || turn === TURNS) {
      await settled(page);
      await cdp.send('HeapProfiler.collectGarbage');
      figures.heapMB[turn] = (await metrics(cdp)).JSHeapUsedSize / 1024 / 1024;
      figures.domNodes[turn] = await domNodes(page);
    }
  }
  return figures;
}

const fixed = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function row(label: string, ours: number, peer: number, digits = 0, ratio = true): string {
  const quotient = ratio && peer > 0 ? `${(ours / peer).toFixed(3)}×` : '';
  return `${label.padEnd(48)}${fixed(ours, digits).padStart(12)}${fixed(peer, digits).padStart(14)}${quotient.padStart(12)}`;
}

async function main(): Promise<void> {
  build();
  const corpus = createCorpus(2026);
  const answer = corpus.answer(ANSWER_TOKENS * CHARS_PER_TOKEN);
  const reasoning = corpus.reasoning(2_000 * CHARS_PER_TOKEN);
  const { server, origin } = await serve();
  const { context } = await launchBrowser();
  const streamed: Partial<Record<Renderer, StreamFigures>> = {};
  const conversations: Partial<Record<Renderer, ConversationFigures>> = {};
  try {
    for (const renderer of ['ours', 'peer'] as const) {
      const page = await context.newPage();
      await page.setViewportSize({ width: 420, height: 900 }); // a sidebar's width
      const cdp = await open(page, origin, renderer);
      console.error(`[bench] ${renderer}: streaming ${fixed(answer.length)} characters…`);
      streamed[renderer] = await streamOneAnswer(page, cdp, answer, reasoning);
      await page.close();
      const chat = await context.newPage();
      await chat.setViewportSize({ width: 420, height: 900 });
      console.error(`[bench] ${renderer}: ${TURNS}-turn conversation…`);
      conversations[renderer] = await converse(chat, await open(chat, origin, renderer));
      await chat.close();
    }
  } finally {
    await context.close();
    server.close();
  }
  const ours = streamed.ours!;
  const peer = streamed.peer!;
  const talkOurs = conversations.ours!;
  const talkPeer = conversations.peer!;
  const codeBlocks = (answer.match(/^```\S/gm) ?? []).length;
  console.log(`\nChat webview rendering, Chromium ${await chromiumVersion()}, 420×900 viewport`);
  console.log(`(a) one answer: ${fixed(answer.length)} chars ≈ ${fixed(ANSWER_TOKENS)} tokens, ${codeBlocks} code blocks, + ${fixed(reasoning.length)} chars of reasoning;`);
  console.log(`    ${DELTA_TOKENS}-token deltas every ${DELTA_INTERVAL_MS} ms (${fixed((DELTA_TOKENS * 1000) / DELTA_INTERVAL_MS)} tokens/s) via window.postMessage`);
  console.log(`${''.padEnd(48)}${'ours'.padStart(12)}${'naive peer'.padStart(14)}${'ours/peer'.padStart(12)}`);
  console.log(row('longest frame (ms)', ours.longestFrameMs, peer.longestFrameMs, 1));
  console.log(row('frames over 50 ms', ours.framesOver50, peer.framesOver50, 0, false));
  console.log(row('frames rendered', ours.frames, peer.frames, 0, false));
  console.log(row('long tasks (>50 ms)', ours.longTasks, peer.longTasks, 0, false));
  console.log(row('longest task (ms)', ours.longestTaskMs, peer.longestTaskMs, 1));
  console.log(row('sum of long tasks (ms)', ours.longTaskMs, peer.longTaskMs, 0));
  console.log(row('main-thread script time, CDP ScriptDuration (ms)', ours.scriptMs, peer.scriptMs, 0));
  console.log(row('main-thread busy time, CDP TaskDuration (ms)', ours.taskMs, peer.taskMs, 0));
  console.log(row('style + layout, CDP (ms)', ours.layoutMs, peer.layoutMs, 0));
  console.log(row('wall time, first delta to settled (s)', ours.seconds, peer.seconds, 1));
  console.log(row('DOM nodes at the end', ours.domNodes, peer.domNodes, 0));
  console.log(`(b) ${TURNS}-turn conversation, ~${fixed(TURN_CHARS)}-char answers at the same rate; JS heap after forced GC (HeapProfiler.collectGarbage)`);
  console.log(row('JS heap used at turn 10 (MB)', talkOurs.heapMB[10], talkPeer.heapMB[10], 2));
  console.log(row(`JS heap used at turn ${TURNS} (MB)`, talkOurs.heapMB[TURNS], talkPeer.heapMB[TURNS], 2));
  console.log(row(`heap growth turn 10 → ${TURNS} (MB)`, talkOurs.heapMB[TURNS] - talkOurs.heapMB[10], talkPeer.heapMB[TURNS] - talkPeer.heapMB[10], 2));
  console.log(row('DOM nodes at turn 10', talkOurs.domNodes[10], talkPeer.domNodes[10], 0));
  console.log(row(`DOM nodes at turn ${TURNS}`, talkOurs.domNodes[TURNS], talkPeer.domNodes[TURNS], 0));
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(`targets: no frame over 50 ms: ${verdict(ours.framesOver50 === 0)} (longest ${fixed(ours.longestFrameMs, 1)} ms); ` +
    `DOM bounded across ${TURNS} turns: ${verdict(talkOurs.domNodes[TURNS] < talkOurs.domNodes[10] * 1.5)}; ` +
    `heap flat (growth < 2 MB): ${verdict(talkOurs.heapMB[TURNS] - talkOurs.heapMB[10] < 2)}`);
}

async function chromiumVersion(): Promise<string> {
  try {
    return execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().replace(/^Chromium\s*/, '');
  } catch {
    return '(version unknown)';
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
