// ESLint flat config: the recommended JavaScript and typescript-eslint rules,
// plus a rule that keeps `vscode` out of the API client and the local server.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', 'l10n/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: 'error',
    },
  },
  {
    files: [
      'src/api/**/*.ts',
      'src/server/**/*.ts',
      'src/assign/**/*.ts',
      'src/tree/queueTreeModel.ts',
      'src/tree/recordPresentation.ts',
      'src/tree/recordFilter.ts',
      'src/tree/queueProgress.ts',
      'src/tree/queueSnapshot.ts',
      'src/tree/spaceGroups.ts',
      'src/auth/profiles.ts',
      'src/links/**/*.ts',
      'src/details/recordDetailsHtml.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'This module runs outside VS Code too.' }] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/ui/notify.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.property.name='window'][property.name=/^show(Information|Warning|Error)Message$/]",
          message: 'Use notify.info, notify.warn or notify.error from src/ui/notify.ts, which records what the user was shown.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: globals.node,
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
