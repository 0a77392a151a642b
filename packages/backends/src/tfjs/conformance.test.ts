import { describe, it } from 'vitest';
import { describeBackendConformance } from '@spt/core/testing';
import { createTfjsGptBackend } from './engine';
import { tfjsGptOptions } from './options';

// tfjs.gpt passes the policy-backend conformance kit (a tiny model; the same seed gives the same weights).
describeBackendConformance(
  'tfjs.gpt',
  () => createTfjsGptBackend(tfjsGptOptions.parse({ layers: 2, d_model: 16, heads: 2, context: 48 }), { seed: 5 }),
  { describe, it },
  { tolerance: 2e-4 },
);
