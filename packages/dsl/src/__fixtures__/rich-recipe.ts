/** A recipe that uses every construct, over the toy plugins (valid). */
export const RICH_RECIPE = `# every construct
recipe rich {
  use "@spt/testbed"
  data toy.data { docs: 20, path: "corpus/*.jsonl" }
  policy toy.gpt { layers: 2, context: 512, dropout: 0.1 }
  init from "runs/base/last"
  window { k: 32, prefix: 16..128, per_document: 2 }
  candidates {
    original
    rewrite toy.rewriter { model: "m", api_key: env("OPENAI_API_KEY"), fit: pad_eos }
    rollouts 4 { temperature: 1.0, top_p: 0.95 }
    source retrieved toy.retrieval { k: 2 }
  }
  judge quality toy.quality pairwise { samples: 2, pairing: pivot original, order: random, strict: true }
  judge safety toy.safety { samples: 5, timeout: 30s }
  judge factuality toy.factuality reference original
  reward = if safety < 0.5 then -1 else quality + safety + max(factuality, 0.25) * 2 // gate
  curriculum {
    rollouts: linear(0 -> 1, steps 0..100)
    rewrite: step(1, 0.5 from 50, 0 from 90)
    temperature: cosine(1.2 -> 0.8, steps 0..100)
    beta: constant(0.1)
  }
  objective online_dpo { beta: 0.1, reference: sync every 50, nll_alpha: 0.2, ties: skip }
  phase pretrain {
    steps: 100
    objective ntp
    lr: 1e-3 cosine warmup 10 min_ratio 0.05
  }
  arm sip {
    phase ramp { steps: 100 }
    phase settle {
      steps: 100
      candidates { original; rollouts 8 }
      curriculum { rollouts: 1 }
    }
  }
  arm ntp { steps: 200; objective ntp }
  arm rewrites { steps: 200; objective sft rewrite }
  train { batch: 8, lr: 3e-4 cosine warmup 10, seed: 7, staleness: 1, micro_batch: 4, grad_clip: 1.0, weight_decay: 0.01 }
  judging { concurrency: 16, max_abstention: 0.25, cache: "runs/judgments.sqlite", timeout: 2m }
  metrics toy.metrics { dir: "tb" }
  eval every 100 { prefixes: 128, against: ntp, seeds: 3, suite: toy.eval }
  checkpoint every 50 { keep: 3 }
}
`;
