import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The import directions of the architecture notes (README "Layout"), as lint rules so a wrong import fails:
 *   schemas ← evaluation ← (server, cli, admin);  db → schemas only;  server → db;
 *   admin takes only the `AppRouter` *type* from the server and never reaches db;
 *   evaluation is pure: no IO, no clock, no console.
 */
const app = (name) => [`@policy/${name}`, `@policy/${name}/*`];
const restrict = (patterns, message) => ({ group: patterns, message });

const NODE_IO = ['node:*', 'fs', 'fs/*', 'path', 'child_process', 'worker_threads', 'http', 'https', 'net', 'os'];

const directions = [
  {
    files: ['packages/schemas/src/**/*.ts'],
    ignores: ['packages/schemas/src/node/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict([...app('evaluation'), ...app('db'), ...app('server'), ...app('cli'), ...app('admin')], 'schemas 是最底层：不得依赖其他包 (schemas is the bottom layer)'),
            restrict(NODE_IO, 'schemas 在浏览器中运行：文件读写放在 src/node/ (browser code: IO belongs in src/node/)'),
          ],
        },
      ],
    },
  },
  {
    files: ['packages/evaluation/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict([...app('db'), ...app('server'), ...app('cli'), ...app('admin')], 'evaluation 只依赖 @policy/schemas (evaluation depends on schemas only)'),
            restrict(NODE_IO, 'evaluation 是纯计算：不做 IO (evaluation is pure: no IO)'),
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'evaluation 不读时钟：日期 at 是参数 (no clock: `at` is an argument)' },
        { object: 'Math', property: 'random', message: 'evaluation 的随机数须可复现：用 createRng(seed) (seeded randomness only)' },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['packages/db/src/**/*.ts', 'packages/db/bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict([...app('evaluation'), ...app('server'), ...app('cli'), ...app('admin')], 'db 只依赖 @policy/schemas；载入人群在服务端 (db depends on schemas only; the population loader lives in the server)'),
          ],
        },
      ],
    },
  },
  {
    files: ['apps/admin/**/*.{ts,tsx}'],
    ignores: ['apps/admin/e2e/**', 'apps/admin/scripts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict([...app('db'), ...app('cli')], 'admin 不直接访问数据库 (the admin never reaches the database)'),
            { group: app('server'), allowTypeImports: true, message: 'admin 只能 `import type` 服务端的 AppRouter (type-only imports from the server)' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/src/**/*.ts', 'apps/cli/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [restrict(app('admin'), '服务端与命令行不依赖前端 (no server/CLI import of the admin)')] }],
    },
  },
];

/** Environment variables are read in one place per app; everything else gets settings as arguments. */
const envReaders = [
  'apps/server/src/index.ts', // → loadSettings(process.env) in settings.ts
  'apps/server/src/settings.ts',
  'apps/cli/src/io.ts',
  'apps/admin/src/lib/env.ts',
  'apps/admin/e2e/env.ts',
  'packages/db/src/test-support.ts', // TEST_PG_URL, the one name of the test PostgreSQL
  '**/*.test.ts',
  '**/bench/**',
  'packages/config/scripts/**',
];
const oneEnvReader = {
  files: ['**/*.{ts,tsx,js,mjs}'],
  ignores: envReaders,
  rules: {
    'no-restricted-syntax': [
      'error',
      { selector: "MemberExpression[object.name='process'][property.name='env']", message: '环境变量只在每个应用的设置模块中读取 (read the environment only in the app\'s settings module)' },
      { selector: "MemberExpression[object.type='MetaProperty'][property.name='env']", message: '环境变量只在 src/lib/env.ts 中读取 (read import.meta.env only in src/lib/env.ts)' },
    ],
  },
};

/** Shared flat config: strict TypeScript, the import directions, type-aware checks where they pay. */
export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: true },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      // a switch over a kind/status union must name every member (a new document kind or status fails here first)
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  oneEnvReader,
  ...directions,
);
