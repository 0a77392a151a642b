import { describe, expect, it } from 'vitest';
import { judgePrefix } from './judge-prefix';

describe('judgePrefix', () => {
  it('reads meta.judge_prefix where a task document names one', () => {
    expect(judgePrefix('Rewrite the ending ...', { judge_prefix: 'Ada was born in' })).toBe('Ada was born in');
  });
  it('keeps the window prefix otherwise, and ignores a judge_prefix that is not a string', () => {
    expect(judgePrefix('Ada was born in', undefined)).toBe('Ada was born in');
    expect(judgePrefix('Ada was born in', { person: 'Ada' })).toBe('Ada was born in');
    expect(judgePrefix('Ada was born in', { judge_prefix: 3 })).toBe('Ada was born in');
  });
});
