import type { GrpoBatch, UpdateBatch } from '../spec/policy-backend';
import { grpoLoss } from '../objectives/grpo-math';
import { accumulateLogprobGrad, tokenLogprobs, type BigramModel } from './bigram-model';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const softplus = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Loss, gradient of the loss with respect to W (ascent direction negated), tokens and metrics. */
export interface BigramStep {
  loss: number;
  tokens: number;
  grad: Float64Array;
  metrics: Record<string, number>;
}

/**
 * The exact loss and gradient of an update batch for the bigram model:
 * - ntp: mean NLL over every token of the sequences but the first (the contract's NtpBatch rule);
 * - nll: weighted mean NLL of targets given prompts (sum of weight*NLL / sum of weight*tokens);
 * - dpo: mean over pairs of -log sigmoid(beta * ((lc - rc) - (lr - rr))) with l/r the summed
 *   log-probs of chosen/rejected under the policy/reference, plus nllAlpha * mean per-token NLL
 *   of the chosen continuations, plus anchor.alpha * the anchor sequences' mean NLL (as ntp);
 * - grpo: the GrpoBatch loss (grpoLoss), its gradient per token (grpoStep).
 */
export function bigramLossAndGrad(m: BigramModel, ref: BigramModel, batch: UpdateBatch): BigramStep {
  const grad = new Float64Array(m.w.length);
  if (batch.kind === 'ntp' || batch.kind === 'nll') {
    const items =
      batch.kind === 'ntp'
        ? batch.sequences.map((s) => ({ prompt: s.slice(0, 1), target: s.slice(1), weight: 1 }))
        : batch.examples;
    const denom = sum(items.map((e) => e.weight * e.target.length)) || 1;
    let nll = 0;
    for (const e of items) {
      nll -= e.weight * sum(tokenLogprobs(m, e.prompt, e.target));
      accumulateLogprobGrad(m, grad, e.prompt, e.target, e.weight / denom);
    }
    negate(grad);
    const tokens = sum(items.map((e) => e.target.length));
    return { loss: nll / denom, tokens, grad, metrics: { nll: nll / denom } };
  }
  if (batch.kind === 'grpo') return grpoStep(m, ref, batch, grad);
  const n = batch.pairs.length || 1;
  let loss = 0;
  let margin = 0;
  let correct = 0;
  let chosenLp = 0;
  let rejectedLp = 0;
  let tokens = 0;
  const chosenTokens = sum(batch.pairs.map((p) => p.chosen.length)) || 1;
  for (const p of batch.pairs) {
    const lc = sum(tokenLogprobs(m, p.prompt, p.chosen));
    const lr = sum(tokenLogprobs(m, p.prompt, p.rejected));
    const z = batch.beta * (lc - sum(tokenLogprobs(ref, p.prompt, p.chosen)) - (lr - sum(tokenLogprobs(ref, p.prompt, p.rejected))));
    loss += softplus(-z) / n;
    margin += z / batch.beta / n;
    correct += z > 0 ? 1 : 0;
    chosenLp += lc / n;
    rejectedLp += lr / n;
    tokens += p.chosen.length + p.rejected.length;
    const g = (batch.beta * sigmoid(-z)) / n;
    accumulateLogprobGrad(m, grad, p.prompt, p.chosen, g + batch.nllAlpha / chosenTokens);
    accumulateLogprobGrad(m, grad, p.prompt, p.rejected, -g);
    if (batch.nllAlpha > 0) loss -= (batch.nllAlpha * lc) / chosenTokens;
  }
  const anchor = batch.anchor;
  // Every token but the first is scored (the contract's anchor rule, DpoAnchor).
  const anchorTokens = anchor ? sum(anchor.sequences.map((s) => Math.max(0, s.length - 1))) : 0;
  let anchorNll = 0;
  if (anchor && anchor.alpha > 0 && anchorTokens > 0) {
    for (const s of anchor.sequences) {
      anchorNll -= sum(tokenLogprobs(m, s.slice(0, 1), s.slice(1))) / anchorTokens;
      accumulateLogprobGrad(m, grad, s.slice(0, 1), s.slice(1), anchor.alpha / anchorTokens);
    }
    loss += anchor.alpha * anchorNll;
  }
  negate(grad);
  return {
    loss,
    tokens,
    grad,
    metrics: {
      dpo_margin: margin,
      dpo_accuracy: correct / n,
      chosen_logp: chosenLp,
      rejected_logp: rejectedLp,
      ...(anchor && anchor.alpha > 0 && anchorTokens > 0 ? { anchor_nll_per_token: anchorNll } : {}),
    },
  };
}

function negate(g: Float64Array): void {
  for (let i = 0; i < g.length; i++) g[i] = -g[i];
}

/**
 * GRPO on the bigram (the contract's GrpoBatch formula): per token, d l / d logp is
 * -A r where the clip does not bind (0 where it does) plus klBeta (1 - exp(ref - logp)).
 */
function grpoStep(m: BigramModel, ref: BigramModel, batch: GrpoBatch, grad: Float64Array): BigramStep {
  const n = batch.samples.length;
  if (n === 0) return { loss: 0, tokens: 0, grad, metrics: { skipped: 1 } };
  const lossSamples = batch.samples.map((x) => {
    const logprobs = tokenLogprobs(m, x.prompt, x.completion);
    const refLogprobs = batch.klBeta > 0 ? tokenLogprobs(ref, x.prompt, x.completion) : undefined;
    const w = 1 / (n * (batch.normalize === 'sequence' ? Math.max(1, x.completion.length) : batch.constantTokens));
    x.completion.forEach((tok, t) => {
      const lp = logprobs[t];
      const ratio = Math.exp(lp - (x.oldLogprobs?.[t] ?? lp));
      const a = x.advantage;
      // -min(rA, clip(r)A): the unclipped branch is the minimum unless the clip binds.
      const binds = (a > 0 && ratio > 1 + batch.clip) || (a < 0 && ratio < 1 - batch.clip);
      let dl = binds ? 0 : -a * ratio;
      if (refLogprobs) dl += batch.klBeta * (1 - Math.exp(refLogprobs[t] - lp));
      const prev = t === 0 ? x.prompt.slice(-1) : [x.completion[t - 1]];
      accumulateLogprobGrad(m, grad, prev, [tok], w * dl);
    });
    return { logprobs, oldLogprobs: x.oldLogprobs, refLogprobs, advantage: x.advantage };
  });
  // accumulateLogprobGrad adds d(logp)/dW scaled by dl/dlogp: that is already the loss gradient.
  const tokens = batch.samples.reduce((a, x) => a + x.completion.length, 0);
  return { loss: grpoLoss(lossSamples, batch), tokens, grad, metrics: {} };
}
