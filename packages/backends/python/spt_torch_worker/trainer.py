"""One optimizer step for NTP, NLL and DPO batches, with gradient accumulation and data parallelism.

Normalisation is global: every rank divides its loss by the token (or pair) count of the *whole*
batch and multiplies by the world size, because DDP and FSDP average gradients over ranks. The
gradient is then the same as one process computing the whole batch, however it is split into ranks
and micro-batches.
"""

import math
from contextlib import nullcontext
from dataclasses import dataclass

import torch

from .batches import pack
from .distributed import DistContext, shard
from .forward import forward_last
from .losses import dpo_losses, token_logprobs


@dataclass
class Item:
    """One training example: a prompt and one (nll/ntp) or two (dpo) continuations. ``real`` is False
    for the padding copies that keep ranks in step (they contribute nothing)."""

    prompt: list[int]
    first: list[int]
    second: list[int] | None
    weight: float
    real: bool = True
    advantage: float = 0.0
    old: list[float] | None = None


def items_of(batch: dict) -> list[Item]:
    kind = batch["kind"]
    if kind == "ntp":
        return [Item(s[:1], s[1:], None, 1.0) for s in batch["sequences"]]
    if kind == "nll":
        return [Item(e["prompt"], e["target"], None, float(e.get("weight", 1.0))) for e in batch["examples"]]
    if kind == "grpo":
        n, sequence = len(batch["samples"]), batch.get("normalize", "sequence") == "sequence"
        const = float(batch.get("constantTokens", 1))
        return [Item(s["prompt"], s["completion"], None,
                     1.0 / (n * (max(1, len(s["completion"])) if sequence else const)),
                     advantage=float(s["advantage"]), old=s.get("oldLogprobs")) for s in batch["samples"]]
    return [Item(p["prompt"], p["chosen"], p["rejected"], 1.0) for p in batch["pairs"]]


def anchor_items(batch: dict) -> list[Item]:
    """A DPO batch's anchor sequences as NLL items scored from their second token (the contract's rule)."""
    anchor = batch.get("anchor") or {}
    if float(anchor.get("alpha", 0.0)) <= 0:
        return []
    return [Item(s[:1], s[1:], None, 1.0) for s in anchor.get("sequences") or [] if len(s) >= 2]


def local_items(items: list[Item], ctx: DistContext) -> list[Item]:
    """This rank's contiguous share, padded with weight-0 copies to ceil(n / world) items so every rank
    runs the same number of forward/backward passes (DDP and FSDP need that)."""
    start, end = shard(len(items), ctx.rank, ctx.world_size)
    mine = items[start:end]
    size = math.ceil(len(items) / ctx.world_size)
    while len(mine) < size:
        mine.append(Item(items[0].prompt, items[0].first, items[0].second, 0.0, False))
    return mine


def micro_batches(items: list[Item], micro: int) -> list[list[Item]]:
    step = micro if micro > 0 else max(1, len(items))
    return [items[i:i + step] for i in range(0, len(items), step)]


def sequence_logprobs(model, prompts, conts, device, autocast) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-token log-probs [B, C] of each continuation (right-aligned) and their mask [B, C]."""
    p = pack(prompts, conts, 0, device)
    with autocast():
        _, logits = forward_last(model, p.keep, input_ids=p.input_ids, attention_mask=p.attention_mask,
                                 position_ids=p.position_ids, use_cache=False)
    lp = token_logprobs(logits, p.targets)
    return torch.where(p.target_mask, lp, torch.zeros_like(lp)), p.target_mask


def nll_micro(model, chunk: list[Item], scale: float, device, autocast) -> tuple[torch.Tensor, torch.Tensor]:
    """scale = world / sum of weight x target length. Returns (loss to backprop, [weighted NLL sum])."""
    lp, _ = sequence_logprobs(model, [i.prompt for i in chunk], [i.first for i in chunk], device, autocast)
    w = torch.tensor([i.weight if i.real else 0.0 for i in chunk], device=device, dtype=lp.dtype)
    nll_sum = -(lp.sum(-1) * w).sum()
    return nll_sum * scale, nll_sum.detach().float().unsqueeze(0)


def dpo_micro(model, ref, chunk: list[Item], beta: float, alpha: float, pair_scale: float, tok_scale: float,
              device, autocast) -> tuple[torch.Tensor, torch.Tensor]:
    """Policy and reference log-probs of chosen and rejected in one packed batch each. Returns (loss to
    backprop, sums over real pairs of [loss, margin > 0, pc, pr, rc, rr, chosen NLL])."""
    prompts = [i.prompt for i in chunk] * 2
    conts = [i.first for i in chunk] + [i.second for i in chunk]
    lp, _ = sequence_logprobs(model, prompts, conts, device, autocast)
    with torch.no_grad():
        ref_lp, _ = sequence_logprobs(ref, prompts, conts, device, autocast)
    n = len(chunk)
    pol, rf = lp.sum(-1), ref_lp.sum(-1)
    losses, margins = dpo_losses(pol[:n], pol[n:], rf[:n], rf[n:], beta)
    real = torch.tensor([1.0 if i.real else 0.0 for i in chunk], device=device)
    chosen_nll = -(pol[:n] * real).sum()
    loss = (losses * real).sum() * pair_scale + alpha * chosen_nll * tok_scale
    stats = [(losses * real).sum(), ((margins > 0) * real).sum(), (pol[:n] * real).sum(), (pol[n:] * real).sum(),
             (rf[:n] * real).sum(), (rf[n:] * real).sum(), chosen_nll]
    return loss, torch.stack([t.detach().float() for t in stats])


def grpo_micro(model, ref, chunk: list[Item], clip: float, kl_beta: float, world: int,
               device, autocast) -> tuple[torch.Tensor, torch.Tensor]:
    """The GrpoBatch loss of a chunk: per completion token -min(r A, clip(r) A) + kl_beta k3, weighted by
    the item's weight (1 / (n x its normaliser), set globally). Old log-probs default to the current
    ones, detached (ratio 1). Returns (loss to backprop x world, sums over real items of [loss,
    tokens outside the clip range, ratio, k3])."""
    lp, mask = sequence_logprobs(model, [i.prompt for i in chunk], [i.first for i in chunk], device, autocast)
    old = lp.detach().clone()
    for b, item in enumerate(chunk):
        if item.old is not None and item.first:
            old[b, lp.shape[1] - len(item.first):] = torch.tensor(item.old, device=device, dtype=lp.dtype)
    ratio = torch.exp(lp - old)
    adv = torch.tensor([i.advantage for i in chunk], device=device, dtype=lp.dtype).unsqueeze(1)
    per = -torch.minimum(ratio * adv, ratio.clamp(1 - clip, 1 + clip) * adv)
    k3 = torch.zeros_like(lp)
    if kl_beta > 0:
        with torch.no_grad():
            ref_lp, _ = sequence_logprobs(ref, [i.prompt for i in chunk], [i.first for i in chunk], device, autocast)
        d = ref_lp - lp
        k3 = torch.exp(d) - d - 1
        per = per + kl_beta * k3
    m = mask.to(lp.dtype)
    w = torch.tensor([i.weight if i.real else 0.0 for i in chunk], device=device, dtype=lp.dtype).unsqueeze(1)
    real = torch.tensor([1.0 if i.real else 0.0 for i in chunk], device=device, dtype=lp.dtype).unsqueeze(1)
    loss = (per * m * w).sum()
    outside = ((ratio < 1 - clip) | (ratio > 1 + clip)).to(lp.dtype)
    stats = [loss, (outside * m * real).sum(), (ratio * m * real).sum(), (k3 * m * real).sum()]
    return loss * world, torch.stack([t.detach().float() for t in stats])


def no_sync(model, last: bool):
    """Skip the gradient all-reduce on all but the last micro-batch."""
    if hasattr(model, "set_requires_gradient_sync"):  # FSDP2
        model.set_requires_gradient_sync(last)
        return nullcontext()
    if hasattr(model, "no_sync") and not last:  # DDP
        return model.no_sync()
    return nullcontext()
