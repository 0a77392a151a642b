import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { grpoLoss } from '../objectives/grpo-math';
import { SptError } from '../errors';
import { BACKEND_SPEC_VERSION, positionsNeeded, type PolicyBackend } from '../spec/policy-backend';
import type { ConformanceTestApi } from './judge-conformance';

export interface BackendConformanceOptions {
  /** Absolute tolerance for log-probabilities compared between calls (default 1e-4). */
  tolerance?: number;
  /** Per-test timeout in ms passed to `it` (default 120 000). */
  timeout?: number;
  /** Learning rate of the update checks (default 0.05). */
  lr?: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);

/** An SptError thrown by `call`, or a failed assertion naming `what`. */
async function refused(call: () => Promise<unknown>, what: string): Promise<SptError> {
  try {
    await call();
  } catch (e) {
    assert.ok(SptError.is(e), `${what}: expected an SptError with code/what/expected/fix, got ${String(e)}`);
    return e;
  }
  assert.fail(`${what}: the backend accepted it`);
}

/**
 * The policy-backend contract as tests any backend (built-in or from npm) runs in its own suite:
 * ```ts
 * import { describe, it } from 'vitest';
 * describeBackendConformance('my backend', () => createMyBackend(smallOptions), { describe, it });
 * ```
 * `make` returns a fresh backend with the same initial weights on every call (a seeded init). The
 * checks, each one `it`, on small shapes:
 * - the contract version, a tokenizer that round-trips text, and update kinds it claims;
 * - the one length rule (`positionsNeeded`): a scored sequence of maxContext + 1 tokens and a
 *   generation filling maxContext + 1 tokens are served; one token more is an SptError;
 * - log-probabilities obey the chain rule across calls and are the same in any batch;
 * - generation is deterministic for a seed, independent of the rest of the batch, gives exactly
 *   maxNewTokens ids in the vocabulary, and greedy decoding (temperature 0) picks the token the
 *   backend's own log-probs rank first;
 * - the NTP loss is the mean NLL over every token but the first (no framing of the backend's own);
 * - a backend with the dpo update scores continuations under its reference (`model: 'reference'`)
 *   as they were at syncReference, whatever the policy did since;
 *   the NLL and DPO losses are the contract's formulas on the backend's own log-probs;
 * - with stopAtEos, generation stops at EOS and leaves it out;
 * - an update of each kind it claims returns finite stats and an NTP update on a repeated sequence
 *   makes that sequence more likely; an empty batch changes nothing and does not fail;
 * - save then load into a fresh backend gives the same log-probs (an exact resume);
 * - a token id outside the vocabulary, and an NTP sequence of one token, are refused with an SptError.
 */
export function describeBackendConformance(
  name: string,
  make: () => Promise<PolicyBackend>,
  api: ConformanceTestApi,
  options: BackendConformanceOptions = {},
): void {
  const tol = options.tolerance ?? 1e-4;
  const timeout = options.timeout ?? 120_000;
  const lr = options.lr ?? 0.05;
  const body = () => {
    const withBackend = (title: string, fn: (b: PolicyBackend) => Promise<void>) =>
      api.it(
        title,
        async () => {
          const b = await make();
          try {
            await fn(b);
          } finally {
            await b.dispose();
          }
        },
        timeout,
      );
    const text = (b: PolicyBackend, s: string) => b.tokenizer.encode(s);
    // Texts stay short (at most 16 tokens with a byte tokenizer): the suite runs at maxContext >= 32.
    const prompt = (b: PolicyBackend) => text(b, 'The quick fox');

    withBackend('states the contract version, a working tokenizer and its update kinds', async (b) => {
      assert.equal(b.specVersion, BACKEND_SPEC_VERSION);
      assert.ok(Number.isInteger(b.capabilities.maxContext) && b.capabilities.maxContext >= 32, 'maxContext >= 32 positions (the suite needs them)');
      assert.equal(b.tokenizer.decode(text(b, 'hello, world')), 'hello, world');
      for (const kind of b.capabilities.updates) assert.ok(['ntp', 'nll', 'dpo', 'grpo'].includes(kind), `unknown update kind ${kind}`);
    });

    withBackend('serves maxContext + 1 tokens (maxContext positions) and refuses one more, for scoring and generation', async (b) => {
      const max = b.capabilities.maxContext;
      const p = prompt(b).slice(0, 2);
      const fits = new Array(max + 1 - p.length).fill(p[0]);
      assert.equal(positionsNeeded(p.length + fits.length), max);
      const lp = await b.logprobs({ prompts: [p], continuations: [fits] });
      assert.equal(lp[0].length, fits.length);
      await refused(() => b.logprobs({ prompts: [p], continuations: [[...fits, p[0]]] }), `logprobs of ${max + 2} tokens`);
      const g = await b.generate({ prompts: [p], maxNewTokens: max + 1 - p.length, temperature: 1, topP: 1, seeds: [1] });
      assert.equal(g.tokens[0].length, max + 1 - p.length);
      await refused(() => b.generate({ prompts: [p], maxNewTokens: max + 2 - p.length, temperature: 1, topP: 1, seeds: [1] }), `generation to ${max + 2} tokens`);
      if (b.capabilities.updates.includes('nll')) {
        await refused(() => b.update({ kind: 'nll', examples: [{ prompt: p, target: [...fits, p[0]], weight: 1 }] }, { lr: 0, step: 0 }), `an nll example of ${max + 2} tokens`);
      }
    });

    withBackend('log-probs follow the chain rule and do not depend on the batch', async (b) => {
      const p = prompt(b);
      const c = text(b, ' jumps');
      const [whole] = await b.logprobs({ prompts: [p], continuations: [c] });
      assert.equal(whole.length, c.length);
      let parts = 0;
      for (let i = 0; i < c.length; i++) parts += (await b.logprobs({ prompts: [[...p, ...c.slice(0, i)]], continuations: [[c[i]]] }))[0][0];
      close(sum(whole), parts, tol * c.length, 'sum of per-token log-probs vs one token at a time');
      const other = text(b, 'Other prompt');
      const batched = await b.logprobs({ prompts: [other, p], continuations: [text(b, ' x'), c] });
      batched[1].forEach((x, i) => close(x, whole[i], tol, `token ${i} alone vs in a batch`));
      for (const x of whole) assert.ok(x <= 1e-6 && Number.isFinite(x), `log-prob ${x} must be finite and <= 0`);
    });

    withBackend('generation: deterministic for a seed, independent of the batch, ids in the vocabulary; greedy picks the top token', async (b) => {
      const p = prompt(b);
      const req = (prompts: number[][], seeds: number[]) => b.generate({ prompts, maxNewTokens: 6, temperature: 1, topP: 1, seeds });
      const a = await req([p], [7]);
      const again = await req([p], [7]);
      assert.deepEqual(again.tokens, a.tokens, 'same prompt and seed, same sample');
      const batched = await req([text(b, 'zzz'), p], [3, 7]);
      assert.deepEqual(batched.tokens[1], a.tokens[0], 'a sequence does not depend on the rest of the batch');
      assert.equal(a.tokens[0].length, 6);
      for (const t of a.tokens[0]) assert.ok(Number.isInteger(t) && t >= 0 && t < b.tokenizer.vocabSize, `token ${t} outside the vocabulary`);
      const greedy = (await b.generate({ prompts: [p], maxNewTokens: 1, temperature: 0, topP: 1, seeds: [1] })).tokens[0][0];
      const [best] = (await b.logprobs({ prompts: [p], continuations: [[greedy]] }))[0];
      const rivals = [...new Set(text(b, 'etaoin shrdlu ETAOIN .,!?0123'))].filter((t) => t !== greedy);
      const theirs = await b.logprobs({ prompts: rivals.map(() => p), continuations: rivals.map((t) => [t]) });
      theirs.forEach(([x], i) => assert.ok(x <= best + tol, `greedy token ${greedy} (${best}) ranks below token ${rivals[i]} (${x})`));
    });

    withBackend('updates: finite stats for each kind it claims; NTP on a repeated sequence makes it likelier; an empty batch is harmless', async (b) => {
      const seq = text(b, 'abcabcabcabc');
      const before = sum((await b.logprobs({ prompts: [seq.slice(0, 1)], continuations: [seq.slice(1)] }))[0]);
      for (let step = 0; step < 5; step++) await b.update({ kind: 'ntp', sequences: [seq] }, { lr, step });
      const after = sum((await b.logprobs({ prompts: [seq.slice(0, 1)], continuations: [seq.slice(1)] }))[0]);
      assert.ok(after > before, `NTP did not raise the sequence's log-prob (${before} -> ${after})`);
      const p = prompt(b);
      const batches = {
        ntp: { kind: 'ntp' as const, sequences: [seq] },
        nll: { kind: 'nll' as const, examples: [{ prompt: p, target: text(b, ' runs'), weight: 1 }] },
        dpo: { kind: 'dpo' as const, pairs: [{ prompt: p, chosen: text(b, ' runs'), rejected: text(b, ' sits') }], beta: 0.1, nllAlpha: 0 },
        grpo: {
          kind: 'grpo' as const,
          samples: [{ prompt: p, completion: text(b, ' runs'), advantage: 1 }, { prompt: p, completion: text(b, ' sits'), advantage: -1 }],
          clip: 0.2,
          klBeta: 0.05,
          normalize: 'sequence' as const,
          constantTokens: 8,
        },
      };
      await b.syncReference();
      for (const kind of b.capabilities.updates) {
        const stats = await b.update(batches[kind], { lr: 1e-3, step: 10 });
        assert.ok(Number.isFinite(stats.loss) && stats.tokens > 0, `${kind} update: loss ${stats.loss}, tokens ${stats.tokens}`);
      }
      const empty = await b.update({ kind: 'ntp', sequences: [] }, { lr, step: 20 });
      assert.equal(empty.tokens, 0);
    });

    withBackend('ntp: the loss is the mean NLL over every token but the first, with no framing of the backend\'s own', async (b) => {
      const seqs = [text(b, 'the cat sat on the mat'), text(b, 'a dog ran')];
      // lr 0: the weights stay put, so the loss is taken at the point the log-probs are.
      const stats = await b.update({ kind: 'ntp', sequences: seqs }, { lr: 0, step: 0 });
      const lps = await b.logprobs({ prompts: seqs.map((s) => s.slice(0, 1)), continuations: seqs.map((s) => s.slice(1)) });
      const targets = sum(seqs.map((s) => s.length - 1));
      const nll = -sum(lps.map(sum)) / targets;
      close(stats.loss, nll, 1e-4 + 1e-3 * nll, 'ntp loss vs the mean NLL of tokens 2..n from logprobs');
      assert.equal(stats.tokens, targets, 'ntp tokens: one per predicted token (n - 1 per sequence)');
    });

    withBackend('nll and dpo: the losses are the contract\'s formulas on the backend\'s own log-probs (dpo against the reference kept by syncReference)', async (b) => {
      const p = prompt(b);
      const c = [text(b, ' runs'), text(b, ' sits')];
      const ask = async () => (await b.logprobs({ prompts: [p, p], continuations: c })).map(sum);
      await b.syncReference();
      const ref = await ask();
      // Move the policy away from the reference, then measure both losses there (lr 0 keeps it).
      await b.update({ kind: 'ntp', sequences: [text(b, 'the cat runs and sits')] }, { lr, step: 50 });
      const pol = await ask();
      if (b.capabilities.updates.includes('nll')) {
        const stats = await b.update({ kind: 'nll', examples: [{ prompt: p, target: c[0], weight: 1 }, { prompt: p, target: c[1], weight: 0.5 }] }, { lr: 0, step: 51 });
        const want = -(pol[0] + 0.5 * pol[1]) / (c[0].length + 0.5 * c[1].length);
        close(stats.loss, want, 1e-4 + 1e-3 * Math.abs(want), 'nll loss: sum(w x NLL) / sum(w x tokens)');
      }
      if (b.capabilities.updates.includes('dpo')) {
        const beta = 0.5;
        const stats = await b.update({ kind: 'dpo', pairs: [{ prompt: p, chosen: c[0], rejected: c[1] }], beta, nllAlpha: 0 }, { lr: 0, step: 52 });
        const z = beta * (pol[0] - pol[1] - (ref[0] - ref[1]));
        const want = Math.log1p(Math.exp(-z));
        close(stats.loss, want, 1e-4 + 1e-3 * Math.abs(want), 'dpo loss: -log sigmoid(beta x ((chosen - rejected) - (ref chosen - ref rejected)))');
        // The reference's own log-probs (what a KL-style shaper reads): those at syncReference, not the moved policy's.
        const asked = (await b.logprobs({ prompts: [p, p], continuations: c, model: 'reference' })).map(sum);
        asked.forEach((v, i) => close(v, ref[i], tol, `reference log-probs of continuation ${i} after the policy moved`));
        assert.ok(asked.some((v, i) => Math.abs(v - pol[i]) > tol), 'reference log-probs differ from the moved policy\'s');
      }
    });

    withBackend('stopAtEos: generation stops at EOS and never returns it; without it, exactly maxNewTokens', async (b) => {
      const eos = b.tokenizer.eos;
      if (eos === undefined || !b.capabilities.updates.includes('ntp')) return;
      const p = prompt(b);
      // Teach the prompt to end the document, so that greedy decoding emits EOS next.
      for (let step = 0; step < 40; step++) await b.update({ kind: 'ntp', sequences: [[...p, eos]] }, { lr, step });
      const greedy = (stop: boolean) => b.generate({ prompts: [p], maxNewTokens: 5, temperature: 0, topP: 1, seeds: [1], stopAtEos: stop });
      const going = (await greedy(false)).tokens[0];
      assert.equal(going.length, 5, 'without stopAtEos: exactly maxNewTokens tokens');
      assert.equal(going[0], eos, `precondition: after 40 NTP steps on [prompt, EOS] greedy should emit EOS (${eos}) next, got ${going[0]}; raise the kit's lr option`);
      assert.deepEqual((await greedy(true)).tokens[0], [], 'with stopAtEos: nothing before EOS, and EOS itself left out');
    });

    withBackend('dpo anchor (when claimed): the loss gains alpha x the anchor\'s mean NLL over every token but the first', async (b) => {
      if (!b.capabilities.dpoAnchor) return;
      const p = prompt(b);
      const anchor = [text(b, 'the cat sat on the mat'), text(b, 'a dog ran')];
      const pairs = [{ prompt: p, chosen: text(b, ' runs'), rejected: text(b, ' sits') }];
      await b.syncReference();
      // lr 0: the weights stay put, so both losses are taken at the same point.
      const plain = await b.update({ kind: 'dpo', pairs, beta: 0.1, nllAlpha: 0 }, { lr: 0, step: 30 });
      const anchored = await b.update({ kind: 'dpo', pairs, beta: 0.1, nllAlpha: 0, anchor: { sequences: anchor, alpha: 0.5 } }, { lr: 0, step: 31 });
      const lps = await b.logprobs({ prompts: anchor.map((s) => s.slice(0, 1)), continuations: anchor.map((s) => s.slice(1)) });
      const nll = -sum(lps.map(sum)) / sum(anchor.map((s) => s.length - 1));
      close(anchored.loss - plain.loss, 0.5 * nll, 1e-3 * Math.max(1, nll), 'anchored loss - plain loss');
    });

    withBackend('grpo (when claimed): the loss is the contract\'s formula on the backend\'s own log-probs (old log-probs given, clip binding, KL to the reference); advantages move log-probs their way', async (b) => {
      if (!b.capabilities.updates.includes('grpo')) return;
      const p = prompt(b);
      const c = [text(b, ' runs'), text(b, ' sits')];
      const ask = () => b.logprobs({ prompts: [p, p], continuations: c });
      await b.syncReference();
      const refLp = await ask();
      await b.update({ kind: 'ntp', sequences: [text(b, 'the cat runs and sits')] }, { lr, step: 40 });
      const lp = await ask();
      // Old log-probs 0.3 off either way: ratios of e^0.3 and e^-0.3, outside a 0.2 clip.
      const old = lp.map((xs) => xs.map((x, t) => x + (t % 2 ? 0.3 : -0.3)));
      const advantages = [1.5, -0.5];
      for (const normalize of ['sequence', 'constant'] as const) {
        const batch = { kind: 'grpo' as const, samples: c.map((completion, i) => ({ prompt: p, completion, advantage: advantages[i], oldLogprobs: old[i] })), clip: 0.2, klBeta: 0.1, normalize, constantTokens: 8 };
        const stats = await b.update(batch, { lr: 0, step: 41 });
        const want = grpoLoss(c.map((_, i) => ({ logprobs: lp[i], oldLogprobs: old[i], refLogprobs: refLp[i], advantage: advantages[i] })), batch);
        close(stats.loss, want, 1e-4 + 1e-3 * Math.abs(want), `grpo loss (${normalize})`);
      }
      // Two fresh backends (no optimizer history), opposite advantages: each favours its own side.
      const trained = async (sign: number) => {
        const f = await make();
        try {
          const samples = c.map((completion, i) => ({ prompt: p, completion, advantage: sign * (i === 0 ? 1 : -1) }));
          for (let step = 0; step < 3; step++) await f.update({ kind: 'grpo', samples, clip: 0.2, klBeta: 0, normalize: 'sequence', constantTokens: 8 }, { lr: 1e-3, step });
          return (await f.logprobs({ prompts: [p, p], continuations: c })).map(sum);
        } finally {
          await f.dispose();
        }
      };
      const [up, down] = [await trained(1), await trained(-1)];
      assert.ok(up[0] > down[0] && up[1] < down[1], `advantages did not move log-probs their way: +/- gives ${up.join(', ')}, -/+ gives ${down.join(', ')}`);
    });

    withBackend('save, then load into a fresh backend: the same log-probs (an exact resume)', async (b) => {
      const seq = text(b, 'resume me');
      await b.update({ kind: 'ntp', sequences: [seq] }, { lr, step: 0 });
      const p = prompt(b);
      const c = text(b, ' over it');
      const want = (await b.logprobs({ prompts: [p], continuations: [c] }))[0];
      const dir = await mkdtemp(path.join(os.tmpdir(), 'spt-backend-conformance-'));
      try {
        await b.save(dir);
        const fresh = await make();
        try {
          await fresh.load(dir);
          const got = (await fresh.logprobs({ prompts: [p], continuations: [c] }))[0];
          got.forEach((x, i) => close(x, want[i], tol, `token ${i} after load`));
        } finally {
          await fresh.dispose();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    withBackend('refuses a token id outside the vocabulary and a 1-token NTP sequence with an SptError', async (b) => {
      const v = b.tokenizer.vocabSize;
      await refused(() => b.logprobs({ prompts: [[1, 2]], continuations: [[v + 5]] }), `token id ${v + 5} (vocabulary ${v})`);
      await refused(() => b.generate({ prompts: [[v + 5]], maxNewTokens: 1, temperature: 1, topP: 1, seeds: [1] }), `prompt token ${v + 5}`);
      if (b.capabilities.updates.includes('ntp')) {
        await refused(() => b.update({ kind: 'ntp', sequences: [[1, 2, 3], [1]] }, { lr: 0, step: 0 }), 'an ntp sequence of 1 token (nothing to predict)');
      }
    });
  };
  if (api.describe) api.describe(`${name}: policy backend conformance`, body);
  else body();
}
