/**
 * `grok-context ask "INSTRUCTION" [DIR] --propose | --apply`: the chat's tool loop in the terminal. The answer streams
 * to stdout; --propose then prints the proposed edits as a unified diff and writes nothing, --apply writes them with
 * the same matcher and safety rules as the editor and prints what changed. Sensitive files (CI, hooks, manifests…)
 * are written only with --include-sensitive: without it they are skipped, each said on stderr, and the exit code
 * stays 0, since skipping them is the safe default working as asked, not an edit that failed.
 */
import * as path from 'node:path';
import { ChatSession } from '../chat/session';
import { ToolRunner } from '../chat/toolRunner';
import type { Logger } from '../common/logger';
import { ContextEngine } from '../context/engine';
import { DEFAULT_MAX_FILE_BYTES } from '../context/scan';
import { applyToDisk } from '../edits/applyToDisk';
import { unifiedDiff } from '../edits/hunks';
import { EditProposals, type Proposal } from '../edits/proposals';
import { resolveProvider } from '../providers/factory';
import { PRESETS, keyFromEnvironment } from '../providers/presets';
import type { AssistantTurnView } from '../protocol/messages';
import { cliSettings, type AskOptions } from './ask';
import { engineContextPort, engineToolWorkspace } from './engineWorkspace';
import type { CliIO } from './pack';

function diffOf(proposal: Proposal): string {
  switch (proposal.change) {
    case 'create':
      return unifiedDiff(proposal.path, undefined, proposal.proposedText);
    case 'delete':
      return unifiedDiff(proposal.path, proposal.baseText, undefined);
    case 'rename':
      return `rename from ${proposal.path}\nrename to ${proposal.newPath}\n`;
    case 'modify':
      return unifiedDiff(proposal.path, proposal.baseText, proposal.proposedText);
  }
}

export async function askForEdits(options: AskOptions & { mode: 'propose' | 'apply'; includeSensitive?: boolean }, io: CliIO): Promise<number> {
  const settings = cliSettings(options, io);
  if (typeof settings === 'number') return settings;
  const preset = PRESETS[settings.provider];
  const root = path.resolve(options.dir);
  const roots = [{ name: path.basename(root), path: root }];
  const engine = new ContextEngine({ roots, maxFileBytes: DEFAULT_MAX_FILE_BYTES, exclude: [] });
  const proposals = new EditProposals(() => ({ fuzzyThreshold: settings.fuzzyMatchThreshold }));
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (message) => io.err(`${message}\n`), error: (message) => io.err(`${message}\n`) };
  const session = new ChatSession({
    logger,
    createProvider: async () => resolveProvider(settings, keyFromEnvironment(preset, options.env)),
    context: engineContextPort(engine, settings.maxContextTokens),
    tools: { runner: new ToolRunner({ workspace: engineToolWorkspace(engine, roots, DEFAULT_MAX_FILE_BYTES), proposals }), maxRounds: () => settings.maxToolRounds },
  });
  session.onMessage((message) => {
    if (message.type === 'delta' && message.channel === 'text') io.out(message.text);
    if (message.type === 'turnUpdated') for (const tool of message.patch.tools ?? []) if (tool.status !== 'running') reportTool(io, tool);
  });
  const reported = new Set<string>();
  function reportTool(out: CliIO, tool: NonNullable<AssistantTurnView['tools']>[number]): void {
    if (reported.has(tool.id)) return;
    reported.add(tool.id);
    out.err(`[${tool.status === 'failed' ? 'failed' : 'tool'}] ${tool.summary}${tool.detail ? `: ${tool.detail}` : ''}\n`);
  }
  const onAbort = () => void session.stop();
  options.signal?.addEventListener('abort', onAbort);
  try {
    await session.ask(options.question);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    session.dispose();
  }
  io.out('\n');
  const answer = session.view().turns.at(-1) as AssistantTurnView;
  if (answer.status === 'error') {
    io.err(`grok-context: ${answer.error?.message ?? 'the request failed'}\n`);
    return 1;
  }
  if (answer.status === 'stopped') return 130;
  const pending = proposals.pending();
  if (pending.length === 0) {
    io.err('No edits were proposed.\n');
    return 0;
  }
  if (options.mode === 'propose') {
    for (const proposal of pending) io.out(diffOf(proposal));
    for (const proposal of pending) if (proposal.sensitive) io.err(`sensitive: ${proposal.path}: ${proposal.sensitive} (--apply writes it only with --include-sensitive)\n`);
    io.err(`${pending.length} edit${pending.length === 1 ? '' : 's'} proposed; nothing was written (use --apply to write them).\n`);
    return 0;
  }
  const results = await applyToDisk(proposals, roots, DEFAULT_MAX_FILE_BYTES, { includeSensitive: options.includeSensitive });
  for (const result of results) (result.ok && !result.skipped ? io.out : io.err)(`${result.message}\n`);
  return results.every((result) => result.ok) ? 0 : 1;
}
