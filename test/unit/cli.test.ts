import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';

const root = path.resolve(__dirname, '../..');
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;

function run(args: string[]) {
  let out = '';
  let err = '';
  const code = runCli(args, (text) => (out += text), (text) => (err += text));
  return { code, out, err };
}

describe('grok-context CLI', () => {
  it('prints its version and help', () => {
    assert.deepEqual(run(['--version']), { code: 0, out: `${version}\n`, err: '' });
    const help = run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^grok-context \d+\.\d+\.\d+\n/);
    assert.match(help.out, /--version/);
  });

  it('rejects an unknown command with exit code 2 and the help on stderr', () => {
    const result = run(['frobnicate']);
    assert.equal(result.code, 2);
    assert.equal(result.out, '');
    assert.match(result.err, /unknown command "frobnicate"/);
  });

  it('runs as the package bin from the built bundle', () => {
    assert.equal(execFileSync(process.execPath, [path.join(root, 'bin/grok-context.js'), '--version'], { encoding: 'utf8' }), `${version}\n`);
    const bad = spawnSync(process.execPath, [path.join(root, 'bin/grok-context.js'), 'nope'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
  });
});
