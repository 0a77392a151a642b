"""Shared fixtures: tiny Llama models on the CPU, small enough that every test runs in well under a second."""

import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from spt_torch_worker.distributed import DistContext
from spt_torch_worker.engine import Engine

TINY = {"arch": "llama", "layers": 2, "d_model": 32, "heads": 4, "kv_heads": 2, "context": 64}

torch.set_num_threads(1)


def tiny_options(tmp_path: Path, **extra) -> dict:
    """Options of a fresh 2-layer byte-vocabulary Llama (about 40k parameters)."""
    return {"fresh": dict(TINY), "tokenizer": "bytes", "seed": 3, "work_dir": str(tmp_path / "work"),
            "grad_clip": 1.0, **extra}


@pytest.fixture
def make_engine(tmp_path):
    """make_engine(**options) -> a 1-process Engine on a tiny fresh model."""
    def make(**extra) -> Engine:
        return Engine(tiny_options(tmp_path, **extra), DistContext())
    return make


def params(engine: Engine) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in engine.model.state_dict().items()}


def batches() -> list[dict]:
    """A fixed sequence of update batches mixing the three kinds, with uneven lengths."""
    g = torch.Generator().manual_seed(11)

    def row(n: int) -> list[int]:
        return torch.randint(0, 256, (n,), generator=g).tolist()

    ntp = {"kind": "ntp", "sequences": [row(20), row(13), row(17)]}
    nll = {"kind": "nll", "examples": [{"prompt": row(9), "target": row(8), "weight": 1.0},
                                       {"prompt": row(5), "target": row(8), "weight": 0.5},
                                       {"prompt": row(12), "target": row(6), "weight": 2.0}]}
    dpo = {"kind": "dpo", "beta": 0.1, "nllAlpha": 0.2,
           "pairs": [{"prompt": row(10), "chosen": row(8), "rejected": row(8)},
                     {"prompt": row(6), "chosen": row(8), "rejected": row(5)},
                     {"prompt": row(14), "chosen": row(7), "rejected": row(8)}]}
    return [ntp, nll, dpo, dpo, ntp]


#: Five prompts: two ranks get 3 and 2 (one padded copy), so uneven shards are exercised.
PROMPTS_FOR_DIST = [[72, 105], [1, 2, 3, 4, 5, 6], [250], [9, 9, 9, 9], [100, 101, 102]]
