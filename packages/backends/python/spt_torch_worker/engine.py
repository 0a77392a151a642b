"""The policy engine: model, reference, optimizer, and the operations of the backend contract."""

import math
import tempfile
from contextlib import nullcontext
from pathlib import Path

import torch

from . import faults, framing, state, validate
from .decoders import StaticPool
from .distributed import DistContext, shard
from .errors import Shape, WorkerError
from .generate import generate
from .model_loader import build_model, max_context
from .options import resolve
from .parallel import copy_weights, gathered, inner, make_reference, wrap_policy
from .tokenizer_files import load_tokenizer, write_tokenizer
from .trainer import sequence_logprobs
from .update_step import run_update


class Engine:
    def __init__(self, options: dict, ctx: DistContext):
        self.o = o = resolve(options)
        self.ctx = ctx
        self.shape = Shape()
        tok = load_tokenizer(o["tokenizer"])
        self.eos = tok.eos_token_id
        work = Path(o["work_dir"] or tempfile.mkdtemp(prefix="spt-torch-"))
        self.tokenizer_dir = write_tokenizer(tok, str(work / "tokenizer")) if ctx.rank == 0 else None
        model = build_model(o, len(tok), self.eos).to(ctx.device)
        self.vocab = int(model.config.vocab_size)
        if len(tok) > self.vocab:
            raise WorkerError("backend.config", "the tokenizer has more ids than the model's embedding",
                              expected=f"at most {self.vocab} ids", got=str(len(tok)),
                              fix="use the tokenizer the model was trained with")
        self.context = max_context(model)
        if o["activation_checkpointing"]:
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        cuda = ctx.device.type == "cuda"
        self.bf16 = o["precision"] == "bf16" or (o["precision"] == "auto" and cuda and torch.cuda.is_bf16_supported())
        fsdp = ctx.distributed and o["strategy"] == "fsdp"
        self.ref = make_reference(model, ctx, o["strategy"], self.bf16) if o["reference"] else None
        self.model = wrap_policy(model, ctx, o["strategy"], self.bf16)
        self.optimizer = _adamw(self.model, o, fused=cuda and not fsdp)
        use_autocast = self.bf16 and not fsdp  # FSDP2 casts through its mixed-precision policy instead
        self.autocast = (lambda: torch.autocast(ctx.device.type, dtype=torch.bfloat16)) if use_autocast else nullcontext
        self.updates = 0
        self.static = StaticPool(o["decode"] == "compiled") if o["decode"] != "dynamic" else None

    def info(self) -> dict:
        ctx, o = self.ctx, self.o
        device = str(ctx.device) if not ctx.distributed else f"{ctx.device.type} x {ctx.world_size} ({o['strategy']})"
        return {"updates": ["ntp", "nll", "dpo", "grpo"], "dpoAnchor": True, "maxContext": self.context,
                "device": device,
                "exportFormats": ["hf-safetensors"], "deterministic": ctx.device.type == "cpu",
                "worldSize": ctx.world_size, "vocabSize": self.vocab, "eos": self.eos,
                "tokenizerDir": self.tokenizer_dir, "precision": "bf16" if self.bf16 else "fp32",
                "parameters": sum(p.numel() for p in inner(self.model).parameters())}

    def _spread(self, n: int) -> tuple[list[int], int]:
        """This rank's indices of n requests, padded to ceil(n / world) so all ranks step together."""
        start, end = shard(n, self.ctx.rank, self.ctx.world_size)
        idx = list(range(start, end))
        real = len(idx)
        size = math.ceil(n / self.ctx.world_size)
        idx += [idx[-1] if idx else 0] * (size - real)
        return idx, real

    def _collect(self, local: list, real: int) -> list:
        return [row for part in self.ctx.gather(local[:real]) for row in part]

    def generate(self, req: dict) -> dict:
        req = framing.generate_request(req, self.eos)
        validate.generate_request(req, self.vocab, self.context)
        prompts, seeds, k = req["prompts"], req["seeds"], req["maxNewTokens"]
        if not prompts or k == 0:
            return {"tokens": [[] for _ in prompts]}
        idx, real = self._spread(len(prompts))
        chunk = self.o["gen_batch"] or len(idx)
        self.shape = Shape("generate", len(prompts), max(map(len, prompts)) + k, chunk)
        faults.inject("generate")
        net = self.model if self.ctx.distributed and self.o["strategy"] == "fsdp" else inner(self.model)
        net.eval()
        keep_going = self.ctx.any if self.ctx.distributed else (lambda local: local)
        out: list[list[int]] = []
        with gathered(net, self.o["gather_for_generation"]):
            for i in range(0, len(idx), chunk):
                part = idx[i:i + chunk]
                out += generate(net, [prompts[j] for j in part], k, float(req["temperature"]), float(req["topP"]),
                                [int(seeds[j]) for j in part], self.ctx.device, self.eos,
                                bool(req.get("stopAtEos")), self.autocast, keep_going, self.static)
        return {"tokens": self._collect(out, real)}

    @torch.no_grad()
    def logprobs(self, req: dict) -> dict:
        req = framing.logprobs_request(req, self.eos)
        validate.logprobs_request(req, self.vocab, self.context)
        prompts, conts = req["prompts"], req["continuations"]
        if not prompts:
            return {"logprobs": []}
        idx, real = self._spread(len(prompts))
        chunk = self.o["micro_batch"] or len(idx)
        longest = max(len(a) + len(b) for a, b in zip(prompts, conts, strict=True))
        self.shape = Shape("logprobs", len(prompts), longest, chunk)
        faults.inject("logprobs")
        source = self.model
        if req.get("model", "policy") == "reference":
            if self.ref is None:
                raise WorkerError("backend.config", "reference log-probs need the reference model, which is turned off",
                                  fix="set reference: true in the policy options")
            source = self.ref
        net = source if self.ctx.distributed and self.o["strategy"] == "fsdp" else inner(source)
        net.eval()
        out: list[list[float]] = []
        for i in range(0, len(idx), chunk):
            part = idx[i:i + chunk]
            lp, _ = sequence_logprobs(net, [prompts[j] for j in part], [conts[j] for j in part],
                                      self.ctx.device, self.autocast)
            rows = lp.float().cpu().tolist()
            out += [row[len(row) - len(conts[j]):] if conts[j] else [] for row, j in zip(rows, part, strict=True)]
        return {"logprobs": self._collect(out, real)}

    def update(self, req: dict) -> dict:
        batch = framing.update_batch(req["batch"], self.eos)
        if framing.is_empty(batch):
            return {"loss": 0.0, "tokens": 0, "metrics": {"skipped": 1.0}}
        validate.update_request(batch, self.vocab, self.context)
        needs_ref = batch["kind"] == "dpo" or (batch["kind"] == "grpo" and float(batch.get("klBeta", 0.0)) > 0)
        if needs_ref and self.ref is None:
            raise WorkerError("backend.config",
                              f"a {batch['kind']} update needs the reference model, which is turned off",
                              fix="set reference: true in the policy options")
        listed = batch.get("examples") or batch.get("pairs") or batch.get("samples")
        n = len(batch.get("sequences") or listed)
        rows = batch.get("sequences") or [
            e.get("prompt", []) + e.get("target", e.get("chosen", e.get("completion", []))) for e in listed]
        # The recipe's train block may override the worker's own optimizer options for this update.
        micro = req.get("micro_batch") if req.get("micro_batch") is not None else self.o["micro_batch"]
        clip = req.get("grad_clip") if req.get("grad_clip") is not None else self.o["grad_clip"]
        decay = req.get("weight_decay") if req.get("weight_decay") is not None else self.o["weight_decay"]
        self.optimizer.param_groups[0]["weight_decay"] = float(decay)
        self.shape = Shape("update", n, max(map(len, rows)), micro)
        faults.inject("update")
        stats = run_update(self.model, self.ref, self.optimizer, batch, float(req["lr"]), self.ctx,
                           micro, float(clip), self.autocast)
        self.updates += 1
        return stats

    def sync_reference(self) -> dict:
        if self.ref is None:
            raise WorkerError("backend.config", "syncReference needs the reference model, which is turned off",
                              fix="set reference: true in the policy options")
        copy_weights(self.model, self.ref)
        return {}

    def save(self, folder: str) -> dict:
        root = Path(folder)
        if self.ctx.rank == 0:
            root.mkdir(parents=True, exist_ok=True)
        state.write_hf(self.model, self.ctx, root / "model", self.tokenizer_dir)
        if self.ref is not None:
            state.write_hf(self.ref, self.ctx, root / "reference", None)
        state.save_optimizer(self.model, self.optimizer, self.ctx, root / "optimizer.pt")
        rngs = self.ctx.gather(state.rng_state(self.ctx))
        if self.ctx.rank == 0:
            torch.save(rngs, root / "rng.pt")
            state.write_json(root / "worker.json", {"format": state.FORMAT, "worldSize": self.ctx.world_size,
                                                    "strategy": self.o["strategy"], "updates": self.updates,
                                                    "reference": self.ref is not None})
        return {}

    def load(self, folder: str) -> dict:
        root = Path(folder)
        meta = state.read_meta(root) if self.ctx.rank == 0 else None
        meta = self.ctx.broadcast(meta)
        state.load_hf(self.model, self.ctx, root / "model")
        if self.ref is not None:
            state.load_hf(self.ref, self.ctx, root / ("reference" if meta["reference"] else "model"))
        state.load_optimizer(self.model, self.optimizer, self.ctx, root / "optimizer.pt")
        rngs = self.ctx.broadcast(torch.load(root / "rng.pt", weights_only=False) if self.ctx.rank == 0 else None)
        if len(rngs) == self.ctx.world_size:
            state.set_rng_state(rngs[self.ctx.rank], self.ctx)
        self.updates = int(meta["updates"])
        return {}

    def export(self, folder: str, fmt: str) -> dict:
        if fmt != "hf-safetensors":
            raise WorkerError("backend.export_format", f"export format {fmt!r} is not supported by torch",
                              expected="hf-safetensors", got=fmt, fix="export with format hf-safetensors")
        if self.ctx.rank == 0:
            Path(folder).mkdir(parents=True, exist_ok=True)
        state.write_hf(self.model, self.ctx, Path(folder), self.tokenizer_dir)
        return {}


def _adamw(model: torch.nn.Module, o: dict, fused: bool) -> torch.optim.AdamW:
    """AdamW with weight decay on matrices only."""
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [{"params": [p for p in params if p.ndim >= 2], "weight_decay": float(o["weight_decay"])},
              {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=0.0, betas=tuple(o["betas"]), eps=float(o["eps"]), fused=fused or None)
