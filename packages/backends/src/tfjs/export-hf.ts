/**
 * Export to a Hugging Face folder: a LlamaForCausalLM config.json, model.safetensors (float32,
 * Hugging Face names and [out, in] layouts), tokenizer.json + tokenizer_config.json and
 * generation_config.json. `transformers` loads it with from_pretrained; llama.cpp's converter
 * reads it as a Llama model.
 */
import type { GptConfig } from './model/config';
import type { NamedArray } from './safetensors';

/** Transposes a row-major [rows, cols] block of columns [c0, c1) into [c1 - c0, rows]. */
export function transposeColumns(src: NamedArray, c0: number, c1: number): NamedArray {
  const [rows, cols] = src.shape;
  const out = new Float32Array((c1 - c0) * rows);
  for (let r = 0; r < rows; r++) for (let c = c0; c < c1; c++) out[(c - c0) * rows + r] = src.data[r * cols + c];
  return { shape: [c1 - c0, rows], data: out };
}

/** Our parameters -> Hugging Face Llama tensors. */
export function toHfLlamaTensors(c: GptConfig, params: Map<string, NamedArray>): Map<string, NamedArray> {
  const get = (n: string) => params.get(n) as NamedArray;
  const d = c.dModel;
  const f = c.ffnDim;
  const out = new Map<string, NamedArray>();
  out.set('model.embed_tokens.weight', get('embed'));
  for (let i = 0; i < c.layers; i++) {
    const pre = `model.layers.${i}`;
    const qkv = get(`l${i}.wqkv`);
    out.set(`${pre}.input_layernorm.weight`, get(`l${i}.attn_norm`));
    out.set(`${pre}.self_attn.q_proj.weight`, transposeColumns(qkv, 0, d));
    out.set(`${pre}.self_attn.k_proj.weight`, transposeColumns(qkv, d, 2 * d));
    out.set(`${pre}.self_attn.v_proj.weight`, transposeColumns(qkv, 2 * d, 3 * d));
    out.set(`${pre}.self_attn.o_proj.weight`, transposeColumns(get(`l${i}.wo`), 0, d));
    out.set(`${pre}.post_attention_layernorm.weight`, get(`l${i}.mlp_norm`));
    out.set(`${pre}.mlp.gate_proj.weight`, transposeColumns(get(`l${i}.wg`), 0, f));
    out.set(`${pre}.mlp.up_proj.weight`, transposeColumns(get(`l${i}.wu`), 0, f));
    out.set(`${pre}.mlp.down_proj.weight`, transposeColumns(get(`l${i}.wd`), 0, d));
  }
  out.set('model.norm.weight', get('final_norm'));
  if (!c.tiedHead) out.set('lm_head.weight', transposeColumns(get('head'), 0, c.vocab));
  return out;
}

/** config.json of the exported model. */
export function hfLlamaConfig(c: GptConfig, eos: number | undefined): Record<string, unknown> {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: c.vocab,
    hidden_size: c.dModel,
    intermediate_size: c.ffnDim,
    num_hidden_layers: c.layers,
    num_attention_heads: c.heads,
    num_key_value_heads: c.heads,
    head_dim: c.headDim,
    hidden_act: 'silu',
    max_position_embeddings: c.context,
    rms_norm_eps: c.normEps,
    rope_theta: c.ropeTheta,
    rope_parameters: { rope_type: 'default', rope_theta: c.ropeTheta },
    rope_scaling: null,
    attention_bias: false,
    attention_dropout: 0,
    mlp_bias: false,
    tie_word_embeddings: c.tiedHead,
    initializer_range: c.initStd,
    bos_token_id: eos ?? null,
    eos_token_id: eos ?? null,
    pad_token_id: eos ?? null,
    torch_dtype: 'float32',
    use_cache: true,
  };
}
