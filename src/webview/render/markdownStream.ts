/**
 * The DOM side of incremental Markdown: completed blocks are sanitised, decorated and appended once; only the tail's
 * nodes are replaced per frame, and an open code fence grows by appending to one text node. No per-token nodes.
 * Completed blocks are grouped into chunks of a few KB with `content-visibility: auto`, so the browser skips style,
 * layout and paint for the parts of a long answer that are off screen (measured: those dominated every frame).
 */
import { sanitizeToFragment } from '../markdown';
import { element } from '../dom';
import { decorateCodeBlocks } from './codeBlocks';
import { IncrementalMarkdown, type Tail } from './incremental';

/** HTML characters per chunk: about a screen of a sidebar. */
const CHUNK_CHARS = 8_192;

interface FenceNodes {
  /** Source offset of the fence, to know a later tail is the same fence. */
  start: number;
  code: Text;
}

export class MarkdownStream {
  private readonly markdown = new IncrementalMarkdown();
  private tailNodes: ChildNode[] = [];
  private fence: FenceNodes | undefined;
  private renderedLength = -1;
  private renderedFinal = false;
  private pending = false;
  private chunk: HTMLElement | undefined;
  private chunkChars = 0;

  constructor(private readonly container: HTMLElement) {}

  get text(): string {
    return this.markdown.text;
  }

  append(text: string): void {
    this.markdown.append(text);
  }

  /** True once everything received is on screen and, with `final`, nothing is left as a tail. */
  isSettled(final: boolean): boolean {
    return !this.pending && this.renderedLength === this.text.length && this.renderedFinal === final;
  }

  /**
   * Renders what arrived since the last call; returns true when more is left for a later frame. A long text (a
   * snapshot, an answer scrolled back into view) goes one window at a time, sanitising included, while `hasTime`.
   */
  render(final: boolean, hasTime: () => boolean = () => true): boolean {
    if (this.isSettled(final)) return false;
    let step;
    do {
      step = this.markdown.step(final, () => false);
      if (step.committed.length > 0) {
        this.clearTail();
        for (const html of step.committed) {
          const fragment = sanitizeToFragment(html);
          decorateCodeBlocks(fragment);
          this.chunkFor(html.length).append(fragment);
        }
      }
    } while (step.more && hasTime());
    this.showTail(step.tail);
    this.pending = step.more;
    this.renderedLength = this.text.length;
    this.renderedFinal = final;
    return step.more;
  }

  /** The chunk that takes the next completed blocks; a new one once the current holds enough. */
  private chunkFor(htmlChars: number): HTMLElement {
    if (!this.chunk || this.chunkChars >= CHUNK_CHARS) {
      this.chunk = element('div', 'markdown-chunk');
      this.chunkChars = 0;
      this.container.append(this.chunk);
    }
    this.chunkChars += htmlChars;
    return this.chunk;
  }

  private clearTail(): void {
    for (const node of this.tailNodes) node.remove();
    this.tailNodes = [];
    this.fence = undefined;
  }

  private showTail(tail: Tail): void {
    if (tail.kind === 'openFence') {
      if (this.fence?.start === tail.start) {
        // Same fence: its code only grew.
        const shown = this.fence.code.length;
        if (tail.code.length > shown) this.fence.code.appendData(tail.code.slice(shown));
        return;
      }
      this.clearTail();
      const pre = element('pre', 'streaming');
      if (tail.info.language) pre.dataset.language = tail.info.language;
      if (tail.info.path) pre.dataset.path = tail.info.path;
      const code = element('code', 'hljs');
      const text = document.createTextNode(tail.code);
      code.append(text);
      pre.append(code);
      this.container.append(pre);
      this.tailNodes = [pre];
      this.fence = { start: tail.start, code: text };
      return;
    }
    this.clearTail();
    if (tail.kind === 'html') {
      const fragment = sanitizeToFragment(tail.html);
      this.tailNodes = [...fragment.childNodes];
      this.container.append(fragment);
    }
  }
}
