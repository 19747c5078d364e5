/**
 * File citations in the model's prose (`src/a.ts:10`, `src/a.ts:10-20`, `src/a.ts#L10`, `src/a.ts#L10-L20`) become
 * links that open the file. This works on markdown-it's tokens (a core rule), never on HTML strings, so it cannot
 * create markup; fenced code is never touched, inline code is linked only when it is a citation as a whole.
 */
import type { StateCore, Token } from 'markdown-it';
import type { WebviewMessage } from '../../protocol/messages';
import { looksLikeFilePath } from './fenceInfo';

export interface Citation {
  /** Where the citation starts and ends in the text searched. */
  start: number;
  end: number;
  path: string;
  line?: number;
  endLine?: number;
}

/**
 * A path (optionally `./`, `../` or `/`-rooted; `@` only opens a segment, as in `@scope/pkg`) followed by `:line[-line][:column]` or `#Lline[-Lline]`.
 * The look-behind keeps it from starting inside a URL (`http://host:8080`), an e-mail or a longer word;
 * the look-ahead keeps `10:30:45` and `a.ts:10x` out.
 */
const CITATION = /(?<![\w.\\/@:#~%+-])((?:\.{1,2}\/|\/)?@?[\w~+-][\w.~+-]*(?:\/@?[\w~+-][\w.~+-]*)*)(?::(\d{1,7})(?:[-–](\d{1,7}))?(?::\d{1,5})?|#L(\d{1,7})(?:-L?(\d{1,7}))?)(?![\w/]|[:.\-–]\d)/g;

/** Hosts that look like `name.ext` files; `example.com:8080` is a port, not line 8080. */
const HOST_SUFFIXES = new Set(['com', 'org', 'net', 'io', 'dev', 'ai', 'app', 'edu', 'gov', 'co', 'local', 'localhost', 'internal', 'cloud', 'info', 'me']);

function isCitablePath(path: string): boolean {
  const bare = path.replace(/^(?:\.{1,2}\/|\/)/, '');
  if (!/[A-Za-z]/.test(bare) || !looksLikeFilePath(bare)) return false;
  if (!bare.includes('/')) {
    const extension = bare.slice(bare.lastIndexOf('.') + 1).toLowerCase();
    if (HOST_SUFFIXES.has(extension)) return false;
  }
  return true;
}

function lineNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const line = Number(value);
  return line >= 1 ? line : undefined;
}

export function findCitations(text: string): Citation[] {
  const found: Citation[] = [];
  for (const match of text.matchAll(CITATION)) {
    const path = match[1];
    const line = lineNumber(match[2] ?? match[4]);
    if (line === undefined || !isCitablePath(path)) continue;
    const end = lineNumber(match[3] ?? match[5]);
    found.push({ start: match.index, end: match.index + match[0].length, path, line, ...(end !== undefined && end >= line ? { endLine: end } : {}) });
  }
  return found;
}

/** Inline code that is one citation, or a path with a folder and an extension (`src/a.ts`), links to the file. */
export function citationOfCode(code: string): Citation | undefined {
  const text = code.trim();
  const [citation] = findCitations(text);
  if (citation && citation.start === 0 && citation.end === text.length) return citation;
  if (text.includes('/') && isCitablePath(text) && /\.[A-Za-z]\w*$/.test(text)) return { start: 0, end: text.length, path: text };
  return undefined;
}

function linkOpen(state: StateCore, citation: Citation, level: number): Token {
  const token = new state.Token('link_open', 'a', 1);
  const where = citation.line === undefined ? '' : citation.endLine !== undefined ? ` lines ${citation.line}–${citation.endLine}` : ` line ${citation.line}`;
  token.attrs = [
    ['href', '#'],
    ['class', 'citation'],
    ['data-path', citation.path],
    ['title', `Open ${citation.path}${where}`],
  ];
  if (citation.line !== undefined) token.attrs.push(['data-line', String(citation.line)]);
  if (citation.endLine !== undefined) token.attrs.push(['data-end-line', String(citation.endLine)]);
  token.level = level;
  token.markup = 'citation';
  return token;
}

function linkClose(state: StateCore, level: number): Token {
  const token = new state.Token('link_close', 'a', -1);
  token.level = level;
  token.markup = 'citation';
  return token;
}

function textToken(state: StateCore, content: string, level: number): Token {
  const token = new state.Token('text', '', 0);
  token.content = content;
  token.level = level;
  return token;
}

function linkChildren(state: StateCore, children: Token[]): Token[] {
  const result: Token[] = [];
  let linkDepth = 0;
  for (const token of children) {
    if (token.type === 'link_open') linkDepth++;
    if (token.type === 'link_close') linkDepth--;
    if (linkDepth > 0 || (token.type !== 'text' && token.type !== 'code_inline')) {
      result.push(token);
      continue;
    }
    if (token.type === 'code_inline') {
      const citation = citationOfCode(token.content);
      if (citation) result.push(linkOpen(state, citation, token.level), token, linkClose(state, token.level));
      else result.push(token);
      continue;
    }
    const citations = findCitations(token.content);
    if (citations.length === 0) {
      result.push(token);
      continue;
    }
    let at = 0;
    for (const citation of citations) {
      if (citation.start > at) result.push(textToken(state, token.content.slice(at, citation.start), token.level));
      result.push(linkOpen(state, citation, token.level), textToken(state, token.content.slice(citation.start, citation.end), token.level + 1), linkClose(state, token.level));
      at = citation.end;
    }
    if (at < token.content.length) result.push(textToken(state, token.content.slice(at), token.level));
  }
  return result;
}

/** The markdown-it core rule; install it before `linkify` so linkify leaves the citation links alone. */
export function linkCitations(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type === 'inline' && token.children) token.children = linkChildren(state, token.children);
  }
}

/** The message a citation link posts, from its data attributes (set by the citation rule, sanitised since). */
export function citationMessage(link: HTMLElement): WebviewMessage | undefined {
  const path = link.dataset.path;
  if (!path) return undefined;
  const line = Number(link.dataset.line);
  const endLine = Number(link.dataset.endLine);
  return {
    type: 'openCitation',
    path,
    ...(Number.isInteger(line) && line >= 1 ? { line } : {}),
    ...(Number.isInteger(endLine) && endLine >= 1 ? { endLine } : {}),
  };
}
