import type { PluginManifest } from '@spt/core';

/** A JSON Schema node, as zod 4's toJSONSchema writes one (only the fields spt reads). */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
}

/** One option of a plugin as a recipe writer sees it. */
export interface OptionRow {
  /** Dotted for nested objects, e.g. `sampling.top_p`. */
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  description?: string;
}

/**
 * The options schema of a manifest as JSON Schema (input view: options with defaults are not
 * required). Uses the schema's own `toJSONSchema` so a plugin built against another zod 4 copy
 * still describes itself. Undefined when the schema cannot describe itself.
 */
export function optionsJsonSchema(manifest: PluginManifest): JsonSchema | undefined {
  const schema = manifest.options as { toJSONSchema?: (o: object) => JsonSchema };
  if (typeof schema.toJSONSchema !== 'function') return undefined;
  const json = schema.toJSONSchema({ io: 'input', unrepresentable: 'any' });
  delete (json as Record<string, unknown>).$schema;
  return json;
}

/** A short type text: `integer 1..8`, `"word" | "substring"`, `list of string`. */
export function describeType(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return alternatives.map(describeType).join(' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : s.type ?? 'any';
  if (type === 'array') return `list of ${s.items ? describeType(s.items) : 'any'}${range(s.minItems, s.maxItems, ' items')}`;
  if (type === 'number' || type === 'integer') return `${type}${numberRange(s)}`;
  if (type === 'string') return `string${range(s.minLength, s.maxLength, ' chars')}`;
  return type;
}

function range(min: number | undefined, max: number | undefined, unit: string): string {
  if (min === undefined && max === undefined) return '';
  if (max === undefined) return ` (>= ${min}${unit})`;
  if (min === undefined) return ` (<= ${max}${unit})`;
  return ` (${min}..${max}${unit})`;
}

function numberRange(s: JsonSchema): string {
  const low = s.minimum !== undefined ? `>= ${s.minimum}` : s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : '';
  const high = s.maximum !== undefined ? `<= ${s.maximum}` : s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : '';
  if (s.minimum !== undefined && s.maximum !== undefined) return ` ${s.minimum}..${s.maximum}`;
  return [low, high].filter(Boolean).map((t) => ` ${t}`).join(',');
}

/** Flattens an object schema into rows; nested strict objects get dotted names. */
export function optionRows(schema: JsonSchema, prefix = ''): OptionRow[] {
  const rows: OptionRow[] = [];
  const required = new Set(schema.required ?? []);
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const name = `${prefix}${key}`;
    rows.push({ name, type: describeType(prop), required: required.has(key), default: prop.default, description: prop.description });
    if (prop.properties) rows.push(...optionRows(prop, `${name}.`));
  }
  return rows;
}
