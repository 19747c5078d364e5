/**
 * An answer in the order it happened: the text streamed before a round of tool calls, that round's cards, the text
 * after them, and so on. Each tool call carries how much of the answer's text had streamed when it was made (`at`);
 * the text is cut there into segments, each rendered by its own incremental Markdown stream. A round's text ends
 * before its calls, so the cuts fall between rounds (a later round's text starts a new paragraph).
 */
import type { ToolActivityView } from '../../protocol/messages';
import { element } from '../dom';
import { MarkdownStream } from './markdownStream';
import { renderTools } from './tools';

interface Segment {
  /** Where its text starts in the answer. */
  start: number;
  stream: MarkdownStream;
}

/** Where each call's card goes: its offset, within the text (calls from before offsets existed go first). */
function offsetOf(tool: ToolActivityView, textLength: number): number {
  return Math.min(Math.max(0, tool.at ?? 0), textLength);
}

export class AnswerFlow {
  private segments: Segment[] = [];
  /** The card lists, by the offset they sit at, in order. */
  private lists: Array<{ at: number; list: HTMLElement }> = [];
  private length = 0;

  constructor(private readonly root: HTMLElement) {}

  /** Builds the flow for the whole text and calls (a new answer, or one scrolled back into view). */
  build(text: string, tools: readonly ToolActivityView[] | undefined): void {
    this.root.replaceChildren();
    this.segments = [];
    this.lists = [];
    this.length = text.length;
    const offsets = [...new Set((tools ?? []).map((tool) => offsetOf(tool, text.length)))].sort((a, b) => a - b);
    let start = 0;
    for (const at of offsets) {
      this.addSegment(start).stream.append(text.slice(start, at));
      this.addList(at);
      start = at;
    }
    this.addSegment(start).stream.append(text.slice(start));
    this.showTools(tools ?? []);
  }

  append(delta: string): void {
    this.length += delta.length;
    this.segments.at(-1)!.stream.append(delta);
  }

  /** The calls changed: a new round's cards go after the text so far; the cards already placed are redrawn. */
  setTools(tools: readonly ToolActivityView[], text: string): void {
    const known = new Set(this.lists.map((entry) => entry.at));
    const fresh = [...new Set(tools.map((tool) => offsetOf(tool, this.length)))].filter((at) => !known.has(at)).sort((a, b) => a - b);
    const last = this.segments.at(-1)!;
    if (fresh.some((at) => at < this.length || at < last.start)) {
      // a card inside text already shown (not how rounds stream): lay the whole answer out again
      this.build(text, tools);
      return;
    }
    for (const at of fresh) {
      this.addList(at);
      this.addSegment(at);
    }
    this.showTools(tools);
  }

  /** Renders what arrived; true when more is left for a later frame. */
  render(final: boolean, hasTime: () => boolean): boolean {
    let more = false;
    for (const segment of this.segments) more = segment.stream.render(final, hasTime) || more;
    return more;
  }

  isSettled(final: boolean): boolean {
    return this.segments.every((segment) => segment.stream.isSettled(final));
  }

  private addSegment(start: number): Segment {
    const container = element('div', 'answer-text');
    this.root.append(container);
    const segment = { start, stream: new MarkdownStream(container) };
    this.segments.push(segment);
    return segment;
  }

  private addList(at: number): void {
    const list = element('ul', 'tools');
    list.setAttribute('aria-label', 'Tool activity');
    this.root.append(list);
    this.lists.push({ at, list });
  }

  private showTools(tools: readonly ToolActivityView[]): void {
    for (const { at, list } of this.lists) {
      renderTools(list, tools.filter((tool) => offsetOf(tool, this.length) === at), tools);
    }
  }
}
