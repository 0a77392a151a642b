"""In-process baseline for bench/torch-overhead.ts: the worker's Engine called directly (no socket,
no JSON), on the requests the TS side sends. Prints one JSON line of times in ms.

usage: PYTHONPATH=packages/backends/python python bench/torch_overhead_ref.py requests.json [--threads N]
"""

import argparse
import json
import tempfile
import time
from pathlib import Path

import torch
from spt_torch_worker.distributed import DistContext
from spt_torch_worker.engine import Engine

parser = argparse.ArgumentParser()
parser.add_argument("requests")
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
torch.set_num_threads(args.threads)
req = json.loads(Path(args.requests).read_text())
fresh = {"arch": "llama", "layers": 4, "d_model": 128, "heads": 4, "context": 256, "tie_embeddings": True}
engine = Engine({"fresh": fresh, "tokenizer": "bytes", "seed": 0, "work_dir": tempfile.mkdtemp()}, DistContext())
engine.generate({**req["generate"], "maxNewTokens": 4})
engine.update({"batch": req["dpo"], "lr": 0.0})
t0 = time.perf_counter()
engine.generate(req["generate"])
t1 = time.perf_counter()
engine.update({"batch": req["dpo"], "lr": 3e-4})
t2 = time.perf_counter()
print(json.dumps({"generate_ms": (t1 - t0) * 1000, "update_ms": (t2 - t1) * 1000}))
