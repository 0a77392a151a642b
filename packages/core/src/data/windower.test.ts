import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { createByteTokenizer } from '../testing/byte-tokenizer';
import { createRandomSplitWindower, drawSplitPoints, splitRange } from './windower';

const opts = { k: 4, prefixMin: 2, prefixMax: 6, perDocument: 1 };

describe('splitRange', () => {
  it('starts at prefix_min and leaves room for the K-token suffix', () => {
    expect(splitRange(20, opts)).toEqual([2, 16]);
    expect(splitRange(8, opts)).toEqual([2, 4]);
    expect(splitRange(5, opts)).toBeUndefined();
    expect(splitRange(6, opts)).toEqual([2, 2]);
  });
});

describe('drawSplitPoints', () => {
  it('is uniform over the range', () => {
    const rng = createRng(1);
    const counts = new Map<number, number>();
    for (let i = 0; i < 6000; i++) {
      const [s] = drawSplitPoints(10, 15, 1, rng);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15]);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });
  it('draws distinct points, all of them when the range is small', () => {
    const rng = createRng(2);
    const s = drawSplitPoints(0, 99, 30, rng);
    expect(new Set(s).size).toBe(30);
    expect(drawSplitPoints(3, 5, 10, rng).sort()).toEqual([3, 4, 5]);
  });
});

describe('random-split windower', () => {
  const tok = createByteTokenizer();
  it('cuts a prefix and an exactly K-token suffix, seeded', () => {
    const w = createRandomSplitWindower();
    const doc = { id: 'd1', text: 'abcdefghijklmnop', meta: { x: 1 } };
    const a = w.windows(doc, tok, { ...opts, perDocument: 3 }, createRng(5));
    const b = w.windows(doc, tok, { ...opts, perDocument: 3 }, createRng(5));
    expect(a).toEqual(b);
    expect(a).toHaveLength(3);
    for (const win of a) {
      expect(win.suffixTokens).toHaveLength(4);
      const at = doc.text.indexOf(win.prefix + win.suffix);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(win.prefixTokens.length).toBeGreaterThanOrEqual(2);
      expect(win.prefixTokens.length).toBeLessThanOrEqual(6);
      // a prefix shorter than prefix_max starts at the document's start
      if (win.prefixTokens.length < 6) expect(at).toBe(0);
      expect(win.meta).toEqual({ x: 1 });
    }
    expect(w.windows({ id: 'short', text: 'abc' }, tok, opts, createRng(1))).toEqual([]);
  });
  it('a task document (meta.split_at) gives one window at its prompt boundary: the answer is the suffix', () => {
    const w = createRandomSplitWindower();
    const doc = { id: 't', text: 'xyzQuestion: capital? Paris is it', meta: { split_at: 21, answer: 'Paris' } };
    const [win, ...more] = w.windows(doc, tok, opts, createRng(1));
    expect(more).toEqual([]);
    expect(win.prefix).toBe('pital?');
    expect(win.prefixTokens).toHaveLength(6);
    expect(win.suffix).toBe(' Par');
    expect(win.meta).toEqual(doc.meta);
    expect(w.windows({ ...doc, meta: { split_at: 0 } }, tok, opts, createRng(1)).length).toBeLessThanOrEqual(1);
  });

  it('uses a long document all along its length, prefixes capped at prefix_max', () => {
    const w = createRandomSplitWindower();
    const text = Array.from({ length: 90 }, (_, i) => String.fromCharCode(33 + i)).join('');
    const ends = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      const [win] = w.windows({ id: 'long', text }, tok, opts, createRng(seed));
      const at = text.indexOf(win.prefix + win.suffix, 0);
      expect(win.prefixTokens.length).toBe(Math.min(6, at + win.prefixTokens.length));
      ends.add(at + win.prefixTokens.length + 4);
    }
    expect(Math.max(...ends)).toBe(text.length);
  });
});
