// Type-aware linting: promises must be awaited or handled, only src/config.ts reads process.env, and the
// product (src/) imports nothing from tools/ or test/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PRODUCT_ONLY = {
  group: ['**/tools/**', '**/test/**'],
  message: 'src/ is the product: it imports nothing from tools/ or test/.',
};
const ABOVE_RETRIEVAL = ['../answer/**', '../telegram/**', '../cli/**', '../main.js'];
const ABOVE_INGESTION = [...ABOVE_RETRIEVAL, '../library/**', '../retrieval/**'];

/** The imports forbidden to the files of one folder (always: tools and tests). */
function layer(files, forbidden, message = 'This import points up or across the layers (see eslint.config.js).') {
  const patterns = forbidden.length > 0 ? [PRODUCT_ONLY, { group: forbidden, message }] : [PRODUCT_ONLY];
  return { files: [files], rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through src/config.ts.' },
      ],
    },
  },
  {
    // Tools read settings through src/config.ts like the product; tests set up processes' environments.
    files: ['src/config.ts', 'test/**', '*.config.*'],
    rules: { 'no-restricted-properties': 'off' },
  },
  // The product never reaches into tools or tests (tools may use both, and test fakes), and its
  // folders depend one way: telegram/cli → answer → retrieval → vector-store; library (the
  // orchestration) → ingestion and vector-store; text below everything. Type-only imports of the
  // data shapes in ingestion/types.ts are allowed everywhere.
  layer('src/**', []),
  layer('src/text/**', ['../**'], 'src/text/ is the bottom layer: it imports nothing else of src/.'),
  layer('src/ingestion/**', [...ABOVE_INGESTION, '../vector-store/**']),
  layer('src/vector-store/**', [...ABOVE_INGESTION, '../ingestion/**', '!../ingestion/types.js']),
  layer('src/library/**', ['../retrieval/**', '../answer/**', '../telegram/**', '../cli/**', '../main.js']),
  layer('src/retrieval/**', [...ABOVE_RETRIEVAL, '../library/**', '../ingestion/**', '!../ingestion/types.js']),
  layer('src/answer/**', ['../telegram/**', '../cli/**', '../main.js', '../library/**']),
  layer('src/telegram/**', ['../cli/**', '../main.js']),
  layer('src/cli/**', ['../telegram/**', '../main.js']),
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
