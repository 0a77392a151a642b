import type { TorchWorkerOptions } from './options';

/** A process to spawn. */
export interface LaunchCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * How to start the worker: `python -m spt_torch_worker` for one rank, or the same module under
 * torchrun (`python -m torch.distributed.run`) for several. One machine uses torchrun's standalone
 * rendezvous; several use a static rendezvous with this machine as node 0 (so global rank 0, the
 * one that talks to this process, runs here). The other machines start their ranks themselves.
 */
export function launchCommand(o: {
  python: string;
  workerDir: string;
  socketPath: string;
  options: Pick<TorchWorkerOptions, 'device' | 'nproc_per_node' | 'nnodes' | 'master_addr' | 'master_port' | 'threads'>;
  env?: NodeJS.ProcessEnv;
}): LaunchCommand {
  const { options: w } = o;
  const workerArgs = ['-m', 'spt_torch_worker', '--socket', o.socketPath, '--device', w.device];
  if (w.threads) workerArgs.push('--threads', String(w.threads));
  const base = o.env ?? process.env;
  const env: Record<string, string> = {
    PYTHONPATH: [o.workerDir, base.PYTHONPATH].filter(Boolean).join(':'),
    PYTHONUNBUFFERED: '1',
    TOKENIZERS_PARALLELISM: 'false',
    HF_HUB_OFFLINE: base.HF_HUB_OFFLINE ?? '1',
  };
  if (w.nproc_per_node === 1 && w.nnodes === 1) return { command: o.python, args: workerArgs, env };
  const rendezvous =
    w.nnodes === 1
      ? ['--standalone']
      : ['--nnodes', String(w.nnodes), '--node_rank', '0', '--master_addr', w.master_addr ?? 'localhost', '--master_port', String(w.master_port)];
  return {
    command: o.python,
    args: ['-m', 'torch.distributed.run', ...rendezvous, '--nproc_per_node', String(w.nproc_per_node), ...workerArgs],
    env,
  };
}
