import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SptError, type RunConfig } from '@spt/core';
import { branchFrom, readDataOverride, withDataOptions, type DataOverride } from './data-override';

/**
 * `<runDir>/seed.json`, written by `spt run --seed <n>`: the training seed that replaced the
 * recipe's `train { seed }`. `spt eval`, `spt report` and a resumed `spt run` read it back, so a
 * replicate run is evaluated and continued with the seed it was trained with.
 */
export interface RunSeed {
  /** The training seed the run uses. */
  seed: number;
  /** The recipe's own seed, for the record. */
  recipeSeed: number;
}

export const SEED_FILE = 'seed.json';

/** The config with its training seed replaced (pure; everything else is shared). */
export function withSeed(config: RunConfig, seed: number): RunConfig {
  return config.train.seed === seed ? config : { ...config, train: { ...config.train, seed } };
}

/** The default run folder: runs/<recipe name>, or runs/<recipe name>-seed<n> for a `--seed` run. */
export function defaultRunDir(name: string, seed?: number): string {
  return path.join('runs', seed === undefined ? name : `${name}-seed${seed}`);
}

/** Reads `<runDir>/seed.json`; undefined when the run folder has none (a run without --seed). */
export function readRunSeed(runDir: string): RunSeed | undefined {
  const file = path.join(runDir, SEED_FILE);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  let parsed: Partial<RunSeed> | undefined;
  try {
    parsed = JSON.parse(text) as Partial<RunSeed>;
  } catch {
    parsed = undefined;
  }
  if (!parsed || !Number.isInteger(parsed.seed) || !Number.isInteger(parsed.recipeSeed)) {
    throw new SptError({
      code: 'run.bad-seed-file',
      what: `${file} does not record a training seed`,
      expected: '{"seed": <whole number>, "recipeSeed": <whole number>}, as `spt run --seed` writes it',
      got: text.slice(0, 120).trim() || 'an empty file',
      fix: 'write the seed the run was started with into it, or start the run again with --fresh',
    });
  }
  return { seed: parsed.seed as number, recipeSeed: parsed.recipeSeed as number };
}

export function writeRunSeed(runDir: string, record: RunSeed): void {
  mkdirSync(runDir, { recursive: true });
  writeFileSync(path.join(runDir, SEED_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** True when the run folder holds checkpoints of the shared phases (a run that can be resumed). */
function hasCheckpoints(runDir: string): boolean {
  const dir = path.join(runDir, 'checkpoints');
  return existsSync(dir) && readdirSync(dir).length > 0;
}

const described = (seed: number | undefined, recipeSeed: number) =>
  seed === undefined ? `no --seed (the recipe's seed ${recipeSeed})` : `--seed ${seed}`;

/**
 * Before `spt run` continues a run folder (without --fresh): the seed asked for must be the seed the
 * folder was started with. A folder from a `--seed` run records it in seed.json; a folder with
 * checkpoints and no seed.json was started with the recipe's seed. Throws an SptError naming both.
 */
export function checkResumeSeed(runDir: string, o: { seed?: number; recipeSeed: number }): void {
  const stored = readRunSeed(runDir);
  const started = stored ? stored.seed : hasCheckpoints(runDir) ? o.recipeSeed : undefined;
  const asked = o.seed ?? o.recipeSeed;
  if (started === undefined || started === asked) return;
  const startedWith = stored ? `--seed ${stored.seed}` : described(undefined, o.recipeSeed);
  throw new SptError({
    code: 'run.seed-mismatch',
    what: `run folder ${runDir} was started with training seed ${started} (${startedWith}), this command asks for seed ${asked} (${described(o.seed, o.recipeSeed)})`,
    expected: `the seed the run was started with: ${stored ? `--seed ${stored.seed}` : 'no --seed'}`,
    got: described(o.seed, o.recipeSeed),
    fix: `resume with ${stored ? `--seed ${stored.seed}` : 'no --seed'}, or start over with --fresh, or pick another --run-dir`,
  });
}

/**
 * The config `spt eval` uses for a run folder: the recipe's, with the seed of seed.json and the
 * data options of data.json (`spt run --data`, `spt sweep`) when the folder has them.
 */
export function configForRunDir(config: RunConfig, runDir: string): { config: RunConfig; stored?: RunSeed; data?: DataOverride } {
  const stored = readRunSeed(runDir);
  const data = readDataOverride(runDir);
  const seeded = stored ? withSeed(config, stored.seed) : config;
  const merged = data ? withDataOptions(seeded, data.options) : seeded;
  return { config: data?.start ? branchFrom(merged, data.start) : merged, ...(stored ? { stored } : {}), ...(data ? { data } : {}) };
}
