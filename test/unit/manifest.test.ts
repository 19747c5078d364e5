// The package.json contributions and the code that uses them must agree.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CHAT_VIEW_ID, COMMANDS, CONTEXT_VIEW_ID, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/common/ids';
import { PROVIDER_IDS, SETTINGS_SECTION, SETTING_DEFAULTS, normalizeSettings } from '../../src/common/settings';
import picomatch from 'picomatch';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));

describe('package.json manifest', () => {
  it('declares every setting with the default the code uses, and nothing else', () => {
    const properties = manifest.contributes.configuration.properties;
    const declared = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, (value as { default: unknown }).default]));
    const expected = Object.fromEntries(Object.entries(SETTING_DEFAULTS).map(([key, value]) => [`${SETTINGS_SECTION}.${key}`, value]));
    assert.deepEqual(declared, expected);
    assert.deepEqual(properties['grokContext.provider'].enum, [...PROVIDER_IDS]);
    assert.equal(SETTING_DEFAULTS.model, 'grok-4.3');
    assert.equal(SETTING_DEFAULTS.maxContextTokens, 1_000_000);
  });

  it('contributes exactly the commands the code registers, and every menu entry names one', () => {
    const commands = Object.values(COMMANDS) as string[];
    assert.deepEqual(manifest.contributes.commands.map((command: { command: string }) => command.command).sort(), [...commands].sort());
    for (const entries of Object.values(manifest.contributes.menus) as Array<Array<{ command: string }>>) {
      for (const entry of entries) assert.ok(commands.includes(entry.command), entry.command);
    }
  });

  it('contributes the activity-bar container and the chat webview view', () => {
    assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
    assert.equal(manifest.contributes.viewsContainers.activitybar[0].id, VIEW_CONTAINER_ID);
    assert.deepEqual(manifest.contributes.views[VIEW_CONTAINER_ID], [
      { type: 'webview', id: CHAT_VIEW_ID, name: 'Chat' },
      { id: CONTEXT_VIEW_ID, name: 'Context' },
    ]);
  });

  it('targets VS Code 1.100 with matching API types, and can be packaged without prompts', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '~1.100.0');
    assert.ok(manifest.repository.url);
    assert.ok(manifest.license);
    assert.equal(manifest.bin['grok-context'], './bin/grok-context.js');
  });
});

describe('package.json: the first five minutes and the Marketplace page', () => {
  const root = path.resolve(__dirname, '../..');
  /** What .vscodeignore ships: everything is ignored, then the `!` lines bring files back. */
  const shipped = (file: string) => {
    const lines = readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    let included = true;
    for (const line of lines) {
      const negated = line.startsWith('!');
      if (picomatch(negated ? line.slice(1) : line, { dot: true })(file)) included = negated;
    }
    return included;
  };

  it('activates on its views and commands only: nothing at startup, so an idle window reads no files', () => {
    for (const event of manifest.activationEvents ?? []) assert.doesNotMatch(event, /^(\*|onStartupFinished|workspaceContains:)/, event);
  });

  it('has a walkthrough whose steps each complete by themselves and have a shipped Markdown page', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(walkthrough.id, 'grokContext.start');
    assert.deepEqual(walkthrough.steps.map((step: { id: string }) => step.id), ['provider', 'key', 'test', 'context', 'ask']);
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents?.length, `${step.id} completes by itself`);
      assert.ok(existsSync(path.join(root, step.media.markdown)), step.media.markdown);
      assert.ok(shipped(step.media.markdown), `${step.media.markdown} is in the package`);
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g)) {
        assert.ok((Object.values(COMMANDS) as string[]).includes(command) || command === `${CHAT_VIEW_ID}.focus`, command);
      }
    }
  });

  it('has a PNG icon of at least 128×128 that is shipped, a gallery banner, and links consistent with the repository', () => {
    const png = readFileSync(path.join(root, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.ok(width >= 128 && height >= 128, `${width}×${height}`);
    assert.ok(shipped(manifest.icon));
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    const repository = manifest.repository.url.replace(/\.git$/, '');
    assert.equal(manifest.homepage, `${repository}#readme`);
    assert.equal(manifest.bugs.url, `${repository}/issues`);
    assert.ok(!shipped('media/screenshots/chat-light.png'), 'README images are loaded from the repository, not shipped');
    assert.ok(!shipped('src/extension.ts') && !shipped('dist/test/integration/index.js') && shipped('dist/extension.js'));
  });

  it('has a CHANGELOG in the Keep a Changelog form with an entry for this version', () => {
    const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, /^# Changelog\n/);
    assert.match(changelog, /\[Keep a Changelog\]\(https:\/\/keepachangelog\.com\//);
    assert.match(changelog, /^## \[Unreleased\]$/m);
    assert.match(changelog, new RegExp(`^## \\[${manifest.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
    assert.match(changelog, /^### (Added|Changed|Fixed|Removed|Deprecated|Security)$/m);
    assert.match(changelog, new RegExp(`^\\[${manifest.version.replace(/\./g, '\\.')}\\]: https://`, 'm'));
    assert.ok(shipped('CHANGELOG.md'));
  });
});

describe('settings normalisation', () => {
  it('falls back to defaults for values of the wrong type and clamps numbers', () => {
    assert.deepEqual(normalizeSettings({ provider: 'nope', model: '  ', maxContextTokens: 5, maxRetries: 99, baseUrl: ' http://x/v1 ' }), {
      ...SETTING_DEFAULTS,
      baseUrl: 'http://x/v1',
      maxContextTokens: 1000,
      maxRetries: 6,
    });
  });
});
