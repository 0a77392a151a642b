"""Checkpoints and exports in Hugging Face format.

Layout of a backend checkpoint folder:
  model/        config.json, model.safetensors, tokenizer files: loadable by from_pretrained
  reference/    the DPO reference model, same format (when the worker keeps one)
  optimizer.pt  AdamW state keyed by parameter name (full, unsharded)
  rng.pt        every rank's torch / CUDA / python RNG state
  worker.json   format tag, world size, strategy, update count
State dicts go through torch.distributed.checkpoint's full-state-dict API, so a checkpoint written
by 8 FSDP ranks loads in 1 process and vice versa; only rank 0 touches files.
"""

import json
import random
import shutil
from pathlib import Path

import torch
from safetensors.torch import load_file
from torch.distributed.checkpoint.state_dict import (
    StateDictOptions,
    get_model_state_dict,
    get_optimizer_state_dict,
    set_model_state_dict,
    set_optimizer_state_dict,
)
from transformers.utils import logging as hf_logging

from .distributed import DistContext
from .errors import WorkerError
from .parallel import inner

FORMAT = "spt.torch/1"


def _gather_opts(ctx: DistContext) -> StateDictOptions:
    return StateDictOptions(full_state_dict=True, cpu_offload=ctx.distributed)


def _load_opts(ctx: DistContext) -> StateDictOptions:
    return StateDictOptions(full_state_dict=True, broadcast_from_rank0=ctx.distributed, strict=False)


def write_hf(model: torch.nn.Module, ctx: DistContext, folder: Path, tokenizer_dir: str | None) -> None:
    """Write model weights + config (+ tokenizer files) as save_pretrained does. Collective."""
    state = get_model_state_dict(model, options=_gather_opts(ctx))
    if ctx.rank != 0:
        return
    state = {k: v.detach().to("cpu").clone() for k, v in state.items()}
    hf_logging.disable_progress_bar()
    inner(model).save_pretrained(str(folder), state_dict=state, safe_serialization=True)
    if tokenizer_dir:
        for f in Path(tokenizer_dir).iterdir():
            if f.name.startswith(("tokenizer", "special_tokens", "vocab", "merges")) and f.is_file():
                shutil.copy2(f, folder / f.name)


def read_hf_weights(folder: Path) -> dict[str, torch.Tensor]:
    files = sorted(folder.glob("*.safetensors"))
    if not files:
        raise WorkerError("checkpoint.corrupt", f"no *.safetensors in {folder}",
                          fix="pick another checkpoint (spt keeps the last few) or re-export the model")
    state: dict[str, torch.Tensor] = {}
    for f in files:
        state.update(load_file(str(f)))
    return state


def load_hf(model: torch.nn.Module, ctx: DistContext, folder: Path) -> None:
    """Load weights written by write_hf (rank 0 reads, the others receive). Collective."""
    state = read_hf_weights(folder) if ctx.rank == 0 else {}
    expected = set(inner(model).state_dict().keys())
    missing = sorted(expected - set(state)) if ctx.rank == 0 else []
    tied = _tied_names(inner(model))
    missing = ctx.broadcast([m for m in missing if m not in tied])
    if missing:
        raise WorkerError("checkpoint.corrupt", f"{folder} lacks weights the model needs",
                          expected="every parameter of the model", got=f"missing {', '.join(missing[:5])}",
                          fix="load a checkpoint of the same model configuration")
    set_model_state_dict(model, state, options=_load_opts(ctx))


def _tied_names(model: torch.nn.Module) -> set[str]:
    """Names of parameters that share storage with an earlier one (e.g. a tied lm_head)."""
    seen: set[int] = set()
    tied: set[str] = set()
    for name, p in model.named_parameters(remove_duplicate=False):
        if id(p) in seen:
            tied.add(name)
        seen.add(id(p))
    return tied


def rng_state(ctx: DistContext) -> dict:
    state = {"torch": torch.get_rng_state(), "python": random.getstate()}
    if ctx.device.type == "cuda":
        state["cuda"] = torch.cuda.get_rng_state(ctx.device)
    return state


def set_rng_state(state: dict, ctx: DistContext) -> None:
    torch.set_rng_state(state["torch"])
    random.setstate(state["python"])
    if "cuda" in state and ctx.device.type == "cuda":
        torch.cuda.set_rng_state(state["cuda"], ctx.device)


def save_optimizer(model, optimizer, ctx: DistContext, path: Path) -> None:
    state = get_optimizer_state_dict(model, optimizer, options=_gather_opts(ctx))
    if ctx.rank == 0:
        torch.save(state, path)


def load_optimizer(model, optimizer, ctx: DistContext, path: Path) -> None:
    state = torch.load(path, map_location="cpu", weights_only=False) if ctx.rank == 0 else {}
    set_optimizer_state_dict(model, optimizer, optim_state_dict=state, options=_load_opts(ctx))


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2) + "\n")


def read_meta(root: Path) -> dict:
    """worker.json of a checkpoint folder, checked."""
    path = root / "worker.json"
    if not path.exists():
        raise WorkerError("checkpoint.corrupt", f"{root} is not a torch backend checkpoint (no worker.json)",
                          expected="a folder written by the torch backend's save", got=str(root),
                          fix="pick a checkpoint written by this backend, or load the model folder with model: <dir>")
    meta = json.loads(path.read_text())
    if meta.get("format") != FORMAT:
        raise WorkerError("checkpoint.version", f"{path} has format {meta.get('format')!r}", expected=FORMAT,
                          got=str(meta.get("format")), fix="load it with the spt version that wrote it")
    return meta
