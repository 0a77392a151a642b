/**
 * Import from a Hugging Face Llama folder (config.json + model.safetensors + tokenizer.json), the
 * inverse of export-hf.ts: a model the torch backend or `spt export` wrote (or any Llama checkpoint
 * of a shape tfjs.gpt supports) starts a tfjs.gpt run. What tfjs.gpt cannot represent is refused
 * with an error that names it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SptError } from '@spt/core';
import { byteLevelTokenizerJson } from '../tokenizers/index';
import type { GptConfig } from './model/config';
import type { TfjsGptOptions } from './options';
import { decodeSafetensors, type NamedArray } from './safetensors';

/** True for a folder with a Hugging Face config.json and no tfjs.gpt checkpoint state. */
export function isHfFolder(dir: string): boolean {
  return existsSync(path.join(dir, 'config.json')) && !existsSync(path.join(dir, 'state.json'));
}

function unsupported(dir: string, what: string, got: string, fix: string): SptError {
  return new SptError({ code: 'checkpoint.unsupported', what: `tfjs.gpt cannot import ${dir}: ${what}`, expected: 'a Llama checkpoint tfjs.gpt supports (see docs/backends.md, "Import from Hugging Face")', got, fix });
}

/** The architecture options of a Llama config.json, checked for what tfjs.gpt can represent. */
export function hfArchitecture(dir: string): Pick<TfjsGptOptions, 'layers' | 'd_model' | 'heads' | 'context' | 'ffn_dim' | 'vocab' | 'tied_head' | 'rope_theta' | 'norm_eps' | 'tokenizer'> {
  const c = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const num = (k: string) => (typeof c[k] === 'number' ? (c[k] as number) : undefined);
  if (c.model_type !== 'llama') throw unsupported(dir, 'only the Llama architecture is supported', `model_type ${String(c.model_type)}`, 'use torch.hf for other architectures');
  const d = num('hidden_size');
  const heads = num('num_attention_heads');
  const layers = num('num_hidden_layers');
  const vocab = num('vocab_size');
  const ffn = num('intermediate_size');
  if (!d || !heads || !layers || !vocab || !ffn) throw unsupported(dir, 'config.json lacks a size', JSON.stringify({ hidden_size: d, num_attention_heads: heads, num_hidden_layers: layers, vocab_size: vocab, intermediate_size: ffn }), 'use a complete Llama config.json');
  const kv = num('num_key_value_heads') ?? heads;
  if (kv !== heads) throw unsupported(dir, 'grouped-query attention (num_key_value_heads differs from num_attention_heads)', `${kv} key/value heads for ${heads} heads`, 'use torch.hf for this model');
  const headDim = num('head_dim') ?? d / heads;
  if (headDim * heads !== d) throw unsupported(dir, 'head_dim x heads differs from hidden_size', `${headDim} x ${heads} vs ${d}`, 'use torch.hf for this model');
  if ((c.hidden_act ?? 'silu') !== 'silu') throw unsupported(dir, 'the MLP activation must be silu (SwiGLU)', String(c.hidden_act), 'use torch.hf for this model');
  if (c.attention_bias === true || c.mlp_bias === true) throw unsupported(dir, 'biases in attention or MLP', JSON.stringify({ attention_bias: c.attention_bias, mlp_bias: c.mlp_bias }), 'use torch.hf for this model');
  const scaling = c.rope_scaling as { rope_type?: string } | null | undefined;
  if (scaling && scaling.rope_type !== 'default') throw unsupported(dir, 'rope scaling', JSON.stringify(scaling), 'use torch.hf for this model');
  const tokenizerFile = path.join(dir, 'tokenizer.json');
  if (!existsSync(tokenizerFile)) throw unsupported(dir, 'no tokenizer.json', 'a folder without tokenizer.json', 'save the tokenizer next to the model (tokenizer.save_pretrained)');
  const isBytes = readFileSync(tokenizerFile, 'utf8') === JSON.stringify(byteLevelTokenizerJson());
  return {
    layers,
    d_model: d,
    heads,
    context: num('max_position_embeddings') ?? 2048,
    ffn_dim: ffn,
    vocab,
    tied_head: c.tie_word_embeddings !== false,
    rope_theta: num('rope_theta') ?? (c.rope_parameters as { rope_theta?: number } | undefined)?.rope_theta ?? 10000,
    norm_eps: num('rms_norm_eps') ?? 1e-5,
    tokenizer: isBytes ? 'bytes' : tokenizerFile,
  };
}

/** [out, in] Hugging Face matrices -> our [in, out] (columns concatenated in order). */
function columns(dir: string, mats: NamedArray[]): NamedArray {
  const rows = mats[0].shape[1];
  const cols = mats.reduce((a, m) => a + m.shape[0], 0);
  const out = new Float32Array(rows * cols);
  let c0 = 0;
  for (const m of mats) {
    const [o, i] = m.shape;
    if (i !== rows) throw unsupported(dir, 'inconsistent matrix shapes', `${m.shape.join('x')} next to input width ${rows}`, 'check the checkpoint');
    for (let r = 0; r < i; r++) for (let c = 0; c < o; c++) out[r * cols + c0 + c] = m.data[c * i + r];
    c0 += o;
  }
  return { shape: [rows, cols], data: out };
}

/** Reads model.safetensors of the folder into our parameter names and layouts. */
export async function fromHfLlamaFolder(dir: string, c: GptConfig): Promise<Map<string, NamedArray>> {
  const file = path.join(dir, 'model.safetensors');
  if (!existsSync(file)) {
    const sharded = existsSync(path.join(dir, 'model.safetensors.index.json'));
    throw unsupported(dir, sharded ? 'sharded weights (model.safetensors.index.json)' : 'no model.safetensors', sharded ? 'several shards' : 'nothing', 'save the model as one float32 model.safetensors (save_pretrained with max_shard_size large enough), or use torch.hf');
  }
  let hf: Map<string, NamedArray>;
  try {
    hf = decodeSafetensors(readFileSync(file), file).tensors;
  } catch (e) {
    if (SptError.is(e) && /dtype/.test(e.message)) throw unsupported(dir, 'weights that are not float32', e.message, 'save the model in float32 (model.float().save_pretrained(...)), or use torch.hf');
    throw e;
  }
  const get = (n: string): NamedArray => {
    const t = hf.get(n);
    if (!t) throw unsupported(dir, `tensor ${n} is missing`, [...hf.keys()].slice(0, 4).join(', ') + ', ...', 'use a Llama checkpoint with Hugging Face tensor names');
    return t;
  };
  const out = new Map<string, NamedArray>();
  out.set('embed', get('model.embed_tokens.weight'));
  for (let i = 0; i < c.layers; i++) {
    const pre = `model.layers.${i}`;
    out.set(`l${i}.attn_norm`, get(`${pre}.input_layernorm.weight`));
    out.set(`l${i}.wqkv`, columns(dir, [get(`${pre}.self_attn.q_proj.weight`), get(`${pre}.self_attn.k_proj.weight`), get(`${pre}.self_attn.v_proj.weight`)]));
    out.set(`l${i}.wo`, columns(dir, [get(`${pre}.self_attn.o_proj.weight`)]));
    out.set(`l${i}.mlp_norm`, get(`${pre}.post_attention_layernorm.weight`));
    out.set(`l${i}.wg`, columns(dir, [get(`${pre}.mlp.gate_proj.weight`)]));
    out.set(`l${i}.wu`, columns(dir, [get(`${pre}.mlp.up_proj.weight`)]));
    out.set(`l${i}.wd`, columns(dir, [get(`${pre}.mlp.down_proj.weight`)]));
  }
  out.set('final_norm', get('model.norm.weight'));
  if (!c.tiedHead) out.set('head', columns(dir, [get('lm_head.weight')]));
  return out;
}
