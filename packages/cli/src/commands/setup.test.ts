import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultVenv, TORCH_PROTOCOL_VERSION } from '@spt/backends/torch';
import { requirePython, skipPython } from '../../../backends/src/torch/test-worker.test-util';
import { cli } from '../__fixtures__/cli';
import { EXIT } from '../exit-codes';

// Uses the venv scripts/setup-python.mjs made (torch CPU build); installs nothing when it is complete.
// A missing venv fails at once with the fix, instead of letting `spt setup torch` install torch inside a test.
describe.skipIf(skipPython)('spt setup torch', () => {
  beforeAll(requirePython);

  it('finds the complete environment, installs nothing and reports torch, CUDA and the worker', async () => {
    const { code, out, err } = await cli(['setup', 'torch']);
    expect(code, err.join('\n')).toBe(EXIT.ok);
    expect(err).toEqual(['torch, transformers, safetensors and tokenizers are installed already (--upgrade reinstalls)']);
    expect(out[0]).toBe(`torch backend environment: ${path.resolve(defaultVenv())}`);
    expect(out[1]).toMatch(/^ {2}python 3\.\d+\.\d+, torch 2\.\d+\.\d+\S*, transformers \d+\.\d+\.\d+, safetensors \d/);
    expect(out.join('\n')).toMatch(/CUDA: not available \(CPU build or no GPU\); bf16 autocast: off|CUDA \d+\.\d+: \d+ x /);
    expect(out[3]).toMatch(new RegExp(`gloo yes, nccl (yes|no); worker spt_torch_worker \\d+\\.\\d+\\.\\d+ \\(protocol ${TORCH_PROTOCOL_VERSION}\\)$`));
  });

  it('reports as one JSON object with --json --check', async () => {
    const { code, out } = await cli(['--json', 'setup', 'torch', '--check']);
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(out[0]);
    expect(report).toMatchObject({ type: 'setup', engine: 'torch', installed: false, protocol: TORCH_PROTOCOL_VERSION, gloo: true });
    expect(typeof report.cuda).toBe('boolean');
  });

  it('--check on a missing environment exits 2 and says how to create it', async () => {
    const { code, err } = await cli(['setup', 'torch', '--check', '--venv', '/nonexistent/spt-venv']);
    expect(code).toBe(EXIT.badInput);
    expect(err.join('\n')).toBe(
      'error: no Python environment at /nonexistent/spt-venv\n  expected: /nonexistent/spt-venv/bin/python\n  got: nothing\n  fix: run `spt setup torch` to create it (or pass --venv <dir>)',
    );
  });
});

// The workspace's postinstall built the addon, so `spt setup tfjs` finds it loading and builds nothing
// (a build from an npm install is in examples/registry.int.test.ts).
describe('spt setup tfjs', () => {
  it('reports the addon that loads on stdout, the setup log on stderr', async () => {
    const { code, out, err } = await cli(['setup', 'tfjs']);
    expect(code, err.join('\n')).toBe(EXIT.ok);
    expect(out).toHaveLength(1);
    const addon = /^TensorFlow\.js native addon ready: (\S+tfjs-node\/lib\/napi-v\d\/tfjs_binding\.node)$/.exec(out[0])?.[1];
    expect(addon, out[0]).toBeDefined();
    expect(err).toEqual([`addon already built and loads (${addon})`]);
  });

  it('--json --check: one JSON object, nothing built', async () => {
    const { code, out } = await cli(['--json', 'setup', 'tfjs', '--check']);
    expect(code).toBe(EXIT.ok);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0])).toEqual({ type: 'setup', engine: 'tfjs', addon: expect.stringMatching(/tfjs_binding\.node$/), built: false });
  });
});
