import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import backends from '@spt/backends';
import testbed from '@spt/testbed';
import { afterAll, describe, expect, it } from 'vitest';
import { requirePython, skipPython } from '../../../backends/src/torch/test-worker.test-util';
import { cli } from '../__fixtures__/cli';
import { checkLmEvalTasks } from '../eval/lm-eval';

// `spt eval --lm-eval`: a trained tfjs.gpt policy exported to Hugging Face format and scored by the
// real lm-evaluation-harness (from the test Python environment) on a task whose data ship with the tests.
const tasks = fileURLToPath(new URL('../../../../examples/lm-eval-tasks', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'spt-lm-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  path.join(dir, 'tiny.spt'),
  `recipe tiny {
  data testbed { size: tiny, seed: 1 }
  policy tfjs.gpt { layers: 1, d_model: 32, heads: 2, context: 128 }
  window { k: 16, prefix: 16..48 }
  objective ntp
  train { steps: 2, batch: 2, lr: 1e-3, seed: 1 }
  eval { prefixes: 4 }
}
`,
);
const spt = (...argv: string[]) => cli(argv, { cwd: dir, loadPlugins: async () => [testbed, backends] });

describe.skipIf(skipPython)('spt eval --lm-eval (lm-evaluation-harness on a local task)', () => {
  it('reports unknown tasks and tasks that would download before any model is loaded, with the fix', async () => {
    requirePython();
    const unknown = await checkLmEvalTasks({ tasks: ['spt_capitalz'], include: tasks }).then(() => undefined, (e: Error) => e);
    expect(unknown?.message).toContain("no task 'spt_capitalz'");
    expect(unknown?.message).toContain('spt_capitals');
    const hub = await checkLmEvalTasks({ tasks: ['hellaswag'] }).then(() => undefined, (e: Error) => e);
    expect((hub as { code?: string } | undefined)?.code).toBe('lm-eval.download');
    expect(hub?.message).toContain('Rowan/hellaswag');
    expect(hub?.message).toContain('--lm-eval-include');
    await expect(checkLmEvalTasks({ tasks: ['spt_capitals'], include: tasks })).resolves.toBeUndefined();
  }, 120_000);

  it('exports the model, runs the task and puts the table beside the SIP metrics', async () => {
    const run = await spt('run', 'tiny.spt', '--run-dir', 'runs/tiny');
    expect(run.code, run.err.join('\n')).toBe(0);
    const bad = await spt('eval', 'tiny.spt', '--run-dir', 'runs/tiny', '--lm-eval', 'hellaswag');
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toContain("reads the dataset 'Rowan/hellaswag' from the Hugging Face hub");
    expect(existsSync(path.join(dir, 'runs/tiny/eval/hf'))).toBe(false); // stopped before any export
    const r = await spt('eval', 'tiny.spt', '--run-dir', 'runs/tiny', '--lm-eval', 'spt_capitals', '--lm-eval-include', tasks);
    expect(r.code, r.err.join('\n')).toBe(0);
    const results = JSON.parse(readFileSync(path.join(dir, 'runs/tiny/eval/results.json'), 'utf8'));
    expect(results.lmEval.tasks).toEqual(['spt_capitals']);
    expect(results.lmEval.samples.spt_capitals).toBe(6);
    const acc = results.lmEval.models.final.spt_capitals.acc;
    // Accuracy over 6 documents is a whole number of sixths.
    expect(Math.abs(acc * 6 - Math.round(acc * 6))).toBeLessThan(1e-9);
    expect(results.lmEval.models.final.spt_capitals.acc_stderr).toBeGreaterThanOrEqual(0);
    expect(existsSync(path.join(dir, 'runs/tiny/eval/hf/final/model.safetensors'))).toBe(true);
    expect(results.metrics.final).toBeDefined(); // the SIP suite ran too
    const md = readFileSync(path.join(dir, 'runs/tiny/eval/results.md'), 'utf8');
    expect(md).toMatch(/\| spt_capitals \(6 docs\) \| acc \| \d\.\d{3} ± \d\.\d{3} \|/);
  }, 600_000);
});
