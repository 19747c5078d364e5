#!/usr/bin/env node
// `npm test`: every check and suite, in order, then one line with the totals over all of them.
//   node scripts/test.js            all of them
//   node scripts/test.js unit ui    only the named steps (plus the steps they need)
// Steps: typecheck, lint, build, unit, package, vscode (integration suite in a real VS Code), ui (Chromium, as a person).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grok-test-results-'));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** A check counts as one test; a suite reports its own counts through GROK_TEST_RESULTS. */
const STEPS = [
  { name: 'typecheck', kind: 'check', cmd: [bin('tsc'), '--noEmit'] },
  { name: 'lint', kind: 'check', cmd: [bin('eslint'), '.'] },
  { name: 'build', kind: 'prerequisite', cmd: [process.execPath, 'esbuild.js'] },
  { name: 'unit', kind: 'suite', needs: ['build'], cmd: [bin('mocha')] },
  { name: 'vscode', kind: 'suite', needs: ['build'], cmd: [bin('tsx'), 'test/e2e/runIntegration.ts'] },
  // after the suites that load dist/ as a development extension: it replaces the bundles with minified ones
  { name: 'package', kind: 'prerequisite', needs: ['build'], cmd: [process.execPath, 'scripts/package.js'] },
  { name: 'ui', kind: 'suite', needs: ['package'], cmd: [bin('mocha'), '--config', 'test/ui/.mocharc.json'] },
];

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !STEPS.some((step) => step.name === name));
if (unknown.length) {
  console.error(`Unknown step(s): ${unknown.join(', ')}. Steps: ${STEPS.map((step) => step.name).join(', ')}`);
  process.exit(2);
}
const selected = new Set(requested.length ? requested : STEPS.map((step) => step.name));
for (const step of STEPS.slice().reverse()) if (selected.has(step.name)) for (const need of step.needs ?? []) selected.add(need);

const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
const failedPrerequisites = new Set();

for (const step of STEPS) {
  if (!selected.has(step.name)) continue;
  const blockedBy = (step.needs ?? []).filter((need) => failedPrerequisites.has(need));
  if (blockedBy.length) {
    summary.push(`${step.name}: not run (${blockedBy.join(', ')} failed)`);
    totals.failed += 1;
    continue;
  }
  const resultsFile = path.join(resultsDir, `${step.name}.json`);
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, GROK_TEST_RESULTS: resultsFile, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  if (step.kind === 'suite') {
    let counts;
    try {
      counts = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    } catch {
      counts = undefined; // the suite died before reporting
    }
    if (counts) {
      totals.passed += counts.passed;
      totals.failed += counts.failed;
      totals.skipped += counts.skipped;
      // A suite that exits non-zero with no failed test still failed (e.g. a crash in its harness).
      if (!ok && counts.failed === 0) totals.failed += 1;
      summary.push(`${step.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${ok ? '' : ` (exit ${run.status})`} in ${seconds} s`);
    } else {
      totals.failed += 1;
      summary.push(`${step.name}: no results (exit ${run.status ?? run.signal}) in ${seconds} s`);
    }
  } else {
    if (!ok) failedPrerequisites.add(step.name);
    if (step.kind === 'check') totals[ok ? 'passed' : 'failed'] += 1;
    else if (!ok) totals.failed += 1;
    summary.push(`${step.name}: ${ok ? 'ok' : `FAILED (exit ${run.status ?? run.signal})`} in ${seconds} s`);
  }
}

fs.rmSync(resultsDir, { recursive: true, force: true });
console.log('\n=== summary ===');
for (const line of summary) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
