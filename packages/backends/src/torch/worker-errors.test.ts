import { SptError } from '@spt/core';
import { describe, expect, it } from 'vitest';
import { crashError, errorFromPayload, lastTraceback, protocolMismatch, TorchWorkerError } from './worker-errors';

const hello = { type: 'hello' as const, worker: '0.0.9', python: '3.11', torch: '2.13', transformers: '5.18', cuda: false, worldSize: 1, ops: [], strategies: [], exportFormats: [] };
const tb = 'Traceback (most recent call last):\n  File "engine.py", line 3, in update\nRuntimeError: boom';

describe('worker errors', () => {
  it('maps a worker error reply to a typed SptError with the traceback', () => {
    const err = errorFromPayload({ code: 'backend.worker_error', what: 'RuntimeError: boom', type: 'RuntimeError', traceback: tb, rank: 1 }, 'update');
    expect(err).toBeInstanceOf(SptError);
    expect(err).toBeInstanceOf(TorchWorkerError);
    expect(err.code).toBe('backend.worker_error');
    expect(err.rank).toBe(1);
    expect(err.traceback).toBe(tb);
    expect(err.message).toBe(
      'torch worker, update (rank 1): RuntimeError: boom\n  fix: see the Python traceback below; it names the failing line\n  python traceback:\n' +
        '    Traceback (most recent call last):\n      File "engine.py", line 3, in update\n    RuntimeError: boom',
    );
  });

  it('keeps what / expected / got / fix of a user-facing worker error', () => {
    const err = errorFromPayload({ code: 'backend.request', what: 'generate.prompts[0] needs 70 positions', expected: 'at most 64', got: '70', fix: 'lower k', type: 'WorkerError', traceback: tb, rank: 0 }, 'generate');
    expect(err.message).toBe('torch worker, generate: generate.prompts[0] needs 70 positions\n  expected: at most 64\n  got: 70\n  fix: lower k');
  });

  it('reports a crash with the last Python traceback and says the checkpoint is intact', () => {
    const err = crashError({ code: 1, signal: null }, 'update', `noise\n${tb}\n`);
    expect(err.code).toBe('backend.worker_crashed');
    expect(err.what).toBe('the torch worker exited with code 1 during update');
    expect(err.got).toContain('RuntimeError: boom');
    expect(err.fix).toMatch(/last checkpoint is intact.*--resume/);
    expect(crashError({ code: null, signal: 'SIGKILL' }, undefined, '').what).toBe('the torch worker was killed by SIGKILL');
    expect(lastTraceback('no traceback here')).toBeUndefined();
  });

  it('says which side to upgrade on a protocol mismatch', () => {
    const older = protocolMismatch({ ...hello, protocol: 0 }, '/pkg/python');
    expect(older.code).toBe('backend.protocol_mismatch');
    expect(older.fix).toMatch(/^upgrade the Python worker \(spt_torch_worker 0\.0\.9\): use the copy shipped with this client in \/pkg\/python/);
    const newer = protocolMismatch({ ...hello, protocol: 99 }, '/pkg/python');
    expect(newer.fix).toMatch(/^upgrade @spt\/backends \(the TS client\)/);
    expect(newer.what).toBe('the torch worker speaks protocol 99, this @spt/backends speaks 1');
  });
});
