import type { EntryNode, StatementNode } from '../ast/ast';
import type { JudgeInput } from '../config/run-config-input';
import { sourceName } from './source-name';
import type { Lowering } from './lowering';
import { lowerOptions, pluginEntriesOf } from './lower-options';
import { ValueReader } from './read-value';

type JudgeNode = Extract<StatementNode, { kind: 'judge' }>;

/** Judge settings read by the core; every other key in the block is a plugin option. */
export const JUDGE_SETTINGS = ['samples', 'reference', 'pairing', 'order'] as const;

/** `judge <aspect> <plugin> [pairwise|pointwise] [reference original] { settings and plugin options }` */
export function lowerJudge(lo: Lowering, node: JudgeNode, index: number): JudgeInput {
  const base = `judges.${index}`;
  const read = new ValueReader(lo);
  lo.spans.set(base, node.range);
  lo.spans.set(`${base}.aspect`, node.aspect.range);
  lo.spans.set(`${base}.judge`, node.plugin.range);
  lo.spans.set(`${base}.judge.plugin`, node.plugin.range);
  lo.spans.set(`${base}.mode`, node.plugin.range);
  const out: JudgeInput = { aspect: node.aspect.text, judge: { plugin: node.plugin.text, options: {} } };
  for (const m of node.modifiers) {
    if (m.text === 'reference original') {
      out.reference = true;
      lo.spans.set(`${base}.reference`, m.range);
      continue;
    }
    if (out.mode && out.mode !== m.text) {
      lo.error('judge.mode-conflict', `a judge is either pairwise or pointwise, not both`, m.range, {
        expected: 'one of pairwise, pointwise',
        fix: `remove "${m.text}"`,
        path: `${base}.mode`,
      });
      continue;
    }
    out.mode = m.text;
    lo.spans.set(`${base}.mode`, m.range);
  }
  const pluginEntries: EntryNode[] = [];
  const seen = new Set<string>();
  for (const entry of node.options?.entries ?? []) {
    const key = entry.key.text;
    if (!(JUDGE_SETTINGS as readonly string[]).includes(key)) {
      pluginEntries.push(entry);
      continue;
    }
    if (seen.has(key)) {
      lo.error('option.duplicate', `option "${key}" is given twice`, entry.key.range, { expected: 'each option once', fix: 'remove one of them' });
      continue;
    }
    seen.add(key);
    lo.spans.set(`${base}.${key}`, entry.value.range);
    if (key === 'samples') out.samples = read.number(entry.value, key, { integer: true }) ?? out.samples;
    else if (key === 'order') out.order = read.word(entry.value, key, ['both', 'random']) ?? out.order;
    else if (key === 'reference') {
      const ref = read.word(entry.value, key, ['original', 'none']);
      if (ref) out.reference = ref === 'original';
    } else {
      out.pairing = pairing(lo, entry, `${base}.pairing`) ?? out.pairing;
    }
  }
  const options = lowerOptions(lo, undefined, `${base}.judge.options`, pluginEntriesOf(lo, pluginEntries));
  out.judge = { plugin: node.plugin.text, options };
  return out;
}

/** Confidence of `pairing: adaptive` when none is written. */
export const DEFAULT_ADAPTIVE_CONFIDENCE = 0.95;

/** `pairing: all`, `pairing: knockout`, `pairing: adaptive [<confidence>]` or `pairing: pivot <source>` */
function pairing(lo: Lowering, entry: EntryNode, path: string): JudgeInput['pairing'] | undefined {
  const atoms = entry.value.atoms;
  const head = atoms[0]?.kind === 'word' ? atoms[0].text : undefined;
  if (atoms.length === 1 && (head === 'all' || head === 'knockout')) return head;
  if (atoms.length === 2 && head === 'pivot' && atoms[1].kind === 'word') {
    return { pivot: sourceName(atoms[1].text) };
  }
  if (head === 'adaptive' && atoms.length <= 2) {
    const c = atoms.length === 1 ? DEFAULT_ADAPTIVE_CONFIDENCE : atoms[1].kind === 'number' ? atoms[1].value : NaN;
    if (c > 0.5 && c < 1) return { adaptive: { confidence: c } };
    lo.error('option.form', 'the confidence of pairing adaptive must be a number between 0.5 and 1 (exclusive)', atoms[1].range, {
      expected: 'a confidence such as 0.95 or 0.99',
      fix: `write pairing: adaptive (confidence ${DEFAULT_ADAPTIVE_CONFIDENCE}) or pairing: adaptive 0.99`,
      path,
    });
    return undefined;
  }
  lo.error('option.form', 'pairing must be "all", "knockout", "adaptive [<confidence>]" or "pivot <source>"', entry.value.range, {
    expected: 'pairing: all | knockout | adaptive | adaptive 0.99 | pivot original | pivot rewrite | pivot rollouts | pivot <source>',
    fix: 'write pairing: all (every pair, the paper), pairing: knockout (brackets for the best and worst, about 3n/2 pairs), pairing: adaptive (brackets whose matches race to a confident lead) or pairing: pivot original',
    path,
  });
  return undefined;
}
