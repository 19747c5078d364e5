/** `grok-context pack`: the same context the extension sends, for the terminal, scripts and benchmarks. */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ContextEngine } from '../context/engine';
import type { ContextPlan } from '../context/model';
import { DEFAULT_MAX_FILE_BYTES } from '../context/scan';

export interface PackOptions {
  dir: string;
  budget: number;
  /** The window the budget came from (the chat's `grokContext.maxContextTokens`), when given. */
  maxContextTokens?: number;
  /** Planned as the chat plans a conversation's first question: files ranked by relevance to it. */
  question?: string;
  json: boolean;
  output?: string;
  exclude: string[];
  maxFileBytes?: number;
}

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export function planAsJson(plan: ContextPlan): string {
  return JSON.stringify({
    budget: plan.budget,
    usedTokens: plan.usedTokens,
    files: plan.files.map(({ path: file, tokens, tier, rank }) => ({ path: file, tokens, tier, rank })),
    excluded: plan.excluded,
    // with a question: whether the ranking separated the top files (if not, the chat asks Grok to choose files)
    relevanceClear: plan.relevanceClear,
  });
}

function summary(plan: ContextPlan, milliseconds: number, usedGit: boolean): string {
  const tiers = { full: 0, outline: 0, path: 0 };
  for (const file of plan.files) tiers[file.tier]++;
  const reasons = new Map<string, number>();
  for (const item of plan.excluded) reasons.set(item.reason, (reasons.get(item.reason) ?? 0) + 1);
  const why = [...reasons].map(([reason, count]) => `${count} ${reason}`).join(', ');
  return (
    `Packed ${plan.files.length} files (${tiers.full} whole, ${tiers.outline} outline, ${tiers.path} path only) in ` +
    `${plan.usedTokens.toLocaleString('en-US')} of ${plan.budget.toLocaleString('en-US')} tokens` +
    `${plan.excluded.length ? `; left out ${plan.excluded.length} (${why})` : ''}; listed with ${usedGit ? 'git' : 'a .gitignore-aware walk'} in ${milliseconds} ms.\n`
  );
}

export async function pack(options: PackOptions, io: CliIO): Promise<number> {
  const started = performance.now();
  const root = path.resolve(options.dir);
  const engine = new ContextEngine({
    roots: [{ name: path.basename(root), path: root }],
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    exclude: options.exclude,
  });
  await engine.scan();
  // no editor state: no open editors, pins or includes, as in a new window
  const plan = await engine.plan({ maxContextTokens: options.maxContextTokens ?? options.budget, budget: options.budget, question: options.question });
  const rendered = options.json ? `${planAsJson(plan)}\n` : plan.text;
  if (options.output) writeFileSync(options.output, rendered);
  else io.out(rendered);
  if (!options.json || options.output) io.err(summary(plan, Math.round(performance.now() - started), engine.usedGit));
  return 0;
}
