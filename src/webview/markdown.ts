/**
 * Model output is untrusted: Markdown is rendered with raw HTML off, then sanitised before it touches the DOM.
 * One configured markdown-it serves the whole webview: code fences are coloured and carry their language and file,
 * and file citations become links (a token rule, so it can never produce markup of its own).
 */
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';
import { linkCitations } from './render/citations';
import { parseFenceInfo, type FenceInfo } from './render/fenceInfo';
import { highlightCode } from './render/highlight';

export type MarkdownEnv = Record<string, unknown>;

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: false });
// Only links with a scheme: fuzzy matching would turn `main.py` and `README.md` into links to web hosts.
markdown.linkify.set({ fuzzyLink: false, fuzzyEmail: false });
markdown.core.ruler.before('linkify', 'citations', linkCitations);
markdown.core.ruler.push('alignment-classes', alignmentClasses);

const { escapeHtml, unescapeAll } = markdown.utils;

/**
 * Table column alignment comes out of markdown-it as `style="text-align:…"`, which the webview's CSP (no
 * 'unsafe-inline') refuses, loudly, per cell. A class says the same (chat.css `.align-*`).
 */
function alignmentClasses(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const alignment = /^text-align:(left|right|center)$/.exec(String(token.attrGet('style') ?? ''))?.[1];
    if (!token.attrs) continue;
    token.attrs = token.attrs.filter(([name]) => name !== 'style');
    if (alignment) token.attrJoin('class', `align-${alignment}`);
  }
}

/** A code block as `<pre>` whose data attributes the code toolbar reads (`data-path` only when the fence names a file). */
export function codeBlockHtml(code: string, info: FenceInfo): string {
  const language = info.language ?? '';
  const highlighted = highlightCode(code, info.language);
  const attributes = [language ? ` data-language="${escapeHtml(language)}"` : '', info.path ? ` data-path="${escapeHtml(info.path)}"` : ''].join('');
  const codeClass = language ? ` class="hljs language-${escapeHtml(language)}"` : ' class="hljs"';
  return `<pre${attributes}><code${codeClass}>${highlighted ?? escapeHtml(code)}</code></pre>\n`;
}

/** Images the page may show: pasted data URLs. Anything else would be a request to a host the model chose. */
const INLINE_IMAGE = /^data:image\/(png|jpeg|gif|webp);/i;

/**
 * A remote image in model output (`![x](https://host/x.png)`) becomes a plain link to it: loading it would tell that
 * host the user read the answer (and the CSP refuses it anyway, leaving a broken icon). The link is still sanitised.
 */
const inlineImage = markdown.renderer.rules.image!;
markdown.renderer.rules.image = (tokens, index, options, env, self) => {
  const token = tokens[index];
  const src = String(token.attrGet('src') ?? '');
  if (INLINE_IMAGE.test(src)) return inlineImage(tokens, index, options, env, self);
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  return `<a href="${escapeHtml(src)}" class="remote-image" title="Image not loaded: ${escapeHtml(src)}">[image${alt ? `: ${escapeHtml(alt)}` : ''}]</a>`;
};

markdown.renderer.rules.fence = (tokens, index) => codeBlockHtml(tokens[index].content, parseFenceInfo(unescapeAll(tokens[index].info)));
markdown.renderer.rules.code_block = (tokens, index) => codeBlockHtml(tokens[index].content, {});

/** Block and inline tokens of `source`; `env` collects link reference definitions across calls. */
export function parseMarkdown(source: string, env: MarkdownEnv): Token[] {
  return markdown.parse(source, env);
}

/** HTML for a run of tokens from `parseMarkdown`; not yet sanitised. */
export function renderTokens(tokens: Token[], env: MarkdownEnv): string {
  return markdown.renderer.render(tokens, markdown.options, env);
}

/** The whole of `source` as HTML, not yet sanitised. */
export function renderMarkdownHtml(source: string): string {
  return markdown.render(source);
}

let purifier: { instance: ReturnType<typeof DOMPurify>; window: Window } | undefined;

/**
 * In the webview DOMPurify binds to `window` on import; under unit tests the DOM (jsdom) appears later, and each test
 * file brings its own window: a purifier bound to a closed one would return nothing.
 */
function purify(): ReturnType<typeof DOMPurify> {
  if (DOMPurify.isSupported) return DOMPurify;
  if (purifier?.window !== globalThis.window) purifier = { instance: DOMPurify(globalThis.window), window: globalThis.window };
  return purifier.instance;
}

/** No `style` attributes at all: the CSP would refuse them anyway, and nothing we render needs one. */
const SANITIZE_OPTIONS = { USE_PROFILES: { html: true }, FORBID_ATTR: ['style'] };

/** Sanitised nodes, ready to insert: no second HTML parse, unlike `innerHTML` of a sanitised string. */
export function sanitizeToFragment(html: string): DocumentFragment {
  return purify().sanitize(html, { ...SANITIZE_OPTIONS, RETURN_DOM_FRAGMENT: true });
}

export function sanitizeToString(html: string): string {
  return purify().sanitize(html, SANITIZE_OPTIONS);
}

export function renderMarkdown(source: string): string {
  return sanitizeToString(renderMarkdownHtml(source));
}
