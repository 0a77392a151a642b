import type { PluginContext } from '@spt/core';
import { leaseModel, loadPromptTemplate, resolveRecipePath, runCostLedger, type ModelLease, type PromptTemplate, type RunCostLedger } from '@spt/llm';
import type { LlmJudgeOptions } from './judge-options';

/** What an LLM judge gets from its plugin context. */
export interface JudgeSetup {
  lease: ModelLease;
  template: PromptTemplate;
  ledger: RunCostLedger;
}

/** Loads the prompt (default or `prompt_file`), leases the model and finds the run's ledger. */
export async function setUpJudge(
  options: Pick<LlmJudgeOptions, 'model' | 'prompt_file'>,
  ctx: PluginContext,
  defaults: PromptTemplate,
  slots: { required: readonly string[]; allowed: readonly string[] },
): Promise<JudgeSetup> {
  const template = options.prompt_file ? loadPromptTemplate(resolveRecipePath(options.prompt_file, ctx), slots) : defaults;
  const lease = await leaseModel(ctx, options.model);
  return { lease, template, ledger: runCostLedger(ctx) };
}
