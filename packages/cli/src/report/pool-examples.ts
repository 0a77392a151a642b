import type { PoolLogRecord } from '@spt/core';

type Candidate = PoolLogRecord['candidates'][number];

/** One line of text: newlines shown as ⏎, cut to `max` characters from the start or the end. */
function oneLine(text: string, max: number, keep: 'start' | 'end'): string {
  const flat = text.replace(/\r?\n/g, ' ⏎ ');
  if (flat.length <= max) return flat;
  return keep === 'start' ? `${flat.slice(0, max)}…` : `…${flat.slice(flat.length - max)}`;
}

const reward = (c: Candidate) => (c.reward === null ? 'no reward' : `reward ${c.reward.toFixed(2)}`);
const scores = (c: Candidate) =>
  Object.entries(c.scores)
    .map(([aspect, s]) => `${aspect} ${s === null ? '-' : s.toFixed(2)}`)
    .join(', ');

/**
 * A few pools from the pool log per source of the chosen candidate (pure): for each source, the
 * last `perSource` pools whose chosen candidate came from it, with the end of the prefix, the
 * chosen and the rejected text, their rewards and aspect scores. Empty when no pool was used.
 */
export function poolExamples(pools: readonly PoolLogRecord[], perSource = 2): string[] {
  const used = pools.filter((p) => p.chosen !== undefined);
  if (used.length === 0) return [];
  const bySource = new Map<string, PoolLogRecord[]>();
  for (const p of used) {
    const source = p.candidates[p.chosen!].source;
    bySource.set(source, [...(bySource.get(source) ?? []), p]);
  }
  const out = [
    `${used.length} of ${pools.length} logged pools gave a training pair; the last ${perSource} per source of the chosen candidate are shown (all of them: \`spt inspect <run folder> --source <source>\`).`,
    '',
  ];
  for (const [source, list] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`### Chosen: ${source} (${list.length} of ${used.length} pools)`, '');
    for (const p of list.slice(-perSource)) {
      const chosen = p.candidates[p.chosen!];
      const rejected = p.rejected === undefined ? undefined : p.candidates[p.rejected];
      const against = rejected ? ` over the ${rejected.source} (${reward(rejected)})` : '';
      out.push(`Step ${p.step}${p.arm ? `, arm ${p.arm}` : ''}, document \`${p.docId}\`: the ${chosen.source} (${reward(chosen)}; ${scores(chosen)})${against}.`, '');
      out.push('```text', `prefix    ${oneLine(p.prefix, 160, 'end')}`, `chosen    ${oneLine(chosen.text, 240, 'start')}`);
      if (rejected) out.push(`rejected  ${oneLine(rejected.text, 240, 'start')}`);
      out.push('```', '');
    }
  }
  return out;
}
