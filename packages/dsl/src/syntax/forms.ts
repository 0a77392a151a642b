/**
 * The written form of each statement, for messages ("expected ...") and the reference docs.
 * Keep in step with parser.ts and docs/recipes.md.
 */
export const STATEMENT_FORMS: Readonly<Record<string, string>> = {
  recipe: 'recipe <name> { <statements> }',
  use: 'use "<npm package or path>"',
  data: 'data <plugin> { <options> }',
  policy: 'policy <plugin> { <options> }',
  metrics: 'metrics <plugin> { <options> }',
  observe: 'observe <observer plugin> { <options> }',
  init: 'init from "<checkpoint or model directory>"',
  window: 'window { k: <tokens>, prefix: <min>..<max>, per_document: <n> }',
  candidates:
    'candidates { original; rewrite <plugin> { <options> }; rollouts <n> { temperature: <t>, top_p: <p> }; source <name> <plugin> { <options> } }',
  judge: 'judge <aspect> <plugin> [pairwise | pointwise] [reference original] { <options> }',
  reward: 'reward = <expression over aspects>',
  shape: 'shape <reward shaper plugin> { <options: numbers or schedules> }',
  curriculum: 'curriculum { <source or parameter>: <number or schedule>, ... }  or  curriculum <plugin> { <options> }',
  objective: 'objective online_dpo { <options> } | grpo { <options> } | rf_nll | ntp | sft <source>',
  train: 'train { steps: <n>, batch: <n>, lr: <peak> [cosine | linear | constant] [warmup <steps>] [min_ratio <x>], seed: <n>, ... }',
  judging: 'judging { concurrency: <n>, max_abstention: <0..1>, cache: memory | none | "<file>", timeout: <duration>, max_unusable_steps: <n> }',
  eval: 'eval every <steps> { prefixes: <n>, against: start | <arm>, seeds: <n>, prompt_seed: <n>, suite: <plugin> }',
  checkpoint: 'checkpoint every <steps> { keep: <n> }',
  pools: 'pools every <steps> { max: <pools per logged step> }',
  phase: 'phase <name> { steps: <n>; objective ...; lr: ...; candidates { ... }; curriculum { ... }; shape ... }',
  arm: 'arm <name> { phase <name> { ... } ... }  or  arm <name> { steps: <n>; objective ... }',
};

/** Statement keywords allowed at the top of a recipe. */
export const TOP_LEVEL_STATEMENTS = [
  'use',
  'data',
  'policy',
  'init',
  'window',
  'candidates',
  'judge',
  'reward',
  'shape',
  'curriculum',
  'objective',
  'train',
  'judging',
  'metrics',
  'observe',
  'eval',
  'checkpoint',
  'pools',
  'phase',
  'arm',
] as const;

/** What a phase (or an arm without phases) may contain. */
export const PHASE_STATEMENTS = ['steps', 'lr', 'objective', 'candidates', 'curriculum', 'shape'] as const;

/** Maps a parser rule to the statement it belongs to. */
export const RULE_STATEMENT: Readonly<Record<string, string>> = {
  useStmt: 'use',
  initStmt: 'init',
  candidatesStmt: 'candidates',
  candidateItem: 'candidates',
  judgeStmt: 'judge',
  rewardStmt: 'reward',
  objectiveStmt: 'objective',
  phaseStmt: 'phase',
  armStmt: 'arm',
};
