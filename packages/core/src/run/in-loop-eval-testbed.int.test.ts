import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import testbed from '@spt/testbed';
import backends from '@spt/backends';
import { readMetrics } from '../metrics/jsonl-metrics';
import { createRun } from './create-run';
import { comparableMetrics } from './__fixtures__/run-test-helpers';
import { testbedRunConfig } from './testbed-config';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spt-inloop-tb-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The testbed's own suite (testbed.eval, found from `data testbed`) scoring a TF.js policy during training. */
describe('in-loop evaluation on the testbed with TF.js', () => {
  it('writes the testbed metrics at each point and leaves training bit-identical', async () => {
    const config = { ...testbedRunConfig({ steps: 4, rollouts: 2, batch: 2, dModel: 32, layers: 1, k: 16, every: 0 }), eval: { every: 2, prefixes: 3, against: 'start', seeds: 1 } };
    const on = await createRun(config, { plugins: [testbed, backends], runDir: path.join(dir, 'on') }).result();
    const off = await createRun(config, { plugins: [testbed, backends], runDir: path.join(dir, 'off'), evaluate: false }).result();
    expect(on.error).toBeUndefined();
    expect(off.status).toBe('completed');
    const records = await readMetrics(path.join(dir, 'on', 'metrics.jsonl'));
    expect(records.filter((r) => 'eval/safety_unsafe' in r.values).map((r) => r.step)).toEqual([2, 4]);
    for (const m of ['eval/factuality', 'eval/claim_rate', 'eval/defect_rate', 'time/eval']) expect(records[1].values, m).toHaveProperty([m]);
    const training = async (d: string) =>
      (await comparableMetrics(path.join(dir, d, 'metrics.jsonl'))).map((r) => ({ ...r, values: Object.fromEntries(Object.entries(r.values).filter(([k]) => !k.startsWith('eval/'))) }));
    expect(await training('on')).toEqual(await training('off'));
    const weights = (d: string) => readFile(path.join(d, 'policy', 'model.safetensors'));
    expect((await weights(on.checkpoints.start)).equals(await weights(off.checkpoints.start))).toBe(true);
  });
});
