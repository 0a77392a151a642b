import type { z } from 'zod';
import type { PluginManifest } from '../spec/plugin';

/** One problem with a plugin's options, ready for a diagnostic. */
export interface OptionIssue {
  /** Dotted path inside the options, e.g. `layers` or `sampling.top_p`; '' for the whole object. */
  path: string;
  message: string;
  expected?: string;
  got?: string;
}

export type OptionsResult<O> = { ok: true; value: O } | { ok: false; issues: OptionIssue[] };

/** Describes a value for a message: `string "four"`, `number 3`, `array`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** Validates options against a manifest's zod schema; issues name the path, expected and got. */
export function validateOptions<O>(manifest: PluginManifest<O>, options: unknown): OptionsResult<O> {
  const parsed = (manifest.options as z.ZodType<O>).safeParse(options ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues: OptionIssue[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          path: [...issue.path, key].join('.'),
          message: `unknown option "${key}" for ${manifest.name}`,
          expected: `one of the options of ${manifest.name}`,
          got: key,
        });
      }
      continue;
    }
    const path = issue.path.map(String).join('.');
    const got = describeValue(valueAt(options ?? {}, issue.path));
    const expected = 'expected' in issue && typeof issue.expected === 'string' ? issue.expected : undefined;
    issues.push({ path, message: issue.message, expected, got });
  }
  return { ok: false, issues };
}
