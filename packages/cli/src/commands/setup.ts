import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SptError } from '@spt/core';
import { defaultVenv, TORCH_PROTOCOL_VERSION, workerDir } from '@spt/backends/torch';
import type { CliCommand, CliContext } from '../command';
import { registerSetupTfjs } from './setup-tfjs';

interface SetupTorchOptions {
  venv?: string;
  python: string;
  torch: string;
  torchIndex?: string;
  upgrade?: boolean;
  check?: boolean;
}

/** What `python -m spt_torch_worker.doctor` reports. */
interface Doctor {
  python: string;
  torch: string;
  transformers: string | null;
  safetensors: string | null;
  worker: string;
  protocol: number;
  cuda: boolean;
  cuda_version: string | null;
  gpus: Array<{ name: string; memory_gib: number; capability: string }>;
  bf16: boolean;
  nccl: boolean;
  gloo: boolean;
}

const IMPORTS = 'import torch, transformers, safetensors, tokenizers';

/** Streams a command's output to stderr line by line; resolves with its exit code. */
function stream(ctx: CliContext, cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const s of [child.stdout, child.stderr]) s.on('data', (b: Buffer) => b.toString().trimEnd().split('\n').forEach((l) => ctx.err(`  ${l}`)));
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}

async function createVenv(ctx: CliContext, venv: string, python: string): Promise<void> {
  ctx.err(`creating ${venv} with ${python}`);
  const code = await stream(ctx, python, ['-m', 'venv', venv]).catch(() => -1);
  if (code !== 0) {
    throw new SptError({ code: 'setup.python', what: `could not create a virtual environment with ${python}`, expected: 'python 3.10+ with the venv module', got: code === -1 ? `${python} not found` : `exit code ${code}`, fix: 'install python3 and python3-venv (or pass --python /path/to/python3)' });
  }
}

async function install(ctx: CliContext, py: string, o: SetupTorchOptions): Promise<void> {
  const args = ['-m', 'pip', 'install', '--disable-pip-version-check', ...(o.upgrade ? ['--upgrade'] : []), o.torch, 'transformers>=4.50', 'safetensors', 'tokenizers'];
  if (o.torchIndex) args.push('--extra-index-url', o.torchIndex);
  ctx.err(`installing ${o.torch}, transformers, safetensors, tokenizers (about 1-3 GiB, once)`);
  const code = await stream(ctx, py, args);
  if (code !== 0) {
    throw new SptError({ code: 'setup.pip', what: `pip could not install the torch backend's packages into ${path.dirname(path.dirname(py))}`, got: `pip exit code ${code} (its output is above)`, fix: 'check that pip reaches PyPI or your mirror; for a CUDA build pass --torch-index https://download.pytorch.org/whl/cu128 (or the CUDA version of your driver)' });
  }
}

function doctor(py: string): Doctor {
  const res = spawnSync(py, ['-m', 'spt_torch_worker.doctor'], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: workerDir() } });
  if (res.status !== 0) {
    throw new SptError({ code: 'setup.check', what: `the torch backend's environment at ${py} does not work`, got: (res.stderr || res.error?.message || '').trim().split('\n').slice(-5).join('\n'), fix: 'rerun `spt setup torch --upgrade`' });
  }
  return JSON.parse(res.stdout.trim().split('\n').pop() as string) as Doctor;
}

function describe(d: Doctor, venv: string, isDefault: boolean): string[] {
  const gpu = d.gpus.length ? `${d.gpus.length} x ${d.gpus[0].name} (${d.gpus[0].memory_gib} GiB, compute ${d.gpus[0].capability})` : '';
  const lines = [
    `torch backend environment: ${venv}`,
    `  python ${d.python}, torch ${d.torch}, transformers ${d.transformers}, safetensors ${d.safetensors}`,
    d.cuda ? `  CUDA ${d.cuda_version}: ${gpu}; bf16: ${d.bf16 ? 'yes' : 'no'}` : '  CUDA: not available (CPU build or no GPU); bf16 autocast: off',
    `  distributed: gloo ${d.gloo ? 'yes' : 'no'}, nccl ${d.nccl ? 'yes' : 'no'}; worker spt_torch_worker ${d.worker} (protocol ${d.protocol})`,
  ];
  if (d.protocol !== TORCH_PROTOCOL_VERSION) lines.push(`  warning: this client speaks protocol ${TORCH_PROTOCOL_VERSION}; upgrade the side that is older`);
  if (!isDefault) lines.push(`  the backend looks in ${defaultVenv()}: set SPT_VENV=${venv}, SPT_PYTHON=${path.join(venv, 'bin', 'python')} or the policy option python`);
  return lines;
}

/** `spt setup tfjs|torch|lm-eval` (tfjs in setup-tfjs.ts). `setup torch`: create (or check) the Python environment of the torch backend and report it. */
export const setupCommand: CliCommand = {
  name: 'setup',
  register(program, ctx) {
    const setup = program.command('setup').description('prepare an engine (tfjs: TensorFlow.js\'s native addon; torch: the PyTorch worker\'s Python environment; lm-eval: lm-evaluation-harness in it)');
    registerSetupTfjs(setup, ctx);
    setup
      .command('torch')
      .description('create a Python venv with torch, transformers and safetensors, then report CUDA, GPUs and bf16')
      .option('--venv <dir>', 'virtual environment folder (default: $SPT_VENV or ~/.cache/spt/venv)')
      .option('--python <exe>', 'Python that creates the venv', 'python3')
      .option('--torch <spec>', 'pip requirement for torch (PyPI serves CUDA builds on Linux x86-64)', 'torch')
      .option('--torch-index <url>', 'extra pip index for torch wheels, e.g. https://download.pytorch.org/whl/cpu')
      .option('--upgrade', 'install or upgrade even when the packages already import')
      .option('--check', 'only report on an existing environment; install nothing')
      .action(async (o: SetupTorchOptions) => {
        const venv = path.resolve(ctx.cwd, o.venv ?? defaultVenv());
        const py = path.join(venv, 'bin', 'python');
        let installed = false;
        if (o.check && !existsSync(py)) {
          throw new SptError({ code: 'setup.venv_missing', what: `no Python environment at ${venv}`, expected: `${py}`, got: 'nothing', fix: 'run `spt setup torch` to create it (or pass --venv <dir>)' });
        }
        if (!o.check) {
          if (!existsSync(py)) await createVenv(ctx, venv, o.python);
          const ready = spawnSync(py, ['-c', IMPORTS], { stdio: 'ignore' }).status === 0;
          if (ready && !o.upgrade) ctx.err('torch, transformers, safetensors and tokenizers are installed already (--upgrade reinstalls)');
          else {
            await install(ctx, py, o);
            installed = true;
          }
        }
        const d = doctor(py);
        if (ctx.json) ctx.out(JSON.stringify({ type: 'setup', engine: 'torch', venv, installed, ...d }));
        else for (const line of describe(d, venv, venv === path.resolve(defaultVenv()))) ctx.out(line);
      });
    setup
      .command('lm-eval')
      .description('install lm-evaluation-harness into the torch backend environment (for `spt eval --lm-eval`)')
      .option('--venv <dir>', 'virtual environment folder (default: $SPT_VENV or ~/.cache/spt/venv)')
      .action(async (o: { venv?: string }) => {
        const venv = path.resolve(ctx.cwd, o.venv ?? defaultVenv());
        const py = path.join(venv, 'bin', 'python');
        if (!existsSync(py)) {
          throw new SptError({ code: 'setup.venv_missing', what: `no Python environment at ${venv}`, expected: py, got: 'nothing', fix: 'run `spt setup torch` first (lm-eval runs the exported models with torch and transformers)' });
        }
        const version = () => spawnSync(py, ['-c', LM_EVAL_IMPORTS], { encoding: 'utf8' });
        let installed = false;
        if (version().status !== 0) {
          ctx.err(`installing ${LM_EVAL_SPEC} into ${venv}`);
          const pip = ['-m', 'pip', 'install', '--disable-pip-version-check'];
          if ((await stream(ctx, py, [...pip, LM_EVAL_SPEC])) !== 0) {
            // Some mirrors lack lm-eval's optional-in-practice dependencies (evaluate, rouge-score, ...):
            // the harness itself and what its core imports are enough for local multiple-choice and generation tasks.
            ctx.err(`pip could not resolve every dependency of ${LM_EVAL_SPEC}; installing it with only the packages its core imports`);
            const a = await stream(ctx, py, [...pip, '--no-deps', LM_EVAL_SPEC]);
            const b = await stream(ctx, py, [...pip, ...LM_EVAL_CORE_DEPS]);
            if (a !== 0 || b !== 0) {
              throw new SptError({ code: 'setup.pip', what: `pip could not install ${LM_EVAL_SPEC} into ${venv}`, got: `pip exit codes ${a}, ${b} (output above)`, fix: 'check that pip reaches PyPI or your mirror, then rerun `spt setup lm-eval`' });
            }
          }
          installed = true;
        }
        const check = version();
        if (check.status !== 0) {
          throw new SptError({ code: 'setup.check', what: `lm-eval does not import in ${py}`, got: (check.stderr || '').trim().split('\n').slice(-3).join('\n'), fix: 'rerun `spt setup lm-eval`, or install lm-eval into that environment with pip' });
        }
        const v = check.stdout.trim();
        if (ctx.json) ctx.out(JSON.stringify({ type: 'setup', engine: 'lm-eval', venv, installed, version: v }));
        else ctx.out(`lm-evaluation-harness ${v} in ${venv}${installed ? ' (installed now)' : ''}`);
      });
  },
};

/** The harness version spt is tested with, and what its core modules import (see scripts/setup-python.mjs). */
const LM_EVAL_SPEC = 'lm-eval==0.4.13';
const LM_EVAL_CORE_DEPS = ['datasets', 'jinja2', 'sacrebleu', 'dill', 'more_itertools'];
const LM_EVAL_IMPORTS = 'import lm_eval.evaluator, lm_eval.tasks, datasets; from importlib.metadata import version; print(version("lm-eval"))';
