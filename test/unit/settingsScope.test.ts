// A repository's .vscode/settings.json cannot choose where the key and the code go, nor turn off the review of edits.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cliSettings } from '../../src/cli/ask';
import { PROVIDER_IDS, SETTINGS_SECTION, SETTING_DEFAULTS, normalizeSettings, type Settings } from '../../src/common/settings';
import { USER_ONLY_SETTINGS, ignoredWorkspaceValueMessage, isUserOnlySetting, oncePerKey, userLevelValue } from '../../src/common/settingsScope';
import { PRESETS, resolveBaseUrl } from '../../src/providers/presets';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
const settings = (overrides: Partial<Settings>): Settings => ({ ...SETTING_DEFAULTS, ...overrides });

describe('user-only settings', () => {
  it('take the user value, else the default, and never a workspace or folder value', () => {
    assert.deepEqual(userLevelValue({ defaultValue: '', globalValue: 'http://user/v1', workspaceValue: 'http://evil/v1' }), { value: 'http://user/v1', ignoredWorkspaceValue: true });
    assert.deepEqual(userLevelValue({ defaultValue: false, workspaceFolderValue: true }), { value: false, ignoredWorkspaceValue: true });
    assert.deepEqual(userLevelValue({ defaultValue: false, workspaceLanguageValue: true }), { value: false, ignoredWorkspaceValue: true });
    assert.deepEqual(userLevelValue({ defaultValue: true, globalValue: false }), { value: false, ignoredWorkspaceValue: false }, 'a user false is not the default true');
    assert.deepEqual(userLevelValue({ defaultValue: 'xai' }), { value: 'xai', ignoredWorkspaceValue: false });
    assert.deepEqual(userLevelValue(undefined), { value: undefined, ignoredWorkspaceValue: false });
  });

  it('cover where the key and the code go and the review of edits, and nothing that is not a setting', () => {
    for (const key of ['provider', 'baseUrl', 'baseUrls', 'cloudflareAccountId', 'cloudflareGatewayId', 'openaiCompatibleApi', 'autoApplyEdits', 'saveAfterApplyingEdits']) {
      assert.ok(isUserOnlySetting(key), key);
    }
    for (const key of ['model', 'exclude', 'maxContextTokens']) assert.ok(!isUserOnlySetting(key), key);
    for (const key of USER_ONLY_SETTINGS) assert.ok(key in SETTING_DEFAULTS, key);
  });

  it('are exactly the settings package.json scopes to the user and restricts in Restricted Mode', () => {
    const properties = manifest.contributes.configuration.properties as Record<string, { scope?: string }>;
    const userScoped = Object.entries(properties)
      .filter(([, value]) => value.scope === 'application' || value.scope === 'machine')
      .map(([key]) => key)
      .sort();
    const expected = USER_ONLY_SETTINGS.map((key) => `${SETTINGS_SECTION}.${key}`).sort();
    assert.deepEqual(userScoped, expected);
    for (const key of expected) assert.equal(properties[key].scope, 'application', `${key}: application scope (user settings, the local ones in a remote window)`);
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.ok(trust.description.length > 20);
    assert.deepEqual([...trust.restrictedConfigurations].sort(), expected);
  });

  it('are reported once per key per session', () => {
    const lines: string[] = [];
    const report = oncePerKey((key) => lines.push(ignoredWorkspaceValueMessage(SETTINGS_SECTION, key)));
    report('baseUrl');
    report('autoApplyEdits');
    report('baseUrl');
    report('autoApplyEdits');
    assert.deepEqual(lines, [
      'Ignored grokContext.baseUrl from the workspace settings: a repository cannot set it, only your user settings can (the user-level value is used).',
      'Ignored grokContext.autoApplyEdits from the workspace settings: a repository cannot set it, only your user settings can (the user-level value is used).',
    ]);
  });
});

describe('a base URL belongs to its preset', () => {
  it('grokContext.baseUrl set for openai-compatible does not redirect xAI or any other preset', () => {
    const custom = settings({ baseUrl: 'http://127.0.0.1:9/v1', cloudflareAccountId: 'acct', cloudflareGatewayId: 'gw' });
    assert.equal(resolveBaseUrl(PRESETS.xai, custom), 'https://api.x.ai/v1');
    assert.equal(resolveBaseUrl(PRESETS['openai-compatible'], custom), 'http://127.0.0.1:9/v1');
    for (const id of PROVIDER_IDS.filter((id) => id !== 'openai-compatible')) {
      assert.equal(resolveBaseUrl(PRESETS[id], custom), resolveBaseUrl(PRESETS[id], settings({ cloudflareAccountId: 'acct', cloudflareGatewayId: 'gw' })), id);
    }
  });

  it('grokContext.baseUrls replaces only the named preset’s URL', () => {
    const proxied = settings({ baseUrls: { xai: 'https://proxy.example/v1/' } });
    assert.equal(resolveBaseUrl(PRESETS.xai, proxied), 'https://proxy.example/v1');
    assert.equal(resolveBaseUrl(PRESETS.openrouter, proxied), 'https://openrouter.ai/api/v1');
    assert.deepEqual(resolveBaseUrl(PRESETS['openai-compatible'], proxied), { missing: 'its base URL (Select Provider asks for it, or grokContext.baseUrls["openai-compatible"], e.g. http://localhost:8000/v1)' });
    assert.equal(resolveBaseUrl(PRESETS['openai-compatible'], settings({ baseUrl: 'http://a/v1', baseUrls: { 'openai-compatible': 'http://b/v1' } })), 'http://b/v1');
  });

  it('keeps only preset ids with non-empty string URLs', () => {
    assert.deepEqual(normalizeSettings({ baseUrls: { xai: ' http://x/v1 ', nope: 'http://y/v1', openrouter: '', runware: 3 } }).baseUrls, { xai: 'http://x/v1' });
    assert.deepEqual(normalizeSettings({ baseUrls: ['http://x/v1'] }).baseUrls, {});
    assert.deepEqual(normalizeSettings({}).baseUrls, {});
  });

  it('the CLI’s --base-url is for whichever provider is chosen, and no other', () => {
    const io = { out: () => {}, err: () => {} };
    const aigateway = cliSettings({ question: 'q', dir: '.', provider: 'aigateway', baseUrl: 'http://127.0.0.1:9/v1', env: {} }, io) as Settings;
    assert.equal(resolveBaseUrl(PRESETS.aigateway, aigateway), 'http://127.0.0.1:9/v1');
    assert.equal(resolveBaseUrl(PRESETS.xai, aigateway), 'https://api.x.ai/v1');
    const compatible = cliSettings({ question: 'q', dir: '.', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', env: {} }, io) as Settings;
    assert.equal(resolveBaseUrl(PRESETS['openai-compatible'], compatible), 'http://127.0.0.1:9/v1');
    const plain = cliSettings({ question: 'q', dir: '.', env: {} }, io) as Settings;
    assert.equal(resolveBaseUrl(PRESETS.xai, plain), 'https://api.x.ai/v1');
  });
});
