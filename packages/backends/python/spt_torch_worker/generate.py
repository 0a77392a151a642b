"""Batched sampling with a KV cache.

All prompts are left-padded into one batch, prefilled once, then decoded one token per step for
every sequence together. Each sequence draws its randomness from (its seed, the step) only, so its
sample does not depend on the rest of the batch (see rng.py).
"""

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

import torch

from .batches import left_pad, positions
from .decoders import DynamicDecoder, StaticDecoder, StaticPool
from .rng import step_uniforms
from .sampling import sample_from_logits


@torch.no_grad()
def generate(
    model: torch.nn.Module,
    prompts: list[list[int]],
    max_new_tokens: int,
    temperature: float,
    top_p: float,
    seeds: list[int],
    device: torch.device,
    eos_id: int | None = None,
    stop_at_eos: bool = False,
    autocast: Callable[[], AbstractContextManager] = nullcontext,
    keep_going: Callable[[bool], bool] = lambda local: local,
    static: StaticPool | None = None,
) -> list[list[int]]:
    """New tokens per prompt: exactly max_new_tokens, or fewer when stop_at_eos and EOS comes
    (EOS itself excluded). ``keep_going(local_unfinished)`` lets data-parallel ranks agree to keep
    stepping until every rank is done (FSDP needs all ranks in every forward). With ``static``, the
    KV cache is a StaticCache from that pool (see decoders.py)."""
    ids, mask = left_pad(prompts, 0, device)
    pos = positions(mask)
    seed_t = torch.tensor(seeds, dtype=torch.int64, device=device)
    batch = len(prompts)
    out = torch.zeros((batch, max_new_tokens), dtype=torch.int64, device=device)
    finished = torch.zeros(batch, dtype=torch.bool, device=device)
    lengths = torch.full((batch,), max_new_tokens, dtype=torch.int64, device=device)
    stopping = stop_at_eos and eos_id is not None
    decoder = StaticDecoder(model, autocast, static) if static else DynamicDecoder(model, autocast)
    logits = decoder.prefill(ids, mask, pos, max_new_tokens)
    for step in range(max_new_tokens):
        token = sample_from_logits(logits, temperature, top_p, step_uniforms(seed_t, step))
        out[:, step] = token
        if stopping:
            hit = (token == eos_id) & ~finished
            lengths = torch.where(hit, torch.full_like(lengths, step), lengths)
            finished |= hit
            if not keep_going(not bool(finished.all())):
                break
        if step == max_new_tokens - 1:
            break
        logits = decoder.step(token)
    rows = out.tolist()
    return [row[: int(n)] for row, n in zip(rows, lengths.tolist(), strict=True)]
