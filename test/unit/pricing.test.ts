// Prices by tier (Grok 4.3's long-context rate), the provider's bill over our arithmetic, and cost calibration from bills.
import * as assert from 'node:assert/strict';
import { calibratedEstimate, contextSummaryCost, describeFactor, recordBilledUsage, tierKey, type CostCalibration } from '../../src/chat/costCalibration';
import { normalizeSettings } from '../../src/common/settings';
import { cacheSaving, estimateRequest, inputCost, priceFor, rateFor, usageCost } from '../../src/providers/pricing';
import { costLines } from '../../src/vscode/costTooltip';

const grok = priceFor('grok-4.3')!;
const near = (actual: number | undefined, expected: number, message?: string) => {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${message ?? 'value'}: expected ${expected}, got ${actual}`);
};

describe('pricing by tier', () => {
  it('bills Grok 4.3 at the base rates up to 204,800 input tokens and at the long-context rates above', () => {
    const base = rateFor(grok, 204_800);
    assert.deepEqual(base, { input: 1.25, cachedInput: 0.2, output: 2.5, longContext: false, cachedEstimated: false });
    const long = rateFor(grok, 204_801);
    assert.deepEqual(long, { input: 2.5, cachedInput: 0.4, output: 5, longContext: true, aboveInputTokens: 204_800, cachedEstimated: true });
    // the tier applies to the whole request, not only to the tokens above the threshold
    near(usageCost(grok, { promptTokens: 204_800, cachedPromptTokens: 0, completionTokens: 0 }), 0.256, 'at the threshold');
    near(usageCost(grok, { promptTokens: 204_801, cachedPromptTokens: 0, completionTokens: 0 }), (204_801 * 2.5) / 1e6, 'one token above');
    assert.equal(tierKey(grok, 204_800), 'base');
    assert.equal(tierKey(grok, 204_801), 'above-204800');
  });

  it('prices the same for every provider id of Grok 4.3, and nothing for an unknown model', () => {
    for (const model of ['grok-4.3', 'xai/grok-4.3', 'x-ai/grok-4.3', 'xai-grok-4-3', 'xai:grok@4.3']) {
      assert.equal(rateFor(priceFor(model)!, 1_000_000).input, 2.5, model);
    }
    assert.equal(priceFor('some-local-model'), undefined);
    assert.equal(estimateRequest(undefined, { inputTokens: 1_000_000, cachedTokens: 0 }), undefined);
  });

  it('estimates a 1,000,000-token first question at the long-context rate: $2.50 of input', () => {
    const first = estimateRequest(grok, { inputTokens: 1_000_000, cachedTokens: 0 })!;
    assert.deepEqual(first, { dollars: 2.5, longContext: true, cachedRateEstimated: false });
    const withAnswer = estimateRequest(grok, { inputTokens: 1_000_000, cachedTokens: 0, outputTokens: 10_000 })!;
    near(withAnswer.dollars, 2.5 + 0.05, 'output at $5.00/M');
    near(inputCost(grok, 1_000_000), 2.5, 'inputCost picks the tier of its own size');
    near(inputCost(grok, 1_000, 1_000_000), 0.0025, "one file's share of a long-context request");
    near(inputCost(grok, 1_000), 0.00125, 'a small request at the base rate');
  });

  it('estimates a cached follow-up at the tier’s estimated cached rate, and says it is estimated', () => {
    const followUp = estimateRequest(grok, { inputTokens: 1_002_000, cachedTokens: 1_000_000 })!;
    near(followUp.dollars, 1_000_000 * 0.4e-6 + 2_000 * 2.5e-6, 'cached at $0.40/M, the new question at $2.50/M');
    assert.equal(followUp.longContext, true);
    assert.equal(followUp.cachedRateEstimated, true);
    const small = estimateRequest(grok, { inputTokens: 100_000, cachedTokens: 90_000 })!;
    near(small.dollars, 90_000 * 0.2e-6 + 10_000 * 1.25e-6);
    assert.equal(small.cachedRateEstimated, false, 'the base cached rate is published');
    near(cacheSaving(grok, 1_000_000, 1_002_000), 1_000_000 * (2.5 - 0.4) * 1e-6, 'the saving at the tier of the request');
    near(cacheSaving(grok, 90_000, 100_000), 90_000 * (1.25 - 0.2) * 1e-6);
    assert.equal(cacheSaving(grok, 0, 100_000), undefined);
  });

  it('lets the provider’s bill win over our arithmetic', () => {
    assert.equal(usageCost(grok, { promptTokens: 1_000_000, cachedPromptTokens: 0, completionTokens: 500, costUsd: 2.4213 }), 2.4213);
    assert.equal(usageCost(undefined, { promptTokens: 10, cachedPromptTokens: 0, completionTokens: 10, costUsd: 0.5 }), 0.5, 'even for a model without a price');
    assert.equal(usageCost(undefined, { promptTokens: 10, cachedPromptTokens: 0, completionTokens: 10 }), undefined);
  });

  it('takes the tiers of grokContext.pricing over the built-in table', () => {
    const { pricing } = normalizeSettings({
      pricing: {
        'grok-4.3': { input: 1, cachedInput: 0.1, output: 2, tiers: [{ aboveInputTokens: 500_000, input: 4, output: 8 }, { aboveInputTokens: 100_000, input: 3, cachedInput: 0.25, output: 6 }] },
        'flat-model': { input: 1, cachedInput: 0.1, output: 2 },
      },
    });
    const price = priceFor('grok-4.3', pricing)!;
    assert.deepEqual(rateFor(price, 100_000), { input: 1, cachedInput: 0.1, output: 2, longContext: false, cachedEstimated: false });
    assert.deepEqual(rateFor(price, 200_000), { input: 3, cachedInput: 0.25, output: 6, longContext: true, aboveInputTokens: 100_000, cachedEstimated: false }, 'its own cached rate');
    const top = rateFor(price, 1_000_000);
    assert.equal(top.input, 4, 'the highest tier the request exceeds');
    near(top.cachedInput, 0.4, 'no cached rate given: the base cached rate at the tier’s input multiple');
    assert.equal(top.cachedEstimated, true);
    near(usageCost(price, { promptTokens: 1_000_000, cachedPromptTokens: 0, completionTokens: 0 }), 4);
    const flat = priceFor('flat-model', pricing)!;
    assert.equal(rateFor(flat, 1_000_000).longContext, false, 'a price without tiers is flat');
    assert.equal(priceFor('xai/grok-4.3', pricing)!.tiers![0].aboveInputTokens, 204_800, "another model id keeps the built-in row");
  });
});

describe('cost calibration from bills', () => {
  const usage = (promptTokens: number, cachedPromptTokens: number, completionTokens: number, costUsd?: number) => ({ promptTokens, cachedPromptTokens, completionTokens, ...(costUsd === undefined ? {} : { costUsd }) });

  it('learns billed per estimated dollar per model and tier, and scales later estimates by it', () => {
    // a long-context answer billed 3% above our arithmetic: 1M in, 10K out → ours $2.55
    let calibration: CostCalibration = recordBilledUsage({}, 'grok-4.3', grok, usage(1_000_000, 0, 10_000, 2.55 * 1.03));
    near(calibration['grok-4.3']['above-204800'].ratio, 1.03);
    assert.equal(calibration['grok-4.3']['above-204800'].samples, 1);
    const first = calibratedEstimate(calibration, 'grok-4.3', grok, { inputTokens: 1_000_000, cachedTokens: 0 })!;
    near(first.dollars, 2.5 * 1.03, 'the long-context estimate scaled');
    assert.equal(first.longContext, true);
    assert.equal(describeFactor(first.factor!), 'estimates × 1.03 from 1 billed request');
    const small = calibratedEstimate(calibration, 'grok-4.3', grok, { inputTokens: 100_000, cachedTokens: 0 })!;
    near(small.dollars, 0.125, 'another tier has learnt nothing');
    assert.equal(small.factor, undefined);
    near(calibratedEstimate(calibration, 'other', grok, { inputTokens: 1_000_000, cachedTokens: 0 })!.dollars, 2.5, 'another model neither');

    calibration = recordBilledUsage(calibration, 'grok-4.3', grok, usage(1_000_000, 0, 10_000, 2.55 * 1.05));
    near(calibration['grok-4.3']['above-204800'].ratio, 1.04);
    assert.equal(describeFactor(calibration['grok-4.3']['above-204800']), 'estimates × 1.04 from 2 billed requests');
    near(contextSummaryCost(grok, { inputTokens: 1_000_000, cachedTokens: 0 }, calibration, 'grok-4.3').estimatedCost, 2.5 * 1.04);
  });

  it('learns nothing without a bill, a price, a plausible ratio or a figure big enough to say anything', () => {
    assert.deepEqual(recordBilledUsage({}, 'grok-4.3', grok, usage(1_000_000, 0, 0)), {}, 'no bill');
    assert.deepEqual(recordBilledUsage({}, 'm', undefined, usage(1_000_000, 0, 0, 2.5)), {}, 'no price to compare with');
    assert.deepEqual(recordBilledUsage({}, 'grok-4.3', grok, usage(1_000_000, 0, 0, 25)), {}, '×10: not the same thing');
    assert.deepEqual(recordBilledUsage({}, 'grok-4.3', grok, usage(1_000_000, 0, 0, 0)), {}, 'free');
    assert.deepEqual(recordBilledUsage({}, 'grok-4.3', grok, usage(20, 0, 5, 0.00002)), {}, 'a one-line request');
  });

  it('a threshold placed wrong shows up in its tier only: a base-priced request billed at twice our figure', () => {
    const calibration = recordBilledUsage({}, 'grok-4.3', grok, usage(204_000, 0, 0, 0.51));
    near(calibration['grok-4.3'].base.ratio, 0.51 / 0.255);
    assert.equal(calibration['grok-4.3']['above-204800'], undefined);
  });

  it('gives the context summary its estimate at the billed tier, and nothing without a price', () => {
    assert.deepEqual(contextSummaryCost(grok, { inputTokens: 1_000_000, cachedTokens: 0 }), { estimatedCost: 2.5, longContext: true });
    const followUp = contextSummaryCost(grok, { inputTokens: 150_000, cachedTokens: 140_000 });
    near(followUp.estimatedCost, 140_000 * 0.2e-6 + 10_000 * 1.25e-6);
    assert.equal(followUp.longContext, false);
    assert.deepEqual(contextSummaryCost(undefined, { inputTokens: 1_000_000, cachedTokens: 0 }), {});
  });

  it('the status bar says what a first question and a follow-up cost, at which rate, and how bills scaled it', () => {
    const plain = costLines('grok-4.3', grok, 1_000_000)!;
    assert.equal(plain.short, '≈ $2.50 · long context');
    assert.deepEqual(plain.lines, [
      "A new conversation's first question: $2.50 · 1,000,000 tokens of input to grok-4.3, long-context rate (above 204,800 input tokens).",
      'Follow-ups read it from the prompt cache: about $0.40 each (the cached rate at this tier is not published: ours is an estimate).',
    ]);
    const small = costLines('grok-4.3', grok, 100_000)!;
    assert.equal(small.short, '≈ $0.13');
    assert.match(small.lines[0], /100,000 tokens of input to grok-4\.3, base rate\.$/);
    assert.equal(small.lines[1], 'Follow-ups read it from the prompt cache: about $0.02 each.');
    const calibration = recordBilledUsage({}, 'grok-4.3', grok, usage(1_000_000, 0, 0, 2.5 * 1.03));
    const calibrated = costLines('grok-4.3', grok, 1_000_000, calibration)!;
    assert.equal(calibrated.short, '≈ $2.58 · long context');
    assert.equal(calibrated.lines[2], 'Cost estimates × 1.03 from 1 billed request for grok-4.3 at this rate.');
    assert.equal(costLines('some-local-model', undefined, 1_000_000), undefined);
  });
});
