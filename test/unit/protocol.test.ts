import * as assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/protocol/messages';

describe('webview → host message guard', () => {
  it('accepts each well-formed message', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'ask', text: 'why?' }), { type: 'ask', text: 'why?' });
    assert.deepEqual(parseWebviewMessage({ type: 'draft', text: 'why is' }), { type: 'draft', text: 'why is' });
    assert.deepEqual(parseWebviewMessage({ type: 'stop', extra: 1 }), { type: 'stop' });
    assert.deepEqual(parseWebviewMessage({ type: 'newChat' }), { type: 'newChat' });
    assert.deepEqual(parseWebviewMessage({ type: 'runAction', action: 'retry' }), { type: 'runAction', action: 'retry' });
    const accepted = [
      { type: 'editAction', editId: 'e1', action: 'review' },
      { type: 'allEdits', action: 'reject' },
      { type: 'copyText', text: 'const a = 1;' },
      { type: 'insertCode', code: '' },
      { type: 'applyCode', code: 'x', path: 'src/a.ts' },
      { type: 'openCitation', path: 'src/a.ts', line: 3, endLine: 9 },
      { type: 'switchConversation', id: 'c-1' },
      { type: 'renameConversation', id: 'c-1', title: 'Invoices' },
      { type: 'deleteConversation', id: 'c-1' },
      { type: 'exportConversation', id: 'c-1' },
      { type: 'editLast', text: 'why, exactly?' },
      { type: 'setEffort', effort: '' },
      { type: 'pickProvider' },
      { type: 'pickModel' },
      { type: 'mentionFiles', query: 'app' },
    ];
    for (const message of accepted) assert.deepEqual(parseWebviewMessage(message), message);
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
      { type: 'ask', text: 'x'.repeat(200_001) }, { type: 'draft', text: 'x'.repeat(200_001) }, { type: 'draft', text: 3 }, { type: 'runAction', action: 'rm -rf' }, { type: 'eval', code: '1' },
      { type: 'editAction', editId: 'e1', action: 'apply-everything' }, { type: 'allEdits', action: 'review' }, { type: 'copyText', text: 1 },
      { type: 'openCitation', path: 'a.ts', line: 0 }, { type: 'openCitation', path: '' }, { type: 'openCitation', path: 'a.ts', line: 1.5 },
      { type: 'renameConversation', id: 'c', title: '  ' }, { type: 'setEffort', effort: 'extreme' }, { type: 'switchConversation' },
      { type: 'mentionFiles', query: 'x'.repeat(501) }]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 60));
    }
  });
});
