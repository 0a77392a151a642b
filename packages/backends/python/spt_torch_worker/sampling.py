"""Choosing the next token from logits: temperature, nucleus (top-p) filtering, inverse-CDF draw."""

import torch


def sample_from_logits(
    logits: torch.Tensor, temperature: float, top_p: float, uniforms: torch.Tensor
) -> torch.Tensor:
    """Pick one token per row.

    logits: [B, V] (any float dtype); uniforms: float [B] in [0, 1), one draw per row.
    temperature 0 means greedy (argmax). top_p < 1 keeps the smallest set of most likely tokens
    whose probability reaches top_p (the most likely token is always kept), renormalised.
    Returns int64 [B].
    """
    if temperature <= 0:
        return logits.argmax(dim=-1)
    probs = torch.softmax(logits.float() / temperature, dim=-1)
    if top_p >= 1.0:
        return _inverse_cdf(probs, uniforms)
    sorted_probs, order = probs.sort(dim=-1, descending=True)
    before = sorted_probs.cumsum(dim=-1) - sorted_probs
    kept = torch.where(before < top_p, sorted_probs, torch.zeros_like(sorted_probs))
    picked = _inverse_cdf(kept, uniforms)
    return order.gather(-1, picked.unsqueeze(-1)).squeeze(-1)


def _inverse_cdf(weights: torch.Tensor, uniforms: torch.Tensor) -> torch.Tensor:
    """First index i with cdf[i] > u * total, for non-negative weights [B, V] with a positive sum.

    Zero-weight tokens are never chosen: the cdf does not rise at them, and the target is kept
    strictly below the total so rounding at the top end cannot step past the last positive weight.
    """
    cdf = weights.cumsum(dim=-1)
    total = cdf[:, -1:]
    below_total = torch.nextafter(total, torch.zeros_like(total))
    target = torch.minimum(uniforms.to(cdf.dtype).unsqueeze(-1) * total, below_total)
    index = torch.searchsorted(cdf, target, right=True).squeeze(-1)
    return index.clamp(max=weights.shape[-1] - 1)
