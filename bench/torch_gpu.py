"""GPU benchmark of the torch worker's engine (run through bench/torch-gpu.sh).

Training: NTP updates on random tokens, sequence 2048, bf16 autocast, AdamW, clipping; tokens/s and
MFU = tokens/s x (6 N + 12 L d T) / peak, N = parameters without the input embedding (PaLM's count).
Sampling: 64 prompts of 128 tokens, 128 new tokens each at temperature 1 / top-p 1, the engine's
sampler vs `model.generate` (same weights, same autocast), tokens/s of new tokens.
Prints a markdown table (with the date and the GPU) for docs/benchmarks/torch.md.
"""

import argparse
import datetime
import json
import tempfile
import time

import torch
from spt_torch_worker.decoders import StaticPool
from spt_torch_worker.distributed import DistContext
from spt_torch_worker.engine import Engine

SIZES = {
    "124m": {"layers": 12, "d_model": 768, "heads": 12, "ffn": 2048, "vocab_size": 50304, "tie_embeddings": True},
    "1.4b": {"layers": 24, "d_model": 2048, "heads": 16, "ffn": 5504, "vocab_size": 32000},
}
MICRO = {"124m": 16, "1.4b": 8}
PEAKS = {"H200": 989e12, "H100": 989e12, "A100": 312e12, "L40S": 362e12, "A10": 125e12}


def peak_flops(override: float | None) -> float:
    if override:
        return override * 1e12
    name = torch.cuda.get_device_name()
    for key, value in PEAKS.items():
        if key in name:
            return value
    raise SystemExit(f"unknown GPU {name!r}: pass --peak-tflops (dense bf16)")


def engine_for(size: str, micro: int, decode: str = "dynamic") -> Engine:
    fresh = {"arch": "llama", "context": 2048, **SIZES[size]}
    opts = {"fresh": fresh, "tokenizer": "bytes", "seed": 0, "micro_batch": micro, "work_dir": tempfile.mkdtemp(),
            "precision": "bf16", "decode": decode, "reference": False}
    return Engine(opts, DistContext(device=torch.device("cuda", 0)))


def train(size: str, steps: int, peak: float) -> dict:
    micro = MICRO[size]
    engine = engine_for(size, micro)
    model = engine.model
    n_params = sum(p.numel() for p in model.parameters())
    n_flops = n_params - model.get_input_embeddings().weight.numel()
    cfg = model.config
    seq, batch = 2048, 2 * micro
    g = torch.Generator().manual_seed(0)
    # 2047 tokens + the EOS the worker puts in front (a document start) = 2048 positions per sequence.
    seqs = torch.randint(0, 256, (batch, seq - 1), generator=g).tolist()
    req = {"batch": {"kind": "ntp", "sequences": seqs}, "lr": 1e-4}
    for _ in range(3):
        engine.update(req)
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(steps):
        engine.update(req)
    torch.cuda.synchronize()
    dt = (time.perf_counter() - t0) / steps
    tok_s = batch * seq / dt
    flops_per_token = 6 * n_flops + 12 * cfg.num_hidden_layers * cfg.hidden_size * seq
    result = {"size": size, "params": n_params, "step_s": dt, "tokens_per_s": tok_s,
              "mfu": tok_s * flops_per_token / peak, "batch": batch, "micro_batch": micro,
              "max_mem_gib": torch.cuda.max_memory_allocated() / 2**30}
    del engine, model
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    return result


def sampling(size: str) -> dict:
    """Tokens/s of 64 x 128 new tokens: transformers generate, then the engine's three decode loops."""
    g = torch.Generator().manual_seed(1)
    prompts = torch.randint(0, 256, (64, 128), generator=g)
    req = {"prompts": prompts.tolist(), "maxNewTokens": 128, "temperature": 1.0, "topP": 1.0, "seeds": list(range(64))}

    def timed(fn) -> float:
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        return time.perf_counter() - t0

    engine = engine_for(size, 0)
    model = engine.model.eval()
    ids = prompts.cuda()
    mask = torch.ones_like(ids)

    def hf():
        with torch.autocast("cuda", dtype=torch.bfloat16):
            model.generate(input_ids=ids, attention_mask=mask, do_sample=True, temperature=1.0, top_p=1.0, top_k=0,
                           max_new_tokens=128, min_new_tokens=128, pad_token_id=0)

    hf()
    theirs = min(timed(hf) for _ in range(3))
    result = {"size": size, "generate_tok_s": 64 * 128 / theirs}
    for decode in ("dynamic", "static", "compiled"):
        try:
            if decode != "dynamic":
                engine.static = StaticPool(decode == "compiled")  # same weights, other decode loop
            t0 = time.perf_counter()
            engine.generate(req)  # warm-up (compiles for 'compiled')
            warm = time.perf_counter() - t0
            ours = min(timed(lambda: engine.generate(req)) for _ in range(3))
            result[decode] = {"tok_s": 64 * 128 / ours, "speedup": theirs / ours, "first_call_s": warm}
        except Exception as exc:  # noqa: BLE001 - report and go on: one failing mode must not hide the others
            result[decode] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="124m,1.4b")
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--peak-tflops", type=float)
    parser.add_argument("--skip-train", action="store_true")
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = True
    peak = peak_flops(args.peak_tflops)
    sizes = args.sizes.split(",")
    gpu = torch.cuda.get_device_name()
    print(f"{datetime.datetime.now(datetime.UTC).date()} {gpu}, torch {torch.__version__}, peak {peak / 1e12:.0f} TFLOPS bf16")
    rows = [] if args.skip_train else [train(s, args.steps, peak) for s in sizes]
    samples = []
    for s in sizes:
        samples.append(sampling(s))
        torch.cuda.empty_cache()
    for r in rows + samples:
        print(json.dumps(r))
    print("| model | params | batch x 2048 | step | tokens/s | MFU | peak memory |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['size']} | {r['params'] / 1e6:.0f}M | {r['batch']} (micro {r['micro_batch']}) | {r['step_s']:.3f} s "
              f"| {r['tokens_per_s']:,.0f} | **{100 * r['mfu']:.1f}%** | {r['max_mem_gib']:.1f} GiB |")
    print("\n| model | decode | worker sampler tok/s | transformers generate tok/s | speed-up | first call |")
    print("|---|---|---|---|---|---|")
    for r in samples:
        for decode in ("dynamic", "static", "compiled"):
            d = r[decode]
            if "error" in d:
                print(f"| {r['size']} | {decode} | failed: {d['error']} | {r['generate_tok_s']:,.0f} | - | - |")
            else:
                print(f"| {r['size']} | {decode} | {d['tok_s']:,.0f} | {r['generate_tok_s']:,.0f} | **{d['speedup']:.2f}x** "
                      f"| {d['first_call_s']:.1f} s |")


if __name__ == "__main__":
    main()
