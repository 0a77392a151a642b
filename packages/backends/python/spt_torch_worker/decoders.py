"""Decode loops behind `generate`: how the KV cache is kept between steps.

- ``dynamic`` (default): transformers' DynamicCache grows by one column per step.
- ``static``: a StaticCache sized for prompt + K (rounded up to 64 columns, kept and reused for
  the same batch size), with a fixed-size attention mask, so every step has the same shapes.
- ``compiled``: ``static`` with the decode step under ``torch.compile`` (CUDA graphs on GPUs via
  mode ``reduce-overhead``): removes the per-step launch overhead that bounds sampling speed for
  small models. Compiles once per (batch, length bucket); slow to compile on CPUs.
All three give the same tokens (up to float rounding) as a full forward of the sequence.
"""

from collections.abc import Callable

import torch
from transformers import StaticCache

from .forward import forward_last

BUCKET = 64


class DynamicDecoder:
    def __init__(self, model, autocast):
        self.model, self.autocast, self.cache = model, autocast, None

    def prefill(self, ids: torch.Tensor, mask: torch.Tensor, pos: torch.Tensor, new_tokens: int) -> torch.Tensor:
        self.mask, self.pos = mask, pos
        with self.autocast():
            out, last = forward_last(self.model, 1, input_ids=ids, attention_mask=mask, position_ids=pos,
                                     use_cache=True)
        self.cache = out.past_key_values
        return last[:, -1]

    def step(self, token: torch.Tensor) -> torch.Tensor:
        ones = torch.ones((token.shape[0], 1), dtype=self.mask.dtype, device=token.device)
        self.mask = torch.cat([self.mask, ones], dim=1)
        self.pos = self.pos[:, -1:] + 1
        with self.autocast():
            out, last = forward_last(self.model, 1, input_ids=token.unsqueeze(1), attention_mask=self.mask,
                                     position_ids=self.pos, past_key_values=self.cache, use_cache=True)
        self.cache = out.past_key_values
        return last[:, -1]


class StaticPool:
    """StaticCaches and compiled step functions kept across calls (one per batch size and length)."""

    def __init__(self, compiled: bool):
        self.compiled = compiled
        self.caches: dict[tuple[int, int], StaticCache] = {}
        self.fn: Callable | None = None

    def cache(self, model, batch: int, length: int) -> StaticCache:
        key = (batch, length)
        if key not in self.caches:
            self.caches[key] = StaticCache(config=model.config, max_cache_len=length)
        else:
            self.caches[key].reset()
        return self.caches[key]

    def step_fn(self, model) -> Callable:
        if self.fn is None:
            def step(ids, mask, pos, cache_pos, cache):
                return model(input_ids=ids, attention_mask=mask, position_ids=pos, cache_position=cache_pos,
                             past_key_values=cache, use_cache=True).logits
            if self.compiled:
                torch._dynamo.config.cache_size_limit = max(64, torch._dynamo.config.cache_size_limit)
                mode = "reduce-overhead" if next(model.parameters()).is_cuda else "default"
                step = torch.compile(step, mode=mode, fullgraph=True)
            self.fn = step
        return self.fn


class StaticDecoder:
    def __init__(self, model, autocast, pool: StaticPool):
        self.model, self.autocast, self.pool = model, autocast, pool

    def prefill(self, ids: torch.Tensor, mask: torch.Tensor, pos: torch.Tensor, new_tokens: int) -> torch.Tensor:
        batch, width = ids.shape
        context = getattr(self.model.config, "max_position_embeddings", None) or (width + new_tokens)
        length = max(width + new_tokens, min(context, -(-(width + new_tokens) // BUCKET) * BUCKET))
        self.full = torch.zeros((batch, length), dtype=mask.dtype, device=mask.device)
        self.full[:, :width] = mask
        self.cache = self.pool.cache(self.model, batch, length)
        self.at, self.pos = width, pos[:, -1:]
        with self.autocast():
            _, last = forward_last(self.model, 1, input_ids=ids, attention_mask=self.full, position_ids=pos,
                                   past_key_values=self.cache, cache_position=torch.arange(width, device=ids.device),
                                   use_cache=True)
        return last[:, -1]

    def step(self, token: torch.Tensor) -> torch.Tensor:
        self.full[:, self.at] = 1
        self.pos = self.pos + 1
        cache_pos = torch.tensor([self.at], device=token.device)
        self.at += 1
        if self.pool.compiled and hasattr(torch.compiler, "cudagraph_mark_step_begin"):
            torch.compiler.cudagraph_mark_step_begin()
        with self.autocast():
            logits = self.pool.step_fn(self.model)(token.unsqueeze(1), self.full, self.pos, cache_pos, self.cache)
        return logits[:, -1].clone()
