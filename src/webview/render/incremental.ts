/**
 * Streams Markdown into HTML without re-rendering what is settled. The source is split into completed top-level
 * blocks, each rendered once, and the tail: the last, still-growing block. A block is complete once another block
 * starts after it (CommonMark blocks never reopen), so only the tail is re-rendered per frame, and an unclosed code
 * fence in the tail is handed over as plain text that grows by appending, without parsing at all.
 * One difference from rendering the whole text at once: a reference-style link (`[x][ref]`) whose definition comes
 * after a completed block stays unresolved there, as the block was rendered before the definition arrived.
 * Pure (strings in, strings out): the DOM side is `MarkdownStream`.
 */
import { parseMarkdown, renderTokens, type MarkdownEnv } from '../markdown';
import { closesFence, endOfLine, lineOffset, openFenceContentStart, topLevelBlocks } from './blocks';
import { parseFenceInfo, type FenceInfo } from './fenceInfo';

export type Tail =
  | { kind: 'none' }
  | { kind: 'html'; html: string }
  /** An unclosed fence: `code` only ever grows while it stays open, starting at source offset `start`. */
  | { kind: 'openFence'; start: number; info: FenceInfo; code: string };

export interface Step {
  /** HTML of blocks completed by this step, to append after the earlier ones: one entry per window of source. */
  committed: string[];
  tail: Tail;
  /** More source is waiting for a later step (only when catching up with a long text under a time budget). */
  more: boolean;
}

/**
 * How much source one parse takes when catching up (a snapshot, a re-shown old turn); doubled for a longer block.
 * About a screen of a sidebar, so each window's HTML can become one `content-visibility` chunk.
 */
const WINDOW_CHARS = 4_096;

interface OpenFence {
  /** Source offset of the fence's first line, and of its code. */
  start: number;
  contentStart: number;
  marker: string;
  info: FenceInfo;
  /** Offset of the first line not yet checked for the closing marker. */
  scanned: number;
}

export class IncrementalMarkdown {
  private source = '';
  /** Source before this offset is rendered for good. */
  private committed = 0;
  /** Link reference definitions seen on complete lines; a half-arrived one (`[r]: https:`) must not stick. */
  private references: MarkdownEnv = {};
  private openFence: OpenFence | undefined;

  get text(): string {
    return this.source;
  }

  get committedLength(): number {
    return this.committed;
  }

  append(text: string): void {
    this.source += text;
  }

  /**
   * Renders what is new. With `final`, the tail is committed too (the answer ended). `hasTime` is asked between
   * windows so a long text is rendered over several frames instead of in one long task.
   */
  step(final: boolean, hasTime: () => boolean = () => true): Step {
    const committed: string[] = [];
    let window = WINDOW_CHARS;
    for (;;) {
      if (this.openFence && !final) {
        if (!this.fenceClosed(this.openFence)) {
          const { start, contentStart, info } = this.openFence;
          return { committed, tail: { kind: 'openFence', start, info, code: this.source.slice(contentStart) }, more: false };
        }
      }
      this.openFence = undefined;
      const remaining = this.source.length - this.committed;
      if (remaining === 0) return { committed, tail: { kind: 'none' }, more: false };
      const end = remaining <= window ? this.source.length : endOfLine(this.source, this.committed + window);
      const atEnd = end === this.source.length;
      const sliceStart = this.committed;
      const slice = this.source.slice(sliceStart, end);
      const env: MarkdownEnv = { references: { ...this.references } };
      const tokens = parseMarkdown(slice, env);
      const blocks = topLevelBlocks(tokens);
      if (blocks.length === 0) {
        // Only blank lines so far.
        if (atEnd) return { committed, tail: { kind: 'none' }, more: false };
        this.committed = end;
        continue;
      }
      const complete = atEnd && final ? blocks.length : blocks.length - 1;
      if (complete === 0 && !atEnd) {
        window *= 2; // one block is longer than the window: take more at once
        continue;
      }
      if (complete > 0) {
        committed.push(renderTokens(tokens.slice(blocks[0].start, blocks[complete - 1].end), env));
        this.committed = complete < blocks.length ? sliceStart + lineOffset(slice, blocks[complete].line) : end;
        this.keepReferences(slice.slice(0, this.committed - sliceStart));
        window = WINDOW_CHARS;
      }
      if (!atEnd) {
        if (hasTime()) continue;
        return { committed, tail: { kind: 'none' }, more: true };
      }
      if (complete === blocks.length) return { committed, tail: { kind: 'none' }, more: false };
      const last = blocks[blocks.length - 1];
      const lastTokens = tokens.slice(last.start, last.end);
      const contentStart = lastTokens.length === 1 ? openFenceContentStart(lastTokens[0], slice) : undefined;
      if (contentStart !== undefined) {
        const fence = lastTokens[0];
        this.openFence = {
          start: this.committed,
          contentStart: sliceStart + contentStart,
          marker: fence.markup,
          info: parseFenceInfo(fence.info),
          scanned: sliceStart + contentStart,
        };
        continue; // the fast path above reports it
      }
      return { committed, tail: { kind: 'html', html: renderTokens(lastTokens, env) }, more: false };
    }
  }

  /**
   * Definitions in committed text are complete (a block started after them), so later blocks may use them. The
   * parse's own env is not kept: it may hold one whose line is still arriving (`[r]: https:`).
   */
  private keepReferences(committedText: string): void {
    if (!committedText.includes(']:')) return; // no definition possible: skip the extra parse
    const env: MarkdownEnv = { references: { ...this.references } };
    parseMarkdown(committedText, env);
    this.references = env.references as MarkdownEnv;
  }

  /** Checks only the complete lines that arrived since the last call. */
  private fenceClosed(fence: OpenFence): boolean {
    for (;;) {
      const newline = this.source.indexOf('\n', fence.scanned);
      if (newline < 0) return false;
      const line = this.source.slice(fence.scanned, newline);
      fence.scanned = newline + 1;
      if (closesFence(line, fence.marker)) return true;
    }
  }
}
