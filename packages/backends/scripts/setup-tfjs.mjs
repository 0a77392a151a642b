#!/usr/bin/env node
// Brings up the native addon of @tensorflow/tfjs-node, the engine of spt's TF.js backend, without
// tfjs-node's own download: on Linux x86-64 it takes the TensorFlow C library from PyPI's
// tensorflow-cpu wheel (tf-library.mjs), points the package's deps/ at it and compiles the addon
// from source with node-gyp. Elsewhere it runs tfjs-node's own installer. Quick when the addon
// already loads.
//
// `spt setup tfjs` runs this; so does the spt workspace's postinstall (scripts/setup-tfjs.mjs), and
// `node <this file>` works too. tfjs-node is resolved from the @spt/backends folder this file
// ships in. Env: SPT_CACHE_DIR moves the library cache (default $XDG_CACHE_HOME/spt or
// ~/.cache/spt); SPT_TF_WHEEL_VERSION picks the tensorflow-cpu version (default 2.21.0).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exec, SetupError, succeeds } from './exec.mjs';
import { ensureTfLibrary } from './tf-library.mjs';

export { SetupError };

/** The @spt/backends package folder this script belongs to. */
export const backendsDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * The real folder of the @tensorflow/tfjs-node that code in `from` imports, or undefined: the
 * node_modules lookup of Node's resolver, without its global folders (NODE_PATH), which package
 * managers' shims set and which would find some other project's copy.
 */
export function findTfjsNode(from = backendsDir) {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const pkgJson = path.join(dir, 'node_modules', '@tensorflow', 'tfjs-node', 'package.json');
    if (fs.existsSync(pkgJson)) return path.dirname(fs.realpathSync(pkgJson));
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Where tfjs-node loads its addon from, for this Node's N-API version. */
export function addonPath(tfjsDir) {
  const napi = Math.min(Number(process.versions.napi), 8);
  return path.join(tfjsDir, 'lib', `napi-v${napi}`, 'tfjs_binding.node');
}

/** Whether the addon loads in a fresh Node process (it links the TensorFlow library). */
export function addonLoads(addon, env = process.env) {
  return fs.existsSync(addon) && succeeds(process.execPath, ['-e', `require(${JSON.stringify(addon)})`], { ...env, TF_CPP_MIN_LOG_LEVEL: '3' });
}

/** Reports without building: `{ addon, loads }` (`addon` undefined when tfjs-node is not installed). */
export function checkTfjs({ from = backendsDir, env = process.env } = {}) {
  const tfjsDir = findTfjsNode(from);
  const addon = tfjsDir && addonPath(tfjsDir);
  return { addon, loads: Boolean(addon) && addonLoads(addon, env) };
}

/**
 * Makes the addon load. Returns `{ addon, built, library? }`: `built` is false when it loaded
 * already. Throws a SetupError (what went wrong and its fix) otherwise; `rerun` is the command
 * the fix tells the user to run again.
 */
export async function setupTfjs({ from = backendsDir, env = process.env, pythons, log = () => {}, rerun = 'spt setup tfjs' } = {}) {
  const tfjsDir = findTfjsNode(from);
  if (!tfjsDir) {
    throw new SetupError(`@tensorflow/tfjs-node cannot be resolved from ${from}`, 'install @spt/backends again (it depends on @tensorflow/tfjs-node), then rerun `' + rerun + '`');
  }
  const addon = addonPath(tfjsDir);
  if (addonLoads(addon, env)) {
    log(`addon already built and loads (${addon})`);
    return { addon, built: false };
  }
  if (os.platform() !== 'linux' || os.arch() !== 'x64') {
    log(`${os.platform()}-${os.arch()}: running @tensorflow/tfjs-node's own installer (it downloads libtensorflow)`);
    await compile(tfjsDir, env, log, rerun, false);
    return verified(addon, env, log, rerun, undefined);
  }
  const library = await ensureTfLibrary({ env, pythons, log, rerun });
  privatePackageJson(tfjsDir);
  const deps = path.join(tfjsDir, 'deps');
  fs.rmSync(deps, { recursive: true, force: true });
  mirrorTree(library, deps);
  log('compiling the tfjs-node addon against the cached library...');
  await compile(tfjsDir, env, log, rerun, true);
  return verified(addon, env, log, rerun, library);
}

function verified(addon, env, log, rerun, library) {
  if (!addonLoads(addon, env)) {
    const fix = library ? `delete ${library} and rerun \`${rerun}\`; report the output if it persists` : `rerun \`${rerun}\` and read the installer's output above`;
    throw new SetupError(`the built addon ${addon} does not load`, fix);
  }
  log(`addon built and loads (${addon})`);
  return { addon, built: true, ...(library ? { library } : {}) };
}

/**
 * tfjs-node's installer rewrites its package.json; under pnpm that file is a hard link into the
 * shared store, so the package gets a private copy first.
 */
function privatePackageJson(tfjsDir) {
  const file = path.join(tfjsDir, 'package.json');
  const text = fs.readFileSync(file, 'utf8');
  fs.unlinkSync(file);
  fs.writeFileSync(file, text);
}

/**
 * deps/ is a real folder, not a link into the cache, so the addon keeps loading when the cache is
 * cleared or belonged to another HOME. Files are hard links where the cache shares the file
 * system (no extra space), copies otherwise; the library's own symlinks are kept.
 */
function mirrorTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const [src, dst] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dst);
    else if (entry.isDirectory()) mirrorTree(src, dst);
    else {
      try {
        fs.linkSync(src, dst);
      } catch {
        fs.copyFileSync(src, dst);
      }
    }
  }
}

/** Runs tfjs-node's scripts/install.js; with `fromSource` it builds against deps/ with node-gyp. */
async function compile(tfjsDir, env, log, rerun, fromSource) {
  const prefix = path.dirname(path.dirname(process.execPath));
  const nodedir = env.npm_config_nodedir ?? ['/usr', prefix].find((d) => fs.existsSync(path.join(d, 'include', 'node', 'node_version.h')));
  // node-pre-gyp is a dependency of tfjs-node; node-gyp comes from npm/pnpm (npm_config_node_gyp) or npm's own copy.
  const nodeGyp = [
    env.npm_config_node_gyp,
    path.join(prefix, 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/share/nodejs/node-gyp/bin/node-gyp.js',
  ].find((p) => p && fs.existsSync(p));
  const bins = [path.join(tfjsDir, 'node_modules', '.bin'), path.join(tfjsDir, '..', '..', '.bin'), env.PATH];
  const code = await exec(process.execPath, ['scripts/install.js'], {
    cwd: tfjsDir,
    log,
    env: {
      ...env,
      PATH: bins.filter(Boolean).join(path.delimiter),
      ...(fromSource ? { npm_config_build_from_source: 'true' } : {}),
      ...(nodedir ? { npm_config_nodedir: nodedir } : {}),
      ...(nodeGyp ? { npm_config_node_gyp: nodeGyp } : {}),
    },
  });
  if (code !== 0) {
    const fix = fromSource
      ? `install a C++ toolchain (g++, make) and Python 3 for node-gyp, then rerun \`${rerun}\``
      : `check that @tensorflow/tfjs-node's download host is reachable, then rerun \`${rerun}\``;
    throw new SetupError(`building the tfjs-node native addon failed (exit code ${code}; the output is above)`, fix);
  }
}

/** The command-line entry: logs to the console, a SetupError ends with exit code 1. */
export async function main({ rerun = 'spt setup tfjs' } = {}) {
  const log = (message) => console.log(`[spt setup-tfjs] ${message}`);
  try {
    await setupTfjs({ log, rerun });
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(`[spt setup-tfjs] ERROR: ${error.message}\n  fix: ${error.fix}`);
    process.exitCode = 1;
  }
}

function isEntry() {
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (isEntry()) await main();
