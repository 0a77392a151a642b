import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the built CLI the example tests drive. */
export const repo = fileURLToPath(new URL('../', import.meta.url));
export const cliBin = path.join(repo, 'packages/cli/dist/bin.js');

/** pnpm from PATH, else the pinned one through npx. */
export function pnpm(): string[] {
  return spawnSync('pnpm', ['--version'], { encoding: 'utf8' }).status === 0 ? ['pnpm'] : ['npx', '--yes', 'pnpm@12.4.2'];
}

export function run(cmd: string[], cwd: string): string {
  return execFileSync(cmd[0], cmd.slice(1), { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Packing or publishing runs each example plugin's `prepack` (tsup, which cleans dist/ first) in the
 * repository, so test files that pack at the same time take turns through a lock folder (one left
 * by a killed process is taken over after 10 minutes).
 */
export function withPackLock<T>(fn: () => T): T {
  const lock = path.join(tmpdir(), `spt-pack-lock-${createHash('sha1').update(repo).digest('hex').slice(0, 8)}`);
  for (const started = Date.now(); ; ) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 600_000) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() - started > 900_000) throw new Error(`waited 15 min for the pack lock ${lock}`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * The third-party path: packs each package folder (relative to the repository) with pnpm, which
 * rewrites `workspace:*` ranges and runs `prepack` (tsup), then installs the tarballs into a fresh
 * project with plain npm. Returns the temporary folder, the project and the tarball names.
 */
export function packAndInstall(dirs: readonly string[], prefix: string): { tmp: string; project: string; tarballs: string[] } {
  if (!existsSync(path.join(repo, 'packages/core/dist/index.js')) || !existsSync(cliBin)) {
    throw new Error('packages/*/dist is missing: run `pnpm build` first (the root `pnpm test` does)');
  }
  const tmp = mkdtempSync(path.join(tmpdir(), prefix));
  const project = path.join(tmp, 'project');
  withPackLock(() => {
    for (const dir of dirs) run([...pnpm(), 'pack', '--pack-destination', tmp], path.join(repo, dir));
  });
  const tarballs = readdirSync(tmp).filter((f) => f.endsWith('.tgz'));
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // The peer @spt/core is one of the tarballs; its own dependencies come from the npm cache or registry.
  run(['npm', 'install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs.map((t) => path.join(tmp, t))], project);
  return { tmp, project, tarballs: tarballs.sort() };
}
