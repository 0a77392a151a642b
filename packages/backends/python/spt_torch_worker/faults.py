"""Fault injection for tests of the client's failure handling (never set in real runs).

SPT_TORCH_FAULT holds comma-separated ``action:op[@n]`` items: ``crash:update`` exits the process
abruptly when an update arrives, ``raise:logprobs`` raises a RuntimeError, ``oom:update`` raises a
torch out-of-memory error as CUDA would; ``@n`` fires on the n-th call of that op only (1-based).
SPT_TORCH_FAULT_PROTOCOL makes the hello announce another
protocol version.
"""

import os

import torch

#: Ops whose faults fire inside the engine, once it knows the batch shape (so OOM messages name it).
ENGINE_OPS = ("generate", "logprobs", "update")


def announced_protocol(real: int) -> int:
    value = os.environ.get("SPT_TORCH_FAULT_PROTOCOL")
    return int(value) if value else real


_calls: dict[str, int] = {}


def inject(op: str) -> None:
    """Apply a configured fault for this operation, if any."""
    _calls[op] = _calls.get(op, 0) + 1
    for item in filter(None, os.environ.get("SPT_TORCH_FAULT", "").split(",")):
        action, _, target = item.partition(":")
        target, _, nth = target.partition("@")
        if target != op or (nth and int(nth) != _calls[op]):
            continue
        if action == "crash":
            os._exit(17)
        if action == "raise":
            raise RuntimeError(f"injected failure in {op}")
        if action == "oom":
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB (injected)")
