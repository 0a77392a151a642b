import type { Scalar, Tensor, Tensor1D } from '@tensorflow/tfjs-node';
import type { DpoBatch, GrpoBatch, NllBatch, NtpBatch, UpdateBatch, UpdateStats } from '@spt/core';
import { deriveSeed, SptError } from '@spt/core';
import type { AdamW } from './adamw';
import { chunks, type LossSequence, packSequences, type PackedBatch } from './batching';
import type { GptModel } from './model/gpt-model';
import type { Params } from './model/params';
import { take } from './runtime/raw-ops';
import { tf } from './runtime/tf';
import { scoredLogprobs, sumBySequence, weightedNll } from './sequence-loss';

/** What an update needs from the backend. */
export interface TrainState {
  model: GptModel;
  params: Params;
  reference: () => Params;
  optimizer: AdamW;
  microBatch: number;
  dropout: number;
  seed: number;
  pad: number;
  /** prompt + continuation, an empty prompt replaced by [EOS], checked against the context. */
  framed: (prompt: readonly number[], continuation: readonly number[], what: string) => number[];
  /** A whole sequence as it is, checked against the context. */
  checked: (tokens: readonly number[], what: string) => number[];
}

type MicroLoss = (params: Params, packed: PackedBatch, micro: number) => { loss: Tensor; aux?: Tensor };

/** Runs forward/backward over micro batches, sums gradients, then one AdamW step. */
function accumulate(s: TrainState, micros: LossSequence[][], lossOf: MicroLoss, lr: number) {
  const names = [...s.params.keys()];
  const grads = new Map<string, Tensor>();
  let loss = 0;
  const aux: number[][] = [];
  micros.forEach((seqs, micro) => {
    const packed = packSequences(seqs, { multiple: 16, cap: s.model.config.context, pad: s.pad });
    let auxT: Tensor | undefined;
    const { value, grads: g } = tf.valueAndGrads((...ts: Tensor[]) => {
      const p: Params = new Map(names.map((n, i) => [n, ts[i]]));
      const out = lossOf(p, packed, micro);
      if (out.aux) auxT = tf.keep(out.aux);
      return out.loss as Scalar;
    })(names.map((n) => s.params.get(n) as Tensor));
    loss += value.dataSync()[0];
    value.dispose();
    if (auxT) {
      aux.push(Array.from(auxT.dataSync()));
      auxT.dispose();
    }
    names.forEach((n, i) => {
      const prev = grads.get(n);
      if (prev) {
        grads.set(n, tf.tidy(() => tf.add(prev, g[i])));
        prev.dispose();
        g[i].dispose();
      } else grads.set(n, g[i]);
    });
  });
  const gradNorm = s.optimizer.step(s.params, grads, lr);
  return { loss, gradNorm, aux };
}

function dropoutOpts(s: TrainState, step: number, micro: number) {
  return s.dropout > 0 ? { dropout: s.dropout, seed: deriveSeed(s.seed, 'dropout', step, micro) } : {};
}

function ntp(s: TrainState, batch: NtpBatch, lr: number, step: number): UpdateStats {
  const seqs: LossSequence[] = batch.sequences.map((t, i) => {
    if (t.length < 2) {
      throw new SptError({ code: 'backend.request', what: `tfjs.gpt: ntp sequence ${i} has ${t.length} token(s); its first token is only context, so nothing is predicted`, expected: '2+ tokens per sequence', got: String(t.length), fix: 'drop sequences shorter than 2 tokens' });
    }
    return { tokens: s.checked(t, `ntp sequence ${i}`), start: 1, weight: 1 };
  });
  const tokens = seqs.reduce((a, q) => a + Math.max(0, q.tokens.length - 1), 0);
  if (tokens === 0) return { loss: 0, tokens: 0, metrics: { skipped: 1 } };
  const r = accumulate(s, chunks(seqs, s.microBatch), (p, packed, micro) => ({
    loss: tf.div(weightedNll(scoredLogprobs(s.model, p, packed, dropoutOpts(s, step, micro)), packed), tokens),
  }), lr);
  return { loss: r.loss, tokens, gradNorm: r.gradNorm, metrics: { ppl: Math.exp(r.loss) } };
}

function nll(s: TrainState, batch: NllBatch, lr: number, step: number): UpdateStats {
  const seqs: LossSequence[] = batch.examples.map((e) => {
    const tokens = s.framed(e.prompt, e.target, 'nll example');
    return { tokens, start: tokens.length - e.target.length, weight: e.weight };
  });
  const denom = seqs.reduce((a, q) => a + q.weight * (q.tokens.length - q.start), 0);
  const tokens = seqs.reduce((a, q) => a + (q.weight > 0 ? q.tokens.length - q.start : 0), 0);
  if (denom <= 0) return { loss: 0, tokens: 0, metrics: { skipped: 1 } };
  const r = accumulate(s, chunks(seqs, s.microBatch), (p, packed, micro) => ({
    loss: tf.div(weightedNll(scoredLogprobs(s.model, p, packed, dropoutOpts(s, step, micro)), packed), denom),
  }), lr);
  return { loss: r.loss, tokens, gradNorm: r.gradNorm, metrics: { nll_per_token: r.loss } };
}

/** Summed continuation log-probs of sequences under `params` without gradient. */
export function sequenceLogprobs(s: TrainState, params: Params, seqs: LossSequence[]): number[] {
  const out: number[] = [];
  for (const part of chunks(seqs, s.microBatch)) {
    const packed = packSequences(part, { multiple: 16, cap: s.model.config.context, pad: s.pad });
    out.push(...take(tf.tidy(() => sumBySequence(scoredLogprobs(s.model, params, packed), packed))));
  }
  return out;
}

function dpo(s: TrainState, batch: DpoBatch, lr: number, step: number): UpdateStats {
  if (batch.pairs.length === 0) return { loss: 0, tokens: 0, metrics: { skipped: 1 } };
  const pairs = batch.pairs.map((pair) => {
    const chosen = s.framed(pair.prompt, pair.chosen, 'dpo chosen');
    const rejected = s.framed(pair.prompt, pair.rejected, 'dpo rejected');
    return {
      chosen: { tokens: chosen, start: chosen.length - pair.chosen.length, weight: 1 },
      rejected: { tokens: rejected, start: rejected.length - pair.rejected.length, weight: 1 },
    };
  });
  const perMicro = Math.max(1, Math.floor(s.microBatch / 2));
  const groups = chunks(pairs, perMicro);
  const micros = groups.map((g) => [...g.map((p) => p.chosen), ...g.map((p) => p.rejected)]);
  const ref = s.reference();
  const refLogps = micros.map((seqs) => sequenceLogprobs(s, ref, seqs));
  const nPairs = pairs.length;
  const chosenTokens = pairs.reduce((a, p) => a + p.chosen.tokens.length - p.chosen.start, 0);
  // The anchor's sequences follow the pairs as micro batches of their own: NTP inside the same step.
  const anchorSeqs: LossSequence[] = (batch.anchor?.sequences ?? []).map((t, i) => ({ tokens: s.checked(t, `dpo anchor sequence ${i}`), start: 1, weight: 1 }));
  const anchorTokens = anchorSeqs.reduce((a, q) => a + Math.max(0, q.tokens.length - 1), 0);
  const anchorAlpha = batch.anchor && anchorTokens > 0 ? batch.anchor.alpha : 0;
  const allMicros = anchorAlpha > 0 ? [...micros, ...chunks(anchorSeqs, s.microBatch)] : micros;
  let anchorNll = 0;
  const r = accumulate(s, allMicros, (p, packed, micro) => {
    if (micro >= micros.length) {
      const nll = tf.div(weightedNll(scoredLogprobs(s.model, p, packed, dropoutOpts(s, step, micro)), packed), anchorTokens);
      return { loss: tf.mul(nll, anchorAlpha), aux: nll };
    }
    const seqLogp = sumBySequence(scoredLogprobs(s.model, p, packed, dropoutOpts(s, step, micro)), packed);
    const [pc, pr] = tf.split(seqLogp, 2) as [Tensor1D, Tensor1D];
    const ref = tf.tensor1d(refLogps[micro]);
    const [rc, rr] = tf.split(ref, 2);
    const margin = tf.mul(tf.sub(tf.sub(pc, rc), tf.sub(pr, rr)), batch.beta);
    // -log sigmoid(m) = softplus(-m)
    let loss: Tensor = tf.div(tf.sum(tf.softplus(tf.neg(margin))), nPairs);
    if (batch.nllAlpha > 0 && chosenTokens > 0) loss = tf.add(loss, tf.mul(tf.neg(tf.sum(pc)), batch.nllAlpha / chosenTokens));
    return { loss, aux: tf.concat([seqLogp, ref]) };
  }, lr);
  let margin = 0, acc = 0, lc = 0, lr_ = 0, rcS = 0, rrS = 0;
  r.aux.slice(micros.length).forEach((a) => (anchorNll += a[0]));
  r.aux.slice(0, micros.length).forEach((a) => {
    const k = a.length / 4;
    for (let i = 0; i < k; i++) {
      const [pc, pr, rc, rr] = [a[i], a[k + i], a[2 * k + i], a[3 * k + i]];
      const m = pc - rc - (pr - rr);
      margin += m;
      acc += m > 0 ? 1 : 0;
      lc += pc;
      lr_ += pr;
      rcS += rc;
      rrS += rr;
    }
  });
  const tokens = pairs.reduce((a, p) => a + p.chosen.tokens.length - p.chosen.start + p.rejected.tokens.length - p.rejected.start, 0);
  return {
    loss: r.loss,
    tokens,
    gradNorm: r.gradNorm,
    metrics: {
      dpo_margin: margin / nPairs,
      dpo_accuracy: acc / nPairs,
      chosen_logp: lc / nPairs,
      rejected_logp: lr_ / nPairs,
      ref_chosen_logp: rcS / nPairs,
      ref_rejected_logp: rrS / nPairs,
      ...(anchorAlpha > 0 ? { anchor_nll_per_token: anchorNll } : {}),
    },
  };
}

/** Per-token continuation log-probs of sequences under `params` without gradient, sequence by sequence. */
function tokenLogprobsOf(s: TrainState, params: Params, seqs: LossSequence[]): number[][] {
  const out: number[][] = [];
  for (const part of chunks(seqs, s.microBatch)) {
    const packed = packSequences(part, { multiple: 16, cap: s.model.config.context, pad: s.pad });
    const flat = Array.from(take(tf.tidy(() => scoredLogprobs(s.model, params, packed))));
    let at = 0;
    for (const q of part) {
      const n = q.tokens.length - Math.max(1, q.start);
      out.push(flat.slice(at, at + n));
      at += n;
    }
  }
  return out;
}

/**
 * GRPO / Dr. GRPO (GrpoBatch): the clipped policy-gradient loss per completion token, plus the k3
 * KL estimate to the reference when klBeta > 0, weighted per sample. Old log-probs default to the
 * current policy's, computed without gradient before the step (the on-policy case: ratio 1).
 */
function grpo(s: TrainState, batch: GrpoBatch, lr: number, step: number): UpdateStats {
  if (batch.samples.length === 0) return { loss: 0, tokens: 0, metrics: { skipped: 1 } };
  const n = batch.samples.length;
  const seqs: Array<LossSequence & { advantage: number }> = batch.samples.map((x, i) => {
    const tokens = s.framed(x.prompt, x.completion, `grpo sample ${i}`);
    const denom = batch.normalize === 'sequence' ? Math.max(1, x.completion.length) : batch.constantTokens;
    return { tokens, start: tokens.length - x.completion.length, weight: 1 / (n * denom), advantage: x.advantage };
  });
  const micros = chunks(seqs, s.microBatch);
  const old = batch.samples.every((x) => x.oldLogprobs) ? batch.samples.map((x) => x.oldLogprobs!) : tokenLogprobsOf(s, s.params, seqs);
  const ref = batch.klBeta > 0 ? tokenLogprobsOf(s, s.reference(), seqs) : undefined;
  // Per micro batch, the constants aligned with its packed tokens.
  let first = 0;
  const consts = micros.map((part) => {
    const idx = part.map((_, j) => first + j);
    first += part.length;
    return {
      old: idx.flatMap((i) => old[i]),
      ref: ref ? idx.flatMap((i) => ref[i]) : undefined,
      adv: idx.flatMap((i) => old[i].map(() => seqs[i].advantage)),
    };
  });
  let clippedTokens = 0;
  let ratioSum = 0;
  let klSum = 0;
  const r = accumulate(s, micros, (p, packed, micro) => {
    const c = consts[micro];
    const logp = scoredLogprobs(s.model, p, packed, dropoutOpts(s, step, micro));
    const adv = tf.tensor1d(c.adv);
    const ratio = tf.exp(tf.sub(logp, tf.tensor1d(c.old)));
    const clipped = tf.clipByValue(ratio, 1 - batch.clip, 1 + batch.clip);
    let perToken: Tensor = tf.neg(tf.minimum(tf.mul(ratio, adv), tf.mul(clipped, adv)));
    let kl: Tensor | undefined;
    if (c.ref && batch.klBeta > 0) {
      const d = tf.sub(tf.tensor1d(c.ref), logp);
      kl = tf.sub(tf.sub(tf.exp(d), d), 1);
      perToken = tf.add(perToken, tf.mul(kl, batch.klBeta));
    }
    const loss = tf.sum(tf.mul(perToken, tf.tensor1d(packed.weights)));
    const outside = tf.cast(tf.logicalOr(tf.less(ratio, 1 - batch.clip), tf.greater(ratio, 1 + batch.clip)), 'float32');
    return { loss, aux: tf.stack([tf.sum(outside), tf.sum(ratio), kl ? tf.sum(kl) : tf.scalar(0)]) };
  }, lr);
  r.aux.forEach(([o, ra, k]) => {
    clippedTokens += o;
    ratioSum += ra;
    klSum += k;
  });
  const tokens = seqs.reduce((a, q) => a + q.tokens.length - q.start, 0);
  return {
    loss: r.loss,
    tokens,
    gradNorm: r.gradNorm,
    metrics: {
      grpo_clip_fraction: clippedTokens / Math.max(1, tokens),
      grpo_ratio_mean: ratioSum / Math.max(1, tokens),
      ...(batch.klBeta > 0 ? { grpo_kl: klSum / Math.max(1, tokens) } : {}),
      grpo_advantage_abs: batch.samples.reduce((a, x) => a + Math.abs(x.advantage), 0) / n,
    },
  };
}

/** One optimizer step on `batch` with learning rate `lr`. */
export function runUpdate(s: TrainState, batch: UpdateBatch, lr: number, step: number): UpdateStats {
  switch (batch.kind) {
    case 'ntp':
      return ntp(s, batch, lr, step);
    case 'nll':
      return nll(s, batch, lr, step);
    case 'dpo':
      return dpo(s, batch, lr, step);
    case 'grpo':
      return grpo(s, batch, lr, step);
  }
}
