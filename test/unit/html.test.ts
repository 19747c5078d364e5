import * as assert from 'node:assert/strict';
import { createNonce, renderChatHtml, siblingUri } from '../../src/view/html';

describe('chat webview HTML', () => {
  const inputs = { cspSource: 'https://webview.example', scriptUri: 'https://webview.example/dist/webview.js', styleUri: 'https://webview.example/dist/webview.css' };

  it("locks the page down with default-src 'none' and runs only the nonce'd script", () => {
    const html = renderChatHtml({ ...inputs, nonce: 'abc123' });
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)![1];
    assert.deepEqual(csp.split('; '), [
      "default-src 'none'",
      'style-src https://webview.example',
      'font-src https://webview.example',
      'img-src https://webview.example data:',
      "script-src 'nonce-abc123'",
    ]);
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script nonce="abc123" src="https://webview.example/dist/webview.js">']);
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /<style/);
  });

  it('uses a fresh 128-bit crypto nonce each render', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) assert.equal(Buffer.from(nonce, 'base64').length, 16);
    const a = renderChatHtml(inputs).match(/nonce="([^"]+)"/)![1];
    const b = renderChatHtml(inputs).match(/nonce="([^"]+)"/)![1];
    assert.notEqual(a, b);
  });

  it('loads the codicons stylesheet beside the webview stylesheet, or from where it is told', () => {
    const links = (html: string) => [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((match) => match[1]);
    assert.deepEqual(links(renderChatHtml(inputs)), ['https://webview.example/dist/codicon.css', 'https://webview.example/dist/webview.css']);
    assert.deepEqual(links(renderChatHtml({ ...inputs, codiconsUri: 'https://webview.example/x/codicon.css' }))[0], 'https://webview.example/x/codicon.css');
    assert.equal(siblingUri('https://a.example/ext/dist/webview.css?v=1#x', 'codicon.css'), 'https://a.example/ext/dist/codicon.css?v=1#x');
  });

  it('has the elements the webview script and the UI tests find by id, and a polite status for announcements', () => {
    const html = renderChatHtml(inputs);
    for (const id of ['transcript', 'status', 'edits', 'composer', 'question', 'attachments', 'attach-input', 'attach', 'send', 'stop']) assert.match(html, new RegExp(`id="${id}"`), id);
    for (const id of ['header', 'conversations-button', 'conversation-list', 'provider-button', 'model-button', 'new-chat', 'effort', 'context-meter', 'cost', 'mention-list', 'editing-banner', 'editing-cancel']) {
      assert.equal(html.match(new RegExp(`id="${id}"`, 'g'))?.length, 1, id);
    }
    assert.match(html, /<main id="app">\s*<header id="header">/, 'the header is at the top');
    assert.match(html, /<textarea id="question"[^>]* aria-autocomplete="list" aria-controls="mention-list"/);
    assert.match(html, /<ul id="mention-list" role="listbox"/);
    assert.match(html, /<div id="transcript" role="log" aria-live="polite"/);
    assert.match(html, /<div id="status" [^>]*role="status" aria-live="polite"/);
    assert.doesNotMatch(html, /\sstyle=/, 'no inline styles (the CSP has no unsafe-inline)');
  });
});
