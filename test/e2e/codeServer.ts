/**
 * Starts and stops the real VS Code used by the integration and UI tests: code-server 4.100.3
 * (= VS Code 1.100.3, with its real Node extension host) on loopback, shown in Debian's Chromium through
 * playwright-core. Everything started here is stopped by PID (code-server in its own process group).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** Runs the install script (a no-op when everything is there) and returns the code-server binary. */
export function ensureCodeServer(): string {
  const output = execFileSync('bash', [path.join(PROJECT_ROOT, 'test/e2e/install.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return output.trim().split('\n').at(-1)!;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Keys the developer may have exported must not leak into a test's VS Code. */
const SCRUBBED_ENV = /^(XAI_API_KEY|GROK_CONTEXT_API_KEY|OPENAI_API_KEY|AIGATEWAY_API_KEY|CLOUDFLARE_API_TOKEN|RUNWARE_API_KEY|OPENROUTER_API_KEY|VSCODE_.*|ELECTRON_.*)$/;

export interface CodeServer {
  url: string;
  pid: number;
  dataDir: string;
  extensionsDir: string;
  logFile: string;
  /** Workbench URL opening `folder`, optionally with a development extension and its tests. */
  workbenchUrl(folder: string, payload?: Array<[string, string]>): Promise<string>;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  bin: string;
  userSettings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Packaged extensions to install first (`--install-extension`). */
  vsix?: string[];
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'grok-cs-'));
  const userDir = path.join(dataDir, 'user');
  const extensionsDir = path.join(dataDir, 'extensions');
  mkdirSync(path.join(userDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    path.join(userDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      'security.workspace.trust.enabled': false,
      ...options.userSettings,
    }, null, 2),
  );
  writeFileSync(path.join(dataDir, 'config.yaml'), 'auth: none\n');
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !SCRUBBED_ENV.test(key)));
  Object.assign(env, { XDG_CONFIG_HOME: path.join(dataDir, 'xdg'), XDG_DATA_HOME: path.join(dataDir, 'xdg') }, options.env);
  const common = ['--config', path.join(dataDir, 'config.yaml'), '--user-data-dir', userDir, '--extensions-dir', extensionsDir];
  for (const vsix of options.vsix ?? []) {
    execFileSync(options.bin, [...common, '--install-extension', vsix, '--force'], { env, stdio: 'pipe' });
  }
  const port = await freePort();
  const logFile = path.join(dataDir, 'code-server.log');
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(
    options.bin,
    [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override'],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM'); // the whole group: code-server and its extension hosts
    } catch {
      return;
    }
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ } }, 5000);
    await exited;
    clearTimeout(timer);
    log.end();
  };
  // Ready when code-server says it listens (an event, not a poll); fail fast if it exits first.
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s; log: ${logFile}`)), 60_000);
    const onData = (data: Buffer) => {
      log.write(data);
      seen = (seen + data.toString()).slice(-4096);
      if (/HTTP server listening on/.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}); log:\n${readFileSync(logFile, 'utf8').slice(-3000)}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return {
    url,
    pid: child.pid!,
    dataDir,
    extensionsDir,
    logFile,
    stop,
    async workbenchUrl(folder, payload) {
      let query = `?folder=${encodeURIComponent(folder)}`;
      if (payload) {
        // Development paths must be vscode-remote URIs on the server's authority, read from the workbench page.
        const html = await (await fetch(`${url}/${query}`)).text();
        const authority = html.match(/&quot;remoteAuthority&quot;:&quot;([^&]*)&quot;/)?.[1] ?? `127.0.0.1:${port}`;
        const remote = payload.map(([key, value]) => [key, value.startsWith('/') ? `vscode-remote://${authority}${value}` : value]);
        query += `&payload=${encodeURIComponent(JSON.stringify(remote))}`;
      }
      return `${url}/${query}`;
    },
  };
}

/** Debian's Chromium, headless, with the flags this closed network needs, on a fresh profile. */
export async function launchBrowser(): Promise<{ context: BrowserContext; page: Page }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'grok-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
