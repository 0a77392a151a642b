"""The worker's options (sent by the client in ``init``), with defaults and checks."""

from .errors import WorkerError

DEFAULTS: dict = {
    "model": None,  # a Hugging Face model folder
    "fresh": None,  # or a config to initialise: {arch: 'llama', layers, d_model, heads, context, ...}
    "tokenizer": None,  # 'bytes' or a folder; default: the model folder ('bytes' for fresh models)
    "seed": 0,
    "precision": "auto",  # auto: bf16 autocast on CUDA, float32 on CPU; or 'bf16' / 'fp32'
    "strategy": "ddp",  # data parallelism under torchrun: 'ddp' or 'fsdp'
    "micro_batch": 0,  # examples per micro-batch (gradient accumulation); 0 = the rank's whole share
    "gen_batch": 0,  # prompts per generation chunk; 0 = all at once
    "decode": "dynamic",  # KV cache of generate: 'dynamic', 'static' or 'compiled' (see decoders.py)
    "gather_for_generation": True,  # FSDP: unshard the weights once per generate call, not per token
    "grad_clip": 1.0,  # max global gradient norm; 0 = no clipping
    "weight_decay": 0.0,  # AdamW decay on matrices (biases, norms and 1-D weights never decay)
    "betas": [0.9, 0.95],
    "eps": 1e-8,
    "activation_checkpointing": False,
    "reference": True,  # keep a reference model for DPO (frozen at start, or synced)
    "work_dir": None,  # where the worker writes its tokenizer files
    "attn_implementation": "sdpa",
}

CHOICES = {"precision": ("auto", "bf16", "fp32"), "strategy": ("ddp", "fsdp"),
           "decode": ("dynamic", "static", "compiled")}


def resolve(options: dict) -> dict:
    """Defaults filled in; unknown keys and bad choices rejected with the list of valid ones."""
    unknown = sorted(set(options) - set(DEFAULTS))
    if unknown:
        raise WorkerError("backend.config", f"unknown worker option(s): {', '.join(unknown)}",
                          expected=", ".join(sorted(DEFAULTS)), got=", ".join(unknown),
                          fix="remove the option or upgrade the worker")
    out = {**DEFAULTS, **{k: v for k, v in options.items() if v is not None}}
    for key, allowed in CHOICES.items():
        if out[key] not in allowed:
            raise WorkerError("backend.config", f"option {key} has an unknown value", expected=" | ".join(allowed),
                              got=repr(out[key]), fix=f"set {key} to one of {', '.join(allowed)}")
    if not out["model"] and not out["fresh"]:
        raise WorkerError("backend.config", "the worker needs a model folder or a fresh-model config",
                          expected="model: <folder> or fresh: {...}", got="neither",
                          fix="set model (continual pretraining) or fresh (from scratch)")
    if out["tokenizer"] is None:
        out["tokenizer"] = out["model"] or "bytes"
    return out
