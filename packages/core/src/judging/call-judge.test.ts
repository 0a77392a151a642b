import { describe, expect, it } from 'vitest';
import { SptError } from '../errors';
import type { Judgment } from '../spec/judge';
import { callSafely, validPointwise } from './call-judge';

const ctx = { seed: 1, sample: 0 };

describe('callSafely', () => {
  it('turns a thrown error into an abstention with the reason', async () => {
    const r = await callSafely<Judgment>(async () => { throw new Error('boom'); }, ctx, 0, validPointwise);
    expect(r).toEqual({ ok: false, reason: 'judge failed: boom' });
  });

  it('rethrows setup errors (bad key, unknown model) so the run stops instead of abstaining forever', async () => {
    const auth = new SptError({ code: 'completion.auth', what: 'the server refused the API key' });
    await expect(callSafely<Judgment>(async () => { throw auth; }, ctx, 0, validPointwise)).rejects.toBe(auth);
  });

  it('flags a score outside [0, 1]', async () => {
    const r = await callSafely<Judgment>(async () => ({ ok: true, score: 2 }), ctx, 0, validPointwise);
    expect(r).toEqual({ ok: false, reason: 'score 2 outside [0, 1]' });
  });
});
