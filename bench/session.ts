/**
 * `npm run bench:session -- DIR [--turns N] [--window TOKENS]`: a long conversation on a repository larger than the
 * window, through the real session, tool runner, context engine and `openai` SDK, against the fake provider with a
 * context window enforced (400 with xAI's overflow message above it) and a simulated prompt cache (cached tokens =
 * the prefix a request shares with the previous one).
 *
 * Each answer reads two files of about 20K tokens that the snapshot lists by path only (so they are not answered
 * with a pointer), proposes one edit, and answers. Ours (history budget + compaction) against the peer: the same
 * session as it was before this work (a tenth of the window, at most 64K, held back; history never compacted).
 * Not a test: it prints figures.
 */
import * as path from 'node:path';
import { ChatSession } from '../src/chat/session';
import { ToolRunner } from '../src/chat/toolRunner';
import { engineContextPort, engineToolWorkspace } from '../src/cli/engineWorkspace';
import type { Logger } from '../src/common/logger';
import { SETTING_DEFAULTS } from '../src/common/settings';
import { ContextEngine } from '../src/context/engine';
import type { ContextPlan } from '../src/context/model';
import { EditProposals } from '../src/edits/proposals';
import { resolveProvider } from '../src/providers/factory';
import type { AssistantTurnView } from '../src/protocol/messages';
import { FakeProvider, messagesOf, type RecordedRequest, type Script } from '../test/support/fakeProvider';
import { everyPresetAt } from '../test/support/presetUrls';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const positional = args.filter((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--'));
const dir = path.resolve(positional[0] ?? '.');
const TURNS = flag('--turns', 60);
const WINDOW = flag('--window', 1_000_000);
/** Files the answers read: listed by path only, about this many tokens each. */
const READ_TOKENS = { min: 12_000, max: 30_000 };

interface Outcome {
  turns: number;
  failedAt?: number;
  failure?: string;
  prompt: number;
  cached: number;
  requests: number;
  compactions: number;
  seconds: number;
  /** Summary requests (compaction by the model). */
  summaries: number;
  /** Requests repeated after the provider refused them as too large. */
  retries: number;
}

/** Path-only files of about 20K tokens, and one small file whose first line each answer proposes to edit. */
async function pickFiles(engine: ContextEngine, plan: ContextPlan): Promise<{ reads: string[]; edit: { path: string; line: string } }> {
  const listed = plan.files.filter((file) => file.tier === 'path').map((file) => file.path);
  const manifest = await engine.manifest();
  const sizes = new Map(manifest.map((entry) => [entry.path, entry.tokens]));
  const reads = listed.filter((file) => (sizes.get(file) ?? 0) >= READ_TOKENS.min && (sizes.get(file) ?? 0) <= READ_TOKENS.max && /\.(js|ts|md|py)$/.test(file)).sort();
  const small = plan.files.find((file) => file.tier === 'full' && /\.(js|ts|py)$/.test(file.path) && file.tokens > 50);
  if (reads.length < 2 || !small) throw new Error(`${dir}: needs path-only files of ${READ_TOKENS.min}-${READ_TOKENS.max} tokens and a small source file sent whole`);
  const text = (await import('node:fs')).readFileSync(path.join(dir, small.path), 'utf8');
  const line = text.split('\n').find((candidate) => candidate.trim().length > 10 && text.split(candidate).length === 2) ?? '';
  return { reads, edit: { path: small.path, line } };
}

/** The model's side: read two files, then propose one edit, then answer; decided from the request's last item. */
function scripted(files: { reads: string[]; edit: { path: string; line: string } }) {
  let turn = 0;
  return (request: RecordedRequest): Script => {
    const last = messagesOf(request).at(-1);
    const usage = { prompt_tokens: 0, completion_tokens: 200, reasoning_tokens: 100 };
    if (last?.role === 'user') {
      turn++;
      const a = files.reads[(2 * turn) % files.reads.length];
      const b = files.reads[(2 * turn + 1) % files.reads.length];
      return {
        kind: 'stream',
        reasoning: ['Reading the two files.'],
        text: [],
        toolCalls: [
          { id: `t${turn}-a`, name: 'read_file', arguments: JSON.stringify({ path: a }) },
          { id: `t${turn}-b`, name: 'read_file', arguments: JSON.stringify({ path: b }) },
        ],
        usage,
      };
    }
    if (last?.role === 'tool' && last.text.includes('base_hash') && !last.text.startsWith('Proposed')) {
      const edit = { old_string: files.edit.line, new_string: `${files.edit.line} // turn ${turn}`, expected_occurrences: 1 };
      return { kind: 'stream', text: [], toolCalls: [{ id: `t${turn}-e`, name: 'replace_in_file', arguments: JSON.stringify({ path: files.edit.path, edits: [edit], base_hash: '' }) }], usage };
    }
    return { kind: 'stream', text: [`Turn ${turn}: the two files `, 'work together as described; one edit proposed.'], usage };
  };
}

async function run(label: string, ours: boolean): Promise<Outcome> {
  const fake = await FakeProvider.start();
  fake.contextWindow = WINDOW;
  fake.simulateCache = true;
  const roots = [{ name: path.basename(dir), path: dir }];
  const engine = new ContextEngine({ roots, maxFileBytes: 1 << 20, exclude: [] });
  await engine.scan();
  const context = engineContextPort(engine, WINDOW);
  const probe = await context.plan('', new AbortController().signal);
  const files = await pickFiles(engine, probe);
  if (ours) {
    const manifest = await engine.manifest();
    const tiers = { full: 0, outline: 0, path: 0 };
    for (const file of probe.files) tiers[file.tier]++;
    console.log(
      `tree: ${manifest.length.toLocaleString('en-US')} files, ${manifest.reduce((sum, entry) => sum + entry.tokens, 0).toLocaleString('en-US')} tokens; ` +
        `snapshot ${probe.usedTokens.toLocaleString('en-US')} tokens (${tiers.full} whole, ${tiers.outline} outlines, ${tiers.path} paths); ${files.reads.length} path-only files of 12-30K tokens to read`,
    );
  }
  fake.defaultScript = scripted(files);
  const proposals = new EditProposals();
  let compactions = 0;
  const logger: Logger = {
    debug: () => undefined,
    info: (message) => {
      if (message.startsWith('History compacted')) compactions++;
    },
    warn: () => undefined,
    error: () => undefined,
  };
  // The peer plans the snapshot as before: the window minus a tenth (at most 64K) for everything else.
  const peerBudget = WINDOW - Math.min(64_000, Math.floor(WINDOW / 10));
  const session = new ChatSession({
    logger,
    createProvider: async () => resolveProvider({ ...SETTING_DEFAULTS, baseUrls: everyPresetAt(fake.baseUrl), maxRetries: 2, reasoningEffort: 'low' }, 'bench-key'),
    context: ours ? context : { ...context, plan: (question, signal, _budget, relevant) => context.plan(question, signal, peerBudget, relevant) },
    window: () => ({ maxContextTokens: WINDOW, modelContextWindow: WINDOW }),
    tools: { runner: new ToolRunner({ workspace: engineToolWorkspace(engine, roots, 1 << 20, { maxContextTokens: WINDOW }), proposals }), maxRounds: () => 6 },
    proposals,
    compaction: ours,
  });
  const started = performance.now();
  const outcome: Outcome = { turns: 0, prompt: 0, cached: 0, requests: 0, compactions: 0, seconds: 0, summaries: 0, retries: 0 };
  for (let turn = 1; turn <= TURNS; turn++) {
    await session.ask(`Question ${turn}: how do the two files you read relate, and what would you change?`);
    const answer = session.view().turns.at(-1) as AssistantTurnView;
    outcome.prompt += answer.usage?.promptTokens ?? 0;
    outcome.cached += answer.usage?.cachedPromptTokens ?? 0;
    if (answer.status !== 'done') {
      outcome.failedAt = turn;
      outcome.failure = answer.error?.message ?? answer.status;
      break;
    }
    outcome.turns = turn;
    process.stderr.write(`\r${label}: turn ${turn}/${TURNS}, ${compactions} compactions`);
  }
  process.stderr.write('\n');
  outcome.seconds = (performance.now() - started) / 1000;
  outcome.requests = fake.requests.length;
  outcome.compactions = compactions;
  outcome.summaries = fake.requests.filter((request) => messagesOf(request)[0]?.text.startsWith('You compress')).length;
  outcome.retries = outcome.requests - outcome.summaries - 3 * outcome.turns - (outcome.failedAt ? 1 : 0);
  session.dispose();
  await fake.close();
  return outcome;
}

async function main(): Promise<void> {
  console.log(`bench:session on ${dir}: ${TURNS} turns, window ${WINDOW.toLocaleString('en-US')} tokens`);
  const ours = await run('ours', true);
  const peer = await run('peer (no history budget)', false);
  const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a');
  const row = (name: string, outcome: Outcome) =>
    `| ${name} | ${outcome.failedAt ? `failed at turn ${outcome.failedAt}` : `${outcome.turns}/${TURNS} completed`} | ${outcome.requests} | ${outcome.compactions} (${outcome.summaries} summaries, ${outcome.retries} overflow retries) | ` +
    `${outcome.prompt.toLocaleString('en-US')} | ${pct(outcome.cached, outcome.prompt)} | ${outcome.seconds.toFixed(1)} s |`;
  console.log('| session | turns | requests | compactions | prompt tokens billed | of them cached | wall time |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  console.log(row('ours: history budget + compaction', ours));
  console.log(row('peer: no history budget (before)', peer));
  if (peer.failure) console.log(`peer's failure: ${peer.failure.slice(0, 300)}`);
  if (ours.failure) console.log(`ours failed: ${ours.failure.slice(0, 300)}`);
  console.log(`turns completed: ${ours.turns} vs ${peer.turns} → ${peer.turns ? (ours.turns / peer.turns).toFixed(1) : '∞'}×`);
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
