/**
 * `npx tsx bench/stallRepro.ts DIR [ROUNDS]`: the chat's call sequence in one long-lived engine (plan, then a follow-up's
 * `changesSince` per round), printing each call's time, so a cost that grows with the number of scans shows up.
 */
import * as path from 'node:path';
import { ContextEngine } from '../src/context/engine';
import { DEFAULT_MAX_FILE_BYTES } from '../src/context/scan';

async function main(): Promise<void> {
  const root = path.resolve(process.argv[2] ?? '.');
  const rounds = Number(process.argv[3] ?? 4);
  const engine = new ContextEngine({ roots: [{ name: path.basename(root), path: root }], maxFileBytes: DEFAULT_MAX_FILE_BYTES, exclude: [] });
  const time = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await work();
    console.log(`${label}: ${Math.round(performance.now() - started)} ms`);
    return value;
  };
  await time('scan', () => engine.scan());
  for (let round = 1; round <= rounds; round++) {
    const plan = await time(`round ${round} plan`, () => engine.plan({ maxContextTokens: 1_000_000, question: `question ${round}` }));
    await time(`round ${round} changesSince`, () => engine.changesSince(plan));
  }
  console.log(`marks retained: ${performance.getEntriesByType('mark').length}`);
}

void main();
