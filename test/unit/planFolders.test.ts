// The Context view's folder tree (src/context/planFolders.ts): counts and tokens per folder, compacted chains, both
// sort orders, dollars at the rate the request is billed at, and a 9,000-file plan that stays navigable.
import * as assert from 'node:assert/strict';
import { folderTree, sortedChildren, type FolderEntry, type PlanTreeEntry } from '../../src/context/planFolders';
import { priceFor } from '../../src/providers/pricing';
import { costLines, dollarsPerPlanToken } from '../../src/vscode/costTooltip';

const names = (entries: PlanTreeEntry[]) => entries.map((entry) => `${entry.kind === 'folder' ? 'dir' : 'file'}:${entry.name}`);
const folder = (entries: PlanTreeEntry[], name: string) => entries.find((entry): entry is FolderEntry => entry.kind === 'folder' && entry.name === name)!;

describe('plan folder tree (src/context/planFolders.ts)', () => {
  const files = [
    { path: 'src/context/plan.ts', tokens: 900 },
    { path: 'src/context/render.ts', tokens: 300 },
    { path: 'src/main.ts', tokens: 50 },
    { path: 'packages/core/lib/index.ts', tokens: 2000 },
    { path: 'README.md', tokens: 700 },
    { path: 'a.txt', tokens: 5 },
  ];

  it('counts files and tokens per folder, every file once', () => {
    const root = folderTree(files);
    assert.equal(root.files, 6);
    assert.equal(root.tokens, 3955);
    const src = folder(sortedChildren(root, 'name'), 'src');
    assert.deepEqual([src.files, src.tokens], [3, 1250]);
    const context = folder(sortedChildren(src, 'name'), 'context');
    assert.deepEqual([context.files, context.tokens, context.path], [2, 1200, 'src/context']);
  });

  it('by name: folders first, then files, alphabetically; a folder holding only a folder shows as one "a/b" row', () => {
    const root = folderTree([...files].reverse()); // input order does not matter
    assert.deepEqual(names(sortedChildren(root, 'name')), ['dir:packages/core/lib', 'dir:src', 'file:a.txt', 'file:README.md']);
    const numbered = folderTree([{ path: 'f10.ts', tokens: 1 }, { path: 'f2.ts', tokens: 1 }, { path: 'F1.ts', tokens: 1 }]);
    assert.deepEqual(names(sortedChildren(numbered, 'name')), ['file:F1.ts', 'file:f2.ts', 'file:f10.ts'], 'as the Explorer: case folded, numbers in order');
    const lib = folder(sortedChildren(root, 'name'), 'packages/core/lib');
    assert.equal(lib.path, 'packages/core/lib');
    assert.deepEqual(sortedChildren(lib, 'name').map((entry) => entry.path), ['packages/core/lib/index.ts']);
  });

  it('by tokens: heaviest first, folders and files together, ties by name', () => {
    const root = folderTree([...files, { path: 'b.txt', tokens: 5 }]);
    assert.deepEqual(names(sortedChildren(root, 'tokens')), ['dir:packages/core/lib', 'dir:src', 'file:README.md', 'file:a.txt', 'file:b.txt']);
    assert.deepEqual(names(sortedChildren(folder(sortedChildren(root, 'tokens'), 'src'), 'tokens')), ['dir:context', 'file:main.ts']);
  });

  it('dollars: each folder its share of the first question, at the long-context rate the whole request is billed at', () => {
    const grok = priceFor('grok-4.3')!;
    const planTokens = 867_000;
    const perToken = dollarsPerPlanToken('grok-4.3', grok, planTokens, planTokens)!;
    assert.ok(Math.abs(perToken - 2.5e-6) < 1e-15, 'an 867K-token request is above 204,800: $2.50/M for every token');
    const small = dollarsPerPlanToken('grok-4.3', grok, 100_000, 100_000)!;
    assert.ok(Math.abs(small - 1.25e-6) < 1e-15, 'a 100K-token request: the base rate');
    // the provider counts 10% more than we do: the per-token share scales with it, and the parts add up to the status bar
    const calibrated = dollarsPerPlanToken('grok-4.3', grok, planTokens, Math.round(planTokens * 1.1))!;
    const status = costLines('grok-4.3', grok, Math.round(planTokens * 1.1))!;
    assert.equal(status.short, `≈ $${(calibrated * planTokens).toFixed(2)} · long context`);
    assert.ok(Math.abs(calibrated - 1.1 * 2.5e-6) < 1e-15);
    assert.equal(dollarsPerPlanToken('local-model', undefined, planTokens, planTokens), undefined, 'no price, no dollars');
    assert.equal(dollarsPerPlanToken('grok-4.3', grok, 0, 0), undefined, 'an empty plan has no per-token share');
  });

  it('a 9,000-file plan opens as a few folders, and no folder that has subfolders lists thousands of rows', () => {
    const big = Array.from({ length: 9000 }, (_, i) => ({ path: `packages/p${i % 30}/src/m${Math.floor(i / 30) % 10}/f${i}.ts`, tokens: 100 }));
    const root = folderTree(big);
    assert.equal(root.files, 9000);
    assert.equal(root.tokens, 900_000);
    let widest = 0;
    const stack: FolderEntry[] = [root];
    while (stack.length) {
      const current = stack.pop()!;
      const children = sortedChildren(current, 'tokens');
      widest = Math.max(widest, children.length);
      for (const child of children) if (child.kind === 'folder') stack.push(child);
    }
    assert.equal(sortedChildren(root, 'name').length, 1, 'the single top folder, compacted');
    assert.ok(widest <= 30, `widest row list: ${widest}`);
  });

  it('a tree thousands of folders deep builds without overflowing the stack', () => {
    const deep = `${Array.from({ length: 5000 }, (_, i) => `d${i}`).join('/')}/leaf.ts`;
    const root = folderTree([{ path: deep, tokens: 7 }, { path: 'top.ts', tokens: 1 }]);
    assert.equal(root.files, 2);
    const [chain] = sortedChildren(root, 'name');
    assert.equal(chain.kind, 'folder');
    assert.deepEqual(sortedChildren(chain as FolderEntry, 'name').map((entry) => entry.path), [deep]);
  });
});
