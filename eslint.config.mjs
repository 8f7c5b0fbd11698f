// Flat config: typescript-eslint type-checked rules, Nx module boundaries with real tags
// (CONVENTIONS.md §2), jest hygiene, prettier for formatting.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import jest from 'eslint-plugin-jest';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// Topic names live only in libs/contracts (C5).
const TOPIC_LITERAL = {
  selector: 'Literal[value=/^[a-z-]+\\.[a-z-]+\\.v[0-9]+$/]',
  message: 'Topic names are declared once, in libs/contracts (Topics).',
};
// SQL lives in adapters: persistence/ (write models), queries/ (read side) and migrations
// (docs/adr/2026-12-05-persistence.md). Syntax is all a linter sees, so the rule names the calls
// that reach the database: query/createQueryBuilder/getRepository on anything, and the
// EntityManager's own methods on the names the code base gives it.
const SQL_MESSAGE =
  'SQL belongs in persistence/ (write models), queries/ (read side) or migrations: call a port or a query (docs/adr/2026-12-05-persistence.md).';
const SQL_CALLS = [
  {
    selector: 'CallExpression[callee.property.name=/^(query|createQueryBuilder|getRepository)$/]',
    message: SQL_MESSAGE,
  },
  {
    selector:
      'CallExpression[callee.object.name=/^(em|manager|tx|entityManager)$/][callee.property.name=/^(find|findOne|findOneBy|findBy|findAndCount|save|insert|update|delete|upsert|count|exists|increment|decrement|remove)$/]',
    message: SQL_MESSAGE,
  },
];
// Application code takes and returns its own types; request and response DTOs belong to api/.
const APPLICATION_IMPORTS = {
  paths: ['kafkajs', '@dx/testing', '@nestjs/typeorm'],
  patterns: [
    {
      regex: '(^|/)api/',
      message:
        'application/ must not import api/ (DTOs): declare the input or view type in application/ and let the DTO implement it.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      // Generated from docs/openapi by npm run openapi:generate (checked current by a unit test).
      'libs/client/src/generated/**',
      '.local/**',
      'dist/**',
      'coverage/**',
      '.nx/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // The service entry points a benchmark's raw baseline borrows from (an operator runs
          // them too); anything else under apps/ stays out of reach (also dependency-cruiser).
          allow: [
            '@dx/observability/register',
            '../apps/catalog/src/explain-search',
            '../apps/trust/src/verify',
          ],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:model',
                'type:infra',
                'type:testing',
              ],
            },
            // Operator tools and benchmarks run services through their entry points (a benchmark's
            // raw baseline may borrow from the ones allowed above) and share code through
            // libraries (docs/architecture.md, "Tools and benchmarks").
            ...['type:tool', 'type:bench'].map((sourceTag) => ({
              sourceTag,
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:model',
                'type:infra',
                'type:testing',
                'type:demo',
                'type:client',
              ],
            })),
            // The trust model is pure: it knows the events, nothing else.
            { sourceTag: 'type:model', onlyDependOnLibsWithTags: ['type:contracts'] },
            // type:testing only from test files: enforced by no-restricted-imports below.
            {
              sourceTag: 'type:infra',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:testing'],
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            // The demo is a partner of the platform: it speaks only HTTP, through the published
            // client and nothing else of ours.
            { sourceTag: 'type:demo', onlyDependOnLibsWithTags: ['type:client'] },
            // The client is published on its own (@dx/client): it imports no project.
            { sourceTag: 'type:client', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:infra'],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:infra',
                'type:testing',
                'type:demo',
                'type:client',
                // Pure estimators: the ground-truth test applies them to the demo plan's own series
                // to say what the platform must report.
                'type:model',
              ],
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', TOPIC_LITERAL],
    },
  },
  {
    files: [
      'libs/contracts/**/*.ts',
      'libs/trust-model/**/*.ts',
      'libs/research-methods/**/*.ts',
      'libs/dataspace/**/*.ts',
    ],
    rules: {
      'no-restricted-syntax': 'off',
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'typeorm', 'kafkajs', 'pg'] }],
    },
  },
  {
    // Only libs/messaging talks to kafkajs (one swap point); tests may read the wire directly.
    files: [
      'apps/**/*.ts',
      'libs/service-kit/**/*.ts',
      'libs/persistence/**/*.ts',
      'libs/observability/**/*.ts',
    ],
    // apps/<app>/test/ holds test harnesses (never built: tsconfig.build.json takes src/ only).
    ignores: ['**/*.spec.ts', '**/*.soak.ts', 'apps/*/test/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['kafkajs', '@dx/testing'] }] },
  },
  {
    // Test helpers never reach production code.
    files: ['libs/messaging/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/__fixtures__/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['@dx/testing'] }] },
  },
  {
    files: ['apps/*/src/**/*.ts'],
    ignores: [
      '**/*.spec.ts',
      '**/persistence/**',
      '**/queries/**',
      '**/migrations/**',
      'apps/*/src/database/**',
    ],
    rules: { 'no-restricted-syntax': ['error', TOPIC_LITERAL, ...SQL_CALLS] },
  },
  {
    files: ['apps/*/src/**/application/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', APPLICATION_IMPORTS] },
  },
  {
    // Domain code is framework-free.
    files: ['apps/*/src/**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', '@dx/messaging', '@dx/service-kit'] },
      ],
    },
  },
  {
    files: ['libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/__fixtures__/**'],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'error' },
  },
  {
    files: ['**/*.spec.ts', '**/*.soak.ts', 'libs/testing/**/*.ts', '**/__fixtures__/**/*.ts'],
    plugins: { jest },
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/no-commented-out-tests': 'error',
      'jest/expect-expect': 'off',
      'no-restricted-syntax': 'off',
    },
  },
  prettier,
);
