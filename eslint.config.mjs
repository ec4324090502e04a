import tseslint from 'typescript-eslint';
import layers from './build/eslint/layers.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test-results/**'] },
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
    // The renderer and shared code never see `process`, `require` or Node globals.
    files: ['shared/**', 'renderer/**'],
    rules: { 'no-restricted-globals': ['error', 'process', 'Buffer', '__dirname', 'require', 'global'] },
  },
);
