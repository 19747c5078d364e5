/**
 * Our token counts use o200k as a proxy for the model's own tokenizer. Each first turn compares the provider's
 * `prompt_tokens` with our count of what was sent; the ratio, kept per model, turns our counts into the provider's.
 */
export interface CalibrationEntry {
  /** provider tokens per counted token */
  ratio: number;
  samples: number;
}

export type Calibration = Record<string, CalibrationEntry>;

/** Ratios outside this range mean the request was not what we counted (a proxy, an injected prompt): ignored. */
const PLAUSIBLE = { min: 0.5, max: 2 };
/** Later samples weigh as much as all earlier ones together up to this many, then as a moving average. */
const WINDOW = 10;

export function recordSample(calibration: Calibration, model: string, reported: number, counted: number): Calibration {
  if (counted < 1000 || reported <= 0) return calibration; // too small to say anything about the tokenizer
  const ratio = reported / counted;
  if (ratio < PLAUSIBLE.min || ratio > PLAUSIBLE.max) return calibration;
  return { ...calibration, [model]: blendSample(calibration[model], ratio) };
}

/** One more sample: a plain mean for the first few, then a moving average over the last `WINDOW` (cost calibration shares it). */
export function blendSample(previous: CalibrationEntry | undefined, ratio: number): CalibrationEntry {
  const samples = Math.min(WINDOW, (previous?.samples ?? 0) + 1);
  const blended = previous ? previous.ratio + (ratio - previous.ratio) / samples : ratio;
  return { ratio: blended, samples: (previous?.samples ?? 0) + 1 };
}

export function calibratedTokens(calibration: Calibration, model: string, counted: number): number {
  const entry = calibration[model];
  return entry ? Math.round(counted * entry.ratio) : counted;
}
