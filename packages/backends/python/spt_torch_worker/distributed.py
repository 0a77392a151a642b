"""Data parallelism with PyTorch's own engine: torchrun starts the ranks, DDP or FSDP2 shards the work.

Rank 0 talks to the TS core and broadcasts each request over a gloo control group; every rank runs
the operation on its share of the batch; results are gathered back to rank 0. Nothing here moves
tensors by hand: gradients go through DDP / FSDP, state dicts through torch.distributed.checkpoint.
"""

import os
from dataclasses import dataclass, field
from datetime import timedelta

import torch
import torch.distributed as dist


@dataclass
class DistContext:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    device: torch.device = field(default_factory=lambda: torch.device("cpu"))
    control: object = None  # gloo group for request broadcast and small objects

    @property
    def distributed(self) -> bool:
        return self.world_size > 1

    def broadcast(self, obj: object) -> object:
        """Rank 0's object on every rank."""
        if not self.distributed:
            return obj
        box = [obj]
        dist.broadcast_object_list(box, src=0, group=self.control)
        return box[0]

    def gather(self, obj: object) -> list:
        """Every rank's object, in rank order, on every rank."""
        if not self.distributed:
            return [obj]
        out: list = [None] * self.world_size
        dist.all_gather_object(out, obj, group=self.control)
        return out

    def sum(self, values: list[float]) -> list[float]:
        """Element-wise sum over ranks of a short list of floats."""
        if not self.distributed:
            return values
        t = torch.tensor(values, dtype=torch.float64)
        dist.all_reduce(t, group=self.control)
        return t.tolist()

    def any(self, flag: bool) -> bool:
        return bool(self.sum([1.0 if flag else 0.0])[0] > 0)


def pick_device(preference: str, local_rank: int) -> torch.device:
    if preference == "cpu" or (preference == "auto" and not torch.cuda.is_available()):
        return torch.device("cpu")
    if not torch.cuda.is_available():
        from .errors import WorkerError
        raise WorkerError("backend.config", "device cuda was asked for but torch sees no CUDA device",
                          got=f"torch {torch.__version__}, cuda available: False",
                          fix="install a CUDA build of torch (spt setup torch --cuda) or set device: cpu")
    torch.cuda.set_device(local_rank)
    return torch.device("cuda", local_rank)


def init_distributed(preference: str, idle_timeout_s: float) -> DistContext:
    """Join the process group torchrun set up (WORLD_SIZE > 1), else a 1-process context."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    device = pick_device(preference, local_rank)
    if world <= 1:
        return DistContext(device=device)
    backend = "nccl" if device.type == "cuda" else "gloo"
    timeout = timedelta(seconds=idle_timeout_s)
    dist.init_process_group(backend=backend, timeout=timeout, device_id=device if device.type == "cuda" else None)
    control = dist.new_group(backend="gloo", timeout=timeout) if backend != "gloo" else dist.group.WORLD
    return DistContext(dist.get_rank(), world, local_rank, device, control)


def shard(n: int, rank: int, world: int) -> tuple[int, int]:
    """Contiguous, balanced [start, end) of n items for one rank (earlier ranks take the remainder)."""
    base, extra = divmod(n, world)
    start = rank * base + min(rank, extra)
    return start, start + base + (1 if rank < extra else 0)


def shutdown(ctx: DistContext, clean: bool = True) -> None:
    """Leave the process group. On a clean finish the ranks first meet at a barrier, so none tears down
    gloo (and exits) while another is still finishing its last step: a rank that exits early can abort
    at interpreter teardown ("terminate called without an active exception"). After an error there is
    no barrier (the other ranks may never reach it)."""
    if not (ctx.distributed and dist.is_initialized()):
        return
    if clean:
        dist.barrier(group=ctx.control)
    dist.destroy_process_group()
