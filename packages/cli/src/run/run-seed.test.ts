import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runConfig } from '../__fixtures__/run-config';
import { checkResumeSeed, configForRunDir, defaultRunDir, readRunSeed, withSeed, writeRunSeed } from './run-seed';

const parent = mkdtempSync(path.join(tmpdir(), 'spt-run-seed-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));
let n = 0;
const folder = () => path.join(parent, `run${++n}`);

describe('withSeed / defaultRunDir', () => {
  it('replaces only train.seed', () => {
    const base = runConfig();
    const seeded = withSeed(base, 11);
    expect(seeded.train).toEqual({ ...base.train, seed: 11 });
    expect({ ...seeded, train: base.train }).toEqual(base);
    expect(base.train.seed).toBe(7);
    expect(withSeed(base, 7)).toBe(base);
  });

  it('names the folder after the seed only when one is given', () => {
    expect(defaultRunDir('quickstart')).toBe(path.join('runs', 'quickstart'));
    expect(defaultRunDir('quickstart', 3)).toBe(path.join('runs', 'quickstart-seed3'));
  });
});

describe('seed.json', () => {
  it('round-trips, and configForRunDir applies it', () => {
    const dir = folder();
    expect(readRunSeed(dir)).toBeUndefined();
    expect(configForRunDir(runConfig(), dir).config.train.seed).toBe(7);
    writeRunSeed(dir, { seed: 4, recipeSeed: 7 });
    expect(readRunSeed(dir)).toEqual({ seed: 4, recipeSeed: 7 });
    const r = configForRunDir(runConfig(), dir);
    expect(r.config.train.seed).toBe(4);
    expect(r.stored).toEqual({ seed: 4, recipeSeed: 7 });
  });

  it('a damaged seed.json is an error naming the file', () => {
    const dir = folder();
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'seed.json'), '{"seed": "two"}');
    expect(() => readRunSeed(dir)).toThrow(`${path.join(dir, 'seed.json')} does not record a training seed`);
  });
});

describe('checkResumeSeed', () => {
  it('accepts a new folder, a matching seed, and the recipe seed on a plain run', () => {
    expect(() => checkResumeSeed(folder(), { seed: 5, recipeSeed: 7 })).not.toThrow();
    const seeded = folder();
    writeRunSeed(seeded, { seed: 5, recipeSeed: 7 });
    expect(() => checkResumeSeed(seeded, { seed: 5, recipeSeed: 7 })).not.toThrow();
    const plain = folder();
    mkdirSync(path.join(plain, 'checkpoints', 'step-10'), { recursive: true });
    expect(() => checkResumeSeed(plain, { recipeSeed: 7 })).not.toThrow();
    expect(() => checkResumeSeed(plain, { seed: 7, recipeSeed: 7 })).not.toThrow();
  });

  it('names both seeds when they differ', () => {
    const seeded = folder();
    writeRunSeed(seeded, { seed: 5, recipeSeed: 7 });
    expect(() => checkResumeSeed(seeded, { recipeSeed: 7 })).toThrow(
      `run folder ${seeded} was started with training seed 5 (--seed 5), this command asks for seed 7 (no --seed (the recipe's seed 7))`,
    );
    expect(() => checkResumeSeed(seeded, { seed: 6, recipeSeed: 7 })).toThrow('was started with training seed 5 (--seed 5), this command asks for seed 6 (--seed 6)');
    const plain = folder();
    mkdirSync(path.join(plain, 'checkpoints', 'step-10'), { recursive: true });
    expect(() => checkResumeSeed(plain, { seed: 2, recipeSeed: 7 })).toThrow(
      "was started with training seed 7 (no --seed (the recipe's seed 7)), this command asks for seed 2 (--seed 2)",
    );
  });

  it('a --seed equal to the recipe seed resumes a folder whose seed.json says so', () => {
    const dir = folder();
    writeRunSeed(dir, { seed: 7, recipeSeed: 7 });
    expect(() => checkResumeSeed(dir, { recipeSeed: 7 })).not.toThrow();
  });
});
