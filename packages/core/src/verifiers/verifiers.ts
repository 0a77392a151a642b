import { z } from 'zod';
import type { Judgment, PointwiseInput, PointwiseJudge } from '../spec/judge';
import { definePlugin } from '../spec/plugin';

/**
 * Verifiers: rewards computed without a model, for tasks whose answers are known (GRPO on
 * verifiable tasks, judge and rewriter training). Each is a pointwise judge (score 1 or 0), so it
 * plugs into `judge <aspect> verify.<name> { ... }`, the reward expression, the pool log and the
 * judged eval suite unchanged. A verifier that cannot decide (the label it compares against is
 * missing) abstains: the sample is left out, never scored 0. A policy answer that does not parse is
 * a wrong answer (0), not an abstention.
 */

const label = (input: PointwiseInput, field: string): string | undefined => {
  const v = input.meta?.[field];
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
};
const missing = (field: string): Judgment => ({ ok: false, reason: `no label: the document's meta has no "${field}" (string or number)` });
const verdict = (ok: boolean, raw?: string): Judgment => ({ ok: true, score: ok ? 1 : 0, ...(raw === undefined ? {} : { raw }) });

function verifier(name: string, version: string, decide: (input: PointwiseInput) => Judgment): PointwiseJudge {
  return { kind: 'pointwise', name, version, judge: async (input) => decide(input) };
}

const norm = (s: string, caseless: boolean) => {
  const t = s.trim().replace(/\s+/g, ' ');
  return caseless ? t.toLowerCase() : t;
};

interface ExactOptions {
  field: string;
  match: 'prefix' | 'whole';
  case: 'sensitive' | 'insensitive';
}

/** 1 when the continuation (whitespace-normalised) is, or starts with, the label `meta[field]`. */
export function createExactVerifier(o: ExactOptions): PointwiseJudge {
  return verifier('verify.exact', '1', (input) => {
    const want = label(input, o.field);
    if (want === undefined) return missing(o.field);
    const got = norm(input.candidate, o.case === 'insensitive');
    const target = norm(want, o.case === 'insensitive');
    return verdict(o.match === 'whole' ? got === target : got === target || got.startsWith(`${target}`) && !/[\p{L}\p{N}]/u.test(got.charAt(target.length)));
  });
}

interface RegexOptions {
  pattern: string;
  flags: string;
}

/** 1 when the continuation matches `pattern` (JavaScript syntax; `flags` e.g. "i"). */
export function createRegexVerifier(o: RegexOptions): PointwiseJudge {
  const re = new RegExp(o.pattern, o.flags.replace('g', ''));
  return verifier('verify.regex', '1', (input) => verdict(re.test(input.candidate)));
}

interface JsonFieldOptions {
  key: string;
  field: string;
}

/** 1 when the continuation's first JSON object has `key` equal to the label `meta[field]`. */
export function createJsonFieldVerifier(o: JsonFieldOptions): PointwiseJudge {
  return verifier('verify.json_field', '1', (input) => {
    const want = label(input, o.field);
    if (want === undefined) return missing(o.field);
    const start = input.candidate.indexOf('{');
    const end = input.candidate.indexOf('}', start);
    if (start < 0 || end < 0) return verdict(false, 'no JSON object');
    try {
      const value = (JSON.parse(input.candidate.slice(start, end + 1)) as Record<string, unknown>)[o.key];
      return verdict(value !== undefined && value !== null && String(value) === want);
    } catch {
      return verdict(false, 'not valid JSON');
    }
  });
}

const pointwise = { modes: ['pointwise' as const] };

export const exactVerifierPlugin = definePlugin<PointwiseJudge, ExactOptions>({
  manifest: {
    name: 'verify.exact',
    kind: 'judge',
    version: '0.1.0',
    description: 'verifier (no model): 1 when the continuation is, or begins with, the label in the document meta field, else 0; abstains without a label',
    judge: pointwise,
    options: z.strictObject({
      field: z.string().min(1).default('answer'),
      match: z.enum(['prefix', 'whole']).default('prefix'),
      case: z.enum(['sensitive', 'insensitive']).default('sensitive'),
    }),
  },
  create: (o) => createExactVerifier(o),
});

export const regexVerifierPlugin = definePlugin<PointwiseJudge, RegexOptions>({
  manifest: {
    name: 'verify.regex',
    kind: 'judge',
    version: '0.1.0',
    description: 'verifier (no model): 1 when the continuation matches a regular expression, else 0',
    judge: pointwise,
    options: z.strictObject({
      pattern: z.string().min(1).refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'a valid JavaScript regular expression'),
      flags: z.string().regex(/^[imsu]*$/, 'flags among i, m, s, u').default(''),
    }),
  },
  create: (o) => createRegexVerifier(o),
});

export const jsonFieldVerifierPlugin = definePlugin<PointwiseJudge, JsonFieldOptions>({
  manifest: {
    name: 'verify.json_field',
    kind: 'judge',
    version: '0.1.0',
    description: "verifier (no model): 1 when the continuation's first JSON object has `key` equal to the label in the document meta field, else 0; abstains without a label",
    judge: pointwise,
    options: z.strictObject({ key: z.string().min(1), field: z.string().min(1).default('answer') }),
  },
  create: (o) => createJsonFieldVerifier(o),
});
