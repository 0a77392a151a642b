import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

// `spt run` without a recipe runs the quick start: ship a copy inside dist/ for installs
// outside this repository (inside it, the CLI reads examples/quickstart.spt directly).
const QUICKSTART = '../../examples/quickstart.spt';

export default defineConfig({
  entry: {
    'index': 'src/index.ts',
    'bin': 'src/bin.ts',
  },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  async onSuccess() {
    if (!existsSync(QUICKSTART)) return;
    await mkdir('dist/recipes', { recursive: true });
    await copyFile(QUICKSTART, 'dist/recipes/quickstart.spt');
  },
});
