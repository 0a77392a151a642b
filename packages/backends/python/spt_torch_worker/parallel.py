"""Wrapping the model for data parallelism (DDP or FSDP2) and keeping a reference copy in step."""

import copy
from collections.abc import Iterator
from contextlib import contextmanager

import torch
from torch.nn.parallel import DistributedDataParallel

from .distributed import DistContext


def decoder_layers(model: torch.nn.Module) -> list[torch.nn.Module]:
    """The transformer blocks, found by the class names the model lists as not-to-split."""
    names = set(getattr(model, "_no_split_modules", None) or [])
    return [m for m in model.modules() if type(m).__name__ in names]


def fsdp_shard(model: torch.nn.Module, bf16: bool) -> torch.nn.Module:
    """FSDP2: shard each block, then the root. bf16 compute with float32 gradient reduction."""
    from torch.distributed.fsdp import MixedPrecisionPolicy, fully_shard

    mp = MixedPrecisionPolicy()
    if bf16:
        mp = MixedPrecisionPolicy(param_dtype=torch.bfloat16, reduce_dtype=torch.float32)
    for layer in decoder_layers(model):
        fully_shard(layer, mp_policy=mp)
    fully_shard(model, mp_policy=mp)
    return model


def wrap_policy(model: torch.nn.Module, ctx: DistContext, strategy: str, bf16: bool) -> torch.nn.Module:
    """The training module: the model itself (1 process), DDP, or the FSDP2-sharded model."""
    if not ctx.distributed:
        return model
    if strategy == "fsdp":
        return fsdp_shard(model, bf16)
    ids = [ctx.local_rank] if ctx.device.type == "cuda" else None
    return DistributedDataParallel(model, device_ids=ids)


def make_reference(model: torch.nn.Module, ctx: DistContext, strategy: str, bf16: bool) -> torch.nn.Module:
    """A frozen copy of the (unwrapped) model, sharded like the policy under FSDP. Call before wrapping."""
    ref = copy.deepcopy(model)
    ref.requires_grad_(False)
    ref.eval()
    if ctx.distributed and strategy == "fsdp":
        fsdp_shard(ref, bf16)
    return ref


def inner(module: torch.nn.Module) -> torch.nn.Module:
    """The model under a DDP wrapper (FSDP2 shards in place, so it is its own inner module)."""
    return module.module if isinstance(module, DistributedDataParallel) else module


@torch.no_grad()
def copy_weights(src: torch.nn.Module, dst: torch.nn.Module) -> None:
    """dst <- src, parameter by parameter (same structure and, under FSDP, the same sharding)."""
    for d, s in zip(dst.parameters(), inner(src).parameters(), strict=True):
        d.copy_(s)


@contextmanager
def gathered(model: torch.nn.Module, enabled: bool) -> Iterator[None]:
    """FSDP2: keep the weights unsharded from the first forward until the block ends, so a decode loop
    all-gathers each layer once instead of once per token. Needs memory for the full weights on each
    rank while it lasts (what DDP always holds). No-op for other models."""
    setter = getattr(model, "set_reshard_after_forward", None)
    if not enabled or setter is None:
        yield
        return
    setter(False)
    try:
        yield
    finally:
        model.reshard()
        setter(True)
