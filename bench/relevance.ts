/**
 * `npm run bench:relevance [-- options]`: does a question's plan send the files that matter, at 1M, 200K and 128K
 * tokens, against plain BM25 over file contents in the same run? Cases come from real history (see
 * relevanceCases.ts), plans from the real command line (`pack --question --json`, see relevanceOurs.ts), the peer
 * from relevanceBm25.ts over the same candidates and counts (relevanceScore.ts). Prints a table per repository and
 * overall and writes every case's outcome to a JSON file.
 *
 * Options:
 *   --repo NAME=GITDIR   a repository (any clone or bare git directory), repeatable; RELBENCH_REPOS="n=dir,n=dir" too.
 *                        Default: sympy (Python) and svelte (JavaScript/TypeScript) from /work/.mirror when present.
 *   --cases N            cases per repository, newest first (default 40)
 *   --windows A,B,C      windows in tokens, passed as --max-context-tokens (default 1000000,200000,128000)
 *   --cli FILE           the CLI entry (default src/cli/main.ts through tsx; RELBENCH_CLI too), e.g. bin/grok-context.js
 *   --jobs N             pack processes at once (default 3: a case's windows in parallel)
 *   --cache DIR          working copies and counts, kept between runs (default $TMPDIR/grok-context-relbench)
 *   --out FILE           the JSON result (default DIR/relevance-<time>.json in the cache folder)
 *   --timeout SECONDS    one pack's limit; a plan that does not finish counts as sending nothing (default 600)
 *   --without-question   plan without the question (what the engine sent before `pack --question` existed)
 *   --report FILE        print the tables again from a result file (also one a stopped run left)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { FRAME_TEXT } from '../src/context/render';
import { countTokens } from '../src/context/tokens';
import { logArguments, parseLog, selectCases, type Case } from './relevanceCases';
import { QuestionUnsupported, runPack, type PackRun } from './relevanceOurs';
import { expandReach, scorePlan, table, tally, type PlanScore } from './relevanceScore';
import { TreeFacts, blobsAt, checkout, git, resolveGitDir, workingCopy } from './relevanceTrees';

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_REPOS = ['sympy=/work/.mirror/sympy+sympy/repo', 'svelte=/work/.mirror/sveltejs+svelte/repo'];
/** How far back the log is read for cases: far enough for 40 on both defaults many times over. */
const LOG_DEPTH = 5000;

const { values } = parseArgs({
  options: {
    repo: { type: 'string', multiple: true },
    cases: { type: 'string', default: '40' },
    windows: { type: 'string', default: '1000000,200000,128000' },
    cli: { type: 'string', default: process.env.RELBENCH_CLI ?? path.join(ROOT, 'src/cli/main.ts') },
    jobs: { type: 'string', default: '3' },
    cache: { type: 'string', default: path.join(tmpdir(), 'grok-context-relbench') },
    out: { type: 'string' },
    timeout: { type: 'string', default: '600' },
    'without-question': { type: 'boolean', default: false },
    report: { type: 'string' },
  },
});

function positiveInteger(name: string, value: string): number {
  const number = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a positive whole number, got "${value}"`);
  return number;
}

const caseCount = positiveInteger('cases', values.cases);
const windows = values.windows.split(/[\s,]+/).filter(Boolean).map((value) => positiveInteger('windows', value));
const jobs = positiveInteger('jobs', values.jobs);
const timeoutSeconds = positiveInteger('timeout', values.timeout);
const withQuestion = !values['without-question'];
const cacheDir = path.resolve(values.cache);
const frameTokens = countTokens(FRAME_TEXT);
const repoSpecs = values.repo ?? (process.env.RELBENCH_REPOS ? process.env.RELBENCH_REPOS.split(',') : DEFAULT_REPOS);

interface CaseResult extends Case {
  scores: PlanScore[];
  packMilliseconds: number[];
  failures: string[];
}

interface RepoResult {
  name: string;
  gitDir: string;
  head: string;
  cases: CaseResult[];
  seconds: number;
}

const log = (text: string) => process.stderr.write(`${text}\n`);
const duration = (seconds: number) => (seconds >= 60 ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s` : `${seconds.toFixed(1)} s`);

/** Runs `tasks` with at most `limit` in flight, results in the tasks' order. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]().then((value) => ({ status: 'fulfilled' as const, value }), (reason: unknown) => ({ status: 'rejected' as const, reason }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** A plan that failed (or timed out) has no candidates: a miss for both, and reported in the table's line. */
const EMPTY_PLAN = { budget: 0, usedTokens: 0, files: [], excluded: [] };

const outFile = path.resolve(values.out ?? path.join(cacheDir, `relevance-${new Date().toISOString().replace(/[:.]/g, '-')}.json`));
const finished: RepoResult[] = [];
const missing: string[] = [];

function savedRun(seconds: number, current?: RepoResult): SavedRun {
  return { cli: values.cli, withQuestion, windows, caseCount, complete: !current, seconds, missing, repos: current ? [...finished, current] : finished };
}

/** The result file, rewritten after every case so a long run that is stopped still leaves what it measured. */
function writeResults(seconds: number, current?: RepoResult): void {
  writeFileSync(outFile, JSON.stringify(savedRun(seconds, current), null, 1));
}

async function runRepo(name: string, gitDir: string, runStarted: number): Promise<RepoResult> {
  const started = performance.now();
  const head = git(['rev-parse', 'HEAD'], { gitDir }).trim();
  const cases = selectCases(parseLog(git(logArguments(LOG_DEPTH, head), { gitDir })), { limit: caseCount });
  if (cases.length < caseCount) log(`${name}: only ${cases.length} qualifying commits in the last ${LOG_DEPTH} first-parent commits`);
  const dir = workingCopy(gitDir, cacheDir, name);
  const facts = new TreeFacts(path.join(cacheDir, `${name}.counts.json`));
  const results: CaseResult[] = [];
  for (const [index, item] of cases.entries()) {
    checkout(dir, item.parent);
    const blobs = blobsAt(dir, item.parent);
    const question = withQuestion ? item.question : undefined;
    const settled = await pool(windows.map((window) => () => runPack(values.cli, dir, window, question, timeoutSeconds)), jobs);
    const unsupported = settled.find((run) => run.status === 'rejected' && run.reason instanceof QuestionUnsupported);
    if (unsupported) {
      throw new Error(
        `the CLI at ${values.cli} does not accept --question: this benchmark measures plans made for a question (issue #14's ` +
          '`pack --question`). Point --cli (or RELBENCH_CLI) at a build that has it, or pass --without-question to measure plans made without one.',
      );
    }
    const failures: string[] = [];
    const runs: PackRun[] = settled.map((run) => {
      if (run.status === 'fulfilled') return run.value;
      failures.push(String((run.reason as Error).message ?? run.reason));
      return { plan: EMPTY_PLAN, milliseconds: 0 };
    });
    const peerFile = (file: string) => {
      const blob = blobs.get(file);
      if (!blob) return undefined;
      const fileFacts = facts.factsOf(dir, file, blob);
      return fileFacts.reason ? undefined : { path: file, tokens: fileFacts.tokens, terms: facts.termsOf(dir, file, blob) };
    };
    const scores = runs.map((run, at) => scorePlan({ window: windows[at], plan: run.plan, question: item.question, targets: item.targets, peerFile, frameTokens }));
    results.push({ ...item, scores, packMilliseconds: runs.map((run) => Math.round(run.milliseconds)), failures });
    facts.save();
    writeResults((performance.now() - runStarted) / 1000, { name, gitDir, head, cases: results, seconds: (performance.now() - started) / 1000 });
    const marks = scores.map((score) => score.targets.map((target) => `${target.ours ? 'O' : 'o'}${target.bm25 ? 'B' : 'b'}`).join('')).join(' ');
    log(`${name} ${index + 1}/${cases.length} ${item.commit.slice(0, 10)} ${marks} ${duration((performance.now() - started) / 1000)}${failures.length ? ` FAILED: ${failures.join('; ')}` : ''}`);
  }
  return { name, gitDir, head, cases: results, seconds: (performance.now() - started) / 1000 };
}

/** What a run leaves in its result file, and what the tables are printed from. */
interface SavedRun {
  cli: string;
  withQuestion: boolean;
  windows: number[];
  caseCount: number;
  complete: boolean;
  seconds: number;
  missing: string[];
  repos: RepoResult[];
}

function report({ cli: entry, withQuestion: asked, windows: sizes, complete, seconds, missing = [], repos }: SavedRun): string {
  const out: string[] = [];
  const rowsFor = (cases: CaseResult[]) => sizes.map((window, at) => ({ window, tally: tally(cases.map((item) => item.scores[at])) }));
  // grokContext.expandPathsWithModel: how often its request would run, and the most it could win back there
  const expandLine = (cases: CaseResult[]) =>
    'file-choosing request (expandPathsWithModel) would run for: ' +
    sizes
      .map((window, at) => {
        const reach = expandReach(cases.map((item) => item.scores[at]));
        return `${reach.runs} of ${reach.questions} questions at ${window.toLocaleString('en-US')} (${reach.missedWhereRun} files that matter not sent whole there)`;
      })
      .join('; ');
  const inside = path.relative(ROOT, path.resolve(entry));
  const cli = inside && !inside.startsWith('..') ? inside : entry;
  out.push(`Relevance: changed files sent whole, ours (${cli}${asked ? ' pack --question' : ' pack, WITHOUT the question'}) against plain BM25 over contents`);
  if (!complete) out.push('PARTIAL: written before the run had measured every case (still running, or stopped).');
  for (const name of missing) out.push(`MISSING: ${name} (not measured: no git repository where it was expected)`);
  for (const repo of repos) {
    const first = repo.cases[0]?.scores[0];
    const packs = repo.cases.flatMap((item) => item.packMilliseconds).filter((ms) => ms > 0);
    const failures = repo.cases.reduce((sum, item) => sum + item.failures.length, 0);
    const mismatches = repo.cases.reduce((sum, item) => sum + item.scores.reduce((total, score) => total + score.countMismatches, 0), 0);
    out.push('');
    out.push(
      `${repo.name} at ${repo.head.slice(0, 10)}: ${repo.cases.length} cases, ${repo.cases.reduce((sum, item) => sum + item.targets.length, 0)} files that matter, ` +
        `${duration(repo.seconds)}` +
        (first ? `; newest parent ${first.candidates.toLocaleString('en-US')} candidate files, ${first.candidateTokens.toLocaleString('en-US')} tokens whole` : '') +
        (packs.length ? `; pack to process exit ${Math.round(packs.reduce((a, b) => a + b, 0) / packs.length).toLocaleString('en-US')} ms on average` : '') +
        (failures ? `; ${failures} plans FAILED (count as misses)` : '') +
        (mismatches ? `; ${mismatches} whole-file counts differ from the engine's` : ''),
    );
    out.push(table(rowsFor(repo.cases)));
    out.push(expandLine(repo.cases));
  }
  const all = repos.flatMap((repo) => repo.cases);
  out.push('');
  out.push(`Overall: ${repos.length} repositories, ${all.length} cases, ${all.reduce((sum, item) => sum + item.targets.length, 0)} files that matter, ${duration(seconds)}`);
  out.push(table(rowsFor(all)));
  out.push(expandLine(all));
  return out.join('\n');
}

async function main(): Promise<void> {
  if (values.report) {
    // the tables again from a result file (a finished run, or one stopped part-way)
    process.stdout.write(`${report(JSON.parse(readFileSync(values.report, 'utf8')) as SavedRun)}\n`);
    return;
  }
  const started = performance.now();
  const repos: Array<{ name: string; gitDir: string }> = [];
  for (const spec of repoSpecs) {
    const equals = spec.indexOf('=');
    const name = equals > 0 ? spec.slice(0, equals) : path.basename(spec);
    const location = equals > 0 ? spec.slice(equals + 1) : spec;
    if (!/^[\w.-]+$/.test(name)) throw new Error(`a repository's name is a plain word (it names its cache folder), got "${name}"`);
    const gitDir = existsSync(location) ? resolveGitDir(location) : undefined;
    if (gitDir) repos.push({ name, gitDir });
    else {
      missing.push(name);
      log(`MISSING: ${name}: no git repository at ${location}; it is left out of this run (pass --repo ${name}=PATH to a clone with its history)`);
    }
  }
  if (repos.length === 0) throw new Error('no repository to measure: pass --repo NAME=PATH (a clone with its history), or RELBENCH_REPOS');
  if (!existsSync(values.cli)) throw new Error(`no CLI entry at ${values.cli} (--cli or RELBENCH_CLI)`);
  log(`cases: ${caseCount} per repository; windows: ${windows.join(', ')}; CLI: ${values.cli}; cache: ${cacheDir}`);
  for (const repo of repos) finished.push(await runRepo(repo.name, repo.gitDir, started));
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${report(savedRun(seconds))}\n`);
  writeResults(seconds);
  process.stdout.write(`\nEvery case's outcome: ${outFile}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:relevance: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
