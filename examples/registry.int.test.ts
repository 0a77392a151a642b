import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pnpm, repo, withPackLock } from './pack-install.test-util';
import { followPage } from './registry/doc-blocks';
import { startRegistry, type LocalRegistry } from './registry/verdaccio.test-util';

// Publishing for real: every @spt package and both example plugins are published with pnpm to a
// local npm registry (verdaccio, which proxies every other package to the registry npm is set up
// with), then installed with plain npm into an empty folder outside the repository, where the
// installed `spt` builds TensorFlow.js's addon, trains a recipe that uses both plugins, and a plain
// Node program embeds the packages and aborts and resumes a run. Needs `pnpm build` first.
const SPT = ['@spt/core', '@spt/dsl', '@spt/llm', '@spt/judges', '@spt/rewriters', '@spt/backends', '@spt/testbed', '@spt/cli'];
const PLUGINS = ['spt-judge-lexical', 'spt-shaper-informative'];
const INSTALL = ['@spt/cli', '@spt/testbed', ...PLUGINS];

let tmp: string;
let registry: LocalRegistry | undefined;
let project: string;

/**
 * The environment of every command: the test's own, less what a package manager's shim put there
 * (NODE_PATH would let the project resolve the workspace's packages; npm_config_* could override
 * the registry), with npm's user config in the temporary folder: the user's ~/.npmrc is never read
 * or written.
 */
function env(userconfig: string): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_PATH' && !/^(npm_config_|npm_package_|pnpm_)/i.test(k)));
  return { ...clean, npm_config_userconfig: userconfig, npm_config_update_notifier: 'false' };
}

function sh(cmd: string[], cwd: string, userconfig = path.join(tmp, 'user.npmrc'), timeout = 300_000): SpawnSyncReturns<string> {
  return spawnSync(cmd[0], cmd.slice(1), { cwd, env: env(userconfig), encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
}

/** A failure message with the command's output (and the registry's log when asked). */
const why = (r: SpawnSyncReturns<string>, withLog = false) =>
  `exit ${r.status}${r.error ? ` (${r.error.message})` : ''}\n--- stdout\n${r.stdout?.slice(-4000)}\n--- stderr\n${r.stderr?.slice(-4000)}${withLog ? `\n--- registry log\n${registry?.log().slice(-3000)}` : ''}`;

beforeAll(async () => {
  if (!SPT.every((name) => existsSync(path.join(repo, 'packages', name.slice(5), 'dist/index.js')))) {
    throw new Error('packages/*/dist is missing: run `pnpm build` first (the root `pnpm test` does)');
  }
  tmp = mkdtempSync(path.join(tmpdir(), 'spt-registry-'));
  writeFileSync(path.join(tmp, 'user.npmrc'), '');
  mkdirSync(path.join(tmp, 'registry'));
  registry = await startRegistry(path.join(tmp, 'registry'));
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the @spt packages and the example plugins on an npm registry', () => {
  it('`pnpm -r publish` publishes all ten, with workspace ranges rewritten', async () => {
    const r = withPackLock(() => sh([...pnpm(), '-r', 'publish', '--registry', registry!.url, '--no-git-checks'], repo, registry!.npmrc));
    expect(r.status, why(r, true)).toBe(0);
    for (const name of [...SPT, ...PLUGINS]) {
      const v = (await registry!.packument(name))?.versions['0.1.0'];
      expect(v, name).toBeDefined();
      expect(JSON.stringify([v!.dependencies, v!.peerDependencies]), name).not.toContain('workspace:');
      if (name !== '@spt/core' && name !== '@spt/cli') expect(v!.peerDependencies?.['@spt/core'], name).toBe('^0.1.0');
    }
  }, 300_000);

  it('plain npm installs the CLI, the testbed and both plugins into an empty folder outside the repository', () => {
    project = path.join(tmp, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'spt-consumer', private: true, type: 'module' }));
    writeFileSync(path.join(project, '.npmrc'), `registry=${registry!.url}\n`);
    // --ignore-scripts: tfjs-node's install script downloads libtensorflow from a host many
    // networks cannot reach (`spt setup tfjs` builds the addon instead); --omit=optional leaves
    // out node-llama-cpp's prebuilt llama.cpp binaries (about 350 MB), which this test never runs.
    const r = sh(['npm', 'install', '--ignore-scripts', '--omit=optional', '--prefer-online', '--no-audit', '--no-fund', ...INSTALL], project, undefined, 560_000);
    expect(r.status, why(r, true)).toBe(0);
    const modules = path.join(project, 'node_modules');
    for (const name of [...SPT, ...PLUGINS]) expect(existsSync(path.join(modules, name, 'package.json')), name).toBe(true);
    // One @spt/core for the CLI, the built-ins and the plugins (they share its registry and contracts).
    const nested = SPT.concat(PLUGINS).filter((name) => existsSync(path.join(modules, name, 'node_modules/@spt/core')));
    expect(nested).toEqual([]);
    expect(existsSync(path.join(modules, '@spt/core/src/run/create-run.test.ts'))).toBe(false);
    expect(existsSync(path.join(modules, '@spt/backends/scripts/setup-tfjs.mjs'))).toBe(true);
    const list = sh(['npx', 'spt', 'plugins', '--kind', 'judge', '--use', 'spt-judge-lexical'], project);
    expect(list.status, why(list)).toBe(0);
    expect(list.stdout).toMatch(/lexical\.repetition\s+pointwise\s+spt-judge-lexical\s/);
    expect(list.stdout).toMatch(/testbed\.quality\s+pairwise\s+@spt\/testbed\s/);
    copyFileSync(path.join(repo, 'examples/registry/plugins-demo.spt'), path.join(project, 'plugins-demo.spt'));
  }, 600_000);

  it('without the native addon, a TF.js run stops with the one command that builds it', () => {
    const r = sh(['npx', 'spt', 'run', 'plugins-demo.spt', '--steps', '2', '--run-dir', 'runs/no-addon'], project);
    expect(r.status, why(r)).toBe(2); // an SptError: bad input, with its fix
    expect(r.stderr).toMatch(/the tfjs backend needs native TensorFlow kernels, but the native addon of @tensorflow\/tfjs-node .* has not been built/);
    expect(r.stderr).toContain('fix: run `spt setup tfjs`');
  });

  it('`npx spt setup tfjs` builds the addon from any folder; then it loads', () => {
    const r = sh(['npx', 'spt', 'setup', 'tfjs'], project, undefined, 600_000);
    expect(r.status, why(r)).toBe(0);
    const addon = path.join(project, 'node_modules/@tensorflow/tfjs-node/lib');
    expect(r.stdout.trim()).toMatch(new RegExp(`^TensorFlow\\.js native addon built: ${addon.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/napi-v\\d/tfjs_binding\\.node \\(TensorFlow C library .+\\)$`));
    // The installed bin, run from a folder outside the project: the addon is found from @spt/backends, not the cwd.
    const check = sh([path.join(project, 'node_modules/.bin/spt'), '--json', 'setup', 'tfjs', '--check'], tmp);
    expect(check.status, why(check)).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ type: 'setup', engine: 'tfjs', built: false });
  }, 600_000);

  it('`npx spt run plugins-demo.spt --steps 2` trains two steps with both plugins', () => {
    const r = sh(['npx', 'spt', 'run', 'plugins-demo.spt', '--steps', '2', '--run-dir', 'runs/cli'], project);
    expect(r.status, why(r)).toBe(0);
    const lines = readFileSync(path.join(project, 'runs/cli/metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.step)).toEqual([1, 2]);
    for (const l of lines) {
      expect(Number.isFinite(l.values['reward/mean'])).toBe(true);
      expect(Number.isFinite(l.values.loss)).toBe(true);
    }
  }, 300_000);

  it('a plain Node ESM program embeds the installed packages: events, abort after a step, resume', () => {
    copyFileSync(path.join(repo, 'examples/registry/embed-resume.mjs'), path.join(project, 'embed-resume.mjs'));
    const r = sh(['node', 'embed-resume.mjs', 'plugins-demo.spt', 'runs/embedded'], project);
    expect(r.status, why(r)).toBe(0);
    const { packages, first, second } = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(packages).toEqual(expect.arrayContaining(['@spt/core', '@spt/testbed', '@spt/backends', ...PLUGINS]));
    expect(first).toMatchObject({ resumedFrom: null, totalSteps: 4, status: 'aborted', end: 'aborted', error: null });
    expect(first.completed).toBe(1); // aborted on the first step event: no step beyond it
    expect(first.steps).toEqual(Array.from({ length: first.completed }, (_, i) => i + 1));
    expect(second).toMatchObject({ resumedFrom: first.completed, totalSteps: 4, status: 'completed', end: 'completed', completed: 4, error: null });
    expect(second.steps).toEqual(Array.from({ length: 4 - first.completed }, (_, i) => first.completed + i + 1));
    const steps = readFileSync(path.join(project, 'runs/embedded/metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).step);
    expect(steps).toEqual([1, 2, 3, 4]);
  }, 300_000);
});

describe('docs/plugins.md, followed word for word against the registry', () => {
  it('builds, tests and publishes the tutorial package; a project trains with it; a program embeds it', async () => {
    const root = path.join(tmp, 'walkthrough');
    mkdirSync(root);
    // The page's own commands, with npm pointed at the test's registry as its step 0 says; the
    // tutorial's `npm test` runs vitest afresh, so this test's VITEST* variables stay out.
    const walkEnv = Object.fromEntries(Object.entries(env(registry!.npmrc)).filter(([k]) => !k.startsWith('VITEST')));
    const steps = followPage(path.join(repo, 'docs/plugins.md'), root, { ...walkEnv, npm_config_registry: registry!.url });
    const failed = steps.find((s) => s.status !== 0);
    expect(failed, failed && `docs/plugins.md line ${failed.block.line} failed (exit ${failed.status}):\n${failed.block.body}--- stdout\n${failed.stdout.slice(-4000)}\n--- stderr\n${failed.stderr.slice(-4000)}`).toBeUndefined();
    expect(steps.map((s) => s.block.body.split('\n')[0])).toEqual([
      'mkdir spt-plugin-tutorial && cd spt-plugin-tutorial',
      'npm run build && npm test',
      'cd .. && mkdir spt-demo && cd spt-demo',
      'npx spt check demo.spt',
      'npm install --ignore-scripts @spt/core @spt/dsl',
    ]);
    const [, built, , run, embedded] = steps;
    const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain(built.stdout), plain(built.stdout).slice(-1500)).toMatch(/Tests\s+7 passed \(7\)/); // the page's two test files: 6 + 1 tests
    const published = (await registry!.packument('spt-plugin-tutorial'))?.versions['0.1.0'];
    expect(published?.peerDependencies?.['@spt/core']).toBe('^0.1.0');
    // The recipe trained with all four plugins: the judge's scores, the objective's pairs, the sink's lines.
    const lines = readFileSync(path.join(root, 'spt-demo/runs/tutorial_demo/metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.step)).toEqual([1, 2, 3, 4]);
    for (const l of lines) expect(l.values['score/repetition']).toBeGreaterThan(0);
    expect(lines.some((l) => l.values['objective/pairs'] > 0)).toBe(true);
    expect(plain(run.stdout + run.stderr), run.stdout.slice(-1500)).toMatch(/^step 4: reward\/mean \d\.\d{3} after \d+\.\d s$/m);
    // The embedder's logger received the sink's lines; the program saw every step event.
    expect(embedded.stdout, embedded.stdout.slice(-1500)).toMatch(/^\[my app\] step 1: reward\/mean \d\.\d{3} after/m);
    expect(embedded.stdout).toMatch(/^step event 4: loss /m);
    expect(embedded.stdout.trim().split('\n').pop()).toBe('completed after 4 steps');
  }, 1_800_000);
});

