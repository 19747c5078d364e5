/** Secret detection in file content with secretlint's recommended rules (AWS, GCP, GitHub, Slack, npm, private keys, …). */
import { runRecommendedRules } from './secretRules';

/** The rule ids that fired; empty when nothing secret was found. */
export function findSecrets(relativePath: string, text: string): Promise<string[]> {
  return runRecommendedRules(relativePath, text);
}

const KEY_PREFIX = 'scan\0';

/**
 * The one cache key for a secret scan, whoever asks (the plan's whole files and outlines, a follow-up's vetting, the
 * tools' checks): the path (rules look at file names) and the hash of the bytes of exactly the text that was scanned.
 * Keyed by what was scanned rather than by who scanned it, a scan made for one caller is found by every other.
 * Shape `scan \0 path \0 hash`, like the token cache's keys, so the persisted cache prunes both by path.
 */
export function secretScanKey(path: string, scannedHash: string): string {
  return `${KEY_PREFIX}${path}\0${scannedHash}`;
}

/** True for a key this version forms (older persisted caches keyed by tier are dropped, not misread). */
export const isSecretScanKey = (key: string) => key.startsWith(KEY_PREFIX);
