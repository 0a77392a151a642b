"""The request loop and the wire protocol.

Transport: JSON lines over a unix socket that the TS client created (a private folder, never a
network port). Rank 0 connects and writes a ``hello``:
  {"type": "hello", "protocol": 1, "worker": "0.1.0", "torch": ..., "cuda": bool, "worldSize": N, ...}
then answers requests {"id", "op", ...} with {"id", "ok": true, "result", "ms"} or
{"id", "ok": false, "error": {code, what, expected, got, fix, type, traceback, rank}}.
Ops: init {protocol, options}, ping, generate, logprobs, update, sync_reference, save, load, export, shutdown.
Under torchrun, rank 0 broadcasts every request to the other ranks; all ranks run it; errors from
any rank come back to the client.
"""

import json
import logging
import math
import socket
import sys
import time
from importlib.metadata import version
from typing import TYPE_CHECKING

import torch

from . import PROTOCOL_VERSION, __version__, faults
from .distributed import DistContext
from .errors import WorkerError, error_payload, oom_error

if TYPE_CHECKING:
    from .engine import Engine

log = logging.getLogger("spt_torch_worker")


def hello(ctx: DistContext) -> dict:
    return {"type": "hello", "protocol": faults.announced_protocol(PROTOCOL_VERSION), "worker": __version__,
            "python": sys.version.split()[0], "torch": torch.__version__, "transformers": version("transformers"),
            "cuda": torch.cuda.is_available(), "worldSize": ctx.world_size,
            "ops": ["init", "ping", "generate", "logprobs", "update", "sync_reference", "save", "load", "export",
                    "shutdown"],
            "strategies": ["ddp", "fsdp"], "exportFormats": ["hf-safetensors"]}


def check_protocol(client: object) -> None:
    if client == PROTOCOL_VERSION:
        return
    newer = isinstance(client, int) and client > PROTOCOL_VERSION
    raise WorkerError("backend.protocol_mismatch",
                      f"the client speaks protocol {client}, this worker speaks {PROTOCOL_VERSION}",
                      fix="upgrade the Python worker (spt_torch_worker) to the one shipped with your @spt/backends"
                      if newer else "upgrade @spt/backends (the TS client) to match the worker")


def dispatch(engine: "Engine | None", ctx: DistContext, msg: dict) -> tuple["Engine | None", dict]:
    op = msg.get("op")
    if op == "init":
        check_protocol(msg.get("protocol"))
        from .engine import Engine  # transformers loads here, after the hello went out

        engine = Engine(msg.get("options") or {}, ctx)
        return engine, engine.info()
    if op in ("shutdown", "ping"):  # ping: health check / transport benchmark, payload ignored
        return engine, {}
    if engine is None:
        raise WorkerError("backend.protocol", f"op {op!r} before init", fix="send init first")
    handlers = {"generate": lambda: engine.generate(msg), "logprobs": lambda: engine.logprobs(msg),
                "update": lambda: _finite(engine.update(msg)), "sync_reference": engine.sync_reference,
                "save": lambda: engine.save(msg["dir"]), "load": lambda: engine.load(msg["dir"]),
                "export": lambda: engine.export(msg["dir"], msg.get("format", "hf-safetensors"))}
    if op not in handlers:
        raise WorkerError("backend.protocol", f"unknown op {op!r}", expected=", ".join(handlers), got=repr(op),
                          fix="upgrade the worker or the client so their protocols match")
    return engine, handlers[op]()


def _finite(stats: dict) -> dict:
    """JSON has no NaN: non-finite numbers travel as null (the client reads null as NaN)."""
    def fix(v):
        return None if isinstance(v, float) and not math.isfinite(v) else v
    stats = {k: fix(v) for k, v in stats.items()}
    stats["metrics"] = {k: fix(v) for k, v in stats["metrics"].items()}
    return stats


def run_one(engine: "Engine | None", ctx: DistContext, msg: dict) -> tuple["Engine | None", dict]:
    """Run one request on this rank; returns the new engine and the response (rank 0's view)."""
    start = time.perf_counter()
    result, err = None, None
    try:
        if msg.get("op") not in faults.ENGINE_OPS:
            faults.inject(str(msg.get("op")))
        engine, result = dispatch(engine, ctx, msg)
    except torch.OutOfMemoryError as exc:
        shape = engine.shape if engine else None
        err = error_payload(oom_error(shape, str(ctx.device)) if shape else exc, ctx.rank)
        err["traceback"] = error_payload(exc, ctx.rank)["traceback"]
        _recover_memory(engine)
    except Exception as exc:
        err = error_payload(exc, ctx.rank)
    errors = [e for e in ctx.gather(err) if e] if ctx.distributed else [e for e in [err] if e]
    ms = (time.perf_counter() - start) * 1000
    if errors:
        return engine, {"id": msg.get("id"), "ok": False, "error": errors[0], "ms": ms}
    return engine, {"id": msg.get("id"), "ok": True, "result": result, "ms": ms}


def _recover_memory(engine: "Engine | None") -> None:
    if engine is not None:
        engine.optimizer.zero_grad(set_to_none=True)
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def serve(socket_path: str | None, ctx: DistContext) -> None:
    """Rank 0: connect, greet, then read-broadcast-run-answer until shutdown or EOF. Others: follow."""
    conn, reader = None, None
    if ctx.rank == 0:
        if not socket_path:
            raise SystemExit("spt_torch_worker: rank 0 needs --socket PATH (the client's unix socket)")
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(socket_path)
        reader = conn.makefile("rb")
        _send(conn, hello(ctx))
    engine = None
    while True:
        msg = _receive(reader) if ctx.rank == 0 else None
        msg = ctx.broadcast(msg)
        engine, response = run_one(engine, ctx, msg)
        if ctx.rank == 0 and msg.get("id") is not None:
            _send(conn, response)
        if msg.get("op") == "shutdown":
            break
    if conn is not None:
        conn.close()


def _receive(reader) -> dict:
    line = reader.readline()
    if not line:
        log.info("client closed the connection; shutting down")
        return {"op": "shutdown"}
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return {"op": "__bad__", "error": str(exc)}


def _send(conn: socket.socket, obj: dict) -> None:
    conn.sendall(json.dumps(obj, separators=(",", ":"), allow_nan=False).encode() + b"\n")
