"""Packing (prompt, continuation) pairs into model inputs.

Sequences are left-padded so that every continuation ends in the last column. The model then only
needs logits for the last ``C + 1`` columns (C = longest continuation), which keeps the vocabulary
projection small when continuations (K tokens) are short next to the prompts.
"""

from dataclasses import dataclass

import torch


@dataclass
class Packed:
    """input_ids, attention_mask, position_ids: int64 [B, T]; targets: int64 [B, C] (continuation
    tokens, right-aligned); target_mask: bool [B, C]; keep: logits columns the model must return
    (C: the column before each target predicts it)."""

    input_ids: torch.Tensor
    attention_mask: torch.Tensor
    position_ids: torch.Tensor
    targets: torch.Tensor
    target_mask: torch.Tensor
    keep: int

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.input_ids.shape[0]), int(self.input_ids.shape[1]))


def left_pad(rows: list[list[int]], pad_id: int, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """Left-pad rows to one length. Returns ids and attention mask, int64 [B, T]."""
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.int64)
    mask = torch.zeros((len(rows), width), dtype=torch.int64)
    for i, row in enumerate(rows):
        if row:
            ids[i, width - len(row):] = torch.tensor(row, dtype=torch.int64)
            mask[i, width - len(row):] = 1
    return ids.to(device), mask.to(device)


def positions(mask: torch.Tensor) -> torch.Tensor:
    """Position ids that start at 0 on each row's first real token (pads get 0)."""
    return (mask.cumsum(-1) - 1).clamp(min=0)


def pack(prompts: list[list[int]], continuations: list[list[int]], pad_id: int, device: torch.device) -> Packed:
    """Pack pairs; every prompt must hold at least one token (the first target needs a context).

    The last token of every row is only a target, so it is not fed to the model: a row of n tokens
    uses n - 1 positions, the contract's length rule. A row left with no input at all (a one-token
    prompt with an empty continuation, which has nothing to score) attends to one pad column so the
    attention softmax stays finite."""
    rows = [p + c for p, c in zip(prompts, continuations, strict=True)]
    ids, mask = left_pad(rows, pad_id, device)
    width = max(1, max(len(c) for c in continuations))
    targets = ids[:, ids.shape[1] - width:]
    lengths = torch.tensor([len(c) for c in continuations], device=device)
    cols = torch.arange(width, device=device).unsqueeze(0)
    target_mask = cols >= (width - lengths).unsqueeze(1)
    inputs, in_mask = ids[:, :-1], mask[:, :-1].clone()
    if inputs.shape[1] == 0:
        inputs, in_mask = ids[:, :1] * 0 + pad_id, torch.ones_like(mask[:, :1])
    in_mask[in_mask.sum(-1) == 0, -1] = 1
    return Packed(inputs, in_mask, positions(in_mask), targets, target_mask, width)
