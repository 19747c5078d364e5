/**
 * `npm run bench:context -- DIR [--repomix-timeout SECONDS]`: the context engine against repomix (a pinned
 * devDependency) and the floor (`git ls-files -z | xargs -0 cat > /dev/null`), on the same tree, in the same run.
 * Not a test: timings on shared machines are noisy, so this prints figures and ratios instead of asserting them.
 *   (a) a ready 1M-token context: collect, filter, plan, exact counts of what is sent, render;
 *   (b) a full manifest: every file listed, read, sniffed, with exact or estimated counts;
 *   (c) re-planning after touching one file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ContextEngine } from '../src/context/engine';
import { ContextWorkerClient } from '../src/context/workerClient';

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const dir = path.resolve(args.find((arg) => !arg.startsWith('--')) ?? '.');
const timeoutFlag = args.indexOf('--repomix-timeout');
const repomixTimeout = timeoutFlag >= 0 ? Number(args[timeoutFlag + 1]) : 300;
const RUNS = 3;

interface Measured {
  milliseconds: number;
  rssMB: number;
  [detail: string]: unknown;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function phase(name: string, env: Record<string, string> = {}): Measured {
  const runs: Measured[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'dist/bench/contextPhase.js'), name, dir], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } });
    runs.push(JSON.parse(out.trim().split('\n').at(-1)!));
  }
  const best = runs.find((run) => run.milliseconds === median(runs.map((r) => r.milliseconds)))!;
  return { ...best, rssMB: Math.max(...runs.map((run) => run.rssMB)) };
}

function floor(): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    execFileSync('bash', ['-c', 'git ls-files -z | xargs -0 cat > /dev/null'], { cwd: dir });
    times.push(performance.now() - started);
  }
  return Math.round(median(times));
}

function repomix(): { milliseconds?: number; rssMB?: number; note: string } {
  const work = mkdtempSync(path.join(tmpdir(), 'bench-repomix-'));
  const rssFile = path.join(work, 'rss');
  const started = performance.now();
  // repomix's defaults (its secretlint check included, as ours scans for secrets too), xml like ours, to a file.
  const run = spawnSync(
    process.execPath,
    ['--require', path.join(ROOT, 'bench/rssReport.cjs'), path.join(ROOT, 'node_modules/repomix/bin/repomix.cjs'), dir, '-o', path.join(work, 'out.xml'), '--style', 'xml', '--quiet'],
    { env: { ...process.env, BENCH_RSS_FILE: rssFile }, timeout: repomixTimeout * 1000, stdio: 'ignore', killSignal: 'SIGKILL' },
  );
  const milliseconds = Math.round(performance.now() - started);
  let rssMB: number | undefined;
  try {
    rssMB = Number(readFileSync(rssFile, 'utf8'));
  } catch {
    rssMB = undefined;
  }
  rmSync(work, { recursive: true, force: true });
  if (run.error || run.status !== 0) return { note: `did not finish within ${repomixTimeout} s (${run.error?.message ?? `exit ${run.status}`})` };
  return { milliseconds, rssMB, note: 'finished' };
}

/**
 * (d) What the extension host feels: its event-loop delay while the tree is scanned and planned, once in the worker
 * thread (as the extension does it) and once on the main thread (what the worker saves us from).
 */
async function hostResponsiveness(): Promise<{ worker: string; mainThread: string }> {
  const options = { roots: [{ name: path.basename(dir), path: dir }], maxFileBytes: 1 << 20, exclude: [] };
  const request = { maxContextTokens: 1_000_000, budget: 1_000_000 };
  const measure = async (work: () => Promise<unknown>) => {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const started = performance.now();
    await work();
    const total = performance.now() - started;
    histogram.disable();
    return `p99 ${(histogram.percentile(99) / 1e6).toFixed(0)} ms, max ${(histogram.max / 1e6).toFixed(0)} ms over ${seconds(total)}`;
  };
  const client = new ContextWorkerClient(path.join(ROOT, 'dist/contextWorker.js'));
  const worker = await measure(async () => {
    await client.call('configure', options);
    await client.call('scan', undefined);
    await client.call('plan', request);
  });
  await client.dispose();
  const engine = new ContextEngine(options);
  const mainThread = await measure(async () => {
    await engine.scan();
    await engine.plan(request);
  });
  return { worker, mainThread };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;

async function main(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'inherit' });
  const files = execFileSync('git', ['ls-files'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n').filter(Boolean).length;
  const repomixVersion = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/repomix/package.json'), 'utf8')).version;
  console.log(`Tree: ${dir} (${files.toLocaleString('en-US')} files in git ls-files)`);
  const floorMs = floor();
  console.log(`floor   git ls-files -z | xargs -0 cat: ${seconds(floorMs)} (median of ${RUNS})`);
  const ready = phase('ready');
  const peer = repomix();
  console.log(`(a) ready 1M-token context: ours ${seconds(ready.milliseconds)}, RSS ${ready.rssMB} MB ` +
    `(${JSON.stringify({ usedTokens: ready.usedTokens, tiers: ready.tiers, excluded: ready.excluded })})`);
  if (peer.milliseconds !== undefined) {
    console.log(`    repomix ${repomixVersion}: ${seconds(peer.milliseconds)}, RSS ${peer.rssMB ?? '?'} MB → ours is ${ratio(peer.milliseconds, ready.milliseconds)} faster, ` +
      `${ratio(peer.rssMB ?? 0, ready.rssMB)} less memory; ours is ${ratio(ready.milliseconds, floorMs)} the floor`);
  } else {
    console.log(`    repomix ${repomixVersion}: ${peer.note} → ours is at least ${ratio(repomixTimeout * 1000, ready.milliseconds)} faster; ours is ${ratio(ready.milliseconds, floorMs)} the floor`);
  }
  // (a') the same in a new session of an unchanged tree: counts and secret scans come from the persisted cache
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'bench-cache-'));
  const cache = { BENCH_CACHE_FILE: path.join(cacheDir, 'cache.json') };
  execFileSync(process.execPath, [path.join(ROOT, 'dist/bench/contextPhase.js'), 'ready', dir], { env: { ...process.env, ...cache }, maxBuffer: 1 << 26 });
  const warm = phase('ready', cache);
  rmSync(cacheDir, { recursive: true, force: true });
  console.log(`(a') ready context in a new session, counts cached on disk: ${seconds(warm.milliseconds)}, RSS ${warm.rssMB} MB → ${ratio(ready.milliseconds, warm.milliseconds)} faster than cold`);
  const manifest = phase('manifest');
  console.log(`(b) full manifest (${manifest.files} files read and sniffed): ${seconds(manifest.milliseconds)}, RSS ${manifest.rssMB} MB → ${ratio(manifest.milliseconds, floorMs)} the floor (target ≤ 3×)`);
  const replan = phase('replan');
  console.log(`(c) re-plan after touching ${replan.touched}: ${replan.milliseconds} ms, RSS ${replan.rssMB} MB (target ≤ 100 ms)`);
  const host = await hostResponsiveness();
  console.log(`(d) extension-host event-loop delay during scan + plan: in the worker thread ${host.worker}; on the main thread ${host.mainThread}`);
}

void main();
