import { describe, expect, it } from 'vitest';
import { lastWords, matchLeadingSpace, stripSeed, unwrap } from './seed-words';

describe('seed words', () => {
  it('takes the last five words of the prefix', () => {
    expect(lastWords('One two three four five six seven.', 5)).toBe('three four five six seven.');
    expect(lastWords('  Just  two ', 5)).toBe('Just two');
  });

  it.each([
    ['three four five six seven. And then it rained.', ' And then it rained.'],
    ['"Three four five six seven. And then', ' And then'],
    ['six seven. And then', ' And then'],
    ['Something else entirely.', 'Something else entirely.'],
    ['seven. alone', 'seven. alone'],
  ])('strips the seed from %j', (out, want) => {
    expect(stripSeed(out, 'three four five six seven.').text).toBe(want);
  });

  it('cuts inside a word when the prefix ended mid-word', () => {
    expect(stripSeed('born in Ada Lovelace was', 'was born in Ada Love')).toEqual({ text: 'lace was', stripped: true });
  });

  it('matches the original suffix’s leading space and unwraps fences and quotes', () => {
    expect(matchLeadingSpace('in London', ' in Paris')).toBe(' in London');
    expect(matchLeadingSpace('  lace was', 'lace is')).toBe('lace was');
    expect(unwrap('```\nThe text.\n```')).toBe('The text.');
    expect(unwrap('"The text."')).toBe('The text.');
    expect(unwrap('He said "hi" and left.')).toBe('He said "hi" and left.');
  });
});
