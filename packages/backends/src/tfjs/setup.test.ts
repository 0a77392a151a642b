import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SptError } from '@spt/core';
import { checkTfjs, setupTfjs, tfjsSetupScript } from './setup';

// The failures of `spt setup tfjs` that need no compiler: a project without tfjs-node, and one
// whose addon is missing on a machine without python. The build itself runs in the workspace's
// postinstall and in examples/registry.int.test.ts.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'spt-setup-tfjs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<SptError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(SptError.is(error), String(error)).toBe(true);
  return error as SptError;
}

describe('spt setup tfjs (scripts/setup-tfjs.mjs)', () => {
  it('ships inside @spt/backends', () => {
    expect(tfjsSetupScript()).toBe(path.resolve(__dirname, '../../scripts/setup-tfjs.mjs'));
  });

  it('finds the workspace addon loading, and builds nothing', async () => {
    const lines: string[] = [];
    const result = await setupTfjs({ log: (l) => lines.push(l) });
    expect(result.built).toBe(false);
    expect(result.addon).toMatch(/@tensorflow[/\\]tfjs-node[/\\]lib[/\\]napi-v\d[/\\]tfjs_binding\.node$/);
    expect(lines).toEqual([`addon already built and loads (${result.addon})`]);
    expect(await checkTfjs()).toEqual({ addon: result.addon, loads: true });
  });

  it('a folder without @tensorflow/tfjs-node: says so and how to fix it', async () => {
    const empty = path.join(tmp, 'empty');
    mkdirSync(empty);
    const error = await failure(setupTfjs({ from: empty }));
    expect(error.code).toBe('setup.tfjs');
    expect(error.what).toBe(`@tensorflow/tfjs-node cannot be resolved from ${empty}`);
    expect(error.fix).toBe('install @spt/backends again (it depends on @tensorflow/tfjs-node), then rerun `spt setup tfjs`');
    expect(await checkTfjs({ from: empty })).toEqual({ addon: undefined, loads: false });
  });

  it.skipIf(os.platform() !== 'linux' || os.arch() !== 'x64')('no addon, no cached library and no python with pip: names python3 and pip', async () => {
    const project = path.join(tmp, 'project');
    const tfjs = path.join(project, 'node_modules/@tensorflow/tfjs-node');
    mkdirSync(tfjs, { recursive: true });
    writeFileSync(path.join(project, 'package.json'), '{"name":"p"}');
    writeFileSync(path.join(tfjs, 'package.json'), '{"name":"@tensorflow/tfjs-node","version":"4.22.0"}');
    const env = { ...process.env, PATH: path.join(tmp, 'no-bin'), SPT_CACHE_DIR: path.join(tmp, 'cache') };
    const error = await failure(setupTfjs({ from: project, env }));
    expect(error.what).toBe('python3 with pip is needed to fetch the TensorFlow C library (tensorflow-cpu wheel), and none was found');
    expect(error.fix).toBe('install python3 and pip (e.g. apt-get install python3-pip), then rerun `spt setup tfjs`');
  });
});
