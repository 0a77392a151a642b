// The TensorFlow C library that tfjs-node's addon links against, taken from PyPI's tensorflow-cpu
// wheel (pip reaches PyPI or a mirror where tfjs-node's own download host often is unreachable)
// and laid out as libtensorflow in a cache outside any project: ~/.cache/spt/libtensorflow-<v>.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exec, SetupError, succeeds } from './exec.mjs';

/** The tensorflow-cpu version the library comes from (SPT_TF_WHEEL_VERSION overrides it). */
export const tfWheelVersion = (env = process.env) => env.SPT_TF_WHEEL_VERSION ?? '2.21.0';

/** SPT_CACHE_DIR, else $XDG_CACHE_HOME/spt, else ~/.cache/spt. */
export function sptCacheDir(env = process.env) {
  return env.SPT_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'spt');
}

/** The first of `pythons` (looked up on env.PATH) that runs and can import pip. */
export function findPythonWithPip(pythons = ['python3', 'python'], env = process.env) {
  return pythons.find((p) => succeeds(p, ['-c', 'import pip'], env));
}

// Only the two shared libraries and the C API headers are kept from the wheel.
const EXTRACT = `
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
`;

/**
 * Returns the cached library folder, downloading and laying it out first when it is not complete.
 * `rerun` is the command the user runs again after fixing a failure.
 */
export async function ensureTfLibrary({ env = process.env, pythons, log, rerun }) {
  const version = tfWheelVersion(env);
  const libDir = path.join(sptCacheDir(env), `libtensorflow-${version}`);
  if (fs.existsSync(path.join(libDir, '.complete'))) return libDir;

  const python = findPythonWithPip(pythons, env);
  if (!python) {
    throw new SetupError(
      'python3 with pip is needed to fetch the TensorFlow C library (tensorflow-cpu wheel), and none was found',
      `install python3 and pip (e.g. apt-get install python3-pip), then rerun \`${rerun}\``,
    );
  }
  const wheelDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spt-tfwheel-'));
  try {
    log(`downloading tensorflow-cpu==${version} wheel with pip (about 260 MiB, once)...`);
    const args = ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--retries', '1', '-d', wheelDir, `tensorflow-cpu==${version}`];
    if ((await exec(python, args, { env, log })) !== 0) {
      throw new SetupError(
        `pip could not download tensorflow-cpu==${version}`,
        `check that pip reaches PyPI (or set SPT_TF_WHEEL_VERSION to a version your index has), then rerun \`${rerun}\``,
      );
    }
    const wheel = fs.readdirSync(wheelDir).find((f) => f.endsWith('.whl'));
    const staging = `${libDir}.partial`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(path.join(staging, 'lib'), { recursive: true });
    if ((await exec(python, ['-c', EXTRACT, path.join(wheelDir, wheel), staging], { env, log })) !== 0) {
      throw new SetupError(`could not extract the TensorFlow C library from ${wheel}`, `delete ${staging} and rerun \`${rerun}\``);
    }
    layOut(staging, log);
    fs.writeFileSync(path.join(staging, '.complete'), `tensorflow-cpu ${version}\n`);
    fs.rmSync(libDir, { recursive: true, force: true });
    fs.renameSync(staging, libDir);
    log(`TensorFlow C library cached in ${libDir}`);
    return libDir;
  } finally {
    fs.rmSync(wheelDir, { recursive: true, force: true });
  }
}

/** Strips the libraries and adds the file names tfjs-node's build expects of libtensorflow 2.9.1. */
function layOut(dir, log) {
  const lib = path.join(dir, 'lib');
  for (const name of ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2']) {
    try {
      execFileSync('strip', ['--strip-all', path.join(lib, name)], { stdio: 'ignore' });
    } catch {
      log(`strip unavailable; keeping ${name} unstripped`);
    }
  }
  for (const name of ['libtensorflow.so', 'libtensorflow.so.2', 'libtensorflow.so.2.9.1']) fs.symlinkSync('libtensorflow_cc.so.2', path.join(lib, name));
  for (const name of ['libtensorflow_framework.so', 'libtensorflow_framework.so.2.9.1']) fs.symlinkSync('libtensorflow_framework.so.2', path.join(lib, name));
}
