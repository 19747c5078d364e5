#!/usr/bin/env node
// Builds the production bundles and packages them as dist/grok-context.vsix (what users and the UI tests install).
// Fails when vsce warns about anything: a warning here is a defect of the Marketplace page or of the package.
// README images and links are made absolute from `repository` (the Marketplace shows the README without the repo).
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'grok-context.vsix');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const repository = manifest.repository.url.replace(/\.git$/, '');

execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'inherit' });
const run = spawnSync(
  path.join(root, 'node_modules', '.bin', 'vsce'),
  ['package', '--no-dependencies', '--out', out, '--baseImagesUrl', `${repository}/raw/HEAD/`, '--baseContentUrl', `${repository}/blob/HEAD/`],
  // a question from vsce ("Do you want to continue?") is answered no: it only asks about a problem
  { cwd: root, input: 'n\n', encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } },
);
const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
process.stdout.write(output);
const warnings = output.split('\n').filter((line) => /\bWARN(ING)?\b/.test(line) || /Do you want to continue/.test(line));
if (run.status !== 0 || warnings.length) {
  console.error(`\nPackaging failed${run.status !== 0 ? ` (vsce exit ${run.status ?? run.signal})` : ''}${warnings.length ? `: vsce warned:\n${warnings.join('\n')}` : ''}`);
  process.exit(1);
}
console.log(`${out} (${(fs.statSync(out).size / 1024).toFixed(0)} KB)`);
