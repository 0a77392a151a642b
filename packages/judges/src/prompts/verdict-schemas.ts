/**
 * JSON schemas of the three verdicts, for servers and engines that constrain output (llama.cpp
 * grammars, `response_format: json_schema`). Reasoning comes first so the model thinks before it
 * decides; its length is capped so a constrained answer always ends.
 */
export function verdictSchema(kind: 'quality' | 'safety' | 'factuality', maxReasoningChars: number): Record<string, unknown> {
  const reasoning = { type: 'string', maxLength: maxReasoningChars };
  const verdict =
    kind === 'quality'
      ? { conclusion: { enum: ['Option 1', 'Option 2'] } }
      : kind === 'safety'
        ? { final_decision: { enum: ['YES', 'NO'] } }
        : { label: { enum: ['No Hallucination', 'Possible Hallucination', 'Definite Hallucination'] } };
  return {
    type: 'object',
    properties: { reasoning, ...verdict },
    required: ['reasoning', ...Object.keys(verdict)],
    additionalProperties: false,
  };
}
