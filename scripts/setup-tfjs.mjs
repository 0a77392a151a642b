#!/usr/bin/env node
// Builds the native addon of @tensorflow/tfjs-node without its own download.
//
// tfjs-node's install script fetches libtensorflow 2.9.1 from a storage host that is unreachable
// from many networks. Instead we take the TensorFlow C library from PyPI's tensorflow-cpu wheel
// (pip reaches PyPI or a mirror), lay it out as libtensorflow in a cache outside git, point the
// package's deps/ at it and compile the addon from source with node-gyp.
//
// Runs as the workspace's postinstall. Skips quickly when the addon is already built and loads.
// Env: SPT_SKIP_TFJS_SETUP=1 skips it; SPT_CACHE_DIR moves the cache (default ~/.cache/spt);
// SPT_TF_WHEEL_VERSION picks the tensorflow-cpu version (default 2.21.0).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const log = (msg) => console.log(`[spt setup-tfjs] ${msg}`);
const fail = (what, fix) => {
  console.error(`[spt setup-tfjs] ERROR: ${what}\n  fix: ${fix}`);
  process.exit(1);
};

if (process.env.SPT_SKIP_TFJS_SETUP === '1') {
  log('skipped (SPT_SKIP_TFJS_SETUP=1)');
  process.exit(0);
}
if (os.platform() !== 'linux' || os.arch() !== 'x64') {
  log(`platform ${os.platform()}-${os.arch()}: leaving @tensorflow/tfjs-node's own install in charge`);
  process.exit(0);
}

const requireFromBackends = createRequire(path.join(root, 'packages/backends/package.json'));
let pkgDir;
try {
  pkgDir = path.dirname(fs.realpathSync(requireFromBackends.resolve('@tensorflow/tfjs-node/package.json')));
} catch {
  log('@tensorflow/tfjs-node is not installed: nothing to build');
  process.exit(0);
}

const addon = path.join(pkgDir, 'lib', `napi-v${process.versions.napi > 8 ? 8 : process.versions.napi}`, 'tfjs_binding.node');
const addonLoads = () => {
  try {
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(addon)})`], {
      stdio: 'ignore',
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
    });
    return true;
  } catch {
    return false;
  }
};
if (fs.existsSync(addon) && addonLoads()) {
  log(`addon already built (${path.relative(root, addon)})`);
  process.exit(0);
}

const tfVersion = process.env.SPT_TF_WHEEL_VERSION ?? '2.21.0';
const cacheRoot = process.env.SPT_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'spt');
const libDir = path.join(cacheRoot, `libtensorflow-${tfVersion}`);
const ready = path.join(libDir, '.complete');

const python = ['python3', 'python'].find((p) => {
  try {
    execFileSync(p, ['-c', 'import pip'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

if (!fs.existsSync(ready)) {
  if (!python) fail('python3 with pip is needed to fetch the TensorFlow C library (tensorflow-cpu wheel)', 'install python3 and pip (e.g. apt-get install python3-pip), then rerun `pnpm install`');
  const wheelDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spt-tfwheel-'));
  log(`downloading tensorflow-cpu==${tfVersion} wheel with pip (about 260 MiB, once)...`);
  try {
    execFileSync(python, ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--retries', '1', '-d', wheelDir, `tensorflow-cpu==${tfVersion}`], { stdio: 'inherit' });
  } catch {
    fail(`pip could not download tensorflow-cpu==${tfVersion}`, 'check that pip reaches PyPI (or set SPT_TF_WHEEL_VERSION to a version your index has), then rerun `pnpm install`');
  }
  const wheel = fs.readdirSync(wheelDir).find((f) => f.endsWith('.whl'));
  const staging = `${libDir}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.join(staging, 'lib'), { recursive: true });
  // Extract only the two shared libraries and the C API headers.
  execFileSync(python, ['-c', `
import sys, zipfile, os, shutil
wheel, out = sys.argv[1], sys.argv[2]
keep_inc = ('tensorflow/include/tensorflow/c/', 'tensorflow/include/tensorflow/core/platform/ctstring',
            'tensorflow/include/tsl/platform/ctstring', 'tensorflow/include/xla/tsl/c/')
with zipfile.ZipFile(wheel) as z:
    for n in z.namelist():
        if n in ('tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'):
            dst = os.path.join(out, 'lib', os.path.basename(n))
        elif n.startswith(keep_inc) and not n.endswith('/'):
            dst = os.path.join(out, 'include', n[len('tensorflow/include/'):])
        else:
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with z.open(n) as src, open(dst, 'wb') as f:
            shutil.copyfileobj(src, f)
`, path.join(wheelDir, wheel), staging], { stdio: 'inherit' });
  fs.rmSync(wheelDir, { recursive: true, force: true });
  for (const lib of ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2']) {
    try {
      execFileSync('strip', ['--strip-all', path.join(staging, 'lib', lib)], { stdio: 'ignore' });
    } catch {
      log(`strip unavailable; keeping ${lib} unstripped`);
    }
  }
  for (const name of ['libtensorflow.so', 'libtensorflow.so.2', 'libtensorflow.so.2.9.1']) {
    fs.symlinkSync('libtensorflow_cc.so.2', path.join(staging, 'lib', name));
  }
  fs.symlinkSync('libtensorflow_framework.so.2', path.join(staging, 'lib', 'libtensorflow_framework.so'));
  fs.symlinkSync('libtensorflow_framework.so.2', path.join(staging, 'lib', 'libtensorflow_framework.so.2.9.1'));
  fs.writeFileSync(path.join(staging, '.complete'), `tensorflow-cpu ${tfVersion}\n`);
  fs.rmSync(libDir, { recursive: true, force: true });
  fs.renameSync(staging, libDir);
  log(`TensorFlow C library cached in ${libDir}`);
}

// tfjs-node's install.js rewrites its package.json; under pnpm that file is a hard link into the
// shared store, so give the package a private copy first.
const pkgJson = path.join(pkgDir, 'package.json');
const text = fs.readFileSync(pkgJson, 'utf8');
fs.unlinkSync(pkgJson);
fs.writeFileSync(pkgJson, text);

// The package's deps/ is a real folder, not a link into the cache: the addon keeps loading when
// ~/.cache/spt is cleared or belonged to another HOME. Files are hard links where the cache is on
// the same file system (no extra space), copies otherwise; the library's own symlinks are kept.
const deps = path.join(pkgDir, 'deps');
fs.rmSync(deps, { recursive: true, force: true });
mirrorTree(libDir, deps);

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

const nodedir = process.env.npm_config_nodedir ?? ['/usr', path.dirname(path.dirname(process.execPath))].find((d) => fs.existsSync(path.join(d, 'include', 'node', 'node_version.h')));
// node-pre-gyp is a dependency of tfjs-node; node-gyp comes from pnpm/npm (npm_config_node_gyp) or npm's copy.
const nodeGyp = [
  process.env.npm_config_node_gyp,
  path.join(path.dirname(path.dirname(process.execPath)), 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  '/usr/share/nodejs/node-gyp/bin/node-gyp.js',
].find((p) => p && fs.existsSync(p));
const binPath = [path.join(pkgDir, 'node_modules', '.bin'), path.join(pkgDir, '..', '..', '.bin'), process.env.PATH].join(path.delimiter);
log('compiling the tfjs-node addon against the cached library...');
try {
  execFileSync(process.execPath, ['scripts/install.js'], {
    cwd: pkgDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      PATH: binPath,
      npm_config_build_from_source: 'true',
      ...(nodedir ? { npm_config_nodedir: nodedir } : {}),
      ...(nodeGyp ? { npm_config_node_gyp: nodeGyp } : {}),
    },
  });
} catch {
  fail('building the tfjs-node native addon failed (see the compiler output above)', 'install a C++ toolchain (g++, make) and Python 3 for node-gyp, then rerun `pnpm install`');
}
if (!addonLoads()) fail(`the built addon ${addon} does not load`, `delete ${libDir} and rerun \`pnpm install\`; report the output if it persists`);
log(`addon built and loads (${path.relative(root, addon)})`);
