import * as assert from 'node:assert/strict';
import { createNonce, renderChatHtml } from '../../src/view/html';

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
});
