"""Building the policy model: any Hugging Face causal LM from a folder, or a fresh one from a config."""

import math
from pathlib import Path

import torch
from transformers import AutoConfig, AutoModelForCausalLM, LlamaConfig, PreTrainedModel

from .errors import WorkerError

FRESH_KEYS = {"arch", "layers", "d_model", "heads", "kv_heads", "ffn", "context", "vocab_size", "rope_theta",
              "tie_embeddings", "norm_eps"}


def llama_config(fresh: dict, vocab_size: int, eos_id: int | None = None) -> LlamaConfig:
    """A Llama config from spt's option names. ffn defaults to 8/3 d_model rounded up to 64."""
    unknown = set(fresh) - FRESH_KEYS
    if unknown:
        raise WorkerError("backend.config", f"unknown fresh-model option(s): {', '.join(sorted(unknown))}",
                          expected=", ".join(sorted(FRESH_KEYS)), got=", ".join(sorted(unknown)),
                          fix="remove or rename the option")
    d, heads = int(fresh["d_model"]), int(fresh["heads"])
    if d % heads:
        raise WorkerError("backend.config", "d_model must be divisible by heads", got=f"{d} / {heads}",
                          fix="pick heads that divide d_model")
    ffn = fresh.get("ffn") or 64 * math.ceil(8 * d / 3 / 64)
    return LlamaConfig(
        vocab_size=int(fresh.get("vocab_size") or vocab_size),
        hidden_size=d,
        intermediate_size=int(ffn),
        num_hidden_layers=int(fresh["layers"]),
        num_attention_heads=heads,
        num_key_value_heads=int(fresh.get("kv_heads") or heads),
        max_position_embeddings=int(fresh["context"]),
        rope_theta=float(fresh.get("rope_theta") or 10000.0),
        rms_norm_eps=float(fresh.get("norm_eps") or 1e-5),
        tie_word_embeddings=bool(fresh.get("tie_embeddings", False)),
        bos_token_id=eos_id,
        eos_token_id=eos_id,
        pad_token_id=eos_id,
    )


def build_model(options: dict, vocab_size: int, eos_id: int | None = None) -> PreTrainedModel:
    """Load ``options['model']`` (a folder) or initialise ``options['fresh']`` with the seed, in float32."""
    attn = options.get("attn_implementation") or "sdpa"
    if options.get("model"):
        folder = Path(options["model"])
        if not (folder / "config.json").exists():
            raise WorkerError("backend.config", f"model folder {folder} has no config.json",
                              expected="a Hugging Face model folder (config.json + *.safetensors)",
                              got=str(folder), fix="point model at the folder written by save_pretrained or "
                              "`spt export`, or use torch.llama to start from a config")
        try:
            return AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32, attn_implementation=attn)
        except Exception as exc:
            raise WorkerError("backend.config", f"transformers could not load the model in {folder}: {exc}",
                              fix="check that the folder holds a causal LM that this transformers version knows"
                              ) from exc
    fresh = options.get("fresh")
    if not fresh:
        raise WorkerError("backend.config", "neither model nor fresh is set",
                          fix="set model (a folder) or fresh (a config)")
    torch.manual_seed(int(options.get("seed", 0)))
    if fresh.get("arch", "llama") == "llama":
        config = llama_config(fresh, vocab_size, eos_id)
    else:
        config = AutoConfig.from_pretrained(fresh["arch"])
    config._attn_implementation = attn
    return AutoModelForCausalLM.from_config(config, dtype=torch.float32)


def max_context(model: PreTrainedModel) -> int:
    """The longest sequence the model's positions allow."""
    cfg = model.config
    for name in ("max_position_embeddings", "n_positions", "max_sequence_length", "seq_length"):
        value = getattr(cfg, name, None)
        if isinstance(value, int) and value > 0:
            return value
    return 2048
