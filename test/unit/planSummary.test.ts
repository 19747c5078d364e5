// One vocabulary for a plan: the counts, the words, the budget line, and the status bar's tooltip and the chat's
// context line built from them, so the three surfaces cannot disagree about one plan.
import * as assert from 'node:assert/strict';
import { budgetText, categoryHeading, compactTokens, countPlan, planCountsText } from '../../src/common/planCounts';
import { requestBudget } from '../../src/context/budget';
import type { ContextPlan } from '../../src/context/model';
import { priceFor } from '../../src/providers/pricing';
import { statusText } from '../../src/vscode/costTooltip';
import { contextFilesText } from '../../src/webview/render/turns';

/** A plan shaped like the issue's: files in every tier and some left out, for the budget and for other reasons. */
function plan(): ContextPlan {
  const files: ContextPlan['files'] = [
    ...Array.from({ length: 5 }, (_, i) => ({ path: `src/whole${i}.ts`, tier: 'full' as const, tokens: 1000 })),
    ...Array.from({ length: 3 }, (_, i) => ({ path: `lib/outline${i}.ts`, tier: 'outline' as const, tokens: 100 })),
    ...Array.from({ length: 1200 }, (_, i) => ({ path: `docs/page${i}.md`, tier: 'path' as const, tokens: 4 })),
  ];
  const excluded: ContextPlan['excluded'] = [
    { path: '.env', reason: 'secret-file' },
    { path: 'package-lock.json', reason: 'lockfile' },
    { path: 'big/data.json', reason: 'budget' },
  ];
  return { budget: 867_000, usedTokens: 10_100, files, excluded, text: '', versions: {} };
}

describe('plan vocabulary (src/common/planCounts.ts)', () => {
  it('counts every file once: whole, as outline, as path only, left out (for any reason)', () => {
    const counts = countPlan(plan());
    assert.deepEqual(counts, { whole: 5, outline: 3, pathOnly: 1200, leftOut: 3 });
    assert.equal(counts.whole + counts.outline + counts.pathOnly + counts.leftOut, plan().files.length + plan().excluded.length);
  });

  it('says it in the same words everywhere, empty categories left out except whole', () => {
    assert.equal(planCountsText(countPlan(plan())), '5 whole, 3 as outline, 1,200 as path only, 3 left out');
    assert.equal(planCountsText({ whole: 3, outline: 0, pathOnly: 0, leftOut: 0 }), '3 whole');
    assert.equal(planCountsText({ whole: 0, outline: 0, pathOnly: 2, leftOut: 1 }), '0 whole, 2 as path only, 1 left out');
    assert.equal(categoryHeading('whole', 593), 'Whole: 593 files');
    assert.equal(categoryHeading('pathOnly', 4313), 'As path only: 4,313 files');
    assert.equal(categoryHeading('leftOut', 1), 'Left out: 1 file');
  });

  it('explains the budget with the numbers of src/context/budget.ts', () => {
    const oneMillion = requestBudget({ maxContextTokens: 1_000_000, modelWindow: 1_000_000 });
    assert.equal(budgetText(oneMillion.snapshot, oneMillion.window), '867K of 1M: 133K kept for the conversation and the answer');
    assert.equal(budgetText(936_000, 1_000_000), '936K of 1M: 64K kept for the conversation and the answer');
    const small = requestBudget({ maxContextTokens: 128_000 });
    assert.equal(budgetText(small.snapshot, small.window), `${compactTokens(small.snapshot)} of 128K: ${compactTokens(128_000 - small.snapshot)} kept for the conversation and the answer`);
    assert.deepEqual([compactTokens(950), compactTokens(4200), compactTokens(1_500_000)], ['950', '4.2K', '1.5M']);
  });

  it('the status bar tooltip and the chat line carry the same counts for one plan', () => {
    const one = plan();
    const { tooltip } = statusText({ plan: one, window: 1_000_000, model: 'grok-4.3', price: priceFor('grok-4.3'), providerTokens: one.usedTokens });
    const line = contextFilesText({ counts: countPlan(one), tokens: one.usedTokens, budget: one.budget });
    assert.equal(line, '5 whole, 3 as outline, 1,200 as path only, 3 left out');
    assert.ok(tooltip.includes(`files: ${line}.`), tooltip);
    assert.match(tooltip, /^Grok Context: 10,100 of 867,000 tokens; files: /);
    assert.ok(tooltip.includes('\nBudget: 867K of 1M: 133K kept for the conversation and the answer.'), tooltip);
  });

  it('a conversation saved before the counts existed still shows what it recorded', () => {
    assert.equal(contextFilesText({ files: 4744, omitted: 4313, tokens: 1, budget: 2 }), '4,744 files, 4,313 left out');
    assert.equal(contextFilesText({ files: 3, omitted: 0, tokens: 1, budget: 2 }), '3 files');
  });
});
