"""Prompt framing shared with the TF.js backend: an empty prompt stands for a document start and
becomes [EOS] (a tokenizer without EOS refuses it). NTP sequences are scored exactly as sent, on
every backend: n tokens give n - 1 predicted targets; a caller that wants a document's first token
predicted puts the EOS in front itself."""


def prompt(p: list, eos: int | None) -> list:
    return [eos] if not p and eos is not None and isinstance(p, list) else p


def generate_request(req: dict, eos: int | None) -> dict:
    return {**req, "prompts": [prompt(p, eos) for p in req.get("prompts") or []]}


def logprobs_request(req: dict, eos: int | None) -> dict:
    return {**req, "prompts": [prompt(p, eos) for p in req.get("prompts") or []]}


def update_batch(batch: dict, eos: int | None) -> dict:
    kind = batch.get("kind") if isinstance(batch, dict) else None
    if kind == "nll":
        examples = batch.get("examples") or []
        return {**batch, "examples": [{**e, "prompt": prompt(e.get("prompt"), eos)} for e in examples]}
    if kind == "dpo":
        return {**batch, "pairs": [{**p, "prompt": prompt(p.get("prompt"), eos)} for p in batch.get("pairs") or []]}
    if kind == "grpo":
        return {**batch, "samples": [{**s, "prompt": prompt(s.get("prompt"), eos)} for s in batch.get("samples") or []]}
    return batch


def is_empty(batch: dict) -> bool:
    """Nothing to learn from: no sequences, no pairs, or NLL examples whose weights are all 0."""
    kind = batch.get("kind")
    if kind == "ntp":
        return not batch.get("sequences")
    if kind == "nll":
        ex = batch.get("examples") or []
        return not ex or all(float(e.get("weight", 1.0)) * len(e.get("target") or []) <= 0 for e in ex)
    if kind == "dpo":
        return not batch.get("pairs")
    if kind == "grpo":
        return not batch.get("samples")
    return False
