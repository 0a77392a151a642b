import { describe, expect, it } from 'vitest';
import { launchCommand } from './launch';

const base = { python: '/venv/bin/python', workerDir: '/pkg/python', socketPath: '/tmp/x/worker.sock', env: { PYTHONPATH: '/extra' } };
const opts = { device: 'auto' as const, nproc_per_node: 1, nnodes: 1, master_port: 29500 };

describe('launchCommand', () => {
  it('runs the worker module directly for one rank, with the worker folder first on PYTHONPATH', () => {
    const cmd = launchCommand({ ...base, options: opts });
    expect(cmd.command).toBe('/venv/bin/python');
    expect(cmd.args).toEqual(['-m', 'spt_torch_worker', '--socket', '/tmp/x/worker.sock', '--device', 'auto']);
    expect(cmd.env.PYTHONPATH).toBe('/pkg/python:/extra');
  });

  it('uses torchrun standalone on one machine', () => {
    const cmd = launchCommand({ ...base, options: { ...opts, nproc_per_node: 8, threads: 4 } });
    expect(cmd.args.join(' ')).toBe(
      '-m torch.distributed.run --standalone --nproc_per_node 8 -m spt_torch_worker --socket /tmp/x/worker.sock --device auto --threads 4',
    );
  });

  it('makes this machine node 0 of a static rendezvous across machines', () => {
    const cmd = launchCommand({ ...base, options: { ...opts, nproc_per_node: 8, nnodes: 4, master_addr: '10.0.0.1', master_port: 29400 } });
    expect(cmd.args.slice(0, 13)).toEqual([
      '-m', 'torch.distributed.run', '--nnodes', '4', '--node_rank', '0', '--master_addr', '10.0.0.1', '--master_port', '29400', '--nproc_per_node', '8', '-m',
    ]);
  });
});
