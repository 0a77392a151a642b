/** A played match between units `a` and `b`: its winner, none when level (a coin settled it), `abstained` when no verdict came. */
export interface PlayedMatch {
  a: number;
  b: number;
  winner?: number;
  abstained?: true;
}

/**
 * Bradley-Terry strengths from bracket matches (Hunter's minorise-maximise iteration): unit i beats
 * unit j with chance s_i / (s_i + s_j). Each unit also plays `prior` won and `prior` lost virtual
 * matches against a unit of strength 1, so a unit that won (or lost) every match keeps a finite
 * strength and few matches say little. A level match counts half a win each way; an abstained
 * match does not count. Units with no counted match get undefined. Pure and deterministic.
 */
export function bradleyTerry(n: number, matches: readonly PlayedMatch[], prior = 0.5, maxIterations = 2000): Array<number | undefined> {
  const wins = new Array<number>(n).fill(prior);
  const games: Array<Map<number, number>> = Array.from({ length: n }, () => new Map());
  const played = new Array<boolean>(n).fill(false);
  for (const m of matches) {
    if (m.abstained) continue;
    played[m.a] = played[m.b] = true;
    games[m.a].set(m.b, (games[m.a].get(m.b) ?? 0) + 1);
    games[m.b].set(m.a, (games[m.b].get(m.a) ?? 0) + 1);
    if (m.winner === undefined) {
      wins[m.a] += 0.5;
      wins[m.b] += 0.5;
    } else wins[m.winner] += 1;
  }
  let s = new Array<number>(n).fill(1);
  // Until no strength moves by a billionth of itself (a bracket of 18 takes a few hundred rounds).
  for (let it = 0, moved = Infinity; it < maxIterations && moved > 1e-9; it++) {
    const next = s.map((si, i) => {
      if (!played[i]) return si;
      let denom = (2 * prior) / (si + 1); // the virtual matches against strength 1
      for (const [j, count] of games[i]) denom += count / (si + s[j]);
      return wins[i] / denom;
    });
    moved = Math.max(...next.map((v, i) => Math.abs(v - s[i]) / s[i]));
    s = next;
  }
  return s.map((si, i) => (played[i] ? si : undefined));
}

/**
 * Bracket scores on the all-pairs scale: each unit's expected share of wins against every other unit
 * that played, from its Bradley-Terry strength. All pairs scores a unit by its share of wins against
 * every other candidate; a bracket plays far fewer matches, and a plain share of matches won
 * ignores whom they were against (losing to the pool's best says less than losing to its worst).
 * The strengths weigh each result by the opponent, so the bracket's champion and last loser keep the
 * top and bottom places, and a unit's score can be added to pointwise scores as all pairs' is.
 * Undefined for a unit with no counted match. Pure.
 */
export function bracketScores(n: number, matches: readonly PlayedMatch[]): Array<number | undefined> {
  const s = bradleyTerry(n, matches);
  const known = s.flatMap((v, i) => (v === undefined ? [] : [i]));
  return s.map((si, i) => {
    if (si === undefined) return undefined;
    const others = known.filter((j) => j !== i);
    if (others.length === 0) return 0.5;
    return others.reduce((sum, j) => sum + si / (si + s[j]!), 0) / others.length;
  });
}
