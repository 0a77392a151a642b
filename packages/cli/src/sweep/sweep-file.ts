import { existsSync, readFileSync } from 'node:fs';
import { SptError } from '@spt/core';

/** A world sweep: the same recipe on several data worlds, each with several training seeds. */
export interface SweepSpec {
  /** Training seeds every world runs with (`spt run --seed`). */
  seeds: number[];
  /** World name -> data options merged over the recipe's (`spt run --data`), in file order. */
  worlds: Array<{ name: string; data: Record<string, unknown> }>;
  /**
   * Optional start checkpoint per run, with `{world}` and `{seed}` filled in (relative to the working
   * folder): the recipe's shared phases are skipped and its arms branch from that checkpoint, e.g. the
   * `checkpoints/end` of an earlier sweep of the same recipe, to try other arms without pretraining again.
   */
  start?: string;
}

const NAME = /^[a-z0-9][a-z0-9_.-]*$/i;

function bad(file: string, field: string, expected: string, got: unknown, fix: string): SptError {
  return new SptError({ code: 'sweep.file', what: `${file}: \`${field}\` is invalid`, expected, got: JSON.stringify(got)?.slice(0, 120) ?? 'nothing', fix });
}

/**
 * Reads and checks a sweep file: `{"seeds": [7, 8], "worlds": {"<name>": {<data options>}, ...}}`.
 * Every problem is an SptError naming the file, the field, what was expected and the fix.
 */
export function readSweepFile(file: string): SweepSpec {
  if (!existsSync(file)) {
    throw new SptError({ code: 'sweep.file', what: `sweep file ${file} does not exist`, expected: 'a JSON file like examples/world-sweep.json', got: 'nothing there', fix: 'check the path' });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SptError({ code: 'sweep.file', what: `${file} is not valid JSON`, expected: '{"seeds": [...], "worlds": {...}}', got: (e as Error).message, fix: 'fix the JSON syntax at the position named' });
  }
  const spec = raw as { seeds?: unknown; worlds?: unknown };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw bad(file, '(top level)', 'a JSON object with `seeds` and `worlds`', raw, 'see examples/world-sweep.json');
  const seeds = spec.seeds;
  if (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every((s) => Number.isInteger(s) && s >= 0)) {
    throw bad(file, 'seeds', 'a non-empty list of whole numbers >= 0 (training seeds)', seeds, 'e.g. "seeds": [7, 8]');
  }
  if (new Set(seeds).size !== seeds.length) throw bad(file, 'seeds', 'distinct seeds', seeds, 'remove the repeated seed');
  const worlds = spec.worlds;
  if (worlds === null || typeof worlds !== 'object' || Array.isArray(worlds) || Object.keys(worlds).length === 0) {
    throw bad(file, 'worlds', 'an object of world name -> data options', worlds, 'e.g. "worlds": {"w2": {"seed": 2, "people": 16}}');
  }
  const list: SweepSpec['worlds'] = [];
  for (const [name, data] of Object.entries(worlds as Record<string, unknown>)) {
    if (!NAME.test(name)) throw bad(file, `worlds.${name}`, 'a name of letters, digits, ".", "_" or "-" (it names run folders)', name, 'rename the world');
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw bad(file, `worlds.${name}`, 'an object of data options ({} for the recipe\'s own)', data, `e.g. "${name}": {"seed": 2}`);
    list.push({ name, data: data as Record<string, unknown> });
  }
  const start = (spec as { start?: unknown }).start;
  if (start !== undefined && (typeof start !== 'string' || start.trim() === '')) {
    throw bad(file, 'start', 'a checkpoint path with {world} and {seed} in it', start, 'e.g. "start": "runs/quickstart-sweep/{world}-seed{seed}/checkpoints/end", or leave it out');
  }
  return { seeds: seeds as number[], worlds: list, ...(start === undefined ? {} : { start }) };
}

/** The start checkpoint of one run of the sweep (`start` with its placeholders filled in). */
export function startOf(spec: SweepSpec, world: string, seed: number): string | undefined {
  return spec.start?.replaceAll('{world}', world).replaceAll('{seed}', String(seed));
}
