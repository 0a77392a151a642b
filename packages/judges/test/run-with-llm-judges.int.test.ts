/**
 * spt runs (core scheduler, bigram policy from @spt/core/testing) judged by the LLM judges of this
 * package over a local OpenAI-compatible server: the persistent cache makes a repeated run free,
 * and a spent budget stops a run with a checkpoint that resumes once the budget is raised.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRun, type RunConfig, type RunEvent } from '@spt/core';
import { mockRunConfig, testingPlugins } from '@spt/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import judgesPackage from '../src/index';
import { startFaultServer, type FaultServer, type RecordedRequest } from '../../llm/test/helpers/fault-server';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A judge server with stable, input-dependent verdicts (the hash picks the option). */
function verdicts(r: RecordedRequest) {
  const text = JSON.stringify(r.body.messages);
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return text.includes('Conclusion') ? `Conclusion: Option ${(h & 1) + 1}` : `FINAL DECISION: ${h & 2 ? 'YES' : 'NO'}`;
}

function config(url: string, cache: string, budget?: { max_tokens: number }): RunConfig {
  const model = { plugin: 'openai', base_url: url, model: 'judge', concurrency: 8, ...(budget ? { budget } : {}) };
  return mockRunConfig({
    judges: [
      { aspect: 'quality', judge: { plugin: 'llm.quality', options: { model } }, mode: 'pairwise', samples: 1, reference: false, pairing: 'all', order: 'both' },
      { aspect: 'safety', judge: { plugin: 'llm.safety', options: { model } }, mode: 'pointwise', samples: 1, reference: false, pairing: 'all', order: 'both' },
    ],
    reward: { kind: 'binary', op: '+', left: { kind: 'aspect', name: 'quality' }, right: { kind: 'aspect', name: 'safety' } },
    judging: { cache },
  });
}

async function run(c: RunConfig, runDir: string, env: Record<string, string> = {}) {
  const handle = createRun(c, { plugins: [testingPlugins, judgesPackage], runDir, env: { ...process.env, ...env } });
  const events: RunEvent[] = [];
  for await (const e of handle.events()) events.push(e);
  return { ...(await handle.result()), events };
}

async function setUp(): Promise<{ s: FaultServer; dir: string }> {
  const s = await startFaultServer((r) => ({ kind: 'ok', text: verdicts(r), usage: { prompt: 300, completion: 10 } }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spt-llm-run-'));
  cleanups.push(async () => {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { s, dir };
}

describe('runs judged by LLM judges', () => {
  it('a repeated run with the same seed is served from the SQLite cache: zero HTTP calls', async () => {
    const { s, dir } = await setUp();
    const cache = path.join(dir, 'judgments.sqlite');
    const first = await run(config(s.url, cache), path.join(dir, 'a'));
    expect(first.status).toBe('completed');
    const calls = s.requests.length;
    expect(calls).toBeGreaterThan(100);
    const second = await run(config(s.url, cache), path.join(dir, 'b'));
    expect(second.status).toBe('completed');
    expect(s.requests.length).toBe(calls);
    const metrics = fs.readFileSync(path.join(dir, 'a', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { values: Record<string, number> });
    expect(metrics.at(-1)?.values['llm/total/calls']).toBe(calls);
    expect(metrics.at(-1)?.values['llm/aspect/quality/prompt_tokens']).toBeGreaterThan(0);
  });

  it('a spent budget stops with a checkpoint; raising it in the environment resumes to the end', async () => {
    const { s, dir } = await setUp();
    const runDir = path.join(dir, 'run');
    const stopped = await run(config(s.url, 'none', { max_tokens: 40_000 }), runDir);
    expect(stopped.status).toBe('aborted');
    expect(stopped.events.some((e) => e.type === 'warning' && e.code === 'budget.exhausted')).toBe(true);
    const checkpoints = stopped.events.filter((e) => e.type === 'checkpoint');
    expect(checkpoints.length).toBeGreaterThan(0);
    const sent = s.requests.length;
    expect(sent * 310).toBeGreaterThanOrEqual(40_000);
    const resumed = await run(config(s.url, 'none', { max_tokens: 40_000 }), runDir, { SPT_LLM_MAX_TOKENS: '10000000' });
    expect(resumed.status).toBe('completed');
    expect(resumed.events.find((e) => e.type === 'run-start')).toMatchObject({ resumedFrom: expect.any(Number) });
    expect(s.requests.length).toBeGreaterThan(sent);
  });
});
