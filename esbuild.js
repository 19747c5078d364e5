// One build script for every bundle: the extension and the CLI (Node, CommonJS), the chat webview (browser),
// and the test bundles that run inside VS Code's extension host. Flags: --production (minified, no source maps), --watch.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist' },
  // Scanning and token counting run in this worker thread, off the extension host's main thread.
  { ...node, entryPoints: { contextWorker: 'src/context/worker.ts' }, outdir: 'dist' },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    entryPoints: { webview: 'src/webview/main.ts', 'webview-style': 'src/webview/chat.css' },
    outdir: 'dist',
    // the stylesheet is emitted as dist/webview.css (see below)
  },
];

// Test bundles are not shipped (.vscodeignore); mocha stays external so it is loaded from node_modules.
if (!production) {
  const integrationTests = fs.readdirSync('test/integration').filter((name) => name.endsWith('.ts'));
  builds.push({
    ...node,
    sourcemap: 'inline',
    entryPoints: [
      ...integrationTests.map((name) => ({ in: `test/integration/${name}`, out: `test/integration/${name.replace(/\.ts$/, '')}` })),
      { in: 'test/runDesktop.ts', out: 'test/runDesktop' },
      { in: 'bench/contextPhase.ts', out: 'bench/contextPhase' },
    ],
    outdir: 'dist',
    external: ['vscode', 'mocha', '@vscode/test-electron'],
  });
}

/** esbuild names a CSS entry after its key; the webview loads dist/webview.css. */
function renameStylesheet() {
  const from = path.join('dist', 'webview-style.css');
  if (fs.existsSync(from)) fs.renameSync(from, path.join('dist', 'webview.css'));
  for (const leftover of ['webview-style.css.map', 'webview-style.js']) fs.rmSync(path.join('dist', leftover), { force: true });
}

/** The webview's icons: @vscode/codicons' stylesheet and the font it loads, served from dist/ like the bundle. */
function copyCodicons() {
  const from = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  fs.mkdirSync('dist', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, file), path.join('dist', file));
}

async function main() {
  copyCodicons();
  if (watch) {
    const contexts = await Promise.all(
      builds.map((options) =>
        esbuild.context({
          ...options,
          plugins: [{ name: 'rename-css', setup: (b) => b.onEnd(() => renameStylesheet()) }],
        }),
      ),
    );
    await Promise.all(contexts.map((context) => context.watch()));
    console.log('[esbuild] watching for changes…');
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
  renameStylesheet();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
