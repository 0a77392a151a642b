import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SptError } from '../errors';
import { BACKEND_SPEC_VERSION, positionsNeeded, type PolicyBackend, type UpdateBatch, type UpdateOptions } from '../spec/policy-backend';
import { createByteTokenizer } from './byte-tokenizer';
import { createBigramModel, sampleSequence, tokenLogprobs, type BigramModel } from './bigram-model';
import { bigramLossAndGrad } from './bigram-updates';

export interface BigramBackendOptions {
  /** Seed of the initial weights. */
  seed?: number;
  /** Longest prefix + continuation accepted (tokens). */
  maxContext?: number;
  /** Sleep this long in every update (to give a kill test a moment to land). */
  delayMs?: number;
}

/** One call the backend received, for assertions. */
export interface BackendCall {
  method: 'generate' | 'logprobs' | 'update' | 'syncReference' | 'save' | 'load' | 'export';
  detail: Record<string, unknown>;
}

export interface BigramBackend extends PolicyBackend {
  /** The policy weights (V x V logits); a copy. */
  parameters(): Float64Array;
  readonly calls: BackendCall[];
}

/**
 * A PolicyBackend that really implements the contract with a tiny deterministic pure-JS model:
 * a byte-level bigram with softmax logits, trained by exact-gradient SGD on NTP, NLL and DPO
 * (with a reference copy), so core tests are fast and updates really change what it samples.
 */
export function createBigramBackend(options: BigramBackendOptions = {}): BigramBackend {
  const tokenizer = createByteTokenizer();
  const V = tokenizer.vocabSize;
  const eos = tokenizer.eos as number;
  let policy: BigramModel = createBigramModel(V, eos, options.seed ?? 0);
  let reference: BigramModel = { ...policy, w: policy.w.slice() };
  const calls: BackendCall[] = [];
  const maxContext = options.maxContext ?? 1024;

  // The contract's length rule: n tokens need n - 1 positions.
  const check = (prompt: number[], extra: number) => {
    const tokens = prompt.length + extra;
    if (positionsNeeded(tokens) > maxContext) {
      throw new SptError({
        code: 'backend.context',
        what: `mock.bigram: a sequence of ${tokens} tokens needs ${positionsNeeded(tokens)} positions, more than the context`,
        expected: `at most ${maxContext} positions (${maxContext + 1} tokens)`,
        got: String(positionsNeeded(tokens)),
        fix: 'lower window.prefix_max or k, or raise max_context',
      });
    }
  };

  const checkIds = (rows: ReadonlyArray<readonly number[]>, what: string) => {
    for (const row of rows) {
      const bad = row.find((t) => !Number.isInteger(t) || t < 0 || t >= V);
      if (bad !== undefined) {
        throw new SptError({ code: 'backend.request', what: `mock.bigram: ${what} holds token id ${bad}, outside the vocabulary`, expected: `ids in [0, ${V})`, got: String(bad), fix: "encode text with this backend's tokenizer" });
      }
    }
  };
  /** Every sequence of a batch: the ids it holds and the tokens it spans. */
  const sequencesOf = (batch: UpdateBatch): number[][] =>
    batch.kind === 'ntp'
      ? batch.sequences
      : batch.kind === 'nll'
        ? batch.examples.map((e) => [...e.prompt, ...e.target])
        : batch.kind === 'grpo'
          ? batch.samples.map((x) => [...x.prompt, ...x.completion])
          : batch.pairs.flatMap((p) => [[...p.prompt, ...p.chosen], [...p.prompt, ...p.rejected]]);

  return {
    specVersion: BACKEND_SPEC_VERSION,
    name: 'mock.bigram',
    tokenizer,
    calls,
    capabilities: {
      updates: ['ntp', 'nll', 'dpo', 'grpo'],
      maxContext,
      device: 'cpu (pure JS)',
      exportFormats: ['json'],
      deterministic: true,
      worldSize: 1,
      dpoAnchor: true,
    },
    parameters: () => policy.w.slice(),
    async generate(req) {
      calls.push({ method: 'generate', detail: { prompts: req.prompts.length, maxNewTokens: req.maxNewTokens, seeds: [...req.seeds] } });
      checkIds(req.prompts, 'a prompt');
      const tokens = req.prompts.map((p, i) => {
        check(p, req.maxNewTokens);
        return sampleSequence(policy, p, req.maxNewTokens, {
          temperature: req.temperature,
          topP: req.topP,
          seed: req.seeds[i],
          eos: req.stopAtEos ? eos : undefined,
        });
      });
      return { tokens };
    },
    async logprobs(req) {
      calls.push({ method: 'logprobs', detail: { prompts: req.prompts.length } });
      checkIds([...req.prompts, ...req.continuations], 'a logprobs request');
      req.prompts.forEach((p, i) => check(p, req.continuations[i].length));
      const model = req.model === 'reference' ? reference : policy;
      return req.prompts.map((p, i) => tokenLogprobs(model, p, req.continuations[i]));
    },
    async update(batch: UpdateBatch, opts: UpdateOptions) {
      calls.push({ method: 'update', detail: { kind: batch.kind, lr: opts.lr, step: opts.step } });
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      const seqs = sequencesOf(batch);
      checkIds(seqs, `an ${batch.kind} batch`);
      for (const s of seqs) check(s, 0);
      if (batch.kind === 'ntp' && seqs.some((s) => s.length < 2)) {
        throw new SptError({ code: 'backend.request', what: 'mock.bigram: an ntp sequence has fewer than 2 tokens (its first token is only context)', expected: '2+ tokens per sequence', got: 'a 1-token sequence', fix: 'drop sequences shorter than 2 tokens' });
      }
      const { loss, tokens, grad, metrics } = bigramLossAndGrad(policy, reference, batch);
      let norm = 0;
      for (let i = 0; i < grad.length; i++) norm += grad[i] * grad[i];
      for (let i = 0; i < grad.length; i++) policy.w[i] -= opts.lr * grad[i];
      return { loss, tokens, gradNorm: Math.sqrt(norm), metrics };
    },
    async syncReference() {
      calls.push({ method: 'syncReference', detail: {} });
      reference = { ...policy, w: policy.w.slice() };
    },
    async save(dir) {
      calls.push({ method: 'save', detail: { dir } });
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'policy.f64'), Buffer.from(policy.w.buffer.slice(0)));
      await writeFile(path.join(dir, 'reference.f64'), Buffer.from(reference.w.buffer.slice(0)));
      await writeFile(path.join(dir, 'meta.json'), JSON.stringify({ format: 'mock.bigram/1', vocab: V }));
    },
    async load(dir) {
      calls.push({ method: 'load', detail: { dir } });
      const read = async (f: string) => new Float64Array(new Uint8Array(await readFile(path.join(dir, f))).buffer);
      policy = { ...policy, w: await read('policy.f64') };
      reference = { ...reference, w: await read('reference.f64') };
    },
    async export(dir, format) {
      calls.push({ method: 'export', detail: { dir, format } });
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'bigram.json'), JSON.stringify({ vocab: V, w: [...policy.w] }));
    },
    async dispose() {},
  };
}
