/**
 * One measured phase of `npm run bench:context`, run in a fresh process so each phase has its own peak RSS.
 * Prints one JSON line: { milliseconds, rssMB, ...details }.
 */
import { utimesSync } from 'node:fs';
import * as path from 'node:path';
import { ContextEngine } from '../src/context/engine';
import { DEFAULT_MAX_FILE_BYTES } from '../src/context/scan';

const BUDGET = 1_000_000;

async function main(): Promise<void> {
  const [phase, dir] = process.argv.slice(2);
  const root = path.resolve(dir);
  let started = performance.now(); // includes loading a persisted cache, when there is one
  // BENCH_CACHE_FILE: load token counts from an earlier session and save them after (the warm-start case)
  const cacheFile = process.env.BENCH_CACHE_FILE || undefined;
  const engine = new ContextEngine({ roots: [{ name: path.basename(root), path: root }], maxFileBytes: DEFAULT_MAX_FILE_BYTES, exclude: [], cacheFile });
  const request = { maxContextTokens: BUDGET, budget: BUDGET };
  let details: Record<string, unknown> = {};
  if (phase === 'ready') {
    // (a) collect, filter, plan, count exactly what is sent, render
    await engine.scan();
    const plan = await engine.plan(request);
    const tiers = { full: 0, outline: 0, path: 0 };
    for (const file of plan.files) tiers[file.tier]++;
    details = { files: engine.fileCount, usedTokens: plan.usedTokens, renderedBytes: Buffer.byteLength(plan.text), tiers, excluded: plan.excluded.length };
  } else if (phase === 'manifest') {
    // (b) every file listed, read and sniffed, with exact or estimated counts
    await engine.scan();
    const manifest = engine.manifest();
    details = { files: manifest.length, binary: manifest.filter((entry) => entry.reason === 'binary').length };
  } else if (phase === 'replan') {
    // (c) after a ready context, one file is touched: refresh it and plan again
    await engine.scan();
    const first = await engine.plan(request);
    const touched = first.files.find((file) => file.tier === 'full')!.path;
    const now = new Date();
    utimesSync(path.join(root, touched), now, now);
    started = performance.now();
    engine.refresh([touched]);
    const again = await engine.plan(request);
    details = { touched, sameText: again.text === first.text };
  } else {
    throw new Error(`unknown phase ${phase}`);
  }
  const milliseconds = Math.round(performance.now() - started);
  engine.saveCache();
  process.stdout.write(`${JSON.stringify({ milliseconds, rssMB: Math.round(process.resourceUsage().maxRSS / 1024), ...details })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
