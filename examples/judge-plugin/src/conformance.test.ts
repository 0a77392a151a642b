import { describe, it } from 'vitest';
import { createRegistry, type AnyJudge, type PluginContext } from '@spt/core';
import { describeJudgeConformance } from '@spt/core/testing';
import lexical from './index';

// The conformance suite every spt judge should pass, run on the judges as spt creates them:
// through the registry, with options validated against the manifests.
const registry = createRegistry([lexical]);
const make = (plugin: string, options: Record<string, unknown>) => () =>
  registry.create<AnyJudge>('judge', { plugin, options }, {} as PluginContext);

const inputs = [
  {
    prefix: 'Mara Voss was born in Tallinn in 1921.',
    a: ' She studied chemistry at the University of Tartu and later taught there for thirty years.',
    b: ' She studied she studied she studied she studied she studied she studied she studied.',
  },
];

describeJudgeConformance('lexical.repetition (defaults)', make('lexical.repetition', {}), { describe, it }, { inputs });
describeJudgeConformance('lexical.repetition (n 2, threshold, prefix context)', make('lexical.repetition', { n: 2, min_words: 3, context_words: 16, threshold: 0.8 }), { describe, it }, { inputs });
describeJudgeConformance('lexical.blocklist', make('lexical.blocklist', { terms: ['studied', 'evil'], whole_words: false }), { describe, it }, { inputs });
