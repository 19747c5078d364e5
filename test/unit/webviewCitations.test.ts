import * as assert from 'node:assert/strict';
import { citationOfCode, findCitations } from '../../src/webview/render/citations';
import { renderMarkdownHtml } from '../../src/webview/markdown';

const cited = (text: string) => findCitations(text).map(({ path, line, endLine }) => ({ path, line, ...(endLine ? { endLine } : {}) }));

describe('webview citations', () => {
  it('finds path:line, path:line-line, path#L10 and path#L10-L20', () => {
    assert.deepEqual(cited('see src/a.ts:10, then src/b/c.py:3-9 and README.md#L4 or lib/x.go#L10-L20.'), [
      { path: 'src/a.ts', line: 10 },
      { path: 'src/b/c.py', line: 3, endLine: 9 },
      { path: 'README.md', line: 4 },
      { path: 'lib/x.go', line: 10, endLine: 20 },
    ]);
  });

  it('accepts ./ and ../ paths, a column after the line, and brackets around', () => {
    assert.deepEqual(cited('(./src/a.ts:7:12) [../b.rs:1]'), [
      { path: './src/a.ts', line: 7 },
      { path: '../b.rs', line: 1 },
    ]);
  });

  it('leaves URLs with ports, hosts, times, versions and ratios alone', () => {
    for (const text of ['http://host:8080', 'https://example.com:443/a.ts:10', 'example.com:8080', 'api.github.io:443', 'localhost:3000', 'at 10:30', '10:30:45', 'v1.2.3:4', 'node:20', 'ratio 16:9', 'user@host.rs:22', 'file.ts:0']) {
      assert.deepEqual(cited(text), [], text);
    }
  });

  it('drops an end line before the start line', () => {
    assert.deepEqual(cited('a/b.ts:20-10'), [{ path: 'a/b.ts', line: 20 }]);
  });

  it('links inline code that is a citation as a whole, or a path with a folder and an extension', () => {
    assert.equal(citationOfCode('src/a.ts:12')?.line, 12);
    assert.equal(citationOfCode(' src/a.ts ')?.path, 'src/a.ts');
    assert.equal(citationOfCode('console.log'), undefined);
    assert.equal(citationOfCode('package.json'), undefined);
    assert.equal(citationOfCode('call(src/a.ts:1)'), undefined);
  });

  it('renders citations as links in text and inline code, never inside code fences or other links', () => {
    const html = renderMarkdownHtml('See src/a.ts:10 and `lib/b.py#L3-L9`.\n\n```ts\n// src/c.ts:5\n```\n\n[src/d.ts:1](https://example.com) http://example.com/e.ts:2\n');
    assert.match(html, /<a href="#" class="citation" data-path="src\/a.ts" title="Open src\/a.ts line 10" data-line="10">src\/a.ts:10<\/a>/);
    assert.match(html, /<a href="#" class="citation" data-path="lib\/b.py" [^>]*data-line="3" data-end-line="9"><code>lib\/b.py#L3-L9<\/code><\/a>/);
    assert.match(html, /<span class="hljs-comment">\/\/ src\/c.ts:5<\/span>/);
    assert.equal(html.match(/class="citation"/g)?.length, 2);
  });

  it('does not turn bare file names into web links', () => {
    assert.doesNotMatch(renderMarkdownHtml('Open README.md and main.py'), /<a /);
  });

  it('escapes what it puts in attributes', () => {
    const html = renderMarkdownHtml('src/"x".ts:1 and src/a&b.ts:2');
    assert.doesNotMatch(html, /data-path="[^"]*"[^ >]/);
  });
});
