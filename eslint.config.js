// Lint runs on the TypeScript sources with type information; part of `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'force-app/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: 'error',
      curly: ['error', 'multi-line'],
      'no-console': 'error',
    },
  },
  {
    // Only the output layer, scripts and the standalone loopback org talk to the console.
    files: ['src/cli/output.ts', 'scripts/**/*.ts', 'src/loopback-org/standalone.ts'],
    rules: { 'no-console': 'off' },
  },
  // Folders import each other only through their index.ts; nothing outside src/cli imports src/cli. Tests may
  // import internals. src/loopback-org stands apart: it is a fake Salesforce, not part of the tool's pipeline.
  ...['../', '../../'].flatMap((up) => {
    const files = up === '../' ? 'src/*/*.ts' : 'src/*/*/*.ts';
    const throughIndex = { group: [`${up}*/*`, `!${up}*/index.js`], message: `Import another folder only through its index.ts ('${up}<folder>/index.js').` };
    const noCli = { group: [`${up}cli/*`], message: 'Nothing outside src/cli imports src/cli.' };
    // no-restricted-imports does not see import(): the same rule for lazy imports, as a syntax selector.
    const lazy = ['error', { selector: `ImportExpression[source.value=/^${up.replaceAll('.', '\\.').replaceAll('/', '\\x2F')}[^\\x2F]+\\x2F(?!index\\.js$)/]`, message: throughIndex.message }];
    return [
      { files: [files], ignores: ['src/cli/**', 'src/loopback-org/**'], rules: { 'no-restricted-imports': ['error', { patterns: [throughIndex, noCli] }], 'no-restricted-syntax': lazy } },
      { files: [files.replace('src/*/', 'src/cli/')], rules: { 'no-restricted-imports': ['error', { patterns: [throughIndex] }], 'no-restricted-syntax': lazy } },
    ];
  }),
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
