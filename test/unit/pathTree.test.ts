import * as assert from 'node:assert/strict';
import { PathTreeLedger, filePiece, folderHeader, renderPathList, renderPathTree } from '../../src/context/pathTree';
import { countTokens } from '../../src/context/tokens';

const costs = {
  file: (path: string) => countTokens(filePiece(path)),
  folder: (folder: string, withFiles: boolean) => (withFiles ? countTokens(folderHeader(folder)) + 1 : countTokens(`${folderHeader(folder)}\n`)),
};

describe('path tree', () => {
  it('names each folder once, indented by depth, with its files on its line', () => {
    const paths = ['src/compiler/phases/parse.ts', 'README.md', 'src/compiler/index.ts', 'src/compiler/phases/analyze.ts', 'src/runtime/a b.ts', 'src-old/x.ts', 'docs/<b>.md'];
    assert.equal(
      renderPathTree(paths),
      './ README.md\n' +
        'docs/ \\u003cb\\u003e.md\n' +
        'src-old/ x.ts\n' +
        'src/\n' +
        ' compiler/ index.ts\n' +
        '  phases/ analyze.ts parse.ts\n' +
        ' runtime/ a\\u0020b.ts\n',
    );
    assert.equal(renderPathTree([]), '');
  });

  it('costs several times fewer tokens than the flat list on a deep tree', () => {
    const paths: string[] = [];
    for (let sample = 0; sample < 200; sample++) for (const name of ['_config.js', 'main.svelte', 'Child.svelte']) paths.push(`packages/svelte/tests/runtime-runes/samples/sample-${sample}/${name}`);
    const flat = countTokens(renderPathList(paths));
    const tree = countTokens(renderPathTree(paths));
    assert.ok(flat > 2.5 * tree, `flat ${flat}, tree ${tree}`);
  });

  it('the ledger stays equal to a count of the rendered tree as files join and leave it', () => {
    const pool = ['a.ts', 'b/c/d.ts', 'b/c/e f.ts', 'b/x.ts', 'b-y/z.ts', 'q/<a>.ts', 'deep/er/still/leaf.py', 'deep/er/other.py', 'deep/top.py', 'x/y/z/w/v.md', 'x/y/q.md', 'p/notes~'];
    const ledger = new PathTreeLedger(costs);
    const listed = new Set<string>();
    let state = 7;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648);
    for (let step = 0; step < 300; step++) {
      const path = pool[next() % pool.length];
      const before = ledger.total;
      if (listed.has(path)) {
        assert.equal(ledger.remove(path), before - ledger.total);
        listed.delete(path);
      } else {
        const quoted = ledger.costOf(path);
        assert.equal(ledger.add(path), quoted, 'costOf predicts what add spends');
        listed.add(path);
      }
      const actual = countTokens(renderPathTree([...listed]));
      // exact, but for a line ending in punctuation (`notes~`), which the count may put one token high, never low
      const high = listed.has('p/notes~') ? 1 : 0;
      assert.ok(ledger.total >= actual && ledger.total <= actual + high, `after step ${step}: ${ledger.total} for ${actual}: ${[...listed].join(', ')}`);
      const shares = [...ledger.shares([...listed]).values()].reduce((sum, tokens) => sum + tokens, 0);
      assert.equal(shares, ledger.total, 'the files\' shares add up to the tree');
    }
  });
});
