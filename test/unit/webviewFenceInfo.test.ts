import * as assert from 'node:assert/strict';
import { languageOfPath, looksLikeFilePath, parseFenceInfo } from '../../src/webview/render/fenceInfo';

describe('webview code fence info', () => {
  it('reads the language alone', () => {
    assert.deepEqual(parseFenceInfo('ts'), { language: 'ts' });
    assert.deepEqual(parseFenceInfo('C++'), { language: 'c++' });
    assert.deepEqual(parseFenceInfo(''), {});
  });

  it('reads a file named after the language, after a colon, or alone', () => {
    assert.deepEqual(parseFenceInfo('ts src/a.ts'), { language: 'ts', path: 'src/a.ts' });
    assert.deepEqual(parseFenceInfo('ts:src/a.ts'), { language: 'ts', path: 'src/a.ts' });
    assert.deepEqual(parseFenceInfo('src/a.ts'), { path: 'src/a.ts', language: 'ts' });
    assert.deepEqual(parseFenceInfo('python title="tools/run.py"'), { language: 'python', path: 'tools/run.py' });
    assert.deepEqual(parseFenceInfo('Makefile'), { path: 'Makefile', language: 'makefile' });
  });

  it('does not take versions, URLs or odd words for files', () => {
    for (const word of ['1.2.3', 'http://x.y/a.ts', 'a b.ts', 'dir/', '.env', '<x>.ts']) assert.equal(looksLikeFilePath(word), false, word);
    assert.deepEqual(parseFenceInfo('js {1,3}'), { language: 'js' });
  });

  it('keeps class-name-unsafe languages out', () => {
    assert.deepEqual(parseFenceInfo('"><img'), {});
  });

  it('maps extensions to highlight.js languages', () => {
    assert.equal(languageOfPath('a/b.mjs'), 'javascript');
    assert.equal(languageOfPath('x.RS'), 'rs');
    assert.equal(languageOfPath('README'), undefined);
  });
});
