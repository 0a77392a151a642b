import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SptError, type PluginRegistry, type RunConfig } from '@spt/core';

/**
 * `<runDir>/data.json`, written by `spt run --data '<json>'` and by `spt sweep`: options that were
 * merged over the recipe's `data` options (e.g. another testbed world). `spt eval`, `spt report`
 * and a resumed run read it back, so a run is evaluated on the world it was trained on.
 */
export interface DataOverride {
  /** The options merged over the recipe's (a key set to null removes it). */
  options: Record<string, unknown>;
  /** A sweep's start checkpoint: the run skipped the recipe's shared phases and branched from it. */
  start?: string;
}

/** The recipe's arms branching from checkpoint `from` (loaded as `init from`), the shared phases skipped. */
export function branchFrom(config: RunConfig, from: string): RunConfig {
  return { ...config, init: { from }, phases: [] };
}

export const DATA_FILE = 'data.json';

/** The config with `overrides` merged over its data options (pure; null removes a key). */
export function withDataOptions(config: RunConfig, overrides: Record<string, unknown>): RunConfig {
  if (Object.keys(overrides).length === 0) return config;
  const options: Record<string, unknown> = { ...(config.data.options ?? {}) };
  // `holdout` is the core's setting (DataRef.holdout), as in the recipe's data block.
  let holdout = config.data.holdout;
  for (const [k, v] of Object.entries(overrides)) {
    if (k === 'holdout') holdout = v === null ? undefined : (v as number);
    else if (v === null) delete options[k];
    else options[k] = v;
  }
  const { holdout: _old, ...data } = config.data;
  return { ...config, data: { ...data, options, ...(holdout === undefined ? {} : { holdout }) } };
}

/** Parses a JSON object of data options; `source` names where it came from in errors. */
export function parseDataOptions(text: string, source: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined; // not JSON: reported below like any other non-object
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SptError({
      code: 'cli.data-options',
      what: `${source} is not a JSON object of data options`,
      expected: 'a JSON object, e.g. {"seed": 2, "people": 16, "unsafe": 0.3}',
      got: text.slice(0, 120).trim() || 'nothing',
      fix: `quote it for the shell: --data '{"seed": 2}'`,
    });
  }
  return parsed as Record<string, unknown>;
}

/**
 * Checks merged data options against the data plugin's option schema before any model loads:
 * a bad world option is an error naming `source`, the option and the fix.
 */
export function checkDataOptions(config: RunConfig, registry: PluginRegistry, source: string): void {
  const h = config.data.holdout;
  if (h !== undefined && !(typeof h === 'number' && h > 0 && h <= 0.99)) {
    throw new SptError({ code: 'cli.data-options', what: `${source}: \`holdout\` is invalid`, expected: 'a share of documents above 0 and at most 0.99', got: JSON.stringify(h), fix: `e.g. "holdout": 0.05 in ${source}` });
  }
  const manifest = registry.get('data', config.data.plugin).manifest;
  const parsed = manifest.options.safeParse(config.data.options ?? {});
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const at = issue?.path?.length ? issue.path.join('.') : 'options';
  throw new SptError({
    code: 'cli.data-options',
    what: `${source}: data ${config.data.plugin} option \`${at}\` is invalid: ${issue?.message ?? 'rejected by the plugin'}`,
    expected: `options that \`spt plugins data ${config.data.plugin}\` lists`,
    got: JSON.stringify(config.data.options ?? {}),
    fix: `correct \`${at}\` in ${source}`,
  });
}

/** Reads `<runDir>/data.json`; undefined when the run folder has none. */
export function readDataOverride(runDir: string): DataOverride | undefined {
  const file = path.join(runDir, DATA_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = parseDataOptions(readFileSync(file, 'utf8'), file) as Partial<DataOverride>;
  if (!parsed.options || typeof parsed.options !== 'object' || Array.isArray(parsed.options)) {
    throw new SptError({
      code: 'run.bad-data-file',
      what: `${file} does not record data options`,
      expected: '{"options": {...}}, as `spt run --data` writes it',
      got: JSON.stringify(parsed).slice(0, 120),
      fix: 'restore the file, or start the run again with --fresh',
    });
  }
  return { options: parsed.options };
}

export function writeDataOverride(runDir: string, record: DataOverride): void {
  mkdirSync(runDir, { recursive: true });
  writeFileSync(path.join(runDir, DATA_FILE), `${JSON.stringify(record, null, 2)}\n`);
}
