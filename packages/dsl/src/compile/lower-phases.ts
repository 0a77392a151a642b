import { didYouMean } from '@spt/core';
import type { StatementNode } from '../ast/ast';
import type { ArmInput, PhaseInput } from '../config/run-config-input';
import { PHASE_STATEMENTS } from '../syntax/forms';
import type { Lowering } from './lowering';
import { lowerCandidates } from './lower-candidates';
import { lowerCurriculum } from './lower-curriculum';
import { lowerObjective } from './lower-objective';
import { lowerLr } from './lower-settings';
import { lowerShape } from './lower-shape';
import { ValueReader } from './read-value';

type Named = Extract<StatementNode, { kind: 'phase' | 'arm' }>;

/** `phase <name> { steps: N; lr: ...; objective ...; candidates {..}; curriculum {..} }` */
export function lowerPhase(lo: Lowering, node: Named, path: string, extraSources: readonly string[]): PhaseInput {
  return lowerPhaseBody(lo, node, node.body, path, extraSources);
}

/** `arm <name> { phase ... }` or, for a single phase named after the arm, `arm <name> { steps: N; ... }` */
export function lowerArm(lo: Lowering, node: Named, path: string, extraSources: readonly string[]): ArmInput {
  lo.spans.set(path, node.name.range);
  lo.spans.set(`${path}.name`, node.name.range);
  const phases = node.body.filter((s): s is Named => s.kind === 'phase');
  const direct = node.body.filter((s) => s.kind !== 'phase');
  if (phases.length && direct.length) {
    lo.error('arm.mixed', `arm "${node.name.text}" mixes phase blocks with phase settings`, direct[0].range, {
      expected: 'either phase blocks only, or the settings of one phase (steps, objective, ...)',
      fix: 'move these settings into a phase block',
      path,
    });
  }
  const lowered = phases.length
    ? phases.map((p, i) => lowerPhase(lo, p, `${path}.phases.${i}`, extraSources))
    : [lowerPhaseBody(lo, node, direct, `${path}.phases.0`, extraSources)];
  return { name: node.name.text, phases: lowered };
}

function lowerPhaseBody(
  lo: Lowering,
  owner: Named,
  body: readonly StatementNode[],
  path: string,
  extraSources: readonly string[],
): PhaseInput {
  lo.spans.set(path, owner.name.range);
  lo.spans.set(`${path}.name`, owner.name.range);
  const out: Partial<PhaseInput> = { name: owner.name.text };
  const seen = new Map<string, StatementNode>();
  const read = new ValueReader(lo);
  const candidatesNode = body.find((s) => s.kind === 'candidates');
  const extras = [...extraSources];
  if (candidatesNode?.kind === 'candidates') {
    out.candidates = lowerCandidates(lo, candidatesNode, `${path}.candidates`);
    extras.push(...Object.keys(out.candidates.extra ?? {}));
  }
  for (const s of body) {
    const what = s.kind === 'setting' ? s.entry.key.text : s.kind === 'unknown' ? s.word.text : s.kind;
    if (!(PHASE_STATEMENTS as readonly string[]).includes(what)) {
      const range = s.kind === 'setting' ? s.entry.key.range : s.kind === 'unknown' ? s.word.range : s.keyword;
      lo.error('phase.statement', `"${what}" cannot be set in a ${owner.kind}`, range, {
        expected: `one of: ${PHASE_STATEMENTS.join(', ')}`,
        fix: didYouMean(what, PHASE_STATEMENTS) || `move "${what}" to the top level of the recipe`,
      });
      continue;
    }
    if (s.kind === 'shape') {
      const i = out.shapers?.length ?? 0;
      out.shapers = [...(out.shapers ?? []), lowerShape(lo, s, `${path}.shapers.${i}`)];
      continue;
    }
    const first = seen.get(what);
    if (first) {
      lo.error('phase.duplicate', `"${what}" is set twice in ${owner.kind} "${owner.name.text}"`, s.range, {
        expected: `${what} once per ${owner.kind}`,
        fix: `remove one of them (the first is on line ${first.range.start.line})`,
      });
      continue;
    }
    seen.set(what, s);
    if (s.kind === 'setting' && what === 'steps') {
      lo.spans.set(`${path}.steps`, s.entry.value.range);
      out.steps = read.number(s.entry.value, 'steps', { integer: true });
      if (out.steps === undefined) lo.reported.add(`${path}.steps`);
    } else if (s.kind === 'setting') {
      lo.spans.set(`${path}.lr`, s.entry.value.range);
      out.lr = lowerLr(lo, s.entry.value, `${path}.lr`);
    } else if (s.kind === 'objective') {
      out.objective = lowerObjective(lo, s, `${path}.objective`);
      if (!out.objective) lo.reported.add(`${path}.objective`);
    } else if (s.kind === 'curriculum') {
      out.curriculum = lowerCurriculum(lo, s, `${path}.curriculum`, extras);
    }
  }
  if (out.steps === undefined && !lo.reported.has(`${path}.steps`)) {
    lo.error('phase.steps', `${owner.kind} "${owner.name.text}" does not say how many steps it runs`, owner.name.range, {
      expected: 'steps: <n> in the block',
      fix: `add steps: <n> inside ${owner.kind} ${owner.name.text} { ... }`,
      path: `${path}.steps`,
    });
  }
  return { ...out, steps: out.steps ?? 0 } as PhaseInput;
}
