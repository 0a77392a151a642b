/**
 * Selection quality and cost of the pairwise pairing strategies (all pairs, pivot, knockout, adaptive) on
 * testbed pools of 18 candidates (original + oracle rewrite + 16 "rollouts"), with the exact
 * quality judge and with a noisy one (verdict flips; position bias optional), through the real
 * judgePool and DPO selection of @spt/core. Reference: all pairs with the exact judge. For each
 * strategy and flip rate: pairwise judge calls per pool, and the share of pools whose chosen
 * (rejected) candidate has the same reference reward as the reference's chosen (rejected), and as
 * the chosen (rejected) of all pairs under the same noisy judge (`*_same_judge`).
 *
 * Rollouts are suffixes cut from other documents at the same offset (half of the same person, half
 * of others): text the exact judges grade in every way (true, false and off-person claims,
 * unsafe passages, typos, repetition), standing in for a partly trained policy's samples.
 *
 * usage: packages/core/node_modules/.bin/tsx bench/judge-selection.ts [--json] [--pools 200] [--flips 0,0.15] [--bias 0] [--seed 1] [--confidence 0.95,0.99] [--step-pools 16]
 * (`--confidence`: the adaptive strategy's confidences, one row each; `--step-pools`: adaptive pools share
 * their error estimate in groups of this many, as a training step's pools do; 1 = each pool alone)
 */
import { compileReward, emptyJudgingStats, judgePool, selectDpoPair, stepCalibrations, sumOfAspects, type Candidate, type JudgeConfig, type JudgedPool, type PoolJudge } from '@spt/core';
import { withVerdictNoise } from '@spt/core/testing';
import { buildWorld, corpusDocument, createFactualityJudge, createQualityJudge, createSafetyJudge, oracleRewrite, personOfDocId } from '@spt/testbed';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const json = process.argv.includes('--json');
const poolCount = Number(arg('pools', '200'));
const flips = arg('flips', '0,0.15').split(',').map(Number);
const bias = Number(arg('bias', '0'));
const seed = Number(arg('seed', '1'));
const stepPools = Math.max(1, Number(arg('step-pools', '16')));
const K = 64;

const world = buildWorld({ size: 'tiny', seed: 1 });
const rng = (() => {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
})();
const int = (n: number) => Math.floor(rng() * n);

/** One window and its pool of 18 candidates. */
function makePool(i: number): { window: Parameters<typeof judgePool>[0]; candidates: Candidate[] } {
  const doc = corpusDocument(world, int(world.totalDocs));
  const cut = Math.max(32, Math.min(doc.text.length - K, 32 + int(Math.max(1, doc.text.length - K - 32))));
  const prefix = doc.text.slice(0, cut);
  const suffix = doc.text.slice(cut, cut + K);
  const person = personOfDocId(doc.id);
  const rewrite = oracleRewrite(world, { prefix, suffix, person }, i);
  const cands: Candidate[] = [
    { id: 'original:0', source: 'original', text: suffix, tokens: [] },
    { id: 'rewrite:0', source: 'rewrite', text: rewrite.ok ? rewrite.text.slice(0, K) : suffix, tokens: [] },
  ];
  for (let r = 0; r < 16; r++) {
    let other = corpusDocument(world, int(world.totalDocs));
    if (r < 8 && person !== undefined) other = corpusDocument(world, world.docStart[person] + int(world.docStart[person + 1] - world.docStart[person]));
    const at = Math.min(cut, Math.max(0, other.text.length - K));
    cands.push({ id: `rollout:${r}`, source: 'rollout', text: other.text.slice(at, at + K), tokens: [] });
  }
  return { window: { docId: doc.id, index: 0, prefixTokens: [], suffixTokens: [], prefix, suffix, meta: doc.meta }, candidates: cands };
}

const pools = Array.from({ length: poolCount }, (_, i) => makePool(i));
const reward = compileReward(sumOfAspects(['quality', 'safety', 'factuality']));
const cfg = (aspect: string, mode: 'pairwise' | 'pointwise', extra: Partial<JudgeConfig> = {}): JudgeConfig => ({
  aspect, judge: { plugin: `testbed.${aspect}`, options: {} }, mode, samples: 1, reference: aspect === 'factuality', pairing: 'all', order: 'both', ...extra,
});
const pointwise: PoolJudge[] = [
  { config: cfg('safety', 'pointwise'), judge: createSafetyJudge(world) },
  { config: cfg('factuality', 'pointwise'), judge: createFactualityJudge(world) },
];
const exactQuality = createQualityJudge(world, 'full');

async function judgeAll(pairing: JudgeConfig['pairing'], flip: number): Promise<{ judged: JudgedPool[]; calls: number; seconds: number }> {
  const quality = flip > 0 || bias > 0 ? withVerdictNoise(exactQuality, { flipRate: flip, positionBias: bias }) : exactQuality;
  const judges = [{ config: cfg('quality', 'pairwise', { pairing }), judge: quality }, ...pointwise];
  const stats = emptyJudgingStats();
  // In-process judges: no concurrency limit is needed.
  const limit = ((fn: () => unknown) => fn()) as unknown as Parameters<typeof judgePool>[4]['limit'];
  // Adaptive pools share one error estimate per group of `stepPools`, as a training step's pools do.
  const steps = Array.from({ length: Math.ceil(pools.length / stepPools) }, (_, g) => stepCalibrations(judges, Math.min(stepPools, pools.length - g * stepPools)));
  const t0 = performance.now();
  const judged = await Promise.all(
    pools.map((p, position) => judgePool(p.window, p.candidates, judges, reward, { seed, step: 0, position, limit, timeoutMs: 0, stats, calibrations: steps[Math.floor(position / stepPools)] })),
  );
  return { judged, calls: stats.byAspect.quality?.asked ?? 0, seconds: (performance.now() - t0) / 1000 };
}

const reference = await judgeAll('all', 0);
const refRewards = reference.judged.map((p) => p.candidates.map((c) => c.reward));
const refPick = refRewards.map((r, i) => selectDpoPair(r, i));

const confidences = arg('confidence', '0.95').split(',').map(Number);
const strategies: Array<[string, JudgeConfig['pairing']]> = [
  ['all', 'all'],
  ['pivot original', { pivot: 'original' }],
  ['knockout', 'knockout'],
  ...confidences.map((confidence): [string, JudgeConfig['pairing']] => [`adaptive ${confidence}`, { adaptive: { confidence } }]),
];
const rows = [];
for (const flip of flips) {
  // All pairs under the same (noisy) judge: what a strategy can at best reproduce.
  const same = flip > 0 || bias > 0 ? await judgeAll('all', flip) : reference;
  const samePick = same.judged.map((p, i) => selectDpoPair(p.candidates.map((c) => c.reward), i));
  for (const [name, pairing] of strategies) {
    const run = name === 'all' ? same : await judgeAll(pairing, flip);
    let sameChosen = 0;
    let sameRejected = 0;
    let chosenSame = 0;
    let rejectedSame = 0;
    let compared = 0;
    run.judged.forEach((p, i) => {
      const ref = refPick[i];
      const got = selectDpoPair(p.candidates.map((c) => c.reward), i);
      if (ref.kind !== 'pair') return; // the reference itself has nothing to choose (all tied)
      compared++;
      if (got.kind !== 'pair') return;
      if (refRewards[i][got.chosen] === refRewards[i][ref.chosen]) chosenSame++;
      if (refRewards[i][got.rejected] === refRewards[i][ref.rejected]) rejectedSame++;
      const s = samePick[i];
      if (s.kind === 'pair' && refRewards[i][got.chosen] === refRewards[i][s.chosen]) sameChosen++;
      if (s.kind === 'pair' && refRewards[i][got.rejected] === refRewards[i][s.rejected]) sameRejected++;
    });
    rows.push({
      strategy: name,
      candidates: 18,
      flip_rate: flip,
      position_bias: bias,
      pools: poolCount,
      step_pools: stepPools,
      calls_per_pool: run.calls / poolCount,
      chosen_agreement: chosenSame / compared,
      rejected_agreement: rejectedSame / compared,
      chosen_agreement_same_judge: sameChosen / compared,
      rejected_agreement_same_judge: sameRejected / compared,
      pools_compared: compared,
      seconds: run.seconds,
    });
  }
}
if (json) for (const r of rows) console.log(JSON.stringify(r));
else {
  console.log(`testbed pools of 18 candidates, ${poolCount} pools, reference: all pairs with the exact judge (position bias ${bias}); adaptive estimates its error rate over ${stepPools} pool(s)`);
  console.log('agree: the chosen (rejected) has the reference reward of the exact all-pairs pick; (same judge): of all pairs under the same noise');
  console.log('strategy         flip  calls/pool  x fewer than all  chosen agree  rejected agree  chosen (same judge)  rejected (same judge)');
  for (const r of rows) {
    const all = rows.find((x) => x.strategy === 'all' && x.flip_rate === r.flip_rate);
    console.log(`${r.strategy.padEnd(15)}  ${r.flip_rate.toFixed(2)}  ${r.calls_per_pool.toFixed(1).padStart(10)}  ${((all?.calls_per_pool ?? 0) / r.calls_per_pool).toFixed(2).padStart(16)}  ${r.chosen_agreement.toFixed(3).padStart(12)}  ${r.rejected_agreement.toFixed(3).padStart(14)}  ${r.chosen_agreement_same_judge.toFixed(3).padStart(19)}  ${r.rejected_agreement_same_judge.toFixed(3).padStart(21)}`);
  }
}
