"""Errors the worker reports to the client, with stable codes the TS side maps to SptError."""

import traceback
from dataclasses import dataclass, field


class WorkerError(Exception):
    """A problem the user can act on. ``code`` is stable (the TS client switches on it)."""

    def __init__(self, code: str, what: str, expected: str | None = None, got: str | None = None,
                 fix: str | None = None):
        super().__init__(what)
        self.code, self.what, self.expected, self.got, self.fix = code, what, expected, got, fix


@dataclass
class Shape:
    """What the worker was computing, so an out-of-memory error can name the sizes to lower."""

    op: str = ""
    batch: int = 0
    seq_len: int = 0
    micro_batch: int = 0
    extra: dict = field(default_factory=dict)


def oom_error(shape: Shape, device: str) -> WorkerError:
    """The message for a GPU out-of-memory error in one operation."""
    if shape.op == "update":
        fix = (f"lower micro_batch (now {shape.micro_batch or shape.batch} sequences per micro-batch; gradient "
               "accumulation keeps the global batch), enable activation_checkpointing, or shorten the "
               "window (prefix length / k); with several GPUs use strategy fsdp")
    elif shape.op == "generate":
        fix = ("generate fewer sequences at once (rollouts x prefixes per step) or lower k / the prefix "
               "length; set gen_batch to split generation into chunks")
    else:
        fix = "lower the batch or the sequence length of this call"
    return WorkerError(
        "backend.oom",
        f"{device} ran out of memory during {shape.op} with {shape.batch} sequences of up to "
        f"{shape.seq_len} tokens (micro-batch {shape.micro_batch or shape.batch})",
        fix=fix,
    )


def error_payload(exc: BaseException, rank: int = 0) -> dict:
    """JSON-ready description of an exception, with the Python traceback."""
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if isinstance(exc, WorkerError):
        return {"code": exc.code, "what": exc.what, "expected": exc.expected, "got": exc.got,
                "fix": exc.fix, "type": type(exc).__name__, "traceback": tb, "rank": rank}
    return {"code": "backend.worker_error", "what": f"{type(exc).__name__}: {exc}", "type": type(exc).__name__,
            "traceback": tb, "rank": rank}
