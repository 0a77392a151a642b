import { describe, expect, it } from 'vitest';
import { disagreements, errorRateFromDisagreement, poolCalibration, raceMargin, stepCalibration } from './calibration';

describe('racing calibration', () => {
  it('raceMargin: the lead whose odds reach the confidence (sequential test), 1 for a perfect judge, at most 4', () => {
    expect(raceMargin(0, 0.99)).toBe(1);
    expect(raceMargin(0.05, 0.95)).toBe(1); // 0.05/0.95 = 0.053 <= 0.05/0.95
    expect(raceMargin(0.1, 0.95)).toBe(2); // (1/9)^1 = 0.111 > 0.0526, (1/9)^2 = 0.012
    expect(raceMargin(0.15, 0.99)).toBe(3); // (0.176)^2 = 0.031 > 0.0101, ^3 = 0.0055
    expect(raceMargin(0.4, 0.99)).toBe(4);
  });

  it('errorRateFromDisagreement inverts s = 2e(1 - e), with a prior of 1 disagreement in 10 pairs', () => {
    expect(errorRateFromDisagreement(0, 0)).toBeCloseTo((1 - Math.sqrt(0.8)) / 2, 12);
    // 1000 pairs disagreeing at 2 * 0.15 * 0.85 = 0.255 give back about 0.15
    expect(errorRateFromDisagreement(255, 1000)).toBeCloseTo(0.15, 2);
  });

  it('disagreements counts split pairs among decided verdicts only', () => {
    expect(disagreements([true, false])).toEqual({ disagreeing: 1, pairs: 1 });
    expect(disagreements([true, true, false, undefined])).toEqual({ disagreeing: 2, pairs: 3 });
    expect(disagreements([undefined, false])).toEqual({ disagreeing: 0, pairs: 0 });
  });

  it('a step calibration settles only when every pool has closed and every registered match reported, from all of their verdicts', async () => {
    const shared = stepCalibration(0.95, 2);
    const [p, q] = [shared.join(), shared.join()];
    let settled = false;
    void p.margin.then(() => (settled = true));
    const fromP = p.register()!;
    p.close();
    expect(p.register()).toBeUndefined(); // a closed pool registers no more first-round matches
    fromP([true, false]);
    await Promise.resolve();
    expect(settled).toBe(false); // q has not closed
    const fromQ = q.register()!;
    q.close();
    await Promise.resolve();
    expect(settled).toBe(false); // q's match has not reported
    fromQ([false, false]);
    const estimate = await q.margin;
    expect(settled).toBe(true);
    expect(estimate.errorRate).toBeCloseTo(errorRateFromDisagreement(1, 2), 12);
    expect(await p.margin).toEqual(estimate);
  });

  it('joining more often than the pools it was made for is a contract error; a pool alone is a step of one', async () => {
    const shared = stepCalibration(0.95, 1);
    shared.join();
    expect(() => shared.join()).toThrow(/joined 2 times/);
    const alone = poolCalibration(0.95);
    alone.close();
    expect(await alone.margin).toEqual({ errorRate: errorRateFromDisagreement(0, 0), margin: raceMargin(errorRateFromDisagreement(0, 0), 0.95) });
  });
});
