import type { PluginRegistry, RewardExpr, RunConfig } from '@spt/core';
import { didYouMean, maxPoolSize, pairingName, pivotOf, usesBrackets } from '@spt/core';
import { writtenSourceName } from '../compile/source-name';
import { checkPlugin } from './check-plugins';
import type { IssueSink } from './issues';
import { allPhases, poolSources } from './pool';

/** Judges: plugin and options, supported mode, samples, pairing and order, unique aspects. */
export function checkJudges(sink: IssueSink, config: RunConfig, registry: PluginRegistry | undefined): void {
  const seen = new Map<string, number>();
  const pools = new Set([config.candidates, ...allPhases(config).map((p) => p.phase.candidates)].flatMap((c) => (c ? poolSources(c) : [])));
  config.judges.forEach((j, i) => {
    const at = `judges.${i}`;
    if (seen.has(j.aspect)) {
      sink.error('judge.duplicate', `${at}.aspect`, `aspect "${j.aspect}" already has a judge`, {
        expected: 'one judge per aspect',
        fix: 'remove one, or give this one another aspect name',
      });
    }
    seen.set(j.aspect, i);
    sink.number(`${at}.samples`, 'samples', j.samples, { integer: true, min: 1 });
    const checked = registry && checkPlugin(sink, registry, 'judge', j.judge, `${at}.judge`);
    const modes = checked?.manifest.judge?.modes;
    if (modes && !modes.includes(j.mode)) {
      sink.error('judge.mode', `${at}.mode`, `${j.judge.plugin} does not judge ${j.mode}`, {
        expected: `${modes.join(' or ')} (what ${j.judge.plugin} supports)`,
        fix: modes.length === 1 ? `write ${modes[0]}, or leave the mode out` : `write one of: ${modes.join(', ')}`,
      });
    }
    if (j.mode === 'pointwise' && j.pairing !== 'all') {
      sink.error('judge.pairing', `${at}.pairing`, 'pairing applies to pairwise judges only', {
        expected: 'no pairing on a pointwise judge',
        fix: 'remove pairing, or make the judge pairwise',
      });
    }
    if (j.mode === 'pointwise' && j.order !== 'both') {
      sink.error('judge.pairing', `${at}.order`, 'order applies to pairwise judges only', {
        expected: 'no order on a pointwise judge',
        fix: 'remove order, or make the judge pairwise',
      });
    }
    const smallest = Math.min(...[config.candidates, ...allPhases(config).map((p) => p.phase.candidates ?? config.candidates)].map(maxPoolSize));
    const pivot = pivotOf(j.pairing);
    if (usesBrackets(j.pairing) && smallest < 2) {
      sink.error('judge.knockout', `${at}.pairing`, `pairing ${pairingName(j.pairing)} needs pools of 2 or more candidates; a pool here holds at most ${smallest}`, {
        expected: 'at least 2 candidates per pool',
        fix: 'add candidate sources (e.g. rollouts 4), or write pairing: all',
      });
    }
    if (pivot !== undefined && !pools.has(pivot)) {
      const known = [...pools].map(writtenSourceName);
      sink.error('judge.pivot', `${at}.pairing`, `pivot "${writtenSourceName(pivot)}" is not a candidate source`, {
        expected: `one of the sources in candidates: ${known.join(', ') || '(none)'}`,
        fix: didYouMean(writtenSourceName(pivot), known) || 'add the source to candidates, or pivot on original',
      });
    }
  });
}

const ARITY: Record<string, [number, number]> = { min: [2, Infinity], max: [2, Infinity], clamp: [3, 3] };

/** Reward: every aspect it reads has a judge; function arities; no division by a literal 0; judged aspects it ignores. */
export function checkReward(sink: IssueSink, config: RunConfig): void {
  const aspects = config.judges.map((j) => j.aspect);
  const used = new Set<string>();
  const walk = (e: RewardExpr, path: string): void => {
    switch (e.kind) {
      case 'aspect':
        used.add(e.name);
        if (!aspects.includes(e.name)) {
          sink.error('reward.unknown-aspect', path, `the reward reads "${e.name}", but no judge scores it`, {
            expected: aspects.length ? `one of the judged aspects: ${aspects.join(', ')}` : 'a judge for each aspect: judge <aspect> <plugin>',
            fix: didYouMean(e.name, aspects) || `add: judge ${e.name} <plugin>`,
          });
        }
        return;
      case 'unary':
        return walk(e.operand, `${path}.operand`);
      case 'binary':
        if (e.op === '/' && e.right.kind === 'number' && e.right.value === 0) {
          sink.error('reward.divide-by-zero', `${path}.right`, 'the reward divides by zero', { expected: 'a non-zero divisor', fix: 'divide by another number' });
        }
        walk(e.left, `${path}.left`);
        return walk(e.right, `${path}.right`);
      case 'if':
        walk(e.test, `${path}.test`);
        walk(e.then, `${path}.then`);
        return walk(e.else, `${path}.else`);
      case 'call': {
        const [lo, hi] = ARITY[e.fn] ?? [0, Infinity];
        if (e.args.length < lo || e.args.length > hi) {
          const form = e.fn === 'clamp' ? 'clamp(x, low, high)' : `${e.fn}(a, b, ...)`;
          sink.error('reward.arity', path, `${e.fn} takes ${lo === hi ? lo : `at least ${lo}`} arguments, got ${e.args.length}`, {
            expected: form,
            fix: `write ${form}`,
          });
        }
        e.args.forEach((a, i) => walk(a, `${path}.args.${i}`));
        return;
      }
      case 'number':
        return;
    }
  };
  walk(config.reward, 'reward');
  // A misspelt aspect is one problem, not also an unused judge.
  if (sink.issues.some((i) => i.code === 'reward.unknown-aspect')) return;
  config.judges.forEach((j, i) => {
    if (used.has(j.aspect)) return;
    sink.warn('judge.unused', `judges.${i}.aspect`, `aspect "${j.aspect}" is judged but the reward does not use it`, {
      expected: 'every judged aspect in the reward (judging costs calls)',
      fix: `add ${j.aspect} to the reward, or remove the judge`,
    });
  });
}
