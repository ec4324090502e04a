import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import layers from './build/eslint/layers.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test-results/**', 'test/lint/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { persistcert: layers },
    rules: {
      'persistcert/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Rules that need types: a promise nobody awaits loses its error; a switch over a union must
    // name every member (or say `default`), so a new state cannot slip through unhandled.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['vite.config.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // Runtime schemas come from shared/zod.ts, which switches zod's JIT off before any exists
    // (docs/decisions/0016-zod-without-jit.md); types may come from zod itself.
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['shared/zod.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'zod', message: "Import z from shared/zod.ts, which sets zod's jitless mode first.", allowTypeImports: true }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    // The classic rules of hooks; the React Compiler's rules (refs, purity, set-state-in-effect) are
    // for code the compiler rewrites, which we do not use.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // The renderer and shared code never see `process`, `require` or Node globals.
    files: ['shared/**', 'renderer/**'],
    rules: { 'no-restricted-globals': ['error', 'process', 'Buffer', '__dirname', 'require', 'global'] },
  },
);
