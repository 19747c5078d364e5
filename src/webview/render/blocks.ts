/**
 * Top-level Markdown blocks of a token stream, and the facts about source lines the streaming renderer needs.
 * Pure: no DOM, so it is unit-tested under Node.
 */
import type { Token } from 'markdown-it';

export interface Block {
  /** Token index range [start, end). */
  start: number;
  end: number;
  /** First source line of the block (markdown-it's `map[0]`). */
  line: number;
}

/** Groups level-0 tokens into blocks: an opening token through its matching close, or one self-contained token. */
export function topLevelBlocks(tokens: Token[]): Block[] {
  const blocks: Block[] = [];
  let index = 0;
  while (index < tokens.length) {
    const first = tokens[index];
    let end = index + 1;
    if (first.nesting === 1) {
      let depth = 1;
      while (end < tokens.length && depth > 0) {
        depth += tokens[end].nesting;
        end++;
      }
    }
    blocks.push({ start: index, end, line: first.map?.[0] ?? 0 });
    index = end;
  }
  return blocks;
}

/** Line breaks exactly as markdown-it's `normalize` rule sees them, so its line numbers map back to offsets. */
const LINE_BREAK = /\r\n|\r|\n/g;

/** The character offset where `line` (0-based) starts in `text`, or `text.length` past the last line. */
export function lineOffset(text: string, line: number): number {
  if (line <= 0) return 0;
  LINE_BREAK.lastIndex = 0;
  let seen = 0;
  for (let match = LINE_BREAK.exec(text); match; match = LINE_BREAK.exec(text)) {
    if (++seen === line) return match.index + match[0].length;
  }
  return text.length;
}

/** The offset just past the first line break at or after `from`, or `text.length` when there is none. */
export function endOfLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline + 1;
}

const CLOSING_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/** True when `line` closes a fence opened with `marker` (same character, at least as long). */
export function closesFence(line: string, marker: string): boolean {
  const match = CLOSING_FENCE.exec(line.replace(/\r$/, ''));
  return match !== null && match[1][0] === marker[0] && match[1].length >= marker.length;
}

/**
 * For a `fence` token that is the last block of `text`: the offset where its code starts when the fence is still
 * open and its opening line is complete (the streaming fast path), else undefined.
 */
export function openFenceContentStart(token: Token, text: string): number | undefined {
  if (token.type !== 'fence' || !token.map) return undefined;
  const [first, last] = token.map;
  const contentStart = lineOffset(text, first + 1);
  if (contentStart >= text.length && !/[\r\n]$/.test(text)) return undefined; // the info line is still arriving
  if (last - first >= 2) {
    const closing = text.slice(lineOffset(text, last - 1), lineOffset(text, last)).replace(/\r?\n$/, '');
    if (closesFence(closing, token.markup)) return undefined;
  }
  return contentStart;
}
