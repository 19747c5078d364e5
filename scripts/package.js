#!/usr/bin/env node
// Builds the production bundles and packages them as dist/grok-context.vsix (what users and the UI tests install).
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'grok-context.vsix');
execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'inherit' });
execFileSync(path.join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--skip-license', '--out', out], {
  cwd: root,
  stdio: 'inherit',
});
console.log(out);
