/** Secret detection in file content with secretlint's recommended rules (AWS, GCP, GitHub, Slack, npm, private keys, …). */
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';

const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] };

/** The rule ids that fired; empty when nothing secret was found. */
export async function findSecrets(relativePath: string, text: string): Promise<string[]> {
  const dot = relativePath.lastIndexOf('.');
  const result = await lintSource({
    source: { content: text, filePath: relativePath, ext: dot >= 0 ? relativePath.slice(dot) : '', contentType: 'text' },
    // secretlint's config type is stricter than its own preset's export
    options: { config: config as unknown as Parameters<typeof lintSource>[0]['options']['config'] },
  });
  return [...new Set(result.messages.map((message) => message.ruleId))];
}
