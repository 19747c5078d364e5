/**
 * Code blocks get a toolbar: Copy, Insert at Cursor, and Apply (proposed as an edit of the file the fence names).
 * The toolbar is built with DOM calls after sanitising, and clicks are handled by one delegated listener, so model
 * output can neither add buttons nor attach handlers.
 */
import type { WebviewMessage } from '../../protocol/messages';
import { button, element } from '../dom';

export type CodeAction = 'copy' | 'insert' | 'apply';

function toolbar(pre: HTMLElement): HTMLElement {
  const path = pre.dataset.path;
  const language = pre.dataset.language;
  const bar = element('div', 'code-toolbar');
  bar.append(element('span', 'code-label', path ?? language ?? ''));
  bar.append(
    button({ className: 'icon-button code-action', label: 'Copy code', icon: 'copy', data: { codeAction: 'copy' } }),
    button({ className: 'icon-button code-action', label: 'Insert code at cursor', icon: 'insert', data: { codeAction: 'insert' } }),
    button({ className: 'icon-button code-action', label: path ? `Apply to ${path}` : 'Apply code to a file', icon: 'diff', data: { codeAction: 'apply' } }),
  );
  return bar;
}

/** Wraps every `<pre>` under `root` as `div.code-block` with its toolbar. */
export function decorateCodeBlocks(root: ParentNode): void {
  for (const pre of root.querySelectorAll('pre')) {
    const block = element('div', 'code-block');
    pre.replaceWith(block);
    block.append(toolbar(pre), pre);
  }
}

/** The message a code toolbar button posts. The code is read from the DOM, so it is what the user sees. */
export function codeActionMessage(target: HTMLElement): WebviewMessage | undefined {
  const action = target.dataset.codeAction as CodeAction | undefined;
  const pre = target.closest('.code-block')?.querySelector('pre');
  if (!action || !pre) return undefined;
  // markdown-it keeps the newline before the closing fence; the code itself does not end with it.
  const code = (pre.querySelector('code') ?? pre).textContent?.replace(/\n$/, '') ?? '';
  switch (action) {
    case 'copy':
      return { type: 'copyText', text: code };
    case 'insert':
      return { type: 'insertCode', code };
    case 'apply':
      return pre.dataset.path ? { type: 'applyCode', code, path: pre.dataset.path } : { type: 'applyCode', code };
    default:
      return undefined;
  }
}

/** Brief "Copied" feedback on the button itself (its icon and accessible name), then back. */
export function showCopied(target: HTMLElement): void {
  const glyph = target.querySelector('.codicon');
  glyph?.classList.replace('codicon-copy', 'codicon-check');
  target.setAttribute('aria-label', 'Copied');
  target.title = 'Copied';
  setTimeout(() => {
    glyph?.classList.replace('codicon-check', 'codicon-copy');
    target.setAttribute('aria-label', 'Copy code');
    target.title = 'Copy code';
  }, 1500);
}
