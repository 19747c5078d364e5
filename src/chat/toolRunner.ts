/**
 * Runs the model's tool calls: reads, listings and searches at once; edits become proposals the user reviews (or,
 * with auto-apply on, are applied). Every outcome, failures included, is text the model can act on.
 */
import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import { errorMessage } from '../common/errors';
import { readFileText, textHash, type FileText } from '../edits/fileText';
import { describeBlocks, type EditProposals, type Proposal, type ProposalOwner } from '../edits/proposals';
import { lineCounts } from '../edits/hunks';
import { EDIT_TOOLS, parseToolArguments, type ToolCallArguments } from '../edits/toolSchemas';
import { resolveWorkspacePath, type EditRoot } from '../edits/workspacePaths';
import { failedEditDetail, failedEditSummary } from './editFailure';
import { compileSearchPattern } from './searchPattern';
import type { ContextPlan, ExclusionReason } from '../context/model';
import type { ToolActivityView } from '../protocol/messages';
import type { ToolCall } from '../providers/types';

export interface ToolWorkspace {
  roots(): readonly EditRoot[];
  maxFileBytes(): number;
  /**
   * The files the tools may see (the context engine's collected set) and why each other collected file is refused.
   * `fresh`: list again now (a file on disk is missing from the last listing: it may have just been created).
   */
  collected(signal: AbortSignal, fresh?: boolean): Promise<{ readable: readonly string[]; refused: ReadonlyMap<string, string> }>;
  /** An editor's unsaved text for this file, if it has some: tools and edits see what the user sees. */
  unsavedText?(absolute: string): string | undefined;
  /**
   * Why this text of a file must not reach the model (`secret: <rule>`), or undefined: the context engine's secretlint
   * scan, cached by content hash (off the main thread where the engine runs in a worker). A file the user included
   * explicitly passes; a pin does not.
   */
  secretCheck(path: string, text: string, signal: AbortSignal): Promise<string | undefined>;
}

/** Collected files the tools may read although the plan left them out (their text is secret-checked before the model
 *  sees any of it); the other exclusions are refused with their reason. */
const READABLE_EXCLUSIONS: ReadonlySet<ExclusionReason> = new Set(['budget', 'lockfile', 'minified', 'generated']);

/** The tools' view of a plan: every collected file they may read, and why the others are refused. */
export function toolFilesFromPlan(plan: Pick<ContextPlan, 'files' | 'excluded'> | undefined): { readable: string[]; refused: Map<string, string> } {
  const readable = (plan?.files ?? []).map((file) => file.path);
  const refused = new Map<string, string>();
  for (const item of plan?.excluded ?? []) {
    if (READABLE_EXCLUSIONS.has(item.reason)) readable.push(item.path);
    else refused.set(item.path, item.reason);
  }
  return { readable: readable.sort(), refused };
}

export interface ToolRunnerPorts {
  workspace: ToolWorkspace;
  proposals: EditProposals;
  /** Auto-apply: whether it is on (asked per call) and how to apply a proposal; `apply` resolves to an error message when it could not. */
  autoApply?: { enabled(): boolean; apply(proposal: Proposal): Promise<string | undefined> };
}

export interface ToolOutcome {
  content: string;
  activity: ToolActivityView;
}

/** How much of a file one read_file returns without a line range (the rest is one more call away). */
const READ_LINE_LIMIT = 4000;
const READ_CHAR_LIMIT = 400_000;
const LIST_LIMIT = 2000;
const SEARCH_HIT_LIMIT = 200;
/** Characters of one line a search looks at: RE2's work is linear in the line and in the pattern's size. */
const SEARCH_LINE_CHARS = 10_000;
const SEARCH_TIME_LIMIT_MS = 5_000;

class ToolFailure extends Error {
  /** What the user's card says when it differs from what the model is told (a refused edit: a status, not a prompt). */
  constructor(
    message: string,
    readonly forUser?: { summary: string; detail: string },
  ) {
    super(message);
  }
}

/** What a round's calls need to know about the answer running them. */
export interface RoundOptions {
  /** The conversation and answer (user turn id) the proposals of this round belong to. */
  owner?: ProposalOwner;
  /** Whether this file text (sha1 of its UTF-8 bytes) was sent whole in the conversation's snapshot and is unchanged. */
  alreadySent?(path: string, sha1: string): boolean;
  /** Only reading tools may run (the command line without --propose/--apply). */
  readOnly?: boolean;
}

export class ToolRunner {
  constructor(private readonly ports: ToolRunnerPorts) {}

  /**
   * Runs a round of calls: read-only ones together, edits one after another in the order the model gave them.
   * Once `signal` is aborted (Stop) no further call starts: no edit is proposed or applied after Stop.
   */
  async runAll(calls: readonly ToolCall[], signal: AbortSignal, onActivity: (activity: ToolActivityView) => void, options: RoundOptions = {}): Promise<ToolOutcome[]> {
    const outcomes = new Array<ToolOutcome>(calls.length);
    const run = async (index: number) => {
      signal.throwIfAborted();
      onActivity({ id: calls[index].id, tool: toolOf(calls[index].name), summary: `${calls[index].name}…`, status: 'running' });
      signal.throwIfAborted();
      outcomes[index] = await this.run(calls[index], signal, options);
      onActivity(outcomes[index].activity);
    };
    const isEdit = (call: ToolCall) => (EDIT_TOOLS as readonly string[]).includes(call.name);
    await Promise.all(calls.map((call, index) => (isEdit(call) ? undefined : run(index))));
    for (const [index, call] of calls.entries()) if (isEdit(call)) await run(index);
    return outcomes;
  }

  async run(call: ToolCall, signal: AbortSignal, options: RoundOptions = {}): Promise<ToolOutcome> {
    const tool = toolOf(call.name);
    // the file a call names, for its card (a later call to the same file shows that a failed edit was retried)
    const named = call.parsed.ok ? (call.parsed.value as { path?: unknown } | null)?.path : undefined;
    const path = typeof named === 'string' ? named.slice(0, 300) : undefined;
    const fail = (summary: string, detail: string, forUser = { summary, detail }): ToolOutcome => ({
      content: `Error: ${detail}`,
      activity: { id: call.id, tool, summary: forUser.summary, status: 'failed', detail: forUser.detail, ...(path ? { path } : {}) },
    });
    if (!call.parsed.ok) return fail(`${call.name}: invalid arguments`, `${call.parsed.error}. Send the call again with valid JSON arguments.`);
    const parsed = parseToolArguments(call.name, call.parsed.value);
    if (!parsed.ok) return fail(`${call.name}: invalid arguments`, parsed.error);
    const args = parsed.value;
    if (options.readOnly && (EDIT_TOOLS as readonly string[]).includes(call.name)) {
      return fail(`${call.name}: not available`, `${call.name} is not available here: only read_file, list_files and search are. Describe the change in your answer instead.`);
    }
    try {
      this.ports.proposals.owner = options.owner;
      return await this.execute(call.id, args, signal, options);
    } catch (error) {
      if (signal.aborted) throw error;
      const detail = error instanceof ToolFailure ? error.message : `${call.name} failed: ${errorMessage(error)}`;
      return fail(`${describe(args)} failed`, detail, error instanceof ToolFailure ? error.forUser : undefined);
    } finally {
      // a proposal made outside a round (a code block's Apply) belongs to no answer
      this.ports.proposals.owner = undefined;
    }
  }

  private async execute(id: string, args: ToolCallArguments, signal: AbortSignal, options: RoundOptions): Promise<ToolOutcome> {
    const done = (summary: string, content: string, editId?: string): ToolOutcome => ({
      content,
      activity: { id, tool: args.tool, summary, status: 'done', ...(editId ? { editId } : {}), ...('path' in args ? { path: args.path } : {}) },
    });
    switch (args.tool) {
      case 'read_file': {
        const { path, text, note } = await this.readForModel(args.path, signal);
        const lines = text.split('\n');
        if (text.endsWith('\n')) lines.pop(); // a final newline ends the last line; it does not start another
        // Already in the snapshot whole and unchanged since: a pointer instead of the same text again (the history budget).
        if (!note.pending && options.alreadySent?.(path, createHash('sha1').update(text, 'utf8').digest('hex'))) {
          return done(
            `read ${path} (already in context)`,
            `${path} (${lines.length} lines, base_hash ${note.hash}) is already in the workspace above, whole and unchanged since: read it there and cite it as ${path}:line.`,
          );
        }
        const first = args.startLine ?? 1;
        if (first > Math.max(1, lines.length)) throw new ToolFailure(`${path} has ${lines.length} lines; start_line ${first} is past its end.`);
        let last = Math.min(args.endLine ?? lines.length, lines.length);
        if (args.endLine === undefined && last - first + 1 > READ_LINE_LIMIT) last = first + READ_LINE_LIMIT - 1;
        let body = lines.slice(first - 1, last).join('\n');
        let more = args.endLine === undefined && last < lines.length ? ` Lines ${last + 1}-${lines.length} not shown: call read_file with start_line ${last + 1}.` : '';
        if (body.length > READ_CHAR_LIMIT) {
          body = body.slice(0, READ_CHAR_LIMIT);
          more = ' Cut at 400,000 characters: read a smaller line range.';
        }
        const range = first === 1 && last === lines.length ? '' : `:${first}-${last}`;
        return done(`read ${path}${range}`, `${path} (lines ${first}-${last} of ${lines.length}, base_hash ${note.hash})${note.pending}${more}\n${body}`);
      }
      case 'list_files': {
        const { readable } = await this.ports.workspace.collected(signal);
        const matcher = picomatch(args.glob, { dot: true });
        const matched = readable.filter((path) => matcher(path));
        const shown = matched.slice(0, LIST_LIMIT);
        const more = matched.length > shown.length ? `\n… ${matched.length - shown.length} more: narrow the glob.` : '';
        return done(`listed ${args.glob} (${matched.length} files)`, `${matched.length} files match ${args.glob}:\n${shown.join('\n')}${more}`);
      }
      case 'search':
        return this.search(args, signal, done);
      case 'replace_in_file': {
        const { path, absolute, current } = await this.editable(args.path, signal);
        const result = this.ports.proposals.proposeReplace(path, absolute, current.text, args.edits);
        if (!result.ok) {
          const stale = args.baseHash && args.baseHash !== current.hash ? ` The file changed since you read it (base_hash ${args.baseHash}, now ${current.hash}): read it again.` : '';
          throw new ToolFailure(result.message + stale, { summary: failedEditSummary(path), detail: failedEditDetail(result.blocks ?? [], stale !== '') });
        }
        return this.proposed(result.proposal, describeBlocks(result.blocks), done);
      }
      case 'write_file': {
        const { path, absolute, current } = await this.editable(args.path, signal, 'To make a new file, use create_file.');
        if (args.baseHash !== current.hash) {
          throw new ToolFailure(`No change proposed to ${path}: the file changed since you read it (base_hash ${args.baseHash}, now ${current.hash}). Read it again with read_file and send its whole new content based on what it says now.`);
        }
        const result = this.ports.proposals.proposeWrite(path, absolute, current.text, args.content);
        if (!result.ok) throw new ToolFailure(result.message);
        return this.proposed(result.proposal, 'the whole content rewritten', done);
      }
      case 'create_file': {
        const target = await this.resolve(args.path);
        const existing = await this.currentText(target.absolute, target.relative);
        const result = this.ports.proposals.proposeCreate(target.relative, target.absolute, args.content, existing.ok || !existing.missing);
        if (!result.ok) throw new ToolFailure(result.message);
        return this.proposed(result.proposal, `new file, ${lineCounts(this.ports.proposals.hunks(result.proposal)).added} lines`, done);
      }
      case 'delete_file': {
        const { path, absolute, current } = await this.editable(args.path, signal);
        const result = this.ports.proposals.proposeDelete(path, absolute, current.text);
        if (!result.ok) throw new ToolFailure(result.message);
        return this.proposed(result.proposal, 'delete', done);
      }
      case 'rename_file': {
        const { path, absolute, current } = await this.editable(args.path, signal);
        const target = await this.resolve(args.newPath);
        const existing = await this.currentText(target.absolute, target.relative);
        const result = this.ports.proposals.proposeRename(path, absolute, current.text, { path: target.relative, absolute: target.absolute, exists: existing.ok || !existing.missing });
        if (!result.ok) throw new ToolFailure(result.message);
        return this.proposed(result.proposal, `rename to ${target.relative}`, done);
      }
    }
  }

  private async proposed(proposal: Proposal, details: string, done: (summary: string, content: string, editId?: string) => ToolOutcome): Promise<ToolOutcome> {
    const counts = lineCounts(this.ports.proposals.hunks(proposal));
    const what = proposal.change === 'rename' ? `rename ${proposal.path} → ${proposal.newPath}` : `${proposal.change} ${proposal.path} (+${counts.added} −${counts.removed})`;
    // a file that configures or runs code is never applied automatically: the user confirms it explicitly
    if (proposal.sensitive) {
      return done(
        `edit proposed (sensitive): ${what}`,
        `Proposed ${proposal.id} (${what}): ${details}. ${proposal.path} is sensitive (${proposal.sensitive}), so it is never applied automatically: it awaits the user's explicit confirmation, and until then the file on disk is unchanged.`,
        proposal.id,
      );
    }
    if (this.ports.autoApply?.enabled()) {
      const failure = await this.ports.autoApply.apply(proposal);
      if (failure) throw new ToolFailure(`The edit matched but could not be applied: ${failure}`);
      this.ports.proposals.note(proposal.id, { autoApplied: true });
      return done(`applied ${what}`, `Applied ${proposal.id} (${what}): ${details}. The file now has this change.`, proposal.id);
    }
    return done(
      `edit proposed: ${what}`,
      `Proposed ${proposal.id} (${what}): ${details}. The user reviews it before it is written; until then the file on disk is unchanged, and further edits to this file apply on top of this proposal.`,
      proposal.id,
    );
  }

  private async resolve(requested: string) {
    const resolved = await resolveWorkspacePath(this.ports.workspace.roots(), requested);
    if (!resolved.ok) throw new ToolFailure(resolved.error);
    return resolved;
  }

  private async currentText(absolute: string, path: string): Promise<FileText> {
    const unsaved = this.ports.workspace.unsavedText?.(absolute);
    if (unsaved !== undefined) return { ok: true, text: unsaved, hash: textHash(unsaved) };
    return readFileText(absolute, path, this.ports.workspace.maxFileBytes());
  }

  /** A file the tools may use: inside the workspace, collected (not ignored, binary, too large or a secret), readable,
   *  and its text free of secrets (the model never sees a secret file, so it may not edit one either). */
  private async editable(requested: string, signal: AbortSignal, ifMissing?: string) {
    const target = await this.resolve(requested);
    let { readable, refused } = await this.ports.workspace.collected(signal);
    const current = await this.currentText(target.absolute, target.relative);
    if (current.ok && !readable.includes(target.relative) && !refused.has(target.relative)) ({ readable, refused } = await this.ports.workspace.collected(signal, true));
    const reason = refused.get(target.relative);
    if (reason) throw keptOut(target.relative, reason);
    if (!current.ok) throw new ToolFailure(current.missing && ifMissing ? `${current.error} ${ifMissing}` : current.error);
    if (!readable.includes(target.relative)) {
      throw new ToolFailure(`${target.relative} is not among the workspace files (it is ignored by .gitignore or .grokignore, or was just created): the user can include it from the Context view.`);
    }
    const secret = await this.ports.workspace.secretCheck(target.relative, current.text, signal);
    if (secret) throw keptOut(target.relative, secret);
    return { path: target.relative, absolute: target.absolute, current };
  }

  /** What read_file shows: the pending proposal's text when there is one (the model's own view), else the file. */
  private async readForModel(requested: string, signal: AbortSignal) {
    const target = await this.resolve(requested);
    const pending = this.ports.proposals.pendingFor(target.relative);
    if (pending && pending.change !== 'delete') {
      const text = pending.newPath === target.relative || pending.change !== 'rename' ? pending.proposedText : pending.baseText;
      // a proposal's text holds the file's own text too (a code block's Apply, a rebase): the same rules as the file
      const { refused } = await this.ports.workspace.collected(signal);
      const reason = refused.get(target.relative) ?? (await this.ports.workspace.secretCheck(target.relative, text, signal));
      if (reason) throw keptOut(target.relative, reason);
      return { path: target.relative, text, note: { hash: pending.baseHash, pending: ` [shows your pending, not yet accepted proposal ${pending.id}]` } };
    }
    const { path, current } = await this.editable(requested, signal);
    return { path, text: current.text, note: { hash: current.hash, pending: '' } };
  }

  private async search(args: Extract<ToolCallArguments, { tool: 'search' }>, signal: AbortSignal, done: (summary: string, content: string) => ToolOutcome): Promise<ToolOutcome> {
    const pattern = compileSearchPattern(args.query, args.isRegex);
    if (!pattern.ok) throw new ToolFailure(pattern.error);
    const { readable } = await this.ports.workspace.collected(signal);
    const matcher = args.glob ? picomatch(args.glob, { dot: true }) : () => true;
    const hits: string[] = [];
    let total = 0;
    // The host's main thread runs this: a search that takes too long stops and says so (the pattern's size is capped,
    // so one line costs at most a few milliseconds).
    const deadline = performance.now() + SEARCH_TIME_LIMIT_MS;
    let stopped = false;
    for (const path of readable) {
      if (stopped) break;
      if (!matcher(path)) continue;
      signal.throwIfAborted();
      const target = await resolveWorkspacePath(this.ports.workspace.roots(), path);
      if (!target.ok) continue;
      const current = await this.currentText(target.absolute, path);
      if (!current.ok || !pattern.mayMatch(current.text)) continue;
      const found: Array<{ line: string; number: number }> = [];
      const lines = current.text.split('\n');
      for (let index = 0; index < lines.length; index++) {
        if (performance.now() > deadline) {
          stopped = true;
          break;
        }
        // a CRLF file's lines end before their \r (so `$` matches there); a line longer than the cap (minified,
        // generated) is searched in its first part only, which bounds the work a pattern can cause
        const raw = lines[index];
        const line = (raw.endsWith('\r') ? raw.slice(0, -1) : raw).slice(0, SEARCH_LINE_CHARS);
        if (pattern.test(line)) found.push({ line, number: index + 1 });
      }
      // Only files with hits are scanned (most have none). A flagged file gives nothing away: not its hits, not that it
      // had any (a count would let a model probe a secret one character at a time).
      if (found.length === 0) continue;
      if (await this.ports.workspace.secretCheck(path, current.text, signal)) continue;
      total += found.length;
      for (const { line, number } of found.slice(0, SEARCH_HIT_LIMIT - hits.length)) hits.push(`${path}:${number}: ${line.trim().slice(0, 200)}`);
    }
    const more = total > hits.length ? `\n… ${total - hits.length} more hits: narrow the query or the glob.` : '';
    // Nothing about files kept out of the context (secrets): not even whether they had hits.
    const skipped = stopped ? `\nThe search stopped after ${SEARCH_TIME_LIMIT_MS / 1000} s before reading every file: narrow the glob or simplify the pattern.` : '';
    const label = `searched ${args.isRegex ? `/${args.query}/` : `"${args.query}"`}`;
    return done(`${label} (${total} hits)`, total === 0 ? `No matches for ${args.query}.${skipped}` : `${total} hits:\n${hits.join('\n')}${more}${skipped}`);
  }
}

/** The refusal for a file the context keeps out, by name or (`secret: <rule>`) by content. */
function keptOut(path: string, reason: string): ToolFailure {
  return new ToolFailure(`${path} is kept out of the context (${reason}); the user can include it from the Context view if it should be used.`);
}

function toolOf(name: string): ToolActivityView['tool'] {
  const known: ReadonlyArray<ToolActivityView['tool']> = ['read_file', 'list_files', 'search', 'replace_in_file', 'write_file', 'create_file', 'delete_file', 'rename_file'];
  return known.find((tool) => tool === name) ?? 'read_file';
}

function describe(args: ToolCallArguments): string {
  switch (args.tool) {
    case 'list_files':
      return `list ${args.glob}`;
    case 'search':
      return `search "${args.query}"`;
    case 'rename_file':
      return `rename ${args.path}`;
    default:
      return `${args.tool.replace('_file', '').replace('replace_in', 'edit')} ${args.path}`;
  }
}
