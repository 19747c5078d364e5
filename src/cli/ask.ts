/**
 * `grok-context ask`: a question about a directory through the same session as the chat (snapshot, deltas, history
 * budget, compaction, tools), streamed to stdout; tool activity, usage and cost to stderr. With `--conversation FILE`
 * each call is one turn of a conversation kept in FILE (the chat's stored form, written atomically), so follow-ups
 * hit the provider's cache; without it the cache key is derived from the workspace snapshot, so two asks about the
 * same unchanged workspace share it too. The read-only tools are always on; the edit tools with --propose/--apply.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readConversationFile, writeConversationFile } from '../chat/storage/conversationSingleFile';
import { ChatSession } from '../chat/session';
import { ToolRunner } from '../chat/toolRunner';
import { UserFacingError } from '../common/errors';
import { formatDollars } from '../common/format';
import type { Logger } from '../common/logger';
import { SETTING_DEFAULTS, isProviderId, type ReasoningEffort, type Settings } from '../common/settings';
import { ContextEngine } from '../context/engine';
import { DEFAULT_MAX_FILE_BYTES } from '../context/scan';
import { EditProposals } from '../edits/proposals';
import { resolveProvider } from '../providers/factory';
import { PRESETS, keyFromEnvironment } from '../providers/presets';
import type { AssistantTurnView, ToolActivityView } from '../protocol/messages';
import { reportEdits } from './edit';
import { engineContextPort, engineToolWorkspace } from './engineWorkspace';
import type { CliIO } from './pack';

export interface AskOptions {
  question: string;
  dir: string;
  provider?: string;
  baseUrl?: string;
  model?: string;
  effort?: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** The file a conversation is kept in: created if missing, continued if present. */
  conversation?: string;
  /** The window the request is planned in (grokContext.maxContextTokens). */
  maxContextTokens?: number;
  /** Answer only, or let the model propose edits (printed as a diff) or apply them. */
  mode?: 'answer' | 'propose' | 'apply';
  includeSensitive?: boolean;
}
/** The settings a command-line question runs with, or the exit code after saying what is wrong. */
export function cliSettings(options: AskOptions, io: CliIO): Settings | number {
  const provider = options.provider ?? 'xai';
  if (!isProviderId(provider)) {
    io.err(`grok-context: unknown provider "${provider}". Choose one of: ${Object.keys(PRESETS).join(', ')}\n`);
    return 2;
  }
  const effort = options.effort ?? '';
  if (!['', 'none', 'low', 'medium', 'high'].includes(effort)) {
    io.err(`grok-context: --effort must be none, low, medium or high, got "${effort}"\n`);
    return 2;
  }
  return {
    ...SETTING_DEFAULTS,
    provider,
    // --base-url is for whichever provider is chosen (a preset's own URL belongs to that preset alone)
    baseUrl: options.baseUrl ?? '',
    baseUrls: options.baseUrl ? { [provider]: options.baseUrl } : {},
    model: options.model ?? PRESETS[provider].defaultModel,
    reasoningEffort: effort as ReasoningEffort,
    cloudflareAccountId: options.env.CLOUDFLARE_ACCOUNT_ID ?? '',
    cloudflareGatewayId: options.env.CLOUDFLARE_GATEWAY_ID ?? '',
    maxContextTokens: options.maxContextTokens ?? SETTING_DEFAULTS.maxContextTokens,
  };
}

/** A cache key for an ask outside a conversation: the same unchanged workspace gives the same key. */
export function snapshotCacheKey(snapshotText: string): string {
  return `grok-context-${createHash('sha256').update(snapshotText).digest('hex').slice(0, 32)}`;
}

function usageLine(answer: AssistantTurnView): string | undefined {
  const usage = answer.usage;
  if (!usage) return undefined;
  const cost = answer.cost === undefined ? '' : answer.costBilled ? `, ${formatDollars(answer.cost)} billed` : `, ≈ ${formatDollars(answer.cost)}`;
  return (
    `Usage: ${usage.promptTokens.toLocaleString('en-US')} in (${usage.cachedPromptTokens.toLocaleString('en-US')} cached), ` +
    `${usage.completionTokens.toLocaleString('en-US')} out${cost}\n`
  );
}

export async function ask(options: AskOptions, io: CliIO): Promise<number> {
  const settings = cliSettings(options, io);
  if (typeof settings === 'number') return settings;
  const preset = PRESETS[settings.provider];
  const mode = options.mode ?? 'answer';
  try {
    // resolve first: a missing key or URL is reported before the workspace is read
    const resolved = resolveProvider(settings, keyFromEnvironment(preset, options.env));
    const root = path.resolve(options.dir);
    const roots = [{ name: path.basename(root), path: root }];
    const engine = new ContextEngine({ roots, maxFileBytes: DEFAULT_MAX_FILE_BYTES, exclude: [] });
    const proposals = new EditProposals(() => ({ fuzzyThreshold: settings.fuzzyMatchThreshold }));
    const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (message) => io.err(`${message}\n`), error: (message) => io.err(`${message}\n`) };
    const session = new ChatSession({
      logger,
      createProvider: async () => resolveProvider(settings, keyFromEnvironment(preset, options.env)),
      context: engineContextPort(engine, settings.maxContextTokens),
      window: () => ({ maxContextTokens: settings.maxContextTokens, modelContextWindow: settings.modelContextWindow }),
      tools: {
        runner: new ToolRunner({ workspace: engineToolWorkspace(engine, roots, DEFAULT_MAX_FILE_BYTES, { maxContextTokens: settings.maxContextTokens }), proposals }),
        maxRounds: () => settings.maxToolRounds,
        edits: () => mode !== 'answer',
      },
      proposals,
      // a conversation is its own cache key; a one-off ask shares the key of its workspace snapshot
      cacheKey: options.conversation ? undefined : snapshotCacheKey,
    });
    if (options.conversation && existsSync(options.conversation)) {
      const stored = await readConversationFile(options.conversation, logger);
      if (!stored) {
        io.err(`grok-context: ${options.conversation} is not a conversation this tool can read; nothing was asked.\n`);
        return 1;
      }
      await session.load(stored);
    }
    const reported = new Set<string>();
    const report = (tool: ToolActivityView) => {
      if (tool.status === 'running' || reported.has(tool.id)) return;
      reported.add(tool.id);
      io.err(`[${tool.status === 'failed' ? 'failed' : 'tool'}] ${tool.summary}${tool.detail ? `: ${tool.detail}` : ''}\n`);
    };
    let announced = false;
    session.onMessage((message) => {
      if (message.type === 'delta' && message.channel === 'text') io.out(message.text);
      if (message.type !== 'turnUpdated') return;
      const context = message.patch.context;
      if (context && !announced) {
        announced = true;
        const history = context.history ? `, history ${context.history.toLocaleString('en-US')}` : '';
        io.err(
          `Context: ${context.files} files, ${context.tokens.toLocaleString('en-US')} of ${context.budget.toLocaleString('en-US')} tokens${history}. ` +
            `Asking ${resolved.label} (${resolved.model})…\n`,
        );
      }
      for (const tool of message.patch.tools ?? []) report(tool);
    });
    const onAbort = () => void session.stop();
    options.signal?.addEventListener('abort', onAbort);
    try {
      await session.ask(options.question);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      session.dispose();
    }
    io.out('\n');
    if (options.conversation) await writeConversationFile(options.conversation, session.toStored());
    const turns = session.view().turns;
    const answer = turns.at(-1) as AssistantTurnView;
    const compaction = turns.at(-2)?.role === 'user' ? (turns.at(-2) as { compaction?: string }).compaction : undefined;
    if (compaction) io.err(`${compaction}.\n`);
    if (answer.notice) io.err(`${answer.notice}\n`);
    const usage = usageLine(answer);
    if (usage) io.err(usage);
    if (answer.status === 'error') {
      io.err(`grok-context: ${answer.error?.message ?? 'the request failed'}\n`);
      return 1;
    }
    if (answer.status === 'stopped') return 130;
    return mode === 'answer' ? 0 : reportEdits(proposals, mode, roots, options.includeSensitive === true, io);
  } catch (error) {
    io.err(`grok-context: ${error instanceof UserFacingError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
