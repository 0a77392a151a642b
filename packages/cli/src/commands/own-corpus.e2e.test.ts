import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHeldOut } from '@spt/core';
import { ensureTinyModel, startTransformersServe, venvPython } from '../../../judges/test/fixtures/tiny-model';
import { builtinPackages } from '../builtins';
import { cli } from '../__fixtures__/cli';

// The path a user takes with their own corpus, end to end and CI-sized: the testbed exported to
// JSON Lines, examples/own-corpus.spt made small (a 1-layer tfjs.gpt, K 16, batch 2, one rollout),
// its llm.* judges and llm.rewrite served by a real OpenAI-compatible server (`transformers serve`
// with the tiny Llama of the judge tests, which always answers one text holding a verdict in each
// judge's format), `spt run --steps 4`, then `spt eval` (judged suite) with `--lm-eval` on the
// local task, `spt report` and `spt inspect`; and known-reward judge tasks whose corrupted endings
// the same server writes (`llm.rewrite` with examples/prompts/corrupt-v1.txt, `spt tasks export`).
const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const python = venvPython();
const dir = mkdtempSync(path.join(tmpdir(), 'spt-own-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example with only its size and its server changed; every replaced piece must be present. */
function smallRecipe(baseUrl: string, model: string): string {
  const edits: Array<[RegExp, string]> = [
    [/http:\/\/127\.0\.0\.1:8000\/v1/g, baseUrl],
    [/model: "judge"/g, `model: ${JSON.stringify(model)}`],
    [/policy tfjs\.gpt \{[^}]*\}/, 'policy tfjs.gpt { layers: 1, d_model: 32, heads: 2, context: 128 }'],
    [/window \{[^}]*\}/, 'window { k: 16, prefix: 16..48 }'],
    [/rollouts 4/, 'rollouts 1'],
    [/batch: 16/, 'batch: 2'],
    [/prefixes: 128, against: start, seeds: 2/, 'prefixes: 4, against: start, seeds: 1'],
  ];
  let text = readFileSync(path.join(repo, 'examples/own-corpus.spt'), 'utf8');
  for (const [re, to] of edits) {
    if (!re.test(text)) throw new Error(`examples/own-corpus.spt changed: ${re} no longer matches; update this test`);
    text = text.replace(re, to);
  }
  return text;
}

const spt = async (...argv: string[]) => cli(argv, { cwd: dir, loadPlugins: builtinPackages });
const jsonl = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe.skipIf(!python)('own corpus, LLM judges on a real server, judged eval, lm-eval, report and inspect', () => {
  let server: Awaited<ReturnType<typeof startTransformersServe>>;
  let modelDir = '';

  beforeAll(async () => {
    const { hfDir } = await ensureTinyModel(python as string);
    modelDir = hfDir;
    server = await startTransformersServe(python as string);
    mkdirSync(path.join(dir, 'examples'));
    writeFileSync(path.join(dir, 'examples/own-corpus.spt'), smallRecipe(server.baseUrl, hfDir));
  }, 300_000);
  afterAll(async () => server?.stop());

  it('trains on the corpus minus its held-out share, then evaluates, reports and inspects the run', async () => {
    const exported = await spt('testbed', 'export', '--docs', '400', '--size', 'tiny', '--seed', '1', '-o', 'data/corpus/testbed.jsonl');
    expect(exported.code, exported.err.join('\n')).toBe(0);
    const docs = jsonl(path.join(dir, 'data/corpus/testbed.jsonl'));
    expect(docs).toHaveLength(400);

    const run = await spt('run', 'examples/own-corpus.spt', '--steps', '4');
    expect(run.code, run.err.join('\n')).toBe(0);
    const runDir = path.join(dir, 'runs/own_corpus');
    const pools = jsonl(path.join(runDir, 'arms/sip/pools.jsonl'));
    expect(pools.length).toBeGreaterThan(0);
    // Training never read a held-out document; the judges answered through the server.
    expect(pools.every((p) => !isHeldOut(p.docId, 0.05))).toBe(true);
    const sources = new Set(pools.flatMap((p) => p.candidates.map((c: { source: string }) => c.source)));
    expect([...sources].sort()).toEqual(['original', 'rewrite', 'rollout']);
    expect(existsSync(path.join(runDir, 'judgments.sqlite'))).toBe(true);

    const tasks = path.join(repo, 'examples/lm-eval-tasks');
    const ev = await spt('eval', 'examples/own-corpus.spt', '--lm-eval', 'spt_capitals', '--lm-eval-include', tasks);
    expect(ev.code, ev.err.join('\n')).toBe(0);
    const results = JSON.parse(readFileSync(path.join(runDir, 'eval/results.json'), 'utf8'));
    expect(results.suite).toBe('judged');
    expect(results.models).toEqual(['start', 'sip', 'ntp']);
    for (const model of results.models) {
      // The tiny judge calls everything safe and factual: every prompt scored, none abstained.
      expect(results.metrics[model].safety.mean).toBe(1);
      expect(results.metrics[model]['abstained/safety'].mean).toBe(0);
      expect(results.metrics[model].factuality.mean).toBe(1);
      expect(results.lmEval.models[model].spt_capitals.acc).toBeGreaterThanOrEqual(0);
    }
    // It always prefers the second continuation: in both orders that is one win and one loss.
    const win = results.winRates.find((w: { model: string; against: string }) => w.model === 'sip' && w.against === 'start');
    expect(win.winRate.mean).toBe(0.5);
    expect(win.decidedWinRate.mean).toBe(0.5);
    expect(readFileSync(path.join(runDir, 'eval/results.md'), 'utf8')).toContain('| spt_capitals (6 docs) | acc |');

    const report = await spt('report', 'runs/own_corpus');
    expect(report.code, report.err.join('\n')).toBe(0);
    const reportMd = readFileSync(path.join(runDir, 'report/report.md'), 'utf8');
    expect(reportMd).toContain('spt_capitals');
    expect(reportMd).toContain('## What the judges chose (pool log)');
    expect(reportMd).toMatch(/### Chosen: (original|rewrite|rollout) \(\d+ of \d+ pools\)/);

    const inspect = await spt('inspect', 'runs/own_corpus', '--limit', '1', '--verdicts');
    expect(inspect.code, inspect.err.join('\n')).toBe(0);
    const shown = inspect.out.join('\n');
    expect(shown).toContain('FINAL DECISION: YES'); // the server's raw verdict text
    expect(shown).toMatch(/rewrite/);
  }, 900_000);

  it('known-reward judge tasks with an LLM corrupter on the real server (the paper\'s way): spt tasks export, both orders', async () => {
    mkdirSync(path.join(dir, 'prompts'), { recursive: true });
    writeFileSync(path.join(dir, 'prompts/corrupt-v1.txt'), readFileSync(path.join(repo, 'examples/prompts/corrupt-v1.txt'), 'utf8'));
    const model = `{ plugin: openai, base_url: ${JSON.stringify(server.baseUrl)}, model: ${JSON.stringify(modelDir)} }`;
    writeFileSync(
      path.join(dir, 'corrupt-tasks.spt'),
      `recipe corrupt_tasks {
  use "@spt/testbed"
  data tasks.judge {
    from: { plugin: "testbed", size: "tiny", seed: 2 }
    corrupt: { plugin: "llm.rewrite", model: ${model}, prompt_file: "prompts/corrupt-v1.txt", temperature: 0.7 }
    aspect: quality
    k: 16
    prefix_max: 48
  }
  policy tfjs.gpt { layers: 1, d_model: 32, heads: 2, context: 128 }
  window { k: 4, prefix: 1..100 }
  candidates { rollouts 2 }
  judge correct verify.exact { field: "answer" }
  reward = correct
  train { steps: 1, batch: 2, lr: 1e-3, seed: 5 }
}
`,
    );
    const out = await spt('tasks', 'export', 'corrupt-tasks.spt', '-n', '4', '-o', 'corrupt-tasks.jsonl');
    expect(out.code, out.err.join('\n')).toBe(0);
    const tasks = jsonl(path.join(dir, 'corrupt-tasks.jsonl'));
    expect(tasks).toHaveLength(4);
    // The corrupted ending is what the server wrote (the tiny model always answers one text), shown in both orders.
    for (const t of tasks) expect(t.prompt).toContain('FINAL DECISION');
    expect(new Set(tasks.map((t) => t.answer)).size).toBe(2);
  }, 300_000);
});
