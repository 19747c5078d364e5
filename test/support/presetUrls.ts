import { PROVIDER_IDS, type Settings } from '../../src/common/settings';

/**
 * `grokContext.baseUrls` pointing every preset at one URL (the fake provider): a preset's URL belongs to that preset,
 * so a test that switches provider needs each one pointed at the fake, not just `grokContext.baseUrl`.
 */
export function everyPresetAt(url: string): Settings['baseUrls'] {
  return Object.fromEntries(PROVIDER_IDS.map((id) => [id, url]));
}
