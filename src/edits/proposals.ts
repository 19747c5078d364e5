/**
 * The edits the model proposed in a conversation, one proposal per file, each anchored to the text it was made
 * against. A second edit to a file with a pending proposal builds on the proposed text (what the model believes the
 * file now says). Pure: the adapters read files and apply; this decides what the proposed text is.
 */
import type { EditStatus, PendingEditView } from '../protocol/messages';
import { textHash } from './fileText';
import { applyHunks, computeHunks, hunksAsBlocks, lineCounts, type Hunk } from './hunks';
import { BYTE_ORDER_MARK, dominantLineEnding, withLineEnding } from './lineEndings';
import { applyBlocks } from './match';
import { proposalSensitivity } from './sensitiveFiles';
import type { BlockResult, EditBlock, MatchKind, MatchOptions } from './types';

export interface Proposal {
  id: string;
  /** Workspace-relative path (folder-name first in a multi-root workspace). */
  path: string;
  absolute: string;
  change: 'modify' | 'create' | 'delete' | 'rename';
  newPath?: string;
  newAbsolute?: string;
  /** The file's text when the proposal was made ('' for a new file), and its hash. */
  baseText: string;
  baseHash: string;
  /** The text the file would have ('' for a delete; the base for a rename). */
  proposedText: string;
  matchKinds: MatchKind[];
  minScore?: number;
  status: EditStatus;
  reason?: string;
  /** Why the file (either path of a rename) needs explicit confirmation (sensitiveFiles.ts); never auto-applied. */
  sensitive?: string;
  /** Which conversation and answer made it (none: proposed outside a conversation, e.g. a code block's Apply). */
  owner?: ProposalOwner;
  /** What became of it besides its status, for the note the model reads before the next question (chat/decisions.ts). */
  history?: ProposalHistory;
  /** Accepted, and the change is still the last one made to its file (the card offers Undo). Set by the editor adapter. */
  undoable?: boolean;
}

/** The user's doings that the status alone does not tell. */
export interface ProposalHistory {
  /** Applied by auto-apply: the model was told "Applied", not "Proposed". */
  autoApplied?: boolean;
  /** The file was changed by someone else while the proposal waited; it was re-matched onto their text. */
  editedBefore?: boolean;
  /** The file was edited after the proposal was accepted. */
  editedAfter?: boolean;
  /** Single changes (hunks) accepted or rejected on their own. */
  hunksAccepted?: number;
  hunksRejected?: number;
}

/** The conversation and answer (its question's turn id) a proposal belongs to. */
export interface ProposalOwner {
  conversationId: string;
  answerId: string;
}

export type ProposeResult = { ok: true; proposal: Proposal; blocks: BlockResult[] } | { ok: false; message: string; blocks?: BlockResult[] };

type Listener = () => void;

function fittedToFile(content: string, fileText: string): string {
  const marked = fileText.startsWith(BYTE_ORDER_MARK) && !content.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK + content : content;
  const ending = dominantLineEnding(fileText, undefined);
  return ending === '\r\n' && !marked.includes('\r\n') ? withLineEnding(marked, ending) : marked;
}

function describeBlock(result: BlockResult, index: number): string {
  if (result.ok) {
    const chosen = result.among !== undefined ? `, chosen by line_hint among ${result.among} places` : '';
    return `edit ${index + 1}: applied (${result.kind}${result.kind === 'fuzzy' ? `, similarity ${result.score.toFixed(2)}` : ''}, line ${result.lines.join(', ')}${chosen})`;
  }
  const nearest = result.nearest ? `\n  nearest text (line ${result.nearest.line}, similarity ${result.nearest.score.toFixed(2)}):\n${result.nearest.text}` : '';
  return `edit ${index + 1}: FAILED (${result.reason}) ${result.message}${nearest}`;
}

export function describeBlocks(results: readonly BlockResult[]): string {
  return results.map(describeBlock).join('\n');
}

export class EditProposals {
  private readonly proposals: Proposal[] = [];
  private readonly listeners = new Set<Listener>();
  private nextId = 1;
  /** Who new proposals belong to (set by the tool runner for the round it runs). */
  owner: ProposalOwner | undefined;
  /** Proposals of other conversations are hidden (and never accepted) until their conversation is shown again. */
  private activeConversation: string | undefined;

  constructor(private readonly matchOptions: () => MatchOptions = () => ({})) {}

  onChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  all(): readonly Proposal[] {
    return this.proposals;
  }

  /** Every proposal a conversation's answers made, in the order proposed. */
  ofConversation(conversationId: string): readonly Proposal[] {
    return this.proposals.filter((proposal) => proposal.owner?.conversationId === conversationId);
  }

  /** Records something that happened to a proposal outside its status (the tool runner, the editor adapter). */
  note(id: string, change: ProposalHistory & { undoable?: boolean }): void {
    const proposal = this.get(id);
    if (!proposal) return;
    const { undoable, ...history } = change;
    proposal.history = { ...proposal.history, ...history };
    if (undoable !== undefined) proposal.undoable = undoable;
    this.changed();
  }

  /** Shows only this conversation's proposals (and those made outside any conversation). */
  setActiveConversation(conversationId: string): void {
    this.activeConversation = conversationId;
    this.changed();
  }

  /** Withdraws the undecided proposals an answer made: Retry and Edit replace that answer. */
  withdrawAnswer(conversationId: string, answerId: string): void {
    let withdrawn = false;
    for (const proposal of this.proposals) {
      if (proposal.owner?.conversationId !== conversationId || proposal.owner.answerId !== answerId) continue;
      if (proposal.status !== 'pending' && proposal.status !== 'conflicted') continue;
      proposal.status = 'rejected';
      proposal.reason = 'Withdrawn: the answer that proposed it was asked again.';
      withdrawn = true;
    }
    if (withdrawn) this.changed();
  }

  private visible(proposal: Proposal): boolean {
    return proposal.owner === undefined || this.activeConversation === undefined || proposal.owner.conversationId === this.activeConversation;
  }

  get(id: string): Proposal | undefined {
    return this.proposals.find((proposal) => proposal.id === id);
  }

  /** The active conversation's undecided proposals. */
  pending(): Proposal[] {
    return this.proposals.filter((proposal) => (proposal.status === 'pending' || proposal.status === 'conflicted') && this.visible(proposal));
  }

  /** The undecided proposal that touches `path`, if any. */
  pendingFor(path: string): Proposal | undefined {
    return this.pending().find((proposal) => proposal.path === path || proposal.newPath === path);
  }

  hunks(proposal: Proposal): Hunk[] {
    return computeHunks(proposal.baseText, proposal.proposedText);
  }

  views(): PendingEditView[] {
    return this.proposals.filter((proposal) => this.visible(proposal)).map((proposal) => {
      const hunks = this.hunks(proposal);
      const counts = proposal.change === 'rename' ? { added: 0, removed: 0 } : lineCounts(hunks);
      return {
        id: proposal.id,
        path: proposal.path,
        change: proposal.change,
        ...(proposal.newPath ? { newPath: proposal.newPath } : {}),
        ...counts,
        matchKinds: [...proposal.matchKinds],
        ...(proposal.minScore !== undefined ? { minScore: proposal.minScore } : {}),
        hunks: hunks.length,
        status: proposal.status,
        ...(proposal.reason ? { reason: proposal.reason } : {}),
        ...(proposal.sensitive ? { sensitive: proposal.sensitive } : {}),
        ...(proposal.undoable && proposal.status === 'accepted' ? { undoable: true } : {}),
      };
    });
  }

  private add(proposal: Omit<Proposal, 'id' | 'status' | 'sensitive'>): Proposal {
    const sensitive = proposalSensitivity(proposal.path, proposal.newPath);
    const created: Proposal = { ...proposal, id: `e${this.nextId++}`, status: 'pending', ...(this.owner ? { owner: { ...this.owner } } : {}), ...(sensitive ? { sensitive } : {}) };
    this.proposals.push(created);
    return created;
  }

  /**
   * The pending proposal a new edit to `path` builds on (the model has been told it "applied"), while it still fits
   * the file whose text is now `current`; otherwise none, and the new edit starts from the file.
   */
  private buildsOn(path: string, current: string): { ok: true; existing?: Proposal } | { ok: false; message: string } {
    const existing = this.pendingFor(path);
    if (existing && existing.change !== 'modify' && existing.change !== 'create') {
      return { ok: false, message: `${path} has a pending ${existing.change} (${existing.id}); wait until the user decides on it.` };
    }
    if (existing?.change === 'modify' && (existing.status === 'conflicted' || !this.rebase(existing.id, current))) {
      existing.status = 'rejected';
      existing.reason = 'Superseded: the file changed, and a newer edit was proposed against it.';
      return { ok: true };
    }
    return { ok: true, existing };
  }

  /** Replacements in an existing file whose current text is `current` (the editor's unsaved text when it has some). */
  proposeReplace(path: string, absolute: string, current: string, blocks: readonly EditBlock[]): ProposeResult {
    const base = this.buildsOn(path, current);
    if (!base.ok) return base;
    const existing = base.existing;
    const startText = existing ? existing.proposedText : current;
    const result = applyBlocks(startText, blocks, this.matchOptions());
    if (!result.ok) return { ok: false, message: `No change proposed to ${path}: ${describeBlocks(result.blocks)}`, blocks: result.blocks };
    const kinds = result.blocks.flatMap((block) => (block.ok ? [block.kind] : []));
    const scores = result.blocks.flatMap((block) => (block.ok && block.kind === 'fuzzy' ? [block.score] : []));
    if (existing) {
      existing.proposedText = result.text;
      existing.matchKinds = [...new Set([...existing.matchKinds, ...kinds])];
      if (scores.length) existing.minScore = Math.min(existing.minScore ?? 1, ...scores);
      existing.status = 'pending';
      existing.reason = undefined;
      this.changed();
      return { ok: true, proposal: existing, blocks: result.blocks };
    }
    const proposal = this.add({
      path,
      absolute,
      change: 'modify',
      baseText: current,
      baseHash: textHash(current),
      proposedText: result.text,
      matchKinds: [...new Set(kinds)],
      ...(scores.length ? { minScore: Math.min(...scores) } : {}),
    });
    this.changed();
    return { ok: true, proposal, blocks: result.blocks };
  }

  /**
   * The whole new content of an existing file (`write_file`), built on a pending proposal like a replacement. The
   * content keeps the file's byte-order mark, and its line breaks are written in the file's line ending unless it
   * uses CRLF itself (a model writes LF; a CRLF file must not turn into a diff of every line).
   */
  proposeWrite(path: string, absolute: string, current: string, content: string): ProposeResult {
    const base = this.buildsOn(path, current);
    if (!base.ok) return base;
    const existing = base.existing;
    const startText = existing ? existing.proposedText : current;
    const text = fittedToFile(content, startText);
    if (text === startText) return { ok: false, message: `No change proposed to ${path}: the content is the same as the file's text.` };
    if (existing) {
      existing.proposedText = text;
      existing.status = 'pending';
      existing.reason = undefined;
      this.changed();
      return { ok: true, proposal: existing, blocks: [] };
    }
    const proposal = this.add({ path, absolute, change: 'modify', baseText: current, baseHash: textHash(current), proposedText: text, matchKinds: [] });
    this.changed();
    return { ok: true, proposal, blocks: [] };
  }

  proposeCreate(path: string, absolute: string, content: string, exists: boolean): ProposeResult {
    const existing = this.pendingFor(path);
    if (existing?.change === 'create') {
      existing.proposedText = content;
      existing.status = 'pending';
      this.changed();
      return { ok: true, proposal: existing, blocks: [] };
    }
    if (exists || existing) return { ok: false, message: `${path} already exists: use replace_in_file to change it, or write_file to rewrite it whole (read it first with read_file).` };
    const proposal = this.add({ path, absolute, change: 'create', baseText: '', baseHash: textHash(''), proposedText: content, matchKinds: [] });
    this.changed();
    return { ok: true, proposal, blocks: [] };
  }

  proposeDelete(path: string, absolute: string, current: string): ProposeResult {
    if (this.pendingFor(path)) return { ok: false, message: `${path} has a pending edit; wait until the user decides on it before deleting it.` };
    const proposal = this.add({ path, absolute, change: 'delete', baseText: current, baseHash: textHash(current), proposedText: '', matchKinds: [] });
    this.changed();
    return { ok: true, proposal, blocks: [] };
  }

  proposeRename(path: string, absolute: string, current: string, target: { path: string; absolute: string; exists: boolean }): ProposeResult {
    if (this.pendingFor(path) || this.pendingFor(target.path)) return { ok: false, message: `${path} or ${target.path} has a pending edit; wait until the user decides on it.` };
    if (target.exists) return { ok: false, message: `${target.path} already exists; choose another name.` };
    const proposal = this.add({
      path,
      absolute,
      change: 'rename',
      newPath: target.path,
      newAbsolute: target.absolute,
      baseText: current,
      baseHash: textHash(current),
      proposedText: current,
      matchKinds: [],
    });
    this.changed();
    return { ok: true, proposal, blocks: [] };
  }

  /**
   * The file changed since the proposal was made (on disk or in an unsaved editor): re-apply its hunks to the
   * current text. True when they still fit; otherwise the proposal is marked conflicted with the reason.
   */
  rebase(id: string, current: string): boolean {
    const proposal = this.get(id);
    if (!proposal || textHash(current) === proposal.baseHash) return true;
    if (proposal.change === 'create') return this.conflict(proposal, `${proposal.path} was created by someone else since the proposal; review it and ask again.`);
    if (proposal.change !== 'modify') {
      return this.conflict(proposal, `${proposal.path} changed since the ${proposal.change} was proposed; ask again if it is still wanted.`);
    }
    const result = applyBlocks(current, hunksAsBlocks(proposal.baseText, this.hunks(proposal)), this.matchOptions());
    if (!result.ok) {
      const failed = result.blocks.find((block) => !block.ok);
      const why = failed && !failed.ok && failed.found ? `the lines it changes now occur ${failed.found} times` : 'the lines it changes were edited';
      return this.conflict(proposal, `${proposal.path} changed since the edit was proposed and the edit no longer fits (${why}). Nothing was written; ask Grok to redo it.`);
    }
    proposal.baseText = current;
    proposal.baseHash = textHash(current);
    proposal.proposedText = result.text;
    proposal.history = { ...proposal.history, editedBefore: true };
    this.changed();
    return true;
  }

  private conflict(proposal: Proposal, reason: string): false {
    proposal.status = 'conflicted';
    proposal.reason = reason;
    this.changed();
    return false;
  }

  setStatus(id: string, status: EditStatus, reason?: string): void {
    const proposal = this.get(id);
    if (!proposal) return;
    proposal.status = status;
    proposal.reason = reason;
    this.changed();
  }

  /** One hunk was accepted into the file (now `newBase`): the rest stay pending against it. */
  acceptHunk(id: string, index: number): void {
    const proposal = this.get(id);
    if (!proposal) return;
    const hunks = this.hunks(proposal);
    if (!hunks[index]) return;
    proposal.baseText = applyHunks(proposal.baseText, [hunks[index]]);
    proposal.baseHash = textHash(proposal.baseText);
    proposal.history = { ...proposal.history, hunksAccepted: (proposal.history?.hunksAccepted ?? 0) + 1 };
    if (proposal.baseText === proposal.proposedText) proposal.status = 'accepted';
    this.changed();
  }

  /** One hunk was rejected: the proposal no longer makes it. */
  rejectHunk(id: string, index: number): void {
    const proposal = this.get(id);
    if (!proposal) return;
    const hunks = this.hunks(proposal);
    if (!hunks[index]) return;
    proposal.proposedText = applyHunks(proposal.baseText, hunks.filter((_, at) => at !== index));
    proposal.history = { ...proposal.history, hunksRejected: (proposal.history?.hunksRejected ?? 0) + 1 };
    if (proposal.baseText === proposal.proposedText) proposal.status = 'rejected';
    this.changed();
  }

  clear(): void {
    this.proposals.length = 0;
    this.changed();
  }
}
