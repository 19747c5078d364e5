// Model output is untrusted: links that would run VS Code commands or open other apps, and images that would call a
// host the model chose, must not survive rendering. markdown-it lets `command:` and `vscode://` links through (its
// validateLink only refuses javascript:, vbscript:, file: and non-image data:), so DOMPurify is what removes them;
// these tests fail when the sanitize call is bypassed.
import * as assert from 'node:assert/strict';
import { renderMarkdown, renderMarkdownHtml } from '../../src/webview/markdown';
import { MarkdownStream } from '../../src/webview/render/markdownStream';
import { useJsdomContainer } from '../support/jsdomContainer';

/** Schemes no link or image in an answer may keep: VS Code commands and URL handlers, script, local files. */
const FORBIDDEN = /^(command|vscode|vscode-insiders|vscode-webview|javascript|vbscript|file|data):/i;
/** The only images an answer may show: inline pictures, which make no request. */
const INLINE_IMAGE = /^data:image\/(png|jpeg|gif|webp);/i;

/** Model output, each with what a reader should still see of it. */
const HOSTILE: Array<{ name: string; source: string; text: string }> = [
  { name: 'inline command: link', source: '[open a terminal](command:workbench.action.terminal.new)', text: 'open a terminal' },
  { name: 'command: link with arguments', source: '[run](command:workbench.action.tasks.runTask?%5B%22deploy%22%5D)', text: 'run' },
  { name: 'mixed-case CoMmAnD: link', source: '[x](CoMmAnD:workbench.action.terminal.new)', text: 'x' },
  { name: 'entity-encoded &#99;ommand: link', source: '[x](&#99;ommand:workbench.action.terminal.new)', text: 'x' },
  { name: '&colon;-encoded command link', source: '[x](command&colon;workbench.action.terminal.new)', text: 'x' },
  { name: 'command: link in angle brackets and spaces', source: '[x]( <command:workbench.action.terminal.new> )', text: 'x' },
  { name: 'command: autolink', source: '<command:workbench.action.files.openFile>', text: 'command:workbench.action.files.openFile' },
  { name: 'command: reference link', source: 'see [the docs][d]\n\n[d]: command:workbench.action.terminal.new "Docs"', text: 'see the docs' },
  { name: 'vscode:// URL handler link', source: '[install](vscode://ms-vscode.some-extension/run?x=1)', text: 'install' },
  { name: 'vscode:// autolink', source: '<vscode://file/etc/passwd>', text: 'vscode://file/etc/passwd' },
  { name: 'vscode-insiders:// link', source: '[x](vscode-insiders://ms-vscode.some-extension/run)', text: 'x' },
  { name: 'javascript: link', source: '[x](javascript:alert(1))', text: '' },
  { name: 'JaVaScRiPt: link, entity-encoded', source: '[x](&#106;aVaScRiPt:alert(1))', text: '' },
  { name: 'data:text/html link', source: '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', text: '' },
  { name: 'file:// link', source: '[passwd](file:///etc/passwd)', text: '' },
  { name: 'command: image', source: '![x](command:workbench.action.terminal.new)', text: '' },
];

/** What reaches DOMPurify for these inputs: proof that the sanitiser, not markdown-it, is the gate being tested. */
const REACHES_SANITIZER = ['inline command: link', 'mixed-case CoMmAnD: link', 'entity-encoded &#99;ommand: link', 'command: autolink', 'command: reference link', 'vscode:// URL handler link', 'vscode:// autolink', 'vscode-insiders:// link'];

/** Every URL-bearing attribute in `root` that names a forbidden scheme (after the DOM decoded entities). */
function forbiddenUrls(root: ParentNode): string[] {
  const found: string[] = [];
  for (const node of root.querySelectorAll('*')) {
    for (const name of ['href', 'src', 'xlink:href', 'action', 'formaction', 'srcset', 'poster']) {
      const value = node.getAttribute(name);
      if (value !== null && FORBIDDEN.test(value.trim()) && !(node.tagName === 'IMG' && name === 'src' && INLINE_IMAGE.test(value))) found.push(`<${node.tagName.toLowerCase()} ${name}="${value}">`);
    }
  }
  return found;
}

/** Images that would make a request: any `src` that is not an inline picture. */
function remoteImages(root: ParentNode): string[] {
  return [...root.querySelectorAll('img, picture source, video, audio, input[type="image"]')]
    .map((node) => node.getAttribute('src') ?? node.getAttribute('srcset') ?? '')
    .filter((src) => !INLINE_IMAGE.test(src));
}

describe('webview: hostile links and images in model output (jsdom)', () => {
  const containerOf = useJsdomContainer();
  let container: HTMLElement;
  beforeEach(() => (container = containerOf()));

  /** Renders `source` as the transcript does: streamed in two deltas, then finished. */
  function stream(source: string): HTMLElement {
    const view = new MarkdownStream(container);
    const half = Math.floor(source.length / 2);
    view.append(source.slice(0, half));
    view.render(false);
    view.append(source.slice(half));
    view.render(true);
    return container;
  }

  it('markdown-it alone passes command:, vscode:// and vscode-insiders:// links on to the sanitiser', () => {
    for (const name of REACHES_SANITIZER) {
      const html = renderMarkdownHtml(HOSTILE.find((item) => item.name === name)!.source);
      assert.match(html, /href="(command|CoMmAnD|vscode|vscode-insiders):/, `${name}: ${html}`);
    }
  });

  for (const { name, source, text } of HOSTILE) {
    it(`streams a ${name} with no live URL left`, () => {
      const root = stream(`Before.\n\n${source}\n\nAfter.`);
      assert.deepEqual(forbiddenUrls(root), []);
      if (text) assert.ok(root.textContent!.includes(text), `the text "${text}" is still shown: ${root.innerHTML}`);
      assert.ok(root.textContent!.includes('After.'), 'the rest of the answer renders');
    });
  }

  it('renderMarkdown (the one-shot path) strips the same links', () => {
    const holder = document.createElement('div');
    holder.innerHTML = renderMarkdown(HOSTILE.map((item) => item.source).join('\n\n'));
    assert.deepEqual(forbiddenUrls(holder), []);
    assert.ok(holder.querySelectorAll('a').length >= REACHES_SANITIZER.length, 'the links stay, without their URLs');
  });

  it('keeps ordinary https links and citations', () => {
    const root = stream('[docs](https://docs.x.ai/) and src/a.ts:3\n');
    assert.equal(root.querySelector('a[href="https://docs.x.ai/"]')?.textContent, 'docs');
    assert.ok(root.querySelector('a.citation'));
  });

  it('turns remote images into links to them, so nothing is fetched from the model\'s chosen host', () => {
    const root = stream('![tracking pixel](https://evil.example/x.png?user=1)\n\n![protocol-relative](//evil.example/y.png)\n\n![ref][pixel]\n\n[pixel]: http://127.0.0.1:9/z.png\n');
    assert.deepEqual(remoteImages(root), []);
    assert.equal(root.querySelectorAll('img').length, 0);
    const links = [...root.querySelectorAll<HTMLAnchorElement>('a.remote-image')];
    assert.deepEqual(links.map((link) => [link.getAttribute('href'), link.textContent]), [
      ['https://evil.example/x.png?user=1', '[image: tracking pixel]'],
      ['//evil.example/y.png', '[image: protocol-relative]'],
      ['http://127.0.0.1:9/z.png', '[image: ref]'],
    ]);
  });

  it('still shows an inline (data:) picture', () => {
    const root = stream('![dot](data:image/png;base64,iVBORw0KGgo=)\n');
    assert.equal(root.querySelector('img')?.getAttribute('src'), 'data:image/png;base64,iVBORw0KGgo=');
    assert.equal(root.querySelector('img')?.getAttribute('alt'), 'dot');
  });

  it('raw HTML stays text: no <img>, <a>, <form> or <svg> from the model', () => {
    const root = stream('<img src="https://evil.example/a.png"> <a href="command:x">c</a> <form action="command:x"><button>go</button></form> <svg><a xlink:href="command:x">s</a></svg>\n');
    assert.equal(root.querySelectorAll('img, form, svg, button').length, 0);
    assert.deepEqual(forbiddenUrls(root), []);
    assert.deepEqual([...root.querySelectorAll('a')].map((link) => link.getAttribute('href')), ['https://evil.example/a.png'], 'only the linkified https URL is a link');
    assert.match(root.textContent!, /<img src="https:\/\/evil\.example\/a\.png">/);
  });
});
