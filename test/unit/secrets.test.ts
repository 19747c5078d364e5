import * as assert from 'node:assert/strict';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { findSecrets, secretScanKey } from '../../src/context/secrets';

// Samples split so this file is not itself a finding.
const GITHUB_TOKEN = 'ghp_' + '16C7e42F292c6912E7710c838347Ae178B4a';
const AWS_KEY = 'AKIA' + 'QYLPMN5HHHFPZAM2';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY1';
const SLACK = 'xoxb-' + '123456789012-1234567890123-abcdefghijklmnopqrstuvwx';
const PRIVATE_KEY = '-----BEGIN RSA ' + 'PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi\n-----END RSA ' + 'PRIVATE KEY-----\n';

/** What secretlint's own `lintSource` (with its profiler) reports: the reference the rules runner must match. */
async function viaCore(filePath: string, content: string): Promise<string[]> {
  const dot = filePath.lastIndexOf('.');
  const result = await lintSource({
    source: { content, filePath, ext: dot >= 0 ? filePath.slice(dot) : '', contentType: 'text' },
    options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] } as unknown as Parameters<typeof lintSource>[0]['options']['config'] },
  });
  return [...new Set(result.messages.map((message) => message.ruleId))];
}

/** Everything the process keeps per performance mark or measure: the global timeline secretlint's profiler writes to. */
function retainedPerformanceEntries(): number {
  return performance.getEntriesByType('mark').length + performance.getEntriesByType('measure').length;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('secret scans', () => {
  // First in this file: the reference comparison below runs secretlint's profiler, which leaves marks behind.
  it('retain nothing per scan: the state kept after 4N scans is the state kept after N', async () => {
    const scanMany = async (count: number, from: number) => {
      for (let i = from; i < from + count; i++) await findSecrets(`src/file${i}.ts`, `export const value${i} = "${'a'.repeat(24)}${i}";\nconst t = "${GITHUB_TOKEN}";\n`);
      await settle();
    };
    const N = 50;
    const before = retainedPerformanceEntries();
    await scanMany(N, 0);
    const afterN = retainedPerformanceEntries();
    await scanMany(4 * N, N);
    const after5N = retainedPerformanceEntries();
    assert.equal(after5N - afterN, 0, `${afterN - before} entries kept after ${N} scans, ${after5N - before} after ${5 * N}: each scan leaves state behind`);
  });

  const samples: Array<[string, string]> = [
    ['src/clean.ts', 'export const answer = 42;\n'],
    ['config/github.ts', `export const token = "${GITHUB_TOKEN}";\n`],
    ['deploy/aws.env.ts', `const id = "${AWS_KEY}";\nconst AWS_SECRET_ACCESS_KEY = "${AWS_SECRET}";\n`],
    ['chat/slack.js', `const slack = "${SLACK}";\n`],
    ['keys/id.txt', PRIVATE_KEY],
    ['db/url.ts', 'const url = "postgres://admin:s3cr3tPassw0rd@db.example.com:5432/app";\n'],
    ['npm/.npmrc.txt', '//registry.npmjs.org/:_authToken=npm_' + 'abcdefghijklmnopqrstuvwxyz0123456789\n'],
    ['mixed.ts', `const a = "${SLACK}";\nconst b = "${GITHUB_TOKEN}";\n`],
    ['bom.ts', `\uFEFFconst t = "${GITHUB_TOKEN}";\n`],
    ['crlf.ts', `const a = 1;\r\n// secretlint-disable-next-line\r\nconst t = "${GITHUB_TOKEN}";\r\nconst s = "${SLACK}";\r\n`],
    ['disabled-line.ts', `const t = "${GITHUB_TOKEN}"; // secretlint-disable-line\n`],
    ['disabled-block.ts', `/* secretlint-disable */\nconst t = "${GITHUB_TOKEN}";\n/* secretlint-enable */\nconst s = "${SLACK}";\n`],
    ['disabled-rule.ts', `// secretlint-disable @secretlint/secretlint-rule-github\nconst t = "${GITHUB_TOKEN}";\nconst s = "${SLACK}";\n`],
    ['disabled-other-rule.ts', `// secretlint-disable-next-line @secretlint/secretlint-rule-slack\nconst t = "${GITHUB_TOKEN}";\n`],
  ];
  for (const [file, text] of samples) {
    it(`finds what secretlint's lintSource finds: ${file}`, async () => {
      assert.deepEqual(await findSecrets(file, text), await viaCore(file, text));
    });
  }

  it('finds the secrets it should (the reference itself is not empty)', async () => {
    assert.deepEqual(await findSecrets('config/github.ts', `export const token = "${GITHUB_TOKEN}";\n`), ['@secretlint/secretlint-rule-github']);
    assert.deepEqual(await findSecrets('disabled-line.ts', `const t = "${GITHUB_TOKEN}"; // secretlint-disable-line\n`), []);
  });

  it('keys a scan by the path and the hash of the scanned text, whoever asks', () => {
    assert.equal(secretScanKey('a/b.ts', 'f00'), secretScanKey('a/b.ts', 'f00'));
    assert.notEqual(secretScanKey('a/b.ts', 'f00'), secretScanKey('a/c.ts', 'f00'));
    assert.notEqual(secretScanKey('a/b.ts', 'f00'), secretScanKey('a/b.ts', 'f01'));
  });
});
