// ESLint (flat config) with typescript-eslint. Run by `npm run lint`, which the test command runs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SIZE_LIMITS = {
  // Small files and functions: a unit that does one thing can be read, named and tested alone.
  'max-lines': ['error', { max: 350, skipBlankLines: true, skipComments: true }],
  'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'test-output/**', 'node_modules/**', 'resources/**', 'build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      ...SIZE_LIMITS,
      'no-undef': 'off', // TypeScript checks names better than ESLint can.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // The catalogues are one long table of messages per language: splitting them would only scatter keys.
    files: ['common/i18n/en.ts', 'common/i18n/zh-CN.ts'],
    rules: { 'max-lines': 'off' },
  },
  {
    // The simulators stand in for a provider's whole API, one route table each, and are never shipped logic.
    files: ['main/sim/**'],
    rules: { 'max-lines': 'off', 'max-lines-per-function': 'off' },
  },
  {
    // Tests read as scenarios: a describe block holds many cases, and fakes are long by nature.
    files: ['test/**', 'scripts/**'],
    rules: {
      'max-lines': 'off',
      'max-lines-per-function': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
