#!/usr/bin/env node
// Creates the Python environment that spt's PyTorch worker, its tests and the interoperability
// tests use (torch, transformers, safetensors, gguf, pytest, ruff, a transformers server, and
// lm-evaluation-harness for `spt eval --lm-eval`).
// Idempotent: an environment whose marker matches the requirement list is reused.
//
// Env: SPT_VENV (default ~/.cache/spt/venv), SPT_TORCH_SPEC (default torch==2.13.0, CPU build
// where the index serves it), SPT_SKIP_PYTHON_SETUP=1 skips it.
// Prints the venv's python path on the last line.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const log = (m) => console.error(`[spt setup-python] ${m}`);
const venv = process.env.SPT_VENV ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'spt', 'venv');
const python = path.join(venv, 'bin', 'python');
if (process.env.SPT_SKIP_PYTHON_SETUP === '1') {
  log('skipped (SPT_SKIP_PYTHON_SETUP=1)');
  process.exit(0);
}

const requirements = [
  process.env.SPT_TORCH_SPEC ?? 'torch==2.13.0',
  'transformers[serving]',
  'safetensors',
  'tokenizers',
  'gguf',
  'numpy',
  'requests',
  'pytest',
  'ruff',
];
// lm-eval with its full dependency list where pip can resolve it; else the harness alone plus what
// its core imports (some mirrors lack `evaluate`, `rouge-score`, ...): as `spt setup lm-eval` does.
const lmEval = 'lm-eval==0.4.13';
const lmEvalCoreDeps = ['datasets', 'jinja2', 'sacrebleu', 'dill', 'more_itertools'];
const marker = path.join(venv, '.spt-requirements');
const wanted = `${[...requirements, lmEval, ...lmEvalCoreDeps].join('\n')}\n`;
if (fs.existsSync(python) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) {
  console.log(python);
  process.exit(0);
}

const base = ['python3', 'python'].find((p) => {
  try {
    execFileSync(p, ['-c', 'import venv, ensurepip'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (!base) {
  console.error('[spt setup-python] ERROR: python3 with the venv module is needed\n  fix: install python3 and python3-venv, then rerun');
  process.exit(1);
}
if (!fs.existsSync(python)) {
  log(`creating ${venv}`);
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  execFileSync(base, ['-m', 'venv', venv], { stdio: 'inherit' });
}
log(`installing ${requirements.join(', ')} (about 1.3 GiB, once)`);
try {
  execFileSync(python, ['-m', 'pip', 'install', '--retries', '1', '--disable-pip-version-check', '-q', ...requirements], { stdio: 'inherit' });
} catch {
  console.error('[spt setup-python] ERROR: pip could not install the requirements\n  fix: check that pip reaches PyPI (or your mirror), then rerun');
  process.exit(1);
}
const pip = (args) => {
  try {
    execFileSync(python, ['-m', 'pip', 'install', '--retries', '1', '--disable-pip-version-check', '-q', ...args], { stdio: 'inherit' });
    return true;
  } catch {
    return false;
  }
};
if (!pip([lmEval]) && (log(`${lmEval} with all its dependencies failed (above); installing the harness with the packages its core imports`), true) && !(pip(['--no-deps', lmEval]) && pip(lmEvalCoreDeps))) {
  console.error(`[spt setup-python] ERROR: pip could not install ${lmEval}\n  fix: check that pip reaches PyPI (or your mirror), then rerun`);
  process.exit(1);
}
fs.writeFileSync(marker, wanted);
console.log(python);
