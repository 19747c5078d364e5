import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const vscodeImport = {
  name: 'vscode',
  message: 'Only src/vscode/, src/view/ and src/extension.ts may import vscode: keep logic testable in plain Node (see ARCHITECTURE.md).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [vscodeImport] }],
    },
  },
  {
    // The adapter layer and the tests that run inside VS Code are where the vscode API belongs.
    files: ['src/vscode/**', 'src/view/**', 'src/extension.ts', 'test/integration/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The webview is a browser page: no Node built-ins, no host code.
    files: ['src/webview/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscodeImport],
        patterns: [{ group: ['node:*', '../vscode/*', '../view/*', '../chat/*', '../context/*', '../providers/*'], message: 'The webview bundle may only import protocol and common.' }],
      }],
    },
  },
  {
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
