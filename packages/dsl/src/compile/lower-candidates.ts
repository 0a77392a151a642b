import type { CandidateItemNode, EntryNode, StatementNode } from '../ast/ast';
import type { CandidatesInput } from '../config/run-config-input';
import { eachEntry } from './each-entry';
import type { Lowering } from './lowering';
import { lowerOptions, pluginEntriesOf } from './lower-options';
import { ValueReader } from './read-value';

type CandidatesNode = Extract<StatementNode, { kind: 'candidates' }>;

/** Names a recipe cannot give to an extra source. */
const RESERVED = ['original', 'rewrite', 'rollout', 'rollouts'];

/**
 * `candidates { original; rewrite <plugin> {..}; rollouts <n> {..}; source <name> <plugin> {..} }`:
 * the block lists the whole pool, so a source that is not listed is off.
 */
export function lowerCandidates(lo: Lowering, node: CandidatesNode, base: string): CandidatesInput {
  const out: CandidatesInput = { original: false };
  const seen = new Map<string, CandidateItemNode>();
  lo.spans.set(base, node.keyword);
  for (const item of node.items) {
    const id = item.kind === 'source' ? `source ${item.name.text}` : item.kind;
    const first = seen.get(id);
    if (first) {
      lo.error('candidates.duplicate', `${id} is listed twice`, item.range, {
        expected: 'each source once',
        fix: `remove one of them (the first is on line ${first.range.start.line})`,
      });
      continue;
    }
    seen.set(id, item);
    lowerItem(lo, item, base, out);
  }
  return out;
}

/** `fit: keep | pad_eos | drop` is read by the core; the other keys go to the rewriter plugin. */
function pluginEntries(lo: Lowering, item: Extract<CandidateItemNode, { kind: 'rewrite' }>, base: string, out: CandidatesInput): EntryNode[] {
  const rest: EntryNode[] = [];
  for (const entry of item.options?.entries ?? []) {
    if (entry.key.text !== 'fit') {
      rest.push(entry);
      continue;
    }
    lo.spans.set(`${base}.rewriteFit`, entry.value.range);
    out.rewriteFit = new ValueReader(lo).word(entry.value, 'fit', ['keep', 'pad_eos', 'drop']) ?? out.rewriteFit;
  }
  return pluginEntriesOf(lo, rest);
}

function lowerItem(lo: Lowering, item: CandidateItemNode, base: string, out: CandidatesInput): void {
  switch (item.kind) {
    case 'original':
      out.original = true;
      lo.spans.set(`${base}.original`, item.range);
      return;
    case 'rewrite':
      lo.spans.set(`${base}.rewrite`, item.range);
      lo.spans.set(`${base}.rewrite.plugin`, item.plugin.range);
      out.rewrite = { plugin: item.plugin.text, options: lowerOptions(lo, undefined, `${base}.rewrite.options`, pluginEntries(lo, item, base, out)) };
      return;
    case 'rollouts': {
      const read = new ValueReader(lo);
      lo.spans.set(`${base}.rollouts`, item.range);
      lo.spans.set(`${base}.rollouts.n`, item.n.range);
      const n = read.numberAtom(item.n, 'rollouts', { integer: true });
      const rollouts: NonNullable<CandidatesInput['rollouts']> = { n: n ?? 1 };
      const paths = { temperature: `${base}.rollouts.temperature`, top_p: `${base}.rollouts.topP` };
      eachEntry(lo, item.options, 'rollouts', ['temperature', 'top_p'], paths, (entry, key) => {
        const v = read.number(entry.value, key);
        if (v === undefined) return;
        if (key === 'temperature') rollouts.temperature = v;
        else rollouts.topP = v;
      });
      if (n !== undefined) out.rollouts = rollouts;
      return;
    }
    case 'source': {
      const name = item.name.text;
      if (RESERVED.includes(name)) {
        lo.error('candidates.reserved', `"${name}" is a built-in source and cannot name an extra source`, item.name.range, {
          expected: `a new name (not ${RESERVED.join(', ')})`,
          fix: name === 'rewrite' ? 'write: rewrite <plugin> { ... }' : `rename it, e.g. source my_${name} ${item.plugin.text}`,
        });
        return;
      }
      const at = `${base}.extra.${name}`;
      lo.spans.set(at, item.range);
      lo.spans.set(`${at}.plugin`, item.plugin.range);
      out.extra = { ...out.extra, [name]: { plugin: item.plugin.text, options: lowerOptions(lo, item.options, `${at}.options`) } };
    }
  }
}
