import { defineConfig } from 'tsup';

// One ESM entry with types; @spt/core and zod stay external (peer dependencies).
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
