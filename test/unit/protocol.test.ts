import * as assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/protocol/messages';

describe('webview → host message guard', () => {
  it('accepts each well-formed message', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'ask', text: 'why?' }), { type: 'ask', text: 'why?' });
    assert.deepEqual(parseWebviewMessage({ type: 'stop', extra: 1 }), { type: 'stop' });
    assert.deepEqual(parseWebviewMessage({ type: 'newChat' }), { type: 'newChat' });
    assert.deepEqual(parseWebviewMessage({ type: 'runAction', action: 'retry' }), { type: 'runAction', action: 'retry' });
  });

  it('accepts up to four png/jpeg images as data URLs with a question, and nothing else as an image', () => {
    const png = { dataUrl: 'data:image/png;base64,iVBORw0KGgo=' };
    assert.deepEqual(parseWebviewMessage({ type: 'ask', text: 'what is this?', images: [png] }), { type: 'ask', text: 'what is this?', images: [png] });
    for (const images of [[{ dataUrl: 'data:image/svg+xml;base64,PHN2Zz4=' }], [{ dataUrl: 'https://example.com/a.png' }], Array(5).fill(png), 'nope', [{}]]) {
      assert.equal(parseWebviewMessage({ type: 'ask', text: 'q', images }), undefined, JSON.stringify(images).slice(0, 60));
    }
  });

  it('rejects anything else', () => {
    for (const bad of [null, 'ask', 42, {}, { type: 'ask' }, { type: 'ask', text: '   ' }, { type: 'ask', text: 7 },
      { type: 'ask', text: 'x'.repeat(200_001) }, { type: 'runAction', action: 'rm -rf' }, { type: 'eval', code: '1' }]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 60));
    }
  });
});
