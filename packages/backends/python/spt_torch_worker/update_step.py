"""The update operation: micro-batches, backward, clipping, AdamW, and the statistics reported back."""

import math
from collections.abc import Callable
from contextlib import AbstractContextManager

import torch

from .distributed import DistContext
from .trainer import anchor_items, dpo_micro, grpo_micro, items_of, local_items, micro_batches, nll_micro, no_sync

DPO_STATS = ["dpo_loss", "accurate", "pc", "pr", "rc", "rr", "chosen_nll", "anchor_nll"]
GRPO_STATS = ["loss", "clipped", "ratio", "kl"]


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
    kind = batch["kind"]
    # (what, chunk): the batch's own micro-batches, then a DPO batch's anchor ones (NTP on real text).
    chunks = [(kind, c) for c in micro_batches(local_items(items, ctx), micro)]
    anchors = anchor_items(batch) if kind == "dpo" else []
    if anchors:
        chunks += [("anchor", c) for c in micro_batches(local_items(anchors, ctx), micro)]
    world, device = ctx.world_size, ctx.device
    for group in optimizer.param_groups:
        group["lr"] = lr
    optimizer.zero_grad(set_to_none=True)
    model.train()
    sums: torch.Tensor | None = None
    if kind == "dpo":
        pair_scale = world / len(items)
        tok_scale = world / max(1, sum(len(i.first) for i in items))
        beta, alpha = float(batch["beta"]), float(batch.get("nllAlpha", 0.0))
        if anchors:
            anchor_scale = float(batch["anchor"]["alpha"]) * world / sum(len(i.first) for i in anchors)
    elif kind != "grpo":
        scale = world / sum(i.weight * len(i.first) for i in items)
    for j, (what, chunk) in enumerate(chunks):
        with no_sync(model, j == len(chunks) - 1):
            if what == "dpo":
                loss, stats = dpo_micro(model, ref, chunk, beta, alpha, pair_scale, tok_scale, device, autocast)
                stats = torch.cat([stats, torch.zeros(1, device=stats.device)])
            elif what == "anchor":
                loss, nll = nll_micro(model, chunk, anchor_scale, device, autocast)
                stats = torch.cat([torch.zeros(len(DPO_STATS) - 1, device=nll.device), nll])
            elif what == "grpo":
                loss, stats = grpo_micro(model, ref, chunk, float(batch["clip"]), float(batch.get("klBeta", 0.0)),
                                         world, device, autocast)
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
    return summarize(batch, items, totals, norm, skipped)


def summarize(batch: dict, items: list, totals: list[float], norm: float, skipped: bool) -> dict:
    """Turn summed statistics into the means the TF.js backend reports, with the same names."""
    extra = {"skipped_nonfinite": float(skipped)}
    if batch["kind"] == "grpo":
        g = dict(zip(GRPO_STATS, totals, strict=True))
        tokens = sum(len(i.first) for i in items)
        metrics = {"grpo_clip_fraction": g["clipped"] / max(1, tokens), "grpo_ratio_mean": g["ratio"] / max(1, tokens),
                   "grpo_advantage_abs": sum(abs(i.advantage) for i in items) / len(items), **extra}
        if float(batch.get("klBeta", 0.0)) > 0:
            metrics["grpo_kl"] = g["kl"] / max(1, tokens)
        return {"loss": g["loss"], "tokens": tokens, "gradNorm": norm, "metrics": metrics}
    if batch["kind"] != "dpo":
        loss = totals[0] / sum(i.weight * len(i.first) for i in items)
        tokens = sum(len(i.first) for i in items if i.weight > 0)
        named = {"ppl": math.exp(min(loss, 700.0))} if batch["kind"] == "ntp" else {"nll_per_token": loss}
        return {"loss": loss, "tokens": tokens, "gradNorm": norm, "metrics": {**named, **extra}}
    s = dict(zip(DPO_STATS, totals, strict=True))
    n = len(items)
    chosen_tokens = sum(len(i.first) for i in items)
    alpha = float(batch.get("nllAlpha", 0.0))
    dpo_loss = s["dpo_loss"] / n
    metrics = {"dpo_margin": (s["pc"] - s["rc"] - s["pr"] + s["rr"]) / n, "dpo_accuracy": s["accurate"] / n,
               "chosen_logp": s["pc"] / n, "rejected_logp": s["pr"] / n, "ref_chosen_logp": s["rc"] / n,
               "ref_rejected_logp": s["rr"] / n, "dpo_loss": dpo_loss,
               "chosen_nll_per_token": s["chosen_nll"] / max(1, chosen_tokens), **extra}
    loss = dpo_loss + (alpha * s["chosen_nll"] / chosen_tokens if alpha > 0 and chosen_tokens else 0.0)
    anchors = anchor_items(batch)
    if anchors:
        anchor_nll = s["anchor_nll"] / sum(len(i.first) for i in anchors)
        metrics["anchor_nll_per_token"] = anchor_nll
        loss += float(batch["anchor"]["alpha"]) * anchor_nll
    return {"loss": loss, "tokens": chosen_tokens + sum(len(i.second) for i in items), "gradNorm": norm,
            "metrics": metrics}
