import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createPluginContext, SptError, type PluginRegistry, type RunConfig } from '@spt/core';
import { findPython, workerDir } from '@spt/backends/torch';
import { policyDir } from './policy-dir';

/** What `spt eval --lm-eval` asks of lm-evaluation-harness. */
export interface LmEvalRequest {
  tasks: string[];
  /** A folder of task YAMLs (and their local data files). */
  include?: string;
  /** Documents per task (lm-eval's --limit), for quick checks. */
  limit?: number;
  batchSize?: number;
  /** The Python with lm-eval (default: the torch backend's environment). */
  python?: string;
}

/** The harness's numbers, beside the SIP metrics in results.json. */
export interface LmEvalTable {
  tasks: string[];
  version?: string;
  /** model -> task -> metric (e.g. acc, acc_stderr) -> value. */
  models: Record<string, Record<string, Record<string, number>>>;
  /** Documents evaluated per task. */
  samples: Record<string, number>;
}

interface Problem {
  task: string;
  code: string;
  message: string;
  fix: string;
}

interface Answer {
  ok: boolean;
  problems?: Problem[];
  results?: Record<string, Record<string, number>>;
  samples?: Record<string, number>;
  version?: string;
}

/** Runs `python -m spt_torch_worker.lm_eval_run <args>`; resolves with its JSON answer (last stdout line). */
function harness(python: string, args: string[], signal?: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-m', 'spt_torch_worker.lm_eval_run', ...args], {
      env: { ...process.env, PYTHONPATH: [workerDir(), process.env.PYTHONPATH].filter(Boolean).join(path.delimiter), TOKENIZERS_PARALLELISM: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-20_000)));
    child.once('error', reject);
    child.once('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as Answer);
      } catch {
        reject(
          new SptError({
            code: 'lm-eval.failed',
            what: `lm-evaluation-harness stopped (exit code ${code}) without an answer`,
            got: err.trim().split('\n').slice(-8).join('\n') || '(no output)',
            fix: 'read the harness output above; `spt setup lm-eval` repairs a broken environment',
          }),
        );
      }
    });
  });
}

function problemError(problems: Problem[]): SptError {
  const [first] = problems;
  return new SptError({
    code: first.code,
    what: problems.length === 1 ? first.message : `${problems.length} lm-eval tasks cannot run here:\n  - ${problems.map((p) => p.message).join('\n  - ')}`,
    expected: 'lm-eval tasks that exist and read local data (this machine may be offline)',
    fix: first.fix,
  });
}

const pythonFor = (r: LmEvalRequest) => {
  try {
    return findPython(r.python);
  } catch (e) {
    throw new SptError({
      code: 'lm-eval.missing',
      what: 'no Python environment with lm-evaluation-harness was found',
      got: (e as Error).message.split('\n')[0],
      fix: 'run `spt setup lm-eval` (creates the torch backend environment if needed and installs lm-eval into it)',
    });
  }
};

/**
 * Checks the tasks before any model is exported: each must exist (in lm-eval or the include
 * folder) and read local data. Throws one SptError listing every problem, with the fix.
 */
export async function checkLmEvalTasks(r: LmEvalRequest, signal?: AbortSignal): Promise<void> {
  const args = ['check', '--tasks', r.tasks.join(','), ...(r.include ? ['--include', r.include] : [])];
  const answer = await harness(pythonFor(r), args, signal);
  if (!answer.ok) throw problemError(answer.problems ?? [{ task: '*', code: 'lm-eval.failed', message: 'the task check failed', fix: 'rerun with SPT_DEBUG=1' }]);
}

/**
 * Exports each model of the run to a Hugging Face folder (`<runDir>/eval/hf/<model>`) through the
 * recipe's own policy backend and runs the harness on it, one model at a time.
 */
export async function runLmEval(o: {
  request: LmEvalRequest;
  config: RunConfig;
  registry: PluginRegistry;
  models: Record<string, string>;
  runDir: string;
  log: (message: string) => void;
  signal?: AbortSignal;
}): Promise<LmEvalTable> {
  const python = pythonFor(o.request);
  const ctx = createPluginContext({ registry: o.registry, config: o.config, seed: o.config.train.seed, log: o.log, warn: (c, m) => o.log(`warning [${c}]: ${m}`) });
  const backend = await o.registry.create('policy', o.config.policy, ctx);
  const table: LmEvalTable = { tasks: o.request.tasks, models: {}, samples: {} };
  try {
    if (!backend.capabilities.exportFormats.includes('hf-safetensors')) {
      throw new SptError({
        code: 'lm-eval.export',
        what: `policy ${o.config.policy.plugin} cannot export a Hugging Face folder, which lm-eval reads`,
        expected: 'a backend whose exportFormats include hf-safetensors (tfjs.gpt, torch.llama, torch.hf)',
        got: backend.capabilities.exportFormats.join(', ') || 'none',
        fix: 'evaluate without --lm-eval, or export the checkpoints with a backend that writes Hugging Face folders',
      });
    }
    for (const [name, checkpoint] of Object.entries(o.models)) {
      const dir = path.join(o.runDir, 'eval', 'hf', name);
      mkdirSync(dir, { recursive: true });
      await backend.load(policyDir(checkpoint));
      await backend.export(dir, 'hf-safetensors');
      o.log(`lm-eval: ${name}: ${o.request.tasks.join(', ')}${o.request.limit ? ` (first ${o.request.limit} documents each)` : ''}`);
      const args = ['run', '--model', dir, '--tasks', o.request.tasks.join(','), '--batch-size', String(o.request.batchSize ?? 8)];
      if (o.request.include) args.push('--include', o.request.include);
      if (o.request.limit) args.push('--limit', String(o.request.limit));
      const answer = await harness(python, args, o.signal);
      if (!answer.ok) throw problemError(answer.problems ?? []);
      table.models[name] = answer.results ?? {};
      Object.assign(table.samples, answer.samples ?? {});
      if (answer.version) table.version = answer.version;
    }
  } finally {
    await backend.dispose();
  }
  return table;
}
