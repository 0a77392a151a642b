import { SptError, deriveSeed, isFatalJudgingError, type ChatMessage, type CompletionModel, type JudgeCallContext, type Usage } from '@spt/core';
import type { RunCostLedger } from '@spt/llm';
import { scrubEchoes } from '../parsers/scrub-echoes';
import { parseLastVerdict, type VerdictSpec } from '../parsers/verdict';
import type { LlmJudgeOptions } from './judge-options';

/** What one judge call produced over its samples. */
export interface SampledVerdicts<V> {
  verdicts: V[];
  /** Why each failed sample failed. */
  failures: string[];
  /** The raw answers, one per sample ('' where the call failed). */
  raws: string[];
  usage: Usage;
}

export interface JudgeEngine<V> {
  model: CompletionModel;
  options: LlmJudgeOptions;
  spec: VerdictSpec<V>;
  /** JSON schema sent as response format when `structured` is on. */
  schema: Record<string, unknown>;
  /** The aspect recorded in the ledger when the scheduler does not name one. */
  aspect: string;
  ledger: RunCostLedger;
}

/** The seed of sample `i`: the call's own seed for the first, derived ones after (31-bit for strict servers). */
export function sampleSeed(seed: number, i: number): number {
  return (i === 0 ? seed : deriveSeed(seed, 'llm-judge-sample', i)) & 0x7fffffff;
}

/**
 * Asks the model `samples` times (concurrently) and parses the last verdict of each answer,
 * after removing text the model merely echoed: the whole prompt, a delimited field, a field's text. Model failures become
 * failed samples, except run-level ones (budget spent, bad key, unknown model), which throw.
 */
export async function sampleVerdicts<V>(
  engine: JudgeEngine<V>,
  messages: ChatMessage[],
  fields: readonly string[],
  ctx: JudgeCallContext,
): Promise<SampledVerdicts<V>> {
  const { options } = engine;
  const tags = { aspect: ctx.aspect ?? engine.aspect, step: ctx.step, sources: ctx.sources };
  const echoable = [...messages.map((m) => m.content), ...fields];
  const one = async (i: number) => {
    try {
      const result = await engine.model.complete({
        messages,
        maxTokens: options.max_tokens,
        temperature: options.temperature,
        topP: options.top_p,
        seed: sampleSeed(ctx.seed, i),
        responseFormat: options.structured ? { type: 'json_schema', name: `${engine.aspect}_verdict`, schema: engine.schema } : undefined,
        signal: ctx.signal,
        tags,
      });
      return { result, parsed: parseLastVerdict(scrubEchoes(result.text, echoable), engine.spec) };
    } catch (error) {
      // The run's problem, not one judgment's (core's one list): stop instead of abstaining.
      if (isFatalJudgingError(error)) throw error;
      const what = SptError.is(error) ? `${error.code}: ${error.message.split('\n')[0]}` : (error as Error).message;
      return { result: undefined, parsed: { ok: false as const, reason: `model call failed (${what})` } };
    }
  };
  const outcomes = await Promise.all(Array.from({ length: options.samples }, (_, i) => one(i)));
  const out: SampledVerdicts<V> = { verdicts: [], failures: [], raws: [], usage: { promptTokens: 0, completionTokens: 0 } };
  for (const { result, parsed } of outcomes) {
    out.raws.push(result?.text ?? '');
    if (result) {
      out.usage.promptTokens += result.usage.promptTokens;
      out.usage.completionTokens += result.usage.completionTokens;
    }
    if (parsed.ok) out.verdicts.push(parsed.value);
    else out.failures.push(parsed.reason);
  }
  return out;
}

/** The abstention reason and raw text of a call whose samples all failed. */
export function abstention<V>(s: SampledVerdicts<V>): { reason: string; raw: string } {
  const reason = s.failures.length === 1 ? s.failures[0] : `all ${s.failures.length} samples failed: ${[...new Set(s.failures)].join('; ')}`;
  const raw = s.raws.length === 1 ? s.raws[0] : s.raws.map((r, i) => `--- sample ${i + 1} ---\n${r}`).join('\n');
  return { reason, raw };
}

/** The judge version: prompt version, model id and every setting that changes the verdicts. */
export function judgeVersion(promptVersion: string, modelId: string, o: LlmJudgeOptions): string {
  return `${promptVersion}|${modelId}|t=${o.temperature}|p=${o.top_p}|n=${o.samples}|m=${o.max_tokens}|s=${o.structured ? o.max_reasoning_chars : 0}`;
}
