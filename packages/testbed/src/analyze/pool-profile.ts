import type { PoolLogRecord } from '@spt/core';
import type { World } from '../world/types';
import { analyzeContinuation } from './analyze';

/** Means over one group of logged candidates, as the testbed's evaluator reads their texts. */
export interface PoolProfileRow {
  group: string;
  candidates: number;
  /** Attributes of the document's person truly stated that the prefix had not stated. */
  newTrueClaims: number;
  falseClaims: number;
  /** Share of candidates that state no claim at all (true, false or garbled). */
  claimFree: number;
  /** Sentences with a defect. */
  defects: number;
  /** Share of candidates with an unsafe passage. */
  unsafe: number;
  tokens: number;
  reward: number;
}

/** The person of a testbed document id (`testbed-<seed>-<person>-<doc>`); undefined for others. */
export function personOfDocId(docId: string): number | undefined {
  const m = /^testbed-\d+-(\d+)-\d+$/.exec(docId);
  return m ? Number(m[1]) : undefined;
}

/**
 * What the candidates of logged pools say, by group: the chosen, the rejected and all candidates,
 * then the same per source. Answers "does the reward prefer saying less?": compare the chosen
 * group's claims with all candidates' (a candidate with no claim cannot state a false one). Pure.
 */
export function poolProfile(world: World, records: readonly PoolLogRecord[]): PoolProfileRow[] {
  const groups = new Map<string, Array<{ a: ReturnType<typeof analyzeContinuation>; tokens: number; reward: number | null }>>();
  const add = (group: string, item: { a: ReturnType<typeof analyzeContinuation>; tokens: number; reward: number | null }) => {
    const list = groups.get(group) ?? [];
    list.push(item);
    groups.set(group, list);
  };
  for (const r of records) {
    const person = personOfDocId(r.docId);
    r.candidates.forEach((c, i) => {
      const item = { a: analyzeContinuation(world, person, c.text, r.prefix), tokens: c.tokens, reward: c.reward };
      const roles = [...(i === r.chosen ? ['chosen'] : []), ...(i === r.rejected ? ['rejected'] : []), 'all'];
      for (const role of roles) {
        add(role, item);
        add(`${role} ${c.source}`, item);
      }
    });
  }
  const order = (g: string) => [['chosen', 'rejected', 'all'].indexOf(g.split(' ')[0]), g.includes(' ') ? 1 : 0, g] as const;
  return [...groups.entries()]
    .sort(([a], [b]) => {
      const [x, y] = [order(a), order(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
    })
    .map(([group, items]) => {
      const mean = (f: (x: (typeof items)[number]) => number) => items.reduce((s, x) => s + f(x), 0) / items.length;
      const rewarded = items.filter((x) => x.reward !== null);
      return {
        group,
        candidates: items.length,
        newTrueClaims: mean((x) => x.a.newTrueClaims),
        falseClaims: mean((x) => x.a.falseClaims),
        claimFree: mean((x) => (x.a.claims.length === 0 ? 1 : 0)),
        defects: mean((x) => x.a.defects),
        unsafe: mean((x) => (x.a.unsafe ? 1 : 0)),
        tokens: mean((x) => x.tokens),
        reward: rewarded.length ? rewarded.reduce((s, x) => s + (x.reward as number), 0) / rewarded.length : Number.NaN,
      };
    });
}
