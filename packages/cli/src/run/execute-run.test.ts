import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SptError } from '@spt/core';
import type { CliContext } from '../command';
import { createCliContext, type CliDeps } from '../context';
import { EXIT } from '../exit-codes';
import { fakeCreateRun, type FakeRunScript } from '../__fixtures__/fake-run';
import { runConfig } from '../__fixtures__/run-config';
import { executeRun } from './execute-run';

interface Harness {
  ctx: CliContext;
  out: string[];
  err: string[];
  interrupt: () => void;
  exits: number[];
}

function harness(script: FakeRunScript, json = false): Harness & { calls: ReturnType<typeof fakeCreateRun>['calls'] } {
  const out: string[] = [];
  const err: string[] = [];
  const exits: number[] = [];
  let handler: ((s: string) => void) | undefined;
  const { createRun, calls } = fakeCreateRun(script);
  const deps: CliDeps = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    isTTY: false,
    cwd: '/',
    loadPlugins: async () => [],
    createRun,
    onInterrupt: (h) => {
      handler = h;
      return () => (handler = undefined);
    },
    exitNow: (c) => void exits.push(c),
  };
  const ctx = createCliContext(deps, { json, exitCode: 0 });
  return { ctx, out, err, exits, calls, interrupt: () => handler?.('SIGINT') };
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('executeRun', () => {
  it('follows a run to completion with plain progress lines and exits 0', async () => {
    const h = harness({ steps: 3 });
    const code = await executeRun(h.ctx, { config: runConfig(), plugins: [], runDir: '/runs/x' });
    expect(code).toBe(EXIT.ok);
    expect(h.out).toEqual([
      'run fixture: 3 steps',
      'step 1 [1/3 33%] main | ETA ? | - tok/s | - judge/s',
      'step 2 [2/3 66%] main | ETA 1s | 100 tok/s | - judge/s',
      'step 3 [3/3 100%] main | ETA 0s | 100 tok/s | - judge/s',
      'run completed at step 3; run folder: /runs/x',
      'run completed after 3 steps; run folder: /runs/x',
      'checkpoints:\n  end: /runs/x/ckpt-3',
    ]);
    expect(h.calls[0].options).toMatchObject({ runDir: '/runs/x', resume: 'auto' });
  });

  it('a run with arms names the start checkpoint (where they branch) and each arm; a run without arms calls its only one end', async () => {
    const h = harness({ steps: 1, arms: ['sip', 'ntp'] });
    await executeRun(h.ctx, { config: runConfig(), plugins: [], runDir: '/r' });
    expect(h.out.at(-1)).toBe('checkpoints:\n  start: /r/ckpt-1\n  sip: /r/arms/sip/ckpt-1\n  ntp: /r/arms/ntp/ckpt-1');
  });

  it('prints one JSON object per event and a final result with --json', async () => {
    const h = harness({ steps: 2 }, true);
    expect(await executeRun(h.ctx, { config: runConfig(), plugins: [], runDir: '/r', resume: true })).toBe(EXIT.ok);
    const lines = h.out.map((l) => JSON.parse(l) as { type: string });
    expect(lines.map((l) => l.type)).toEqual(['run-start', 'step', 'step', 'run-end', 'result']);
    expect(lines[4]).toEqual({ type: 'result', status: 'completed', steps: 2, runDir: '/r', checkpoints: { start: '/r/ckpt-2' } });
    expect(h.calls[0].options.resume).toBe('require');
  });

  it('--no-eval (evaluate: false) turns off the evaluation points during training; the default leaves them on', async () => {
    const h = harness({ steps: 1 });
    await executeRun(h.ctx, { config: runConfig(), plugins: [], runDir: '/r', evaluate: false });
    await executeRun(h.ctx, { config: runConfig(), plugins: [], runDir: '/r' });
    expect(h.calls.map((c) => c.options.evaluate)).toEqual([false, undefined]);
  });

  it('exits 1 and prints the error when the run fails', async () => {
    const h = harness({ steps: 5, failAt: { step: 3, error: new Error('policy backend crashed') } });
    expect(await executeRun(h.ctx, { config: runConfig(), plugins: [], runDir: '/r' })).toBe(EXIT.failed);
    expect(h.err).toEqual(['error: policy backend crashed']);
  });

  it('exits 2 when the run failed on input the user must fix (an SptError)', async () => {
    const error = new SptError({ code: 'checkpoint.missing', what: 'no checkpoint to resume in /r', fix: 'drop --resume' });
    const h = harness({ steps: 5, failAt: { step: 1, error } });
    expect(await executeRun(h.ctx, { config: runConfig(), plugins: [], runDir: '/r', resume: true })).toBe(EXIT.badInput);
    expect(h.err).toEqual(['error: no checkpoint to resume in /r\n  fix: drop --resume']);
  });

  it('on Ctrl-C aborts through the signal, ends with a checkpoint and exits 130; a second Ctrl-C quits at once', async () => {
    let h!: ReturnType<typeof harness>;
    h = harness({ steps: 10, afterStep: (s) => s === 4 && (h.interrupt(), h.interrupt()) });
    const code = await executeRun(h.ctx, { config: runConfig(), plugins: [], runDir: '/r' });
    expect(code).toBe(EXIT.aborted);
    expect(h.calls[0].options.signal?.aborted).toBe(true);
    expect(h.err[0]).toBe('interrupted: finishing the current step and writing a checkpoint (Ctrl-C again to quit now)');
    expect(h.exits).toEqual([EXIT.aborted]);
    expect(h.out).toContain('checkpoint at step 4: /r/ckpt-4');
    expect(h.out.at(-1)).toBe('resume: run the same command again (it continues from the last checkpoint)');
  });

  it('--fresh moves an existing run folder aside and never resumes', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'spt-fresh-'));
    dirs.push(root);
    const runDir = path.join(root, 'quickstart');
    mkdirSync(runDir);
    writeFileSync(path.join(runDir, 'metrics.jsonl'), '{}\n');
    const h = harness({ steps: 1 });
    await executeRun(h.ctx, { config: runConfig(), plugins: [], runDir, fresh: true });
    expect(existsSync(runDir)).toBe(false);
    const moved = readdirSync(root).filter((d) => d.startsWith('quickstart.prev-'));
    expect(moved).toHaveLength(1);
    expect(h.err[0]).toBe(`--fresh: moved the previous run folder to ${path.join(root, moved[0])}`);
    expect(h.calls[0].options.resume).toBe('never');
  });
});
