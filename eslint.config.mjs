import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Type-aware rules over all TypeScript the project runs; `_`-prefixed names are deliberately unused.
export default tseslint.config(
  { ignores: ['node_modules/', 'build/', '.data/', 'coverage/', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // French typography puts a narrow no-break space before « » ; ! ? inside strings and templates.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
      // Prettier wraps code at 120 but leaves long strings, comments and test names alone: they are split by hand.
      // Core max-len is deprecated (ESLint 8.53, kept until 11) but works; @stylistic is not a dependency here.
      'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    // Test doubles implement async interfaces with callbacks that need not await.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
);
