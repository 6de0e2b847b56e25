// Lint: typescript-eslint's type-aware recommended rules, plus the ones that
// catch the mistakes that hurt a service most (floating promises, unhandled
// switch cases).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The walls between the gateway's parts, as no-restricted-imports rules
// (test/lint/import-walls.test.ts shows each refusing a bad import;
// docs/architecture.md draws the same walls).

/** The domains: each owns its rules and its tables, and knows nothing of HTTP or GraphQL. */
const DOMAINS = ['audit', 'auth', 'care-records', 'casework', 'community-health', 'customers', 'equipment', 'inbox', 'onward', 'organisations', 'outbox', 'performance', 'referrals', 'seed'];

/** What the domains stand on: metrics, the store, the shared kernel (time, XML). */
const BELOW_DOMAINS = ['metrics', 'store', 'time', 'xml'];

const up = '^(\\.\\./|\\./)*';

/**
 * @param {string[]} files
 * @param {...{ regex: string, message: string }} patterns
 * @returns {import('eslint').Linter.Config}
 */
function walls(files, ...patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

/** @param {string} regex @param {string} message */
function wall(regex, message) {
  return { regex, message };
}

const noAdapters = wall(`${up}(\\.\\./)*adapters/`, 'src/ never imports adapters/: only the composition root (src/main.ts) wires them in.');
const noServer = wall(`${up}server/`, 'A domain never imports src/server/ (HTTP, GraphQL, the request): the server calls the domain, not the other way.');
const noDomain = wall(`${up}(${DOMAINS.join('|')}|server|generated)/`, 'This layer sits below the domains and never imports one (nor the server or the generated GraphQL types).');

/** @type {import('eslint').Linter.Config[]} */
export const importWalls = [
  walls(
    ['adapters/**/*.ts'],
    wall(
      '^(\\.\\./)+src/(?!errors\\.js$|xml/|time/|[a-z-]+/ports\\.js$)',
      'An adapter uses only the core\'s ports (src/<area>/ports.ts), src/errors.ts, src/xml/ and src/time/; adapters/connect-adapters.ts alone sees both sides.',
    ),
  ),
  { files: ['adapters/connect-adapters.ts'], rules: { 'no-restricted-imports': 'off' } },
  walls(['src/**/*.ts'], noAdapters),
  { files: ['src/main.ts'], rules: { 'no-restricted-imports': 'off' } },
  // Configuration is read by everyone and parses some domains' values (delivery speeds), so it stands with them.
  walls([...DOMAINS, 'config'].map((area) => `src/${area}/**/*.ts`), noAdapters, noServer),
  walls(BELOW_DOMAINS.map((layer) => `src/${layer}/**/*.ts`), noAdapters, noDomain),
];

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'tmp/', 'src/generated/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Apollo plugin hooks and handler tables are async by contract, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  ...importWalls,
  {
    // Tests poke at loosely typed JSON responses on purpose.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
