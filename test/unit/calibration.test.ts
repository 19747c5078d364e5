import * as assert from 'node:assert/strict';
import { calibratedTokens, recordSample } from '../../src/chat/calibration';

describe('token calibration against the provider', () => {
  it('learns a ratio per model and applies it', () => {
    let calibration = recordSample({}, 'grok-4.3', 110_000, 100_000);
    assert.deepEqual(calibration, { 'grok-4.3': { ratio: 1.1, samples: 1 } });
    calibration = recordSample(calibration, 'grok-4.3', 130_000, 100_000);
    assert.ok(Math.abs(calibration['grok-4.3'].ratio - 1.2) < 1e-9);
    assert.equal(calibratedTokens(calibration, 'grok-4.3', 1000), 1200);
    assert.equal(calibratedTokens(calibration, 'other-model', 1000), 1000, 'no sample, no change');
  });

  it('ignores samples too small or implausible to say anything', () => {
    assert.deepEqual(recordSample({}, 'm', 500, 400), {});
    assert.deepEqual(recordSample({}, 'm', 500_000, 100_000), {});
    assert.deepEqual(recordSample({}, 'm', 0, 100_000), {});
  });

  it('after many samples it moves as an average, so one odd answer does not swing it', () => {
    let calibration = {};
    for (let i = 0; i < 20; i++) calibration = recordSample(calibration, 'm', 100_000, 100_000);
    calibration = recordSample(calibration, 'm', 190_000, 100_000);
    assert.ok(Math.abs(recordSample(calibration, 'm', 100_000, 100_000).m.ratio - 1) < 0.1);
  });
});
