import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileToy } from './__fixtures__/helpers';
import { RICH_RECIPE } from './__fixtures__/rich-recipe';
import { BASE_RECIPE } from './__fixtures__/toy-plugins';
import { formatDiagnostics } from './diagnostics/format-diagnostics';
import { formatRecipe } from './format/format-recipe';
import { lex } from './syntax/lexer';

/**
 * Fuzzing: thousands of mutated recipes (tokens deleted, duplicated, swapped or replaced; random
 * bytes; truncation; huge numbers; deep nesting). Every input must yield a RunConfig or
 * diagnostics, never an exception and never an internal error; the formatter must stay
 * idempotent and keep the meaning of whatever it formats.
 */
const SEEDS = [BASE_RECIPE, RICH_RECIPE];
/** Mutated recipes compiled in full; twice as many are parsed and formatted. SPT_FUZZ_RUNS scales both. */
const RUNS = Number(process.env.SPT_FUZZ_RUNS ?? 2000);

/** Token boundaries of a seed, so mutations act on whole tokens. */
const spans = SEEDS.map((text) => lex(text).tokens.map((t) => [t.startOffset, (t.endOffset ?? t.startOffset) + 1] as const));

const JUNK = ['{', '}', '(', ')', '[', ']', ':', ',', ';', '->', '..', '=', '"', '#', 'recipe', 'judge', 'phase', 'arm', 'steps', 'env(', 'linear(', 'if', 'then', 'else', 'not', '-', '\n', '\u0000', '\u{1F600}', '9'.repeat(400), '1e999', '-1e308', '0.0000001', '1_', '1..', '..2'];

type Mutation =
  | { op: 'delete' | 'duplicate'; at: number }
  | { op: 'swap'; at: number; with: number }
  | { op: 'replace'; at: number; junk: string }
  | { op: 'bytes'; pos: number; bytes: string }
  | { op: 'truncate'; pos: number }
  | { op: 'nest'; pos: number; open: string; depth: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), junk: fc.constantFrom(...JUNK) }),
  fc.record({ op: fc.constant('bytes' as const), pos: fc.nat(), bytes: fc.string({ unit: 'binary', maxLength: 12 }) }),
  fc.record({ op: fc.constant('truncate' as const), pos: fc.nat() }),
  fc.record({
    op: fc.constant('nest' as const),
    pos: fc.nat(),
    open: fc.constantFrom('(', '{', '[', 'not ', '- ', 'a: {', 'f('),
    depth: fc.integer({ min: 1, max: 3000 }),
  }),
);

function apply(text: string, tokens: ReadonlyArray<readonly [number, number]>, m: Mutation): string {
  const tok = (i: number) => tokens[i % tokens.length];
  const pos = (p: number) => p % (text.length + 1);
  switch (m.op) {
    case 'delete': {
      const [s, e] = tok(m.at);
      return text.slice(0, s) + text.slice(e);
    }
    case 'duplicate': {
      const [s, e] = tok(m.at);
      return text.slice(0, e) + ' ' + text.slice(s, e) + text.slice(e);
    }
    case 'swap': {
      const [a, b] = [tok(m.at), tok(m.with)].sort((x, y) => x[0] - y[0]);
      if (a[1] > b[0]) return text;
      return text.slice(0, a[0]) + text.slice(b[0], b[1]) + text.slice(a[1], b[0]) + text.slice(a[0], a[1]) + text.slice(b[1]);
    }
    case 'replace': {
      const [s, e] = tok(m.at);
      return text.slice(0, s) + m.junk + text.slice(e);
    }
    case 'bytes':
      return text.slice(0, pos(m.pos)) + m.bytes + text.slice(pos(m.pos));
    case 'truncate':
      return text.slice(0, pos(m.pos));
    case 'nest':
      return text.slice(0, pos(m.pos)) + m.open.repeat(m.depth) + text.slice(pos(m.pos));
  }
}

const mutated = fc
  .record({ seed: fc.nat({ max: SEEDS.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) })
  .map(({ seed, mutations }) => {
    // Offsets refer to the seed; after the first edit they are approximate, which is fine for fuzzing.
    return mutations.reduce((text, m) => apply(text, spans[seed], m), SEEDS[seed]);
  });

describe('robustness under random mutations', () => {
  it('the seeds are valid recipes', () => {
    for (const seed of SEEDS) expect(compileToy(seed).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it(`${RUNS} mutated recipes: a RunConfig or diagnostics, never an exception`, () => {
    let configs = 0;
    fc.assert(
      fc.property(mutated, (text) => {
        const result = compileToy(text);
        expect(result.diagnostics.filter((d) => d.code === 'internal.error')).toEqual([]);
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        expect(result.config === undefined).toBe(errors.length > 0);
        if (result.config) configs++;
        for (const d of result.diagnostics) {
          expect(d.range.start.line).toBeGreaterThanOrEqual(1);
          expect(d.range.start.column).toBeGreaterThanOrEqual(1);
          expect(d.message.length).toBeGreaterThan(0);
        }
        expect(typeof formatDiagnostics(result.diagnostics, text, 'fuzz.spt')).toBe('string');
      }),
      { numRuns: RUNS, seed: 20260601 },
    );
    // Some mutations (a duplicated comma, a swapped pair of values) keep a recipe valid.
    expect(configs).toBeGreaterThan(0);
  });

  it(`${RUNS * 2} mutated recipes: parsing never throws; formatting is idempotent and keeps the meaning`, () => {
    let formatted = 0;
    fc.assert(
      fc.property(mutated, (text) => {
        const once = formatRecipe(text);
        expect(once.diagnostics.filter((d) => d.code === 'internal.error')).toEqual([]);
        expect(once.text === undefined).toBe(once.diagnostics.length > 0);
        if (once.text === undefined) return;
        formatted++;
        expect(formatRecipe(once.text).text).toBe(once.text);
        const before = compileToy(text);
        const after = compileToy(once.text);
        expect(after.config).toEqual(before.config);
        expect(after.diagnostics.map((d) => d.code)).toEqual(before.diagnostics.map((d) => d.code));
      }),
      { numRuns: RUNS * 2, seed: 20260602 },
    );
    expect(formatted).toBeGreaterThan(0);
  });
});
