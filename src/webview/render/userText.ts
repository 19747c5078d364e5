/**
 * The user's own question, as they wrote it: plain text (never Markdown: `*` and `_` stay as typed), with file
 * citations (`src/a.ts:3-7`) as links, and fenced code (Explain / Refactor put the selection in one) shown as a
 * coloured code block whose label links to where it came from. Built with DOM calls; the code's HTML comes from the
 * highlighter's escaped output and is sanitised like an answer's.
 */
import { sanitizeToFragment, codeBlockHtml } from '../markdown';
import { button, element } from '../dom';
import { findCitations, type Citation } from './citations';
import { parseFenceInfo } from './fenceInfo';

export type UserTextPart = { kind: 'text'; text: string } | { kind: 'code'; code: string; language?: string; source?: Citation };

const OPENING_FENCE = /^ {0,3}(`{3,}|~{3,})([^`]*)$/;

/** Splits a question into prose and closed code fences (an unclosed fence stays prose: it is what the user typed). */
export function splitUserText(text: string): UserTextPart[] {
  const lines = text.split('\n');
  const parts: UserTextPart[] = [];
  let prose: string[] = [];
  const flushProse = () => {
    const joined = prose.join('\n').replace(/^\n+|\n+$/g, '');
    if (joined) parts.push({ kind: 'text', text: joined });
    prose = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const open = OPENING_FENCE.exec(lines[index]);
    const fence = open?.[1];
    const close = fence ? lines.findIndex((line, at) => at > index && new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(line)) : -1;
    if (!open || close < 0) {
      prose.push(lines[index]);
      continue;
    }
    flushProse();
    const info = open[2].trim();
    const [first = '', ...rest] = info.split(/\s+/);
    const source = rest.map((word) => findCitations(word)).find((found) => found.length === 1 && found[0].start === 0)?.[0];
    const language = parseFenceInfo(first).language;
    parts.push({ kind: 'code', code: lines.slice(index + 1, close).join('\n'), ...(language ? { language } : {}), ...(source ? { source } : {}) });
    index = close;
  }
  flushProse();
  return parts;
}

function citationLink(citation: Citation, text: string): HTMLAnchorElement {
  const link = element('a', 'citation', text);
  link.href = '#';
  link.dataset.path = citation.path;
  if (citation.line !== undefined) link.dataset.line = String(citation.line);
  if (citation.endLine !== undefined) link.dataset.endLine = String(citation.endLine);
  const where = citation.line === undefined ? '' : citation.endLine !== undefined ? ` lines ${citation.line}–${citation.endLine}` : ` line ${citation.line}`;
  link.title = `Open ${citation.path}${where}`;
  return link;
}

/** Prose with its citations as links. */
function proseNodes(text: string): Node[] {
  const nodes: Node[] = [];
  let at = 0;
  for (const citation of findCitations(text)) {
    if (citation.start > at) nodes.push(document.createTextNode(text.slice(at, citation.start)));
    nodes.push(citationLink(citation, text.slice(citation.start, citation.end)));
    at = citation.end;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

function codeNode(part: Extract<UserTextPart, { kind: 'code' }>): HTMLElement {
  const block = element('div', 'code-block user-code');
  const bar = element('div', 'code-toolbar');
  const label = element('span', 'code-label');
  if (part.source) {
    const { path, line, endLine } = part.source;
    label.append(citationLink(part.source, `${path}${line === undefined ? '' : `:${line}${endLine !== undefined && endLine !== line ? `-${endLine}` : ''}`}`));
  } else label.textContent = part.language ?? '';
  bar.append(label, button({ className: 'icon-button code-action', label: 'Copy code', icon: 'copy', data: { codeAction: 'copy' } }));
  block.append(bar, sanitizeToFragment(codeBlockHtml(part.code, { language: part.language })));
  return block;
}

/** Fills `body` with the question: prose as text, code fences as coloured blocks. */
export function renderUserText(body: HTMLElement, text: string): void {
  const nodes = splitUserText(text).map((part) => {
    if (part.kind === 'code') return codeNode(part);
    const prose = element('div', 'user-prose');
    prose.append(...proseNodes(part.text));
    return prose;
  });
  body.replaceChildren(...nodes);
}
