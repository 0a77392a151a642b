import { SptError } from '@spt/core';
import type { TfjsGptOptions } from '../options';

/**
 * Resolved model dimensions. The architecture is Llama's: pre-norm RMSNorm, rotary positions
 * (rotate-half convention), causal attention, SwiGLU MLP, no biases, optional tied head. It is
 * exported loss-free as a Hugging Face LlamaForCausalLM (and from there to GGUF).
 */
export interface GptConfig {
  layers: number;
  dModel: number;
  heads: number;
  headDim: number;
  context: number;
  ffnDim: number;
  vocab: number;
  tiedHead: boolean;
  ropeTheta: number;
  normEps: number;
  initStd: number;
  dropout: number;
}

/** Default SwiGLU width: 8/3 d_model rounded up to a multiple of 64 (same parameters as a 4x GELU MLP). */
export function defaultFfnDim(dModel: number): number {
  return Math.ceil((8 * dModel) / 3 / 64) * 64;
}

export function gptConfigFrom(options: TfjsGptOptions, tokenizerVocab: number): GptConfig {
  const vocab = options.vocab ?? tokenizerVocab;
  if (vocab < tokenizerVocab) {
    throw new SptError({
      code: 'plugin.options',
      what: `tfjs.gpt option "vocab" (${vocab}) is smaller than the tokenizer's vocabulary (${tokenizerVocab})`,
      expected: `vocab >= ${tokenizerVocab}`,
      got: String(vocab),
      fix: 'remove `vocab` to use the tokenizer size, or raise it',
    });
  }
  return {
    layers: options.layers,
    dModel: options.d_model,
    heads: options.heads,
    headDim: options.d_model / options.heads,
    context: options.context,
    ffnDim: options.ffn_dim ?? defaultFfnDim(options.d_model),
    vocab,
    tiedHead: options.tied_head,
    ropeTheta: options.rope_theta,
    normEps: options.norm_eps,
    initStd: options.init_std,
    dropout: options.dropout,
  };
}

/** Shape of every parameter, in a fixed order (the order of gradients and optimizer state). */
export function parameterShapes(c: GptConfig): Array<[string, number[]]> {
  const shapes: Array<[string, number[]]> = [['embed', [c.vocab, c.dModel]]];
  for (let i = 0; i < c.layers; i++) {
    shapes.push(
      [`l${i}.attn_norm`, [c.dModel]],
      [`l${i}.wqkv`, [c.dModel, 3 * c.dModel]],
      [`l${i}.wo`, [c.dModel, c.dModel]],
      [`l${i}.mlp_norm`, [c.dModel]],
      [`l${i}.wg`, [c.dModel, c.ffnDim]],
      [`l${i}.wu`, [c.dModel, c.ffnDim]],
      [`l${i}.wd`, [c.ffnDim, c.dModel]],
    );
  }
  shapes.push(['final_norm', [c.dModel]]);
  if (!c.tiedHead) shapes.push(['head', [c.dModel, c.vocab]]);
  return shapes;
}
