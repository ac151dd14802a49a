// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'dist/**', '.tmp/**', 'web/dist/**', 'tests/browser/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // The domain never reaches the outside world (DESIGN.md §2).
    files: ['events/**/*.ts', 'services/**/*.ts', 'projections/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['express', 'better-sqlite3', 'pg', '@eventstore/*', '**/infra/**'] }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'The domain never reads process.env.' }],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'stress/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], extends: [tseslint.configs.disableTypeChecked] },
  // The web console's single-file components: Vue's rules for the template, typescript-eslint's for <script setup lang="ts">.
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      // vue-eslint-parser hands each <script> block to typescript-eslint's parser; the project service finds
      // web/tsconfig.json (which includes src/**/*.vue), so the type-aware rules run in .vue files too.
      parserOptions: { parser: tseslint.parser, projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.vue'] },
    },
    rules: {
      // The core rules TypeScript already checks (no-undef, no-redeclare, …) are off for .ts; the same for .vue.
      ...tseslint.configs.eslintRecommended.rules,
      // The templates keep the layout they have: several attributes on a line, continuation lines indented
      // one step from the tag, short elements on one line. These rules would re-lay every template.
      'vue/max-attributes-per-line': 'off', // attributes are packed, wrapped only when a line runs long
      'vue/singleline-html-element-content-newline': 'off', // <el-button>{{ t('x') }}</el-button> stays on one line
      'vue/multiline-html-element-content-newline': 'off', // a heading's text starts on its tag's line, its controls follow
      'vue/first-attribute-linebreak': ['warn', { singleline: 'beside', multiline: 'beside' }],
      'vue/html-closing-bracket-newline': ['warn', { singleline: 'never', multiline: 'never' }],
      'vue/html-indent': ['warn', 2, { alignAttributesVertically: false }],
    },
  },
);
