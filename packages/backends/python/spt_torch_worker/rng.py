"""Counter-based random numbers for sampling.

Each sequence draws one uniform number per decoding step from a hash of (its seed, the step).
The draw depends on nothing else: not on the batch it shares, the device, the world size or how
many numbers other sequences used. That is what makes "a sequence's sample depends only on its
prompt, its seed and the weights" hold, and it costs a few integer ops on the whole batch at once.
"""

import torch

MASK32 = 0xFFFFFFFF


def _mul32(a: torch.Tensor, c: int) -> torch.Tensor:
    """(a * c) mod 2**32 for int64 tensors holding values < 2**32, without int64 overflow."""
    lo, hi = c & 0xFFFF, c >> 16
    return (a * lo + (((a * hi) & 0xFFFF) << 16)) & MASK32


def fmix32(h: torch.Tensor) -> torch.Tensor:
    """MurmurHash3's 32-bit finaliser on an int64 tensor of values < 2**32."""
    h = h ^ (h >> 16)
    h = _mul32(h, 0x85EBCA6B)
    h = h ^ (h >> 13)
    h = _mul32(h, 0xC2B2AE35)
    return h ^ (h >> 16)


def step_uniforms(seeds: torch.Tensor, step: int) -> torch.Tensor:
    """Uniform floats in [0, 1) for each seed at one decoding step.

    seeds: int64 [B] (any integers; reduced mod 2**32). Returns float32 [B] on seeds' device.
    """
    s = seeds.to(torch.int64) & MASK32
    counter = torch.full_like(s, ((step + 1) * 0x9E3779B9) & MASK32)
    h = fmix32(fmix32(s ^ 0x5BD1E995) ^ fmix32(counter))
    return (h >> 8).to(torch.float32) / float(1 << 24)
