/**
 * `npm run bench:idle -- --before OLD.vsix [DIR]`: what a window that is opened on a workspace and left alone costs in
 * CPU, with this checkout's package (dist/grok-context.vsix: activates on its views and commands, scans when wanted)
 * against a named peer, an earlier package (e.g. one that activated on startup and scanned every workspace), measured
 * in the same run on the same workspace. Runs under the e2e lock (`flock /tmp/grok-e2e.lock …`): code-server + Chromium.
 *
 * For each package, ROUNDS times, alternating: a fresh code-server profile with only that .vsix installed, the workbench
 * opened on DIR in headless Chromium, no view of ours touched; CPU seconds (user + system, children included) of the
 * extension host process and of code-server's whole process group, read from /proc, from the start until IDLE_SECONDS
 * after the workbench was ready. Prints figures and the ratio; asserts nothing (timings on shared machines are noisy).
 * `--baseline` adds a third window with no extension installed: what VS Code's own extension host costs.
 * DIR defaults to a copy of this repository's tracked files.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT, ensureCodeServer, launchBrowser, startCodeServer } from '../test/e2e/codeServer';
import { waitForWorkbench } from '../test/ui/workbench';

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const before = flag('--before');
const after = flag('--after') ?? path.join(PROJECT_ROOT, 'dist', 'grok-context.vsix');
const VALUE_FLAGS = new Set(['--before', '--after', '--idle-seconds', '--rounds']);
const dirArg = args.find((arg, index) => !arg.startsWith('--') && !VALUE_FLAGS.has(args[index - 1]));
const IDLE_SECONDS = Number(flag('--idle-seconds') ?? 45);
const ROUNDS = Number(flag('--rounds') ?? 2);
const TICKS = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim());

if (!before) {
  console.error('usage: npm run bench:idle -- --before OLD.vsix [--after NEW.vsix] [--baseline] [--idle-seconds 45] [--rounds 2] [DIR]');
  process.exit(2);
}

/** utime + stime + cutime + cstime of a process, in seconds; and its process group and command line. */
function processStat(pid: number): { cpu: number; pgrp: number; cmdline: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((index) => Number(fields[index]));
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return { cpu: (utime + stime + cutime + cstime) / TICKS, pgrp: Number(fields[2]), cmdline };
  } catch {
    return undefined; // exited meanwhile
  }
}

function groupCpu(pgrp: number): { total: number; extensionHost: number } {
  let total = 0;
  let extensionHost = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processStat(Number(entry));
    if (!stat || stat.pgrp !== pgrp) continue;
    total += stat.cpu;
    if (/--type=extensionHost/.test(stat.cmdline)) extensionHost += stat.cpu;
  }
  return { total, extensionHost };
}

async function measure(vsix: string | undefined, workspace: string): Promise<{ total: number; extensionHost: number }> {
  const server = await startCodeServer({ bin: ensureCodeServer(), vsix: vsix ? [vsix] : [] });
  const { context, page } = await launchBrowser();
  try {
    await page.goto(await server.workbenchUrl(workspace));
    // without our extension there is no activity bar item to wait for: the workbench itself is the mark
    if (vsix) await waitForWorkbench(page);
    else await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 90_000 });
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    return groupCpu(server.pid);
  } finally {
    await context.close().catch(() => {});
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  let workspace = dirArg ? path.resolve(dirArg) : '';
  let temporary: string | undefined;
  if (!workspace) {
    temporary = mkdtempSync(path.join(tmpdir(), 'grok-idle-ws-'));
    execSync(`git archive HEAD | tar -x -C ${JSON.stringify(temporary)} && git -C ${JSON.stringify(temporary)} init -q && git -C ${JSON.stringify(temporary)} add -A`, { cwd: PROJECT_ROOT });
    workspace = temporary;
  }
  const files = execSync('git ls-files | wc -l', { cwd: workspace, encoding: 'utf8' }).trim();
  console.log(`workspace ${workspace} (${files} files in git), ${IDLE_SECONDS} s idle after the workbench is ready, ${ROUNDS} rounds each`);
  type Variant = 'before' | 'after' | 'none';
  const variants: Array<[Variant, string | undefined]> = [['before', before], ['after', after], ...(args.includes('--baseline') ? [['none', undefined] as [Variant, undefined]] : [])];
  const results: Record<Variant, Array<{ total: number; extensionHost: number }>> = { before: [], after: [], none: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, vsix] of variants) {
      const measured = await measure(vsix, workspace);
      results[name].push(measured);
      console.log(`round ${round} ${name.padEnd(6)} extension host ${measured.extensionHost.toFixed(2)} CPU s · code-server group ${measured.total.toFixed(2)} CPU s`);
    }
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
  const summary = (name: Variant) => ({ host: mean(results[name].map((r) => r.extensionHost)), total: mean(results[name].map((r) => r.total)) });
  const [b, a, n] = [summary('before'), summary('after'), summary('none')];
  const none = results.none.length ? `, no extension ${n.host.toFixed(2)} s` : '';
  console.log(`\nmean extension host CPU: before ${b.host.toFixed(2)} s, after ${a.host.toFixed(2)} s${none} (after/before ${(a.host / b.host).toFixed(2)})`);
  console.log(`mean code-server group CPU: before ${b.total.toFixed(2)} s, after ${a.total.toFixed(2)} s${results.none.length ? `, no extension ${n.total.toFixed(2)} s` : ''} (after/before ${(a.total / b.total).toFixed(2)})`);
  if (temporary) rmSync(temporary, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
