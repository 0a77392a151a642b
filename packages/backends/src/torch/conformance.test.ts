import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';
import type { PolicyBackend } from '@spt/core';
import { describeBackendConformance } from '@spt/core/testing';
import { torchHfOptions } from './options';
import { torchHfPlugin, torchLlamaPlugin } from './plugins';
import { requirePython, skipPython, testContext, tinyOptions } from './test-worker.test-util';

// torch.llama (a fresh tiny Llama) and torch.hf (that model exported to a Hugging Face folder and
// loaded back) pass the policy-backend conformance kit on the real Python worker.
const llama = async () => (await torchLlamaPlugin.create(tinyOptions({ context: 48 }), testContext() as never)) as PolicyBackend;

let exported: Promise<string> | undefined;
/** A Hugging Face folder written by torch.llama's export, made once for every torch.hf backend. */
const hfFolder = () =>
  (exported ??= (async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'spt-torch-hf-')), 'model');
    const b = await llama();
    await b.export(dir, 'hf-safetensors');
    await b.dispose();
    return dir;
  })());

const api = { describe: describe.skipIf(skipPython), it };
const opts = { tolerance: 2e-4, timeout: 300_000 };
describeBackendConformance('torch.llama', llama, api, opts);
describeBackendConformance(
  'torch.hf',
  async () => (await torchHfPlugin.create(torchHfOptions.parse({ model: await hfFolder(), python: requirePython(), device: 'cpu', threads: 1 }), testContext() as never)) as PolicyBackend,
  api,
  opts,
);
