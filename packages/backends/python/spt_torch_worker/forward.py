"""Calling a Hugging Face causal LM for the last few logits only, whatever its forward accepts."""

import inspect
from functools import cache

import torch


@cache
def _takes_logits_to_keep(cls: type) -> bool:
    return "logits_to_keep" in inspect.signature(cls.forward).parameters


def forward_last(model: torch.nn.Module, keep: int, **inputs):
    """Run the model; returns (output, logits of the last ``keep`` positions [B, keep, V])."""
    core = model.module if hasattr(model, "module") and isinstance(model.module, torch.nn.Module) else model
    if _takes_logits_to_keep(type(core)):
        out = model(**inputs, logits_to_keep=keep)
        return out, out.logits
    out = model(**inputs)
    return out, out.logits[:, -keep:]
