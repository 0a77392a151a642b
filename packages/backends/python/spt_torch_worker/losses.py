"""The losses, as pure functions of tensors (no model, no state)."""

import torch
import torch.nn.functional as F


def token_logprobs(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """log p(target) per position. logits: [B, C, V] (any float dtype); targets: int64 [B, C].
    Returns float32 [B, C]; computed in float32 without materialising the full log-softmax."""
    logits = logits.float()
    picked = logits.gather(-1, targets.unsqueeze(-1)).squeeze(-1)
    return picked - torch.logsumexp(logits, dim=-1)


def dpo_losses(
    policy_chosen: torch.Tensor,
    policy_rejected: torch.Tensor,
    ref_chosen: torch.Tensor,
    ref_rejected: torch.Tensor,
    beta: float,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-pair DPO loss and margin (Rafailov et al. 2023).

    All inputs: float [P], log-probabilities summed over each continuation.
    margin = beta * ((policy_chosen - ref_chosen) - (policy_rejected - ref_rejected));
    loss = -log sigmoid(margin). Returns (loss [P], margin [P]).
    """
    margin = beta * ((policy_chosen - ref_chosen) - (policy_rejected - ref_rejected))
    return -F.logsigmoid(margin), margin
