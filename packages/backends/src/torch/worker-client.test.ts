import { afterEach, describe, expect, it } from 'vitest';
import { SptError } from '@spt/core';
import { TORCH_PROTOCOL_VERSION } from './protocol';
import { skipPython, startWorker } from './test-worker.test-util';
import type { TorchWorkerClient } from './worker-client';
import { TorchWorkerError } from './worker-errors';

const tiny = { fresh: { arch: 'llama', layers: 1, d_model: 16, heads: 2, context: 32 }, tokenizer: 'bytes', seed: 1 };
const init = (c: TorchWorkerClient) => c.call('init', { protocol: TORCH_PROTOCOL_VERSION, options: tiny });
const ntp = { kind: 'ntp', sequences: [[1, 2, 3, 4]] };

describe.skipIf(skipPython)('TorchWorkerClient with the real Python worker', { timeout: 300_000 }, () => {
  let client: TorchWorkerClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  it('handshakes, initialises, answers requests and shuts down cleanly', async () => {
    client = await startWorker();
    expect(client.hello).toMatchObject({ type: 'hello', protocol: TORCH_PROTOCOL_VERSION, worldSize: 1, cuda: false });
    expect(client.hello.ops).toContain('update');
    const { result } = await init(client);
    expect(result).toMatchObject({ maxContext: 32, vocabSize: 257, eos: 256, worldSize: 1, device: 'cpu' });
    const gen = await client.call<{ tokens: number[][] }>('generate', { prompts: [[65, 66]], maxNewTokens: 5, temperature: 1, topP: 1, seeds: [3] });
    expect(gen.result.tokens[0]).toHaveLength(5);
    expect(gen.timing.roundTripMs).toBeGreaterThanOrEqual(gen.timing.workerMs);
    await client.close();
    expect(client.alive).toBe(false);
    client = undefined;
  });

  it('maps a Python exception to a typed error with the traceback; the worker lives on until it crashes', async () => {
    client = await startWorker({ SPT_TORCH_FAULT: 'raise:logprobs,crash:update' });
    await init(client);
    const err = await client.call('logprobs', { prompts: [[1]], continuations: [[2]] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TorchWorkerError);
    expect((err as TorchWorkerError).code).toBe('backend.worker_error');
    expect((err as TorchWorkerError).traceback).toMatch(/Traceback \(most recent call last\)[\s\S]*faults\.py[\s\S]*RuntimeError: injected failure in logprobs/);
    expect((err as Error).message).toContain('torch worker, logprobs: RuntimeError: injected failure in logprobs');
    const ok = await client.call<{ tokens: number[][] }>('generate', { prompts: [[1]], maxNewTokens: 2, temperature: 1, topP: 1, seeds: [1] });
    expect(ok.result.tokens[0]).toHaveLength(2);

    const crash = await client.call('update', { batch: ntp, lr: 0.001, step: 0 }).catch((e: unknown) => e);
    expect(SptError.is(crash, 'backend.worker_crashed')).toBe(true);
    expect((crash as SptError).what).toBe('the torch worker exited with code 17 during update');
    expect((crash as SptError).fix).toContain('--resume');
    const later = await client.call('generate', {}).catch((e: unknown) => e);
    expect(SptError.is(later, 'backend.worker_crashed')).toBe(true);
    expect(client.alive).toBe(false);
  });

  it.each([
    ['99', /^upgrade @spt\/backends/],
    ['0', /^upgrade the Python worker/],
  ])('refuses a worker announcing protocol %s and says which side to upgrade', async (version, fix) => {
    const err = await startWorker({ SPT_TORCH_FAULT_PROTOCOL: version }).catch((e: unknown) => e);
    expect(SptError.is(err, 'backend.protocol_mismatch')).toBe(true);
    expect((err as SptError).fix).toMatch(fix);
  });

  it('reports a worker that dies at start-up with its traceback', async () => {
    const err = await startWorker({ PYTHONPATH: '/nonexistent', SPT_TORCH_WORKER_DIR: '/nonexistent' }).catch((e: unknown) => e);
    expect(SptError.is(err, 'backend.worker_crashed')).toBe(true);
    expect((err as SptError).message).toContain('during startup');
    expect((err as SptError).message).toContain("No module named spt_torch_worker");
  });
});
