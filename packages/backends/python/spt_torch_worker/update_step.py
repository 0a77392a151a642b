"""The update operation: micro-batches, backward, clipping, AdamW, and the statistics reported back."""

import math
from collections.abc import Callable
from contextlib import AbstractContextManager

import torch

from .distributed import DistContext
from .trainer import dpo_micro, items_of, local_items, micro_batches, nll_micro, no_sync

DPO_STATS = ["dpo_loss", "dpo_margin", "dpo_accuracy", "chosen_logp", "rejected_logp", "chosen_nll", "tokens",
             "chosen_tokens"]


def grad_norm_and_clip(model: torch.nn.Module, max_norm: float) -> float:
    """Total gradient norm before clipping (clips in place when max_norm > 0)."""
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm if max_norm > 0 else float("inf"))
    if hasattr(norm, "full_tensor"):  # FSDP2 returns a DTensor
        norm = norm.full_tensor()
    return float(norm)


def run_update(model, ref, optimizer: torch.optim.Optimizer, batch: dict, lr: float, ctx: DistContext,
               micro: int, grad_clip: float, autocast: Callable[[], AbstractContextManager]) -> dict:
    """One optimizer step on the global batch; returns {loss, tokens, gradNorm, metrics}."""
    items = items_of(batch)
    chunks = micro_batches(local_items(items, ctx), micro)
    world, device = ctx.world_size, ctx.device
    for group in optimizer.param_groups:
        group["lr"] = lr
    optimizer.zero_grad(set_to_none=True)
    model.train()
    sums: torch.Tensor | None = None
    dpo = batch["kind"] == "dpo"
    if dpo:
        pair_scale = world / len(items)
        tok_scale = world / max(1, sum(len(i.first) for i in items))
        beta, alpha = float(batch["beta"]), float(batch.get("nllAlpha", 0.0))
    else:
        scale = world / max(1, sum(len(i.first) for i in items))
    for j, chunk in enumerate(chunks):
        with no_sync(model, j == len(chunks) - 1):
            if dpo:
                loss, stats = dpo_micro(model, ref, chunk, beta, alpha, pair_scale, tok_scale, device, autocast)
            else:
                loss, stats = nll_micro(model, chunk, scale, device, autocast)
            loss.backward()
        sums = stats if sums is None else sums + stats
    norm = grad_norm_and_clip(model, grad_clip)
    skipped = not math.isfinite(norm)
    if not skipped:
        optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    totals = ctx.sum(sums.tolist() if sums is not None else [])
    return summarize(batch, totals, len(items), norm, skipped)


def summarize(batch: dict, totals: list[float], n: int, norm: float, skipped: bool) -> dict:
    """Turn summed statistics into means over the global batch."""
    if batch["kind"] != "dpo":
        nll_sum, tokens = totals
        loss = nll_sum / max(1.0, tokens)
        return {"loss": loss, "tokens": int(tokens), "gradNorm": norm,
                "metrics": {"nll": loss, "skipped_nonfinite": float(skipped)}}
    s = dict(zip(DPO_STATS, totals, strict=True))
    alpha = float(batch.get("nllAlpha", 0.0))
    chosen_nll = s["chosen_nll"] / max(1.0, s["chosen_tokens"])
    dpo_loss = s["dpo_loss"] / n
    metrics = {"dpo_loss": dpo_loss, "dpo_margin": s["dpo_margin"] / n, "dpo_accuracy": s["dpo_accuracy"] / n,
               "chosen_logp": s["chosen_logp"] / n, "rejected_logp": s["rejected_logp"] / n,
               "chosen_nll": chosen_nll, "skipped_nonfinite": float(skipped)}
    return {"loss": dpo_loss + alpha * chosen_nll, "tokens": int(s["tokens"]), "gradNorm": norm, "metrics": metrics}
