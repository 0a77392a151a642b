/**
 * Generates a large, valid recipe for the DSL benchmark: a full header, then as many ablation
 * arms (two phases each, with candidates, curriculum and objective overrides and comments) as it
 * takes to reach the requested line count. Plugins are those of @spt/testbed and @spt/backends.
 */
export function bigRecipe(lines: number): string {
  const out = [
    '# benchmark recipe: a sweep of ablation arms over the testbed',
    'recipe sweep {',
    '  use "@spt/testbed"',
    '  data testbed { people: 120, false_facts: 0.2, unsafe: 0.15, low_quality: 0.15 }',
    '  policy tfjs.gpt { layers: 4, d_model: 128, heads: 4, context: 512 }',
    '  window { k: 64, prefix: 32..192 }',
    '  candidates { original; rewrite testbed.oracle; rollouts 8 { temperature: 1.0, top_p: 1 } }',
    '  judge quality testbed.quality pairwise { samples: 1, order: both }',
    '  judge safety testbed.safety',
    '  judge factuality testbed.factuality reference original',
    '  reward = if safety < 0.5 then 0 else quality + safety + factuality',
    '  curriculum { rollouts: linear(0 -> 1, steps 0..100) }',
    '  objective online_dpo { beta: 0.1, reference: frozen, nll_alpha: 0.1 }',
    '  phase pretrain {',
    '    steps: 400',
    '    objective ntp',
    '    lr: 1e-3 cosine warmup 40',
    '  }',
    '  train { batch: 16, lr: 3e-4 cosine warmup 10, seed: 7 }',
    '  judging { concurrency: 16, max_abstention: 0.5, cache: memory }',
    '  checkpoint every 100 { keep: 3 }',
  ];
  let i = 0;
  while (out.length + 16 < lines) {
    const n = [1, 2, 4, 8][i % 4];
    out.push(
      `  # ablation ${i}: rollouts ${n}, beta ${(0.05 * ((i % 3) + 1)).toFixed(2)}`,
      `  arm ablation_${i} {`,
      '    phase warm {',
      '      steps: 100',
      '      lr: 1e-4 cosine warmup 10',
      `      candidates { original; rewrite testbed.oracle; rollouts ${n} { temperature: 0.9 } }`,
      '      curriculum { rollouts: linear(0 -> 1, steps 0..100), rewrite: step(1, 0.5 from 50) }',
      '    }',
      '    phase main {',
      '      steps: 200',
      `      objective online_dpo { beta: ${(0.05 * ((i % 3) + 1)).toFixed(2)}, reference: sync every 50, nll_alpha: 0.1 }`,
      '    }',
      '  }',
      '',
    );
    i++;
  }
  while (out.length < lines - 2) out.push(`  # padding ${out.length}`);
  out.push(`  eval every 100 { prefixes: 256, against: ablation_0, seeds: 3 }`, '}');
  return `${out.join('\n')}\n`;
}
