import { SptError } from '@spt/core';

/**
 * A commander parser for a whole-number flag >= 1; a bad value is an SptError naming the flag,
 * what was expected and an example.
 */
export function wholeNumberOption(flag: string, o: { example: string; expected?: string; code?: string }) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new SptError({
        code: o.code ?? 'cli.option',
        what: `invalid ${flag}`,
        expected: o.expected ?? 'a whole number >= 1',
        got: value,
        fix: `e.g. ${flag} ${o.example}`,
      });
    }
    return n;
  };
}
