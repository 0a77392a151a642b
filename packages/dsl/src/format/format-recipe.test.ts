import { describe, expect, it } from 'vitest';
import { BASE_RECIPE } from '../__fixtures__/toy-plugins';
import { formatRecipe } from './format-recipe';

const messy = `  # header comment
recipe   demo{use "@spt/testbed";data testbed{people:120,false_facts:0.2}
policy tfjs.gpt {layers:4,d_model:128,heads:4,context:256}   # the model


window{k:64,prefix:32..192}
candidates{original,rewrite testbed.oracle;rollouts 8{temperature:1.0}}
judge quality testbed.quality pairwise
judge factuality testbed.factuality reference original { samples : 3 }
reward=quality+ safety*2+(factuality-1)   // weights
curriculum{
  # ramp the rollouts in
  rollouts:linear(0->1,steps 0..300)
}
objective online_dpo{beta:0.1,reference:sync every 100}
phase pretrain{steps:300;objective ntp;lr:1e-3 cosine warmup 30}
arm sip{steps:300}
train{batch:16,lr:3e-4 cosine warmup 30,seed:7}
eval every 200{prefixes:256,against:sip}
}
// footer
`;

const canonical = `# header comment
recipe demo {
  use "@spt/testbed"
  data testbed { people: 120, false_facts: 0.2 }
  policy tfjs.gpt { layers: 4, d_model: 128, heads: 4, context: 256 } # the model

  window { k: 64, prefix: 32..192 }
  candidates { original; rewrite testbed.oracle; rollouts 8 { temperature: 1.0 } }
  judge quality testbed.quality pairwise
  judge factuality testbed.factuality reference original { samples: 3 }
  reward = quality + safety * 2 + (factuality - 1) // weights
  curriculum {
    # ramp the rollouts in
    rollouts: linear(0 -> 1, steps 0..300)
  }
  objective online_dpo { beta: 0.1, reference: sync every 100 }
  phase pretrain {
    steps: 300
    objective ntp
    lr: 1e-3 cosine warmup 30
  }
  arm sip {
    steps: 300
  }
  train { batch: 16, lr: 3e-4 cosine warmup 30, seed: 7 }
  eval every 200 { prefixes: 256, against: sip }
}
// footer
`;

describe('formatRecipe', () => {
  it('prints the canonical form: spacing, one statement per line, blank lines kept (at most one)', () => {
    const r = formatRecipe(messy);
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toBe(canonical);
    expect(r.changed).toBe(true);
  });

  it('is idempotent', () => {
    const once = formatRecipe(messy).text!;
    const twice = formatRecipe(once);
    expect(twice.text).toBe(once);
    expect(twice.changed).toBe(false);
    expect(formatRecipe(BASE_RECIPE).text).toBe(BASE_RECIPE);
  });

  it('keeps every comment: leading, trailing, inside blocks, at the end of blocks, and inside a statement (moved above it)', () => {
    const text = `recipe c {
  data d {
    a: 1 # one
    # before b
    b: 2
    # dangling in block
  }
  reward = quality + # in the middle
    safety
  candidates {
    original # the suffix
    rollouts 2
  }
  phase p {
    # first
    steps: 1
  }
  # dangling in recipe
}
`;
    const out = formatRecipe(text).text!;
    expect(out).toBe(`recipe c {
  data d {
    a: 1 # one
    # before b
    b: 2
    # dangling in block
  }
  # in the middle
  reward = quality + safety
  candidates {
    original # the suffix
    rollouts 2
  }
  phase p {
    # first
    steps: 1
  }
  # dangling in recipe
}
`);
    expect(formatRecipe(out).text).toBe(out);
  });

  it('breaks a block that does not fit in 100 columns, one entry per line', () => {
    const long = `recipe w { data d { first_option: "${'x'.repeat(40)}", second_option: "${'y'.repeat(40)}" } }`;
    expect(formatRecipe(long).text).toBe(`recipe w {
  data d {
    first_option: "${'x'.repeat(40)}"
    second_option: "${'y'.repeat(40)}"
  }
}
`);
  });

  it('breaks a nested option block and keeps quoted names quoted', () => {
    const text = `recipe "q" { policy "my-plugin" { nested: { a: 1, # c
 b: 2 } } }`;
    expect(formatRecipe(text).text).toBe(`recipe "q" {
  policy "my-plugin" {
    nested: {
      a: 1 # c
      b: 2
    }
  }
}
`);
  });

  it('refuses to format text with syntax errors and says why', () => {
    const r = formatRecipe('recipe x { data d { a 1 } }');
    expect(r.text).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([`syntax.expected: expected ':' but found "1"`]);
  });

  it('formats recipes with semantic errors (unknown statements are kept as written)', () => {
    expect(formatRecipe('recipe x { polcy  toy.gpt {a:1} }').text).toBe('recipe x {\n  polcy toy.gpt { a: 1 }\n}\n');
  });
});
