/**
 * `npm run bench:edits`: the edit matcher over the case corpus (test/support/editCases.ts; the second pass's
 * categories, editCasesSecondPass.ts, also one by one), next to what a naive
 * apply does with the same blocks (exact-only `String.replace`), measured in the same run; then the time per
 * edit on a generated 10,000-line TypeScript-like file. Not a test: timings on shared machines are noisy, so it
 * prints figures and ratios and asserts none of them. It exits 1 only if the matcher would corrupt a file.
 */
import { applyBlocks } from '../src/edits/match';
import type { EditBlock, MatchOptions } from '../src/edits/types';
import { editCases, expectsText, type EditCase } from '../test/support/editCases';

const RUNS = 25;

type Outcome = { ok: true; text: string } | { ok: false };

/** The baseline: each block's first occurrence through String.replace, which also reads `$&` and `$1` in new_string. */
function naiveApply(text: string, blocks: readonly EditBlock[]): Outcome {
  let current = text;
  for (const block of blocks) {
    if (!current.includes(block.oldString)) return { ok: false };
    current = current.replace(block.oldString, block.newString);
  }
  return { ok: true, text: current };
}

function matcherApply(text: string, blocks: readonly EditBlock[], options?: MatchOptions): Outcome {
  const result = applyBlocks(text, blocks, options);
  return result.ok ? { ok: true, text: result.text } : { ok: false };
}

interface Tally {
  applied: number;
  refused: number;
  corrupted: string[];
}

/** Applied correctly (exact text), refused when a refusal is due, and corrupted: text that is wrong, or text at all where a refusal was due. */
function tally(apply: (text: string, blocks: readonly EditBlock[], options?: MatchOptions) => Outcome, cases: readonly EditCase[] = editCases): Tally {
  const counts: Tally = { applied: 0, refused: 0, corrupted: [] };
  for (const testCase of cases) {
    const outcome = apply(testCase.file, testCase.blocks, testCase.options);
    if (expectsText(testCase.expected)) {
      if (outcome.ok && outcome.text === testCase.expected.text) counts.applied++;
      else if (outcome.ok) counts.corrupted.push(testCase.name);
    } else if (outcome.ok) counts.corrupted.push(testCase.name);
    else counts.refused++;
  }
  return counts;
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)}%`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(run: () => unknown): number {
  run();
  const times: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** 10,000 lines of services, each a class of a few methods, two-space indented, numbered so that every block is unique. */
function typescriptFile(): string[] {
  const lines: string[] = [];
  for (let index = 0; lines.length < 10_000; index++) {
    lines.push(
      `/** Handles the requests of tenant ${index}. */`,
      `export class TenantService${index} {`,
      `  private readonly cache = new Map<string, Record${index}>();`,
      '',
      `  constructor(private readonly store: Store, private readonly log: Logger) {}`,
      '',
      `  async find(id: string): Promise<Record${index} | undefined> {`,
      '    const cached = this.cache.get(id);',
      '    if (cached) return cached;',
      `    const record = await this.store.read<Record${index}>('tenant-${index}', id);`,
      '    if (record) this.cache.set(id, record);',
      '    return record;',
      '  }',
      '',
      `  async save(record: Record${index}): Promise<void> {`,
      `    if (!record.id) throw new Error('tenant ${index}: a record needs an id');`,
      `    await this.store.write('tenant-${index}', record.id, record);`,
      '    this.cache.delete(record.id);',
      `    this.log.info(\`saved \${record.id} for tenant ${index}\`);`,
      '  }',
      '}',
      '',
    );
  }
  return lines.slice(0, 10_000);
}

function report(): number {
  const ours = tally(matcherApply);
  const naive = tally(naiveApply);
  const wellFormed = editCases.filter((testCase) => expectsText(testCase.expected)).length;
  const refusals = editCases.length - wellFormed;
  console.log(`edit corpus: ${editCases.length} cases, ${wellFormed} well-formed (expecting text), ${refusals} expecting a refusal\n`);
  console.log('(1) grok-context matcher (exact → line endings → whitespace → fuzzy 0.9)');
  console.log(`    applied correctly   ${ours.applied}/${wellFormed} (${percent(ours.applied, wellFormed)})`);
  console.log(`    refused correctly   ${ours.refused}/${refusals} (${percent(ours.refused, refusals)})`);
  console.log(`    files corrupted     ${ours.corrupted.length}${ours.corrupted.length ? `: ${ours.corrupted.join('; ')}` : ''}\n`);
  const earlier = editCases.filter((testCase) => testCase.category === undefined);
  const earlierRefusals = earlier.filter((testCase) => !expectsText(testCase.expected));
  console.log(`    the first corpus (${earlier.length} cases): refusals still refused ${tally(matcherApply, earlierRefusals).refused}/${earlierRefusals.length}`);
  console.log('    second-pass categories (test/support/editCasesSecondPass.ts): matcher | baseline');
  const categories = [...new Set(editCases.flatMap((testCase) => (testCase.category === undefined ? [] : [testCase.category])))];
  for (const category of categories) {
    const cases = editCases.filter((testCase) => testCase.category === category);
    const texts = cases.filter((testCase) => expectsText(testCase.expected)).length;
    const mine = tally(matcherApply, cases);
    const theirs = tally(naiveApply, cases);
    const row = (counts: Tally) => `applied ${counts.applied}/${texts}, refused ${counts.refused}/${cases.length - texts}, corrupted ${counts.corrupted.length}`;
    console.log(`      ${category.padEnd(30)} ${row(mine)} | ${row(theirs)}`);
  }
  console.log('');
  console.log('(2) baseline: exact-only String.replace (what a naive apply does)');
  console.log(`    applied correctly   ${naive.applied}/${wellFormed} (${percent(naive.applied, wellFormed)})`);
  console.log(`    refused             ${naive.refused}/${refusals} (${percent(naive.refused, refusals)})`);
  console.log(`    files corrupted     ${naive.corrupted.length} (wrong text, or text where a refusal was due)`);
  console.log(`    ratio applied correctly, matcher / baseline: ${(ours.applied / naive.applied).toFixed(2)}×\n`);


  const lines = typescriptFile();
  const text = lines.join('\n') + '\n';
  const first = 7000;
  const block = lines.slice(first, first + 50);
  const changedIndex = block.findIndex((line) => line.includes('this.cache.delete'));
  const changed = block.map((line, index) => (index === changedIndex ? line.replace('this.cache.delete(record.id);', 'this.cache.set(record.id, record);') : line));
  const expected = [...lines.slice(0, first), ...changed, ...lines.slice(first + 50)].join('\n') + '\n';
  const drifted = (source: string[]): string => source.map((line) => (line.trim() === '' ? '' : `${line.replace(/^ {2}/, '')}  `)).join('\n');
  const typo = [...block];
  const misspell = (from: number, word: string, wrong: string): void => {
    const index = typo.findIndex((line, position) => position >= from && line.includes(word));
    typo[index] = typo[index].replace(word, wrong);
  };
  misspell(9, 'await', 'awiat');
  misspell(30, 'record', 'recrod');
  const kinds: Array<[string, EditBlock, boolean]> = [
    ['exact', { oldString: block.join('\n'), newString: changed.join('\n') }, true],
    ['whitespace-drifted', { oldString: drifted(block), newString: drifted(changed) }, false],
    ['fuzzy (2 typos)', { oldString: typo.join('\n'), newString: changed.join('\n') }, false],
    ['not found (refusal with nearest)', { oldString: block.map((line) => [...line].reverse().join('')).join('\n'), newString: 'x' }, false],
  ];
  let wrong = 0;
  console.log(`(3) time per edit, 50-line block at line ${first + 1} of a 10,000-line TypeScript file (${(text.length / 1024).toFixed(0)} KiB), median of ${RUNS} runs`);
  for (const [name, edit, naiveApplies] of kinds) {
    const result = applyBlocks(text, [edit]);
    const refusal = name.startsWith('not found');
    const kind = result.blocks[0].ok ? result.blocks[0].kind : result.blocks[0].reason;
    if (refusal ? result.ok : !result.ok || result.text !== expected) {
      wrong++;
      console.log(`    ${name}: WRONG RESULT (${kind})`);
    }
    const ours = timed(() => applyBlocks(text, [edit]));
    const baseline = naiveApplies ? timed(() => naiveApply(text, [edit])) : undefined;
    const versus = baseline === undefined ? 'baseline: cannot apply' : `baseline ${baseline.toFixed(3)} ms, ratio ${(ours / baseline).toFixed(1)}×`;
    console.log(`    ${name.padEnd(34)} ${ours.toFixed(3).padStart(8)} ms  (${kind})  ${versus}`);
  }
  return ours.corrupted.length + wrong;
}

const failures = report();
if (failures > 0) {
  console.error(`\n${failures} corrupted or wrong result(s)`);
  process.exitCode = 1;
}
