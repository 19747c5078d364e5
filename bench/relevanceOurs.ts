/**
 * "Ours" in the relevance benchmark: the real command line, `grok-context pack DIR --question TEXT --json
 * --max-context-tokens N`, one process per plan, timed to process exit. The entry is configurable: a `.ts` file runs
 * through this repository's tsx, anything else through node (e.g. `bin/grok-context.js` after `npm run build`).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface PlannedFile {
  path: string;
  tokens: number;
  tier: 'full' | 'outline' | 'path';
  rank?: number;
}

export interface PackPlan {
  budget: number;
  usedTokens: number;
  files: PlannedFile[];
  excluded: Array<{ path: string; reason: string }>;
  /** Whether the ranking separated the top files; when false the chat's optional file-choosing request would run. */
  relevanceClear?: boolean;
}

export interface PackRun {
  plan: PackPlan;
  milliseconds: number;
}

/** The CLI does not know `--question`: it predates issue #14's `pack --question`. */
export class QuestionUnsupported extends Error {}

/** Longer questions are cut: an argument list has a size limit, and a commit body this long is rare. */
export const MAX_QUESTION_CHARS = 16_000;

export function commandFor(entry: string): { command: string; prefix: string[] } {
  const resolved = path.resolve(entry);
  if (/\.[cm]?ts$/.test(resolved)) return { command: path.join(ROOT, 'node_modules', '.bin', 'tsx'), prefix: [resolved] };
  return { command: process.execPath, prefix: [resolved] };
}

export function packArguments(dir: string, windowTokens: number, question: string | undefined): string[] {
  const args = ['pack', dir, '--json', '--max-context-tokens', String(windowTokens)];
  if (question !== undefined) args.push('--question', question.slice(0, MAX_QUESTION_CHARS));
  return args;
}

export function runPack(entry: string, dir: string, windowTokens: number, question: string | undefined, timeoutSeconds: number): Promise<PackRun> {
  const { command, prefix } = commandFor(entry);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, ...packArguments(dir, windowTokens, question)], { stdio: ['ignore', 'pipe', 'pipe'] });
    // A plan that never ends is a result too (a miss for every file), not a reason to stall the whole run.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const milliseconds = performance.now() - started;
      const stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) {
        reject(new Error(`pack did not finish within ${timeoutSeconds} s at ${dir} (${windowTokens} tokens)`));
        return;
      }
      if (code !== 0) {
        if (/unknown option '--question'/i.test(stderr)) reject(new QuestionUnsupported(`${entry} does not accept --question`));
        else reject(new Error(`pack exited with ${code} at ${dir} (${windowTokens} tokens): ${stderr.trim().slice(0, 2000)}`));
        return;
      }
      try {
        resolve({ plan: JSON.parse(Buffer.concat(out).toString('utf8')) as PackPlan, milliseconds });
      } catch (error) {
        reject(new Error(`pack printed no JSON plan at ${dir}: ${(error as Error).message}; stderr: ${stderr.trim().slice(0, 500)}`));
      }
    });
  });
}
