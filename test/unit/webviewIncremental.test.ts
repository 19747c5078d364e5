import * as assert from 'node:assert/strict';
import { renderMarkdownHtml } from '../../src/webview/markdown';
import { closesFence, lineOffset, topLevelBlocks } from '../../src/webview/render/blocks';
import { IncrementalMarkdown, type Step } from '../../src/webview/render/incremental';
import { parseMarkdown } from '../../src/webview/markdown';

const DOCUMENT = `# Title

[r]: https://example.com/ref

Prose citing src/a.ts:10 and \`lib/b.py#L3-L9\`, with [a ref][r].

- one
- two

  continued in the item

1. first
2. second

\`\`\`ts src/x.ts
const a = 1;

const b = 2;
\`\`\`

| a | b |
|---|---|
| 1 | 2 |

> quote
lazy continuation

\`\`\`\`md
\`\`\`
inner fence
\`\`\`
\`\`\`\`

Setext heading
---

    indented code

final paragraph
`;

/** A seeded generator so a failure names a reproducible split. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** Streams `text` in random chunks (a step after each), then ends it; returns all committed HTML and the steps. */
function streamed(text: string, seed: number, maxChunk = 20): { html: string; steps: Step[] } {
  const next = random(seed);
  const stream = new IncrementalMarkdown();
  const steps: Step[] = [];
  for (let at = 0; at < text.length; ) {
    const size = 1 + Math.floor(next() * maxChunk);
    stream.append(text.slice(at, at + size));
    at += size;
    steps.push(stream.step(false));
  }
  steps.push(stream.step(true));
  return { html: steps.map((step) => step.committed.join('')).join(''), steps };
}

describe('webview incremental Markdown', () => {
  it('renders exactly what a whole render gives, however the text is split', () => {
    const whole = renderMarkdownHtml(DOCUMENT);
    for (let seed = 1; seed <= 100; seed++) assert.equal(streamed(DOCUMENT, seed).html, whole, `split seed ${seed}`);
  });

  it('commits each block once and keeps only the last one as the tail', () => {
    const stream = new IncrementalMarkdown();
    stream.append('First paragraph.\n\nSecond');
    const first = stream.step(false);
    assert.deepEqual(first.committed, ['<p>First paragraph.</p>\n']);
    assert.deepEqual(first.tail, { kind: 'html', html: '<p>Second</p>\n' });
    stream.append(' grows');
    const second = stream.step(false);
    assert.deepEqual(second.committed, [], 'nothing re-rendered before the tail');
    assert.deepEqual(second.tail, { kind: 'html', html: '<p>Second grows</p>\n' });
  });

  it('hands an unclosed fence over as growing plain code, without parsing, until it closes', () => {
    const stream = new IncrementalMarkdown();
    stream.append('Intro.\n\n```py tools/run.py\nprint(1)\n');
    const open = stream.step(false);
    assert.deepEqual(open.committed, ['<p>Intro.</p>\n']);
    assert.equal(open.tail.kind, 'openFence');
    const start = open.tail.kind === 'openFence' ? open.tail.start : -1;
    assert.deepEqual(open.tail, { kind: 'openFence', start, info: { language: 'py', path: 'tools/run.py' }, code: 'print(1)\n' });
    stream.append('print(2)\n``');
    assert.deepEqual(stream.step(false).tail, { kind: 'openFence', start, info: { language: 'py', path: 'tools/run.py' }, code: 'print(1)\nprint(2)\n``' });
    stream.append('`\n\nAfter.');
    const closed = stream.step(false);
    assert.match(closed.committed.join(''), /^<pre data-language="py" data-path="tools\/run.py"><code class="hljs language-py">/);
    assert.deepEqual(closed.tail, { kind: 'html', html: '<p>After.</p>\n' });
  });

  it('keeps the fence open while its opening line is still arriving', () => {
    const stream = new IncrementalMarkdown();
    stream.append('```type');
    assert.equal(stream.step(false).tail.kind, 'html');
    stream.append('script\n');
    const step = stream.step(false);
    assert.equal(step.tail.kind === 'openFence' && step.tail.info.language, 'typescript');
  });

  it('an answer that ends inside a fence still renders the fence when it is final', () => {
    const stream = new IncrementalMarkdown();
    stream.append('```js\nlet a = 1;\n');
    stream.step(false);
    const final = stream.step(true);
    assert.match(final.committed.join(''), /<pre data-language="js"><code class="hljs language-js"><span class="hljs-keyword">let<\/span> a = <span class="hljs-number">1<\/span>;\n<\/code><\/pre>/);
    assert.deepEqual(final.tail, { kind: 'none' });
  });

  it('catches up with a long text over several steps when time runs out, with the same result', () => {
    const long = Array.from({ length: 1000 }, (_, index) => `Paragraph ${index} cites src/f${index}.ts:${index + 1}.\n\n\`\`\`json\n{ "n": ${index} }\n\`\`\``).join('\n\n');
    const stream = new IncrementalMarkdown();
    stream.append(long);
    let html = '';
    let steps = 0;
    for (;;) {
      const step = stream.step(true, () => false);
      html += step.committed.join('');
      steps++;
      if (!step.more) break;
    }
    assert.ok(steps > 3, `took ${steps} steps`);
    assert.equal(html, renderMarkdownHtml(long));
  });

  it('maps markdown-it line numbers back to offsets with any line ending', () => {
    assert.equal(lineOffset('a\r\nb\rc\nd', 3), 'a\r\nb\rc\n'.length);
    assert.equal(lineOffset('a\nb', 5), 3);
    const crlf = 'one\r\n\r\ntwo\r\n\r\n```\r\ncode\r\n```\r\n\r\nthree';
    for (let seed = 1; seed <= 50; seed++) assert.equal(streamed(crlf, seed, 4).html, renderMarkdownHtml(crlf), `seed ${seed}`);
  });

  it('groups tokens into top-level blocks and recognises closing fences', () => {
    const blocks = topLevelBlocks(parseMarkdown('a\n\n- b\n- c\n\n---\n', {}));
    assert.deepEqual(blocks.map((block) => block.line), [0, 2, 5]);
    assert.equal(closesFence('```', '```'), true);
    assert.equal(closesFence('  ````  ', '```'), true);
    assert.equal(closesFence('```ts', '```'), false);
    assert.equal(closesFence('~~~', '```'), false);
    assert.equal(closesFence('``', '```'), false);
  });
});
