/** Model output is untrusted: Markdown is rendered with raw HTML off, then sanitised before it touches the DOM. */
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: false });

export function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(markdown.render(source), { USE_PROFILES: { html: true } });
}
