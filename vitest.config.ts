import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Tests run from source: each `@spt/*` import resolves to the package's `src`. */
const src = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));
const alias = [
  { find: /^@spt\/core\/testing$/, replacement: src('core/src/testing/index.ts') },
  { find: /^@spt\/core$/, replacement: src('core/src/index.ts') },
  { find: /^@spt\/dsl$/, replacement: src('dsl/src/index.ts') },
  { find: /^@spt\/llm$/, replacement: src('llm/src/index.ts') },
  { find: /^@spt\/judges$/, replacement: src('judges/src/index.ts') },
  { find: /^@spt\/rewriters$/, replacement: src('rewriters/src/index.ts') },
  { find: /^@spt\/backends\/tfjs$/, replacement: src('backends/src/tfjs/index.ts') },
  { find: /^@spt\/backends\/torch$/, replacement: src('backends/src/torch/index.ts') },
  { find: /^@spt\/backends$/, replacement: src('backends/src/index.ts') },
  { find: /^@spt\/testbed$/, replacement: src('testbed/src/index.ts') },
  { find: /^@spt\/cli$/, replacement: src('cli/src/index.ts') },
];

const project = (name: string) => ({
  extends: true as const,
  test: { name, include: [`packages/${name}/src/**/*.test.ts`, `packages/${name}/test/**/*.test.ts`] },
});

export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { TF_CPP_MIN_LOG_LEVEL: '3' },
    projects: [
      ...['core', 'dsl', 'llm', 'judges', 'rewriters', 'backends', 'testbed', 'cli'].map(project),
      { extends: true, test: { name: 'examples', include: ['examples/**/*.test.ts', 'docs/**/*.test.ts', 'scripts/**/*.test.ts'] } },
    ],
  },
});
