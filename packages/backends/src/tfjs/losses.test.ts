import { describe, expect, it } from 'vitest';
import { dpoBatchLoss, dpoPairLoss, logSigmoid } from './losses';

describe('DPO maths', () => {
  it('equals hand-computed values', () => {
    // margin = 0.1 * ((-10 + 11) - (-12 + 11)) = 0.2 ; -log sigmoid(0.2) = log(1 + e^-0.2)
    expect(dpoPairLoss(0.1, -10, -12, -11, -11)).toBeCloseTo(0.5981388693815918, 12);
    expect(dpoPairLoss(0.5, -3, -3, -3, -3)).toBeCloseTo(Math.LN2, 12);
    // two pairs, mean DPO + 0.5 * NLL per chosen token: chosen tokens 4 + 6, chosen logp -10 - 20
    const loss = dpoBatchLoss(0.1, 0.5, [
      { pc: -10, pr: -12, rc: -11, rr: -11, chosenTokens: 4 },
      { pc: -20, pr: -15, rc: -18, rr: -16, chosenTokens: 6 },
    ]);
    // pair 2: margin 0.1 * ((-20 + 18) - (-15 + 16)) = -0.3 -> log(1 + e^0.3) = 0.8543552444685888
    expect(loss).toBeCloseTo((0.5981388693815918 + 0.8543552444685888) / 2 + 0.5 * (30 / 10), 12);
  });

  it('is stable for large margins', () => {
    expect(logSigmoid(1000)).toBe(-0);
    expect(logSigmoid(-1000)).toBe(-1000);
    expect(dpoPairLoss(1, -1000, 0, 0, 0)).toBe(1000);
  });
});
