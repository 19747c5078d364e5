// The package.json contributions and the code that uses them must agree.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CHAT_VIEW_ID, COMMANDS, CONTEXT_VIEW_ID, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/common/ids';
import { PROVIDER_IDS, SETTINGS_SECTION, SETTING_DEFAULTS, normalizeSettings } from '../../src/common/settings';

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
