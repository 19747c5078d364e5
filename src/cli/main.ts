/** `grok-context`: the command-line face of the same engine the extension uses. */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import packageJson from '../../package.json';
import { ask } from './ask';
import { contextBudget } from '../context/tokens';
import { pack, type CliIO } from './pack';

export const HELP = `grok-context ${packageJson.version}
Ask Grok about a whole repository. The VS Code extension is the main interface;
the command line runs the same engine.

Usage:
  grok-context pack [DIR] [--question TEXT] [--budget N | --max-context-tokens N] [--json] [--output FILE]
                    [--exclude GLOB]...
      The context the extension would send for DIR (default: the current directory):
      every file git sees, filtered (binaries, secrets, lock files, generated), planned
      into whole files, outlines and paths within N tokens (default 1,000,000).
      --question TEXT plans it as the chat plans a new conversation's first question TEXT:
      files ranked by relevance to it (no open editors or pins). Without it, recent changes
      and the kind of file (source before tests, docs, data) decide the order.
      --max-context-tokens N plans it as the chat does for a window of N tokens (the
      snapshot's share once the history share and the answer reserve are held back).
      --budget N sets the snapshot's size directly.
      --json prints {"budget","usedTokens","files":[{path,tokens,tier,rank}],"excluded":[{path,reason}]};
      tier is full (sent whole), outline or path; rank is the file's relevance, 1 = most relevant.
      Without --json the rendered context goes to FILE or stdout and a summary to stderr.
  grok-context ask "QUESTION" [DIR] [--provider ID] [--base-url URL] [--model ID] [--effort LEVEL]
                   [--conversation FILE] [--max-context-tokens N] [--propose | --apply [--include-sensitive]]
      Asks about DIR with that context; the answer streams to stdout, tool activity, usage and
      cost to stderr. Grok may read, list and search files (read-only tools).
      --conversation FILE  one turn of a conversation kept in FILE (created if missing): follow-ups
                 carry the history (budgeted and compacted as in the chat) and hit the provider's
                 cache; without it the cache key comes from the workspace snapshot.
      --max-context-tokens N  the window the request is planned in (default 1,000,000).
      Providers: xai (default), aigateway, cloudflare-workers-ai, cloudflare-ai-gateway, runware,
      openrouter, openai-compatible. The key comes from GROK_CONTEXT_API_KEY, else the provider's usual
      variable (XAI_API_KEY, AIGATEWAY_API_KEY, CLOUDFLARE_API_TOKEN, RUNWARE_API_KEY, OPENROUTER_API_KEY, OPENAI_API_KEY);
      Cloudflare account and gateway ids from CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_GATEWAY_ID.
      --propose  let Grok read files and propose edits; print them as a unified diff, write nothing
      --apply    the same, then write the edits (same matcher and safety rules as the editor)
                 and print what changed; exit 1 if any edit could not be written
      --include-sensitive  with --apply, also write files that configure or run code (CI workflows,
                 git hooks, package.json, .vscode/*, Makefile…); without it they are skipped and
                 listed on stderr (not a failure: exit 0)
  grok-context --version   print the version
  grok-context --help      print this help
`;

/** A token count given on the command line (`1_000_000` and `1,000,000` too); undefined when absent, null when invalid. */
function tokensOption(value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  const tokens = Number(value.replace(/[_,]/g, ''));
  return Number.isInteger(tokens) && tokens >= 1000 ? tokens : null;
}

function fail(io: CliIO, message: string): number {
  io.err(`grok-context: ${message}\n`);
  return 2;
}

async function runPack(args: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        budget: { type: 'string' },
        json: { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        exclude: { type: 'string', multiple: true, default: [] },
        'max-context-tokens': { type: 'string' },
        question: { type: 'string' },
      },
    });
  } catch (error) {
    return fail(io, `${(error as Error).message}\n\n${HELP}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) return fail(io, `pack takes one directory, got ${positionals.length} (quote the --question text)`);
  if (values.question !== undefined && !values.question.trim()) return fail(io, '--question needs the question\'s text');
  const dir = positionals[0] ?? '.';
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return fail(io, `not a directory: ${dir}`);
  const maxContextTokens = tokensOption(values['max-context-tokens']);
  if (maxContextTokens === null) return fail(io, `--max-context-tokens must be a whole number of tokens of at least 1000, got "${values['max-context-tokens']}"`);
  // --budget is the snapshot's size itself; --max-context-tokens the window it is the snapshot's share of (as in the chat)
  const budget = values.budget === undefined ? (maxContextTokens === undefined ? 1_000_000 : contextBudget({ maxContextTokens })) : Number(values.budget.replace(/[_,]/g, ''));
  if (!Number.isInteger(budget) || budget < 1) return fail(io, `--budget must be a positive whole number of tokens, got "${values.budget}"`);
  return pack({ dir, budget, maxContextTokens, question: values.question, json: values.json ?? false, output: values.output, exclude: values.exclude ?? [] }, io);
}

async function runAsk(args: string[], io: CliIO, env: NodeJS.ProcessEnv): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        provider: { type: 'string' },
        'base-url': { type: 'string' },
        model: { type: 'string' },
        effort: { type: 'string' },
        propose: { type: 'boolean', default: false },
        apply: { type: 'boolean', default: false },
        'include-sensitive': { type: 'boolean', default: false },
        conversation: { type: 'string' },
        'max-context-tokens': { type: 'string' },
      },
    });
  } catch (error) {
    return fail(io, `${(error as Error).message}\n\n${HELP}`);
  }
  const [question, dir = '.', ...extra] = parsed.positionals;
  if (!question?.trim()) return fail(io, 'ask needs a question');
  if (extra.length > 0) return fail(io, 'ask takes a question and one directory (quote the question)');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return fail(io, `not a directory: ${dir}`);
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const { values } = parsed;
    if (values.propose && values.apply) return fail(io, 'choose --propose or --apply, not both');
    if (values['include-sensitive'] && !values.apply) return fail(io, '--include-sensitive goes with --apply');
    const maxContextTokens = tokensOption(values['max-context-tokens']);
    if (maxContextTokens === null) return fail(io, `--max-context-tokens must be a whole number of tokens of at least 1000, got "${values['max-context-tokens']}"`);
    return await ask(
      {
        question,
        dir,
        provider: values.provider,
        baseUrl: values['base-url'],
        model: values.model,
        effort: values.effort,
        env,
        signal: controller.signal,
        conversation: values.conversation,
        maxContextTokens,
        mode: values.apply ? 'apply' : values.propose ? 'propose' : 'answer',
        includeSensitive: values['include-sensitive'],
      },
      io,
    );
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

/** Runs the CLI; resolves to the process exit code. Output goes through `io` so tests can capture it. */
export async function runCli(args: readonly string[], io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = args;
  if (command === '--version' || command === '-v') {
    io.out(`${packageJson.version}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP);
    return 0;
  }
  if (command === 'pack') return runPack(rest, io);
  if (command === 'ask') return runAsk(rest, io, env);
  return fail(io, `unknown command "${command}"\n\n${HELP}`);
}

const stdio: CliIO = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

export function main(): void {
  runCli(process.argv.slice(2), stdio).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`grok-context: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) main();
