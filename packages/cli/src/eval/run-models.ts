import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SptError, type RunConfig } from '@spt/core';

/**
 * The models of a finished run, by name: `start` (the end of the shared phases) and one per arm,
 * or `final` for a run without arms. Only checkpoints that exist are listed.
 */
export function runModels(config: RunConfig, runDir: string): Record<string, string> {
  const end = path.join(runDir, 'checkpoints', 'end');
  const models: Record<string, string> = {};
  if (config.arms.length === 0) {
    if (existsSync(end)) models.final = end;
  } else {
    if (existsSync(end)) models.start = end;
    for (const arm of config.arms) {
      const dir = path.join(runDir, 'arms', arm.name, 'checkpoints', 'end');
      if (existsSync(dir)) models[arm.name] = dir;
    }
  }
  if (Object.keys(models).length === 0) {
    const listing = existsSync(runDir) ? readdirSync(runDir).join(', ') : 'the folder does not exist';
    throw new SptError({
      code: 'eval.no-checkpoints',
      what: `no finished checkpoints in run folder ${runDir}`,
      expected: 'checkpoints/end (and arms/<arm>/checkpoints/end) written by a completed `spt run`',
      got: listing || 'an empty folder',
      fix: 'run the recipe to completion first (spt run <recipe> --run-dir <dir>), then evaluate that folder',
    });
  }
  return models;
}

/**
 * Which win rates to report: every arm against the `against` model (default start), and the
 * first arm against each other arm (e.g. SIP vs continued NTP).
 */
export function comparisons(models: Record<string, string>, against: string): Array<[string, string]> {
  const names = Object.keys(models);
  const arms = names.filter((n) => n !== 'start' && n !== 'final');
  const pairs: Array<[string, string]> = [];
  if (names.includes(against)) for (const a of arms) if (a !== against) pairs.push([a, against]);
  for (const other of arms.slice(1)) if (other !== against || !names.includes('start')) pairs.push([arms[0], other]);
  const seen = new Set<string>();
  return pairs.filter(([a, b]) => a !== b && !seen.has(`${a}|${b}`) && seen.add(`${a}|${b}`));
}
