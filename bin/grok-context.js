#!/usr/bin/env node
// Thin launcher: the CLI itself is bundled by esbuild into dist/cli.js.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('grok-context: not built yet. Run `npm install && npm run build` in the checkout first.\n');
  process.exit(1);
}
require(cli).main();
