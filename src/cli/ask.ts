/** `grok-context ask`: one question about a directory, streamed to stdout; usage and cost to stderr. */
import * as path from 'node:path';
import { buildMessages } from '../chat/prompt';
import { UserFacingError } from '../common/errors';
import { formatDollars } from '../common/format';
import { SETTING_DEFAULTS, isProviderId, type ReasoningEffort, type Settings } from '../common/settings';
import { ContextEngine } from '../context/engine';
import { DEFAULT_MAX_FILE_BYTES } from '../context/scan';
import { resolveProvider } from '../providers/factory';
import { PRESETS, keyFromEnvironment } from '../providers/presets';
import { usageCost } from '../providers/pricing';
import type { Usage } from '../providers/types';
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
  };
}

export async function ask(options: AskOptions, io: CliIO): Promise<number> {
  const settings = cliSettings(options, io);
  if (typeof settings === 'number') return settings;
  const preset = PRESETS[settings.provider];
  try {
    // resolve first: a missing key or URL is reported before the workspace is read
    const resolved = resolveProvider(settings, keyFromEnvironment(preset, options.env));
    const root = path.resolve(options.dir);
    const engine = new ContextEngine({ roots: [{ name: path.basename(root), path: root }], maxFileBytes: DEFAULT_MAX_FILE_BYTES, exclude: [] });
    await engine.scan(options.signal);
    const plan = await engine.plan({ maxContextTokens: settings.maxContextTokens, question: options.question }, options.signal);
    io.err(`Context: ${plan.files.length} files, ${plan.usedTokens.toLocaleString('en-US')} of ${plan.budget.toLocaleString('en-US')} tokens. Asking ${resolved.label} (${resolved.model})…\n`);
    let usage: Usage | undefined;
    const signal = options.signal ?? new AbortController().signal;
    const request = { ...resolved.parameters, model: resolved.model, messages: buildMessages({ tools: false, snapshot: plan.text, question: options.question }) };
    for await (const event of resolved.provider.stream(request, signal)) {
      if (event.type === 'text') io.out(event.text);
      else if (event.type === 'usage') usage = event.usage;
    }
    io.out('\n');
    if (usage) {
      const cost = usageCost(resolved.price, usage);
      io.err(
        `Usage: ${usage.promptTokens.toLocaleString('en-US')} in (${usage.cachedPromptTokens.toLocaleString('en-US')} cached), ` +
          `${usage.completionTokens.toLocaleString('en-US')} out${cost === undefined ? '' : `, ${formatDollars(cost)}`}\n`,
      );
    }
    return 0;
  } catch (error) {
    io.err(`grok-context: ${error instanceof UserFacingError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
