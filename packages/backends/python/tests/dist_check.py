"""Run under torchrun by test_distributed.py: train, sample, score, save, reload, train, export.

usage: torchrun --nproc_per_node N dist_check.py ddp,fsdp OUT_DIR
For each strategy S, rank 0 writes OUT_DIR/S/result.json (stats, tokens, log-probs) and OUT_DIR/S/export.
"""

import json
import os
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import PROMPTS_FOR_DIST, batches, tiny_options

from spt_torch_worker.distributed import init_distributed, shutdown
from spt_torch_worker.engine import Engine


def main() -> None:
    torch.set_num_threads(1)
    ctx = init_distributed("cpu", 120)
    clean = False
    try:
        for strategy in sys.argv[1].split(","):
            check(strategy, Path(sys.argv[2]) / strategy, ctx)
        clean = True
    finally:
        shutdown(ctx, clean)
    # Fault injection for test_distributed.py: rank 1 aborts before or after its done marker.
    abort = os.environ.get("SPT_DIST_CHECK_ABORT")
    if abort == "before" and ctx.rank == 1:
        os.abort()
    # Everything this rank does is over: a crash after this line is the interpreter's teardown.
    (Path(sys.argv[2]) / f"done-rank{ctx.rank}").write_text("ok")
    if abort == "after" and ctx.rank == 1:
        for _ in range(300):  # wait for rank 0's marker too, so the crash comes after all the work
            if (Path(sys.argv[2]) / "done-rank0").exists():
                break
            time.sleep(0.1)
        os.abort()


def check(strategy: str, out: Path, ctx) -> None:
    opts = tiny_options(out, strategy=strategy, micro_batch=1)
    engine = Engine(opts, ctx)
    plan = batches()
    stats = [engine.update({"batch": b, "lr": 1e-2, "step": i}) for i, b in enumerate(plan)]
    gen = engine.generate({"prompts": PROMPTS_FOR_DIST, "maxNewTokens": 10, "temperature": 1.0, "topP": 0.9,
                           "seeds": list(range(len(PROMPTS_FOR_DIST)))})
    lps = engine.logprobs({"prompts": PROMPTS_FOR_DIST, "continuations": gen["tokens"]})
    ref = engine.logprobs({"prompts": PROMPTS_FOR_DIST, "continuations": gen["tokens"], "model": "reference"})
    engine.save(str(out / "ckpt"))
    again = Engine({**opts, "seed": 1234}, ctx)
    again.load(str(out / "ckpt"))
    stats.append(again.update({"batch": plan[2], "lr": 1e-2, "step": len(plan)}))
    again.export(str(out / "export"), "hf-safetensors")
    if ctx.rank == 0:
        result = {"stats": stats, "tokens": gen["tokens"], "logprobs": lps["logprobs"], "ref": ref["logprobs"],
                  "world": ctx.world_size}
        (out / "result.json").write_text(json.dumps(result))


if __name__ == "__main__":
    main()
