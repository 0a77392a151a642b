/**
 * Adaptive pairing's calibration: how often the pairwise judge contradicts itself, estimated from
 * first-round verdicts, and the lead a racing match needs under that error rate. A step's pools
 * share one estimate (`stepCalibration`): one pool's first round holds only a few split matches,
 * the step's sixteen or so hold enough to tell a judge that flips 15% of its verdicts from one
 * that flips 6%.
 */

/** The estimated verdict error rate and the margin every match races to. */
export interface RaceEstimate {
  errorRate: number;
  margin: number;
}

/** One pool's view of a calibration (see `knockout`'s `race`). */
export interface RaceCalibration {
  /**
   * A first-round match announces itself before its verdicts arrive; it gets the callback for its
   * first verdicts (true when a verdict favours the match's lower unit, undefined for a tie or an
   * abstention), or undefined once the pool's first round is closed.
   */
  register(): ((verdicts: ReadonlyArray<boolean | undefined>) => void) | undefined;
  /** The pool's first round has started: later matches of this pool wait for the margin. */
  close(): void;
  /** Settles once every pool sharing the calibration has closed and each registered match reported. */
  margin: Promise<RaceEstimate>;
}

/**
 * The margin a racing match needs: the smallest m (at most 4) with (e / (1 - e))^m <= (1 - c) / c,
 * i.e. after a lead of m verdicts the leader is the better unit with odds of at least c : 1 - c when
 * each verdict is wrong independently with chance e (the sequential probability ratio test of a
 * coin with bias 1 - e). e = 0 needs a margin of 1. Pure.
 */
export function raceMargin(errorRate: number, confidence: number): number {
  const e = Math.min(Math.max(errorRate, 0), 0.45);
  if (e === 0) return 1;
  const need = Math.log((1 - confidence) / confidence);
  const per = Math.log(e / (1 - e));
  return Math.min(4, Math.max(1, Math.ceil(need / per - 1e-9)));
}

/**
 * The judge's verdict error rate from disagreements: among pairs of decided verdicts on the same
 * match, a share s disagree; with independent errors at rate e, s = 2e(1 - e), so
 * e = (1 - sqrt(1 - 2s)) / 2. A prior of one disagreement in ten pairs keeps a few verdicts from
 * claiming a perfect judge. Pure.
 */
export function errorRateFromDisagreement(disagreeing: number, pairs: number): number {
  const s = Math.min(0.5, (disagreeing + 1) / (pairs + 10));
  return (1 - Math.sqrt(1 - 2 * s)) / 2;
}

/** Disagreeing pairs among a match's first decided verdicts, and all pairs of them. */
export function disagreements(verdicts: ReadonlyArray<boolean | undefined>): { disagreeing: number; pairs: number } {
  const decided = verdicts.filter((v): v is boolean => v !== undefined);
  const forLower = decided.filter(Boolean).length;
  return { disagreeing: forLower * (decided.length - forLower), pairs: (decided.length * (decided.length - 1)) / 2 };
}

/**
 * A calibration shared by `pools` pools: each joins once (`join()`) and closes its own first round;
 * the estimate pools every first-round verdict of all of them. Only the set of first verdicts counts,
 * never their arrival order, so a run stays deterministic whatever order a server answers in.
 * A pool with nothing to race (fewer than two units) still joins and closes.
 */
export function stepCalibration(confidence: number, pools: number): { join(): RaceCalibration } {
  let joined = 0;
  let closed = 0;
  let registered = 0;
  let reported = 0;
  let disagreeing = 0;
  let pairs = 0;
  let resolve!: (r: RaceEstimate) => void;
  const margin = new Promise<RaceEstimate>((r) => (resolve = r));
  const settle = () => {
    if (closed < pools || reported < registered) return;
    const errorRate = errorRateFromDisagreement(disagreeing, pairs);
    resolve({ errorRate, margin: raceMargin(errorRate, confidence) });
  };
  return {
    join(): RaceCalibration {
      if (++joined > pools) throw new Error(`calibration shared by ${pools} pools was joined ${joined} times`);
      let open = true;
      return {
        margin,
        register() {
          if (!open) return undefined;
          registered++;
          let done = false;
          return (verdicts) => {
            if (done) return;
            done = true;
            const d = disagreements(verdicts);
            disagreeing += d.disagreeing;
            pairs += d.pairs;
            reported++;
            settle();
          };
        },
        close() {
          if (!open) return;
          open = false;
          closed++;
          settle();
        },
      };
    },
  };
}

/** One pool's own calibration (what a pool judged alone uses). */
export function poolCalibration(confidence: number): RaceCalibration {
  return stepCalibration(confidence, 1).join();
}
