"""``python -m spt_torch_worker.doctor``: one JSON line describing this Python for the torch backend
(versions, CUDA, GPUs, bf16, distributed backends). ``spt setup torch`` prints it."""

import json
import platform
import sys
from importlib.metadata import PackageNotFoundError, version

from . import PROTOCOL_VERSION, __version__


def _version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def report() -> dict:
    import torch
    import torch.distributed as dist

    cuda = torch.cuda.is_available()
    gpus = []
    if cuda:
        for i in range(torch.cuda.device_count()):
            p = torch.cuda.get_device_properties(i)
            gpus.append({"name": p.name, "memory_gib": round(p.total_memory / 2**30, 1),
                         "capability": f"{p.major}.{p.minor}"})
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "worker": __version__,
        "protocol": PROTOCOL_VERSION,
        "torch": torch.__version__,
        "transformers": _version("transformers"),
        "safetensors": _version("safetensors"),
        "tokenizers": _version("tokenizers"),
        "cuda": cuda,
        "cuda_version": torch.version.cuda,
        "gpus": gpus,
        "bf16": bool(cuda and torch.cuda.is_bf16_supported()),
        "distributed": dist.is_available(),
        "nccl": bool(dist.is_available() and dist.is_nccl_available()),
        "gloo": bool(dist.is_available() and dist.is_gloo_available()),
        "cpu_threads": torch.get_num_threads(),
    }


if __name__ == "__main__":
    print(json.dumps(report()))
