/**
 * A tiny recipe over the testing kit (bigram policy, mock world), in-process with the real
 * scheduler: a shared NTP phase, then a SIP arm and an NTP arm. `sipSteps`, `batch`, `candidates`
 * and `extra` (statements added at the end) vary it between tests.
 */
export function mockRecipe(name: string, o: { sipSteps?: number; batch?: number; candidates?: string; extra?: string } = {}): string {
  return `recipe ${name} {
  data mock.docs { seed: 1 }
  policy mock.bigram { seed: 1 }
  window { k: 8, prefix: 8..16 }
  candidates { ${o.candidates ?? 'original; rollouts 2'} }
  judge quality mock.prefer_clean pairwise
  judge clean mock.clean
  reward = quality + clean
  train { batch: ${o.batch ?? 2}, lr: 1.0, seed: 3 }
  phase pretrain { steps: 2
    objective ntp }
  arm sip { steps: ${o.sipSteps ?? 2}
    objective online_dpo { beta: 0.5 } }
  arm ntp { steps: 2
    objective ntp }
  eval every 0 { prefixes: 3, against: start, seeds: 1 }
  checkpoint every 2 { keep: 1 }${o.extra ? `\n  ${o.extra}` : ''}
}
`;
}
