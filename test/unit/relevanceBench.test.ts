// The relevance benchmark's pure parts: which commits become cases, what the question is, how the BM25 peer orders
// and fills, and how a plan is scored against it. The benchmark itself runs with `npm run bench:relevance`.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { B, K1, bm25Order, bm25Scores, fillWhole, termCounts, words } from '../../bench/relevanceBm25';
import { isSourceFile, logArguments, parseLog, questionFromMessage, selectCases } from '../../bench/relevanceCases';
import { candidatePaths, expandReach, scorePlan, table, tally } from '../../bench/relevanceScore';
import type { PackPlan } from '../../bench/relevanceOurs';
import { ISOLATED_GIT_ENV, git } from '../support/gitRepo';
import { createTempWorkspace } from '../support/tempWorkspace';

describe('relevance benchmark: cases from history', () => {
  it('strips trailers and the squash separator, keeping title and body', () => {
    const message = [
      'fix: keep whitespace after inline elements (#18685)',
      '',
      'Fixes #18684.',
      '',
      'The printer dropped it.',
      '',
      '---------',
      '',
      'Co-authored-by: Someone <someone@example.com>',
      'Signed-off-by: Other <other@example.com>',
      '',
    ].join('\n');
    assert.equal(questionFromMessage(message), 'fix: keep whitespace after inline elements (#18685)\n\nFixes #18684.\n\nThe printer dropped it.');
    assert.equal(questionFromMessage('Merge pull request #1 from a/b\n\nTitle of the PR\n'), 'Merge pull request #1 from a/b\n\nTitle of the PR');
    assert.equal(questionFromMessage('Co-authored-by: Only <a@b.c>\n'), '');
  });

  it('counts code as source, not tests, docs, fixtures, translations or data', () => {
    for (const file of ['sympy/core/add.py', 'packages/svelte/src/index.js', 'src/app.tsx', 'lib/x.svelte']) assert.ok(isSourceFile(file), file);
    for (const file of [
      'sympy/core/tests/test_add.py', 'pkg/test_x.py', 'pkg/x_test.py', 'conftest.py', 'src/a.test.ts', 'src/a.spec.js',
      'doc/src/conf.py', 'docs/a.md', 'src/fixtures/a.js', 'app/locale/fr.js', 'data/x.py', 'README.md', 'package.json',
      'packages/svelte/tests/runtime/samples/a/main.svelte', 'Makefile',
    ]) assert.ok(!isSourceFile(file), file);
  });

  it('takes the newest first-parent commits that modified one to three source files, from real git log output', function () {
    this.timeout(30_000);
    const repo = createTempWorkspace({ 'src/a.py': 'a = 1\n', 'src/b.py': 'b = 1\n', 'src/c.py': 'c = 1\n', 'src/d.py': 'd = 1\n', 'docs/x.md': 'x\n' });
    try {
      const commit = (message: string, files: Record<string, string | null>) => {
        for (const [file, content] of Object.entries(files)) {
          if (content === null) git(repo.root, 'rm', '-q', file);
          else repo.write(file, content);
        }
        git(repo.root, 'add', '-A');
        git(repo.root, 'commit', '-q', '-m', message);
        return git(repo.root, 'rev-parse', 'HEAD').trim();
      };
      git(repo.root, 'init', '-q', '-b', 'main');
      const root = commit('initial', {});
      const one = commit('fix a\n\nbody of a\n\nSigned-off-by: X <x@y.z>', { 'src/a.py': 'a = 2\n', 'src/tests/test_a.py': 'assert 1\n' });
      commit('touch four sources', { 'src/a.py': 'a = 3\n', 'src/b.py': 'b = 3\n', 'src/c.py': 'c = 3\n', 'src/d.py': 'd = 3\n' });
      commit('docs only', { 'docs/x.md': 'y\n' });
      commit('add a new module only', { 'src/e.py': 'e = 1\n' });
      const mixed = commit('change b, add f, delete d', { 'src/b.py': 'b = 4\n', 'src/f.py': 'f = 1\n', 'src/d.py': null });
      // a merge on the first-parent line: diffed against its first parent, the branch's commits themselves not walked
      git(repo.root, 'checkout', '-q', '-b', 'topic');
      commit('on the branch: change c', { 'src/c.py': 'c = 5\n' });
      git(repo.root, 'checkout', '-q', 'main');
      const beforeMerge = git(repo.root, 'rev-parse', 'HEAD').trim();
      execFileSync('git', ['merge', '-q', '--no-ff', 'topic', '-m', 'Merge branch topic\n\nchange c'], { cwd: repo.root, env: ISOLATED_GIT_ENV });
      const merge = git(repo.root, 'rev-parse', 'HEAD').trim();

      const log = execFileSync('git', logArguments(100), { cwd: repo.root, encoding: 'utf8' });
      const commits = parseLog(log);
      assert.equal(commits.length, 7, 'first-parent only: the branch commit is not walked');
      const cases = selectCases(commits, { limit: 10 });
      assert.deepEqual(
        cases.map(({ commit: id, parent, question, targets, sourceFilesTouched }) => ({ id, parent, question, targets, sourceFilesTouched })),
        [
          { id: merge, parent: beforeMerge, question: 'Merge branch topic\n\nchange c', targets: ['src/c.py'], sourceFilesTouched: 1 },
          { id: mixed, parent: git(repo.root, 'rev-parse', `${mixed}^`).trim(), question: 'change b, add f, delete d', targets: ['src/b.py'], sourceFilesTouched: 3 },
          { id: one, parent: root, question: 'fix a\n\nbody of a', targets: ['src/a.py'], sourceFilesTouched: 1 },
        ],
      );
      assert.deepEqual(selectCases(commits, { limit: 2 }).map((item) => item.commit), [merge, mixed], 'the newest N, no more');
    } finally {
      repo.remove();
    }
  });
});

describe('relevance benchmark: the BM25 peer', () => {
  it('tokenises plain words, lower-cased, without splitting identifiers', () => {
    assert.deepEqual(words('parseExpr(x_1, "Foo-bar")'), ['parseexpr', 'x_1', 'foo', 'bar']);
  });

  it('ranks the document with the rare query word first, prefers shorter documents at equal counts, keeps ties in order', () => {
    const documents = [
      'the the the the common words only the the',
      'the solver the',
      'the solver the and a great many other words that make this document long and longer still',
      'nothing relevant here',
      'nothing relevant here either',
    ].map(termCounts);
    assert.deepEqual(bm25Order('the solver', documents), [1, 2, 0, 3, 4]);
    // the textbook formula on a single term, computed by hand
    const scores = bm25Scores('solver', documents);
    const average = documents.reduce((sum, document) => sum + document.length, 0) / documents.length;
    const idf = Math.log(1 + (5 - 2 + 0.5) / (2 + 0.5));
    assert.ok(Math.abs(scores[1] - (idf * (1 * (K1 + 1))) / (1 + K1 * (1 - B + (B * 3) / average))) < 1e-12);
    assert.equal(scores[0], 0);
    // the same count of the word in a longer document weighs less (b = 0.75), even when the longer one comes first
    assert.deepEqual(bm25Order('solver', [documents[2], documents[1]]), [1, 0]);
  });

  it('fills the budget first-fit: a file too large is skipped and smaller ones after it still go', () => {
    const tokens: Record<string, number> = { a: 50, big: 80, b: 30, c: 30 };
    assert.deepEqual([...fillWhole(['a', 'big', 'b', 'c'], (file) => tokens[file], 100)], ['a', 'b']);
  });
});

describe('relevance benchmark: scoring a plan', () => {
  const plan: PackPlan = {
    budget: 1000,
    usedTokens: 990,
    files: [
      { path: 'src/match.py', tokens: 20, tier: 'outline' },
      { path: 'src/other.py', tokens: 500, tier: 'full' },
    ],
    excluded: [
      { path: 'src/late.py', reason: 'budget' },
      { path: 'src/gen.py', reason: 'generated' },
    ],
  };
  const texts: Record<string, string> = { 'src/match.py': 'solver solver', 'src/other.py': 'nothing', 'src/late.py': 'solver' };
  const tokens: Record<string, number> = { 'src/match.py': 400, 'src/other.py': 500, 'src/late.py': 600 };
  const peerFile = (file: string) => (texts[file] === undefined ? undefined : { path: file, tokens: tokens[file], terms: termCounts(texts[file]) });

  it('gives the peer exactly the planned and budget-excluded files, with the same budget less the frame', () => {
    assert.deepEqual(candidatePaths(plan), ['src/late.py', 'src/match.py', 'src/other.py']);
    const score = scorePlan({ window: 2000, plan, question: 'fix the solver', targets: ['src/match.py', 'src/other.py', 'src/gen.py'], peerFile, frameTokens: 50 });
    // BM25 order: match (two hits), late (one), other (none); 950 tokens take match (400), skip late (600), take other (500)
    assert.deepEqual(
      score.targets.map(({ path, ours, bm25, oursTier }) => ({ path, ours, bm25, oursTier })),
      [
        { path: 'src/match.py', ours: false, bm25: true, oursTier: 'outline' },
        { path: 'src/other.py', ours: true, bm25: true, oursTier: 'full' },
        { path: 'src/gen.py', ours: false, bm25: false, oursTier: 'left out: generated' },
      ],
    );
    assert.equal(score.countMismatches, 0);
    assert.equal(score.candidateTokens, 1500);
    // a larger frame leaves no room for the second file
    const tight = scorePlan({ window: 2000, plan, question: 'fix the solver', targets: ['src/other.py'], peerFile, frameTokens: 150 });
    assert.equal(tight.targets[0].bm25, false);
  });

  it('flags a whole-file count that differs from the engine’s, and tallies shares into a table', () => {
    const skewed = scorePlan({ window: 2000, plan, question: 'solver', targets: ['src/other.py'], peerFile: (file) => peerFile(file) && { ...peerFile(file)!, tokens: 499 }, frameTokens: 0 });
    assert.equal(skewed.countMismatches, 1);
    const total = tally([skewed, skewed]);
    // 499 + 499 for match and late leave no room for other at 1,000
    assert.deepEqual(total, { files: 2, ours: 2, bm25: 0 });
    assert.match(table([{ window: 1_000_000, tally: { files: 4, ours: 3, bm25: 2 } }]), /\| 1,000,000 \| 75% \(3\/4\) \| 50% \(2\/4\) \| 1\.50× \|/);
  });

  it('counts the questions the file-choosing request would run for, and the files that matter it could win back there', () => {
    const unclear = scorePlan({ window: 2000, plan: { ...plan, relevanceClear: false }, question: 'solver', targets: ['src/match.py', 'src/other.py'], peerFile, frameTokens: 0 });
    const clear = scorePlan({ window: 2000, plan: { ...plan, relevanceClear: true }, question: 'solver', targets: ['src/match.py'], peerFile, frameTokens: 0 });
    // match.py went as an outline: the one file the request could still bring in whole
    assert.deepEqual(expandReach([unclear, clear, clear]), { questions: 3, runs: 1, missedWhereRun: 1 });
  });
});
