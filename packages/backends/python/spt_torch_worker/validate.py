"""Checks on requests before any work starts (every rank reaches the same verdict on the same request)."""

from .errors import WorkerError

FIX_RANGE = "the ids must come from this backend's tokenizer; check the tokenizer the data was cut with"


def _bad(what: str, expected: str, got: str, fix: str) -> WorkerError:
    return WorkerError("backend.request", what, expected=expected, got=got, fix=fix)


def token_rows(field: str, rows: object, vocab: int, allow_empty: bool = False) -> list[list[int]]:
    """A list of non-empty lists of ints in [0, vocab)."""
    if not isinstance(rows, list):
        raise _bad(f"{field} must be a list of token-id lists", "list[list[int]]", type(rows).__name__,
                   "send arrays of token ids")
    for i, row in enumerate(rows):
        if not isinstance(row, list) or (not row and not allow_empty):
            raise _bad(f"{field}[{i}] must be a non-empty list of token ids", "at least one token id",
                       repr(row)[:40], "give every prompt at least one token (this tokenizer has no EOS to stand "
                       "for a document start)")
        if row and (min(row) < 0 or max(row) >= vocab):
            raise _bad(f"{field}[{i}] holds a token id outside the vocabulary", f"ids in [0, {vocab})",
                       f"min {min(row)}, max {max(row)}", FIX_RANGE)
    return rows


def positions_needed(tokens: int) -> int:
    """The contract's length rule (positionsNeeded in @spt/core): a scored sequence of n tokens needs
    n - 1 positions (its last token is only a target); generating k tokens after a p-token prompt
    needs p + k - 1 (the last sampled token is never fed back)."""
    return max(0, tokens - 1)


def fits(field: str, lengths: list[int], limit: int, fix: str) -> None:
    """``lengths`` are token counts after framing; each must need at most ``limit`` positions."""
    for i, n in enumerate(lengths):
        need = positions_needed(n)
        if need > limit:
            raise _bad(f"{field}[{i}] spans {n} tokens, which need {need} positions, more than the model's context",
                       f"at most {limit} positions ({limit + 1} tokens: the last token is only predicted)",
                       str(need), fix)


def generate_request(req: dict, vocab: int, context: int) -> None:
    prompts = token_rows("generate.prompts", req.get("prompts"), vocab)
    k = req.get("maxNewTokens")
    if not isinstance(k, int) or k < 0:
        raise _bad("generate.maxNewTokens must be a non-negative integer", "an integer >= 0", repr(k), "set k")
    seeds = req.get("seeds")
    if not isinstance(seeds, list) or len(seeds) != len(prompts):
        raise _bad("generate.seeds must hold one seed per prompt", f"{len(prompts)} integers",
                   f"{len(seeds) if isinstance(seeds, list) else repr(seeds)}", "pass one seed per prompt")
    t, p = req.get("temperature"), req.get("topP")
    if not isinstance(t, (int, float)) or t < 0:
        raise _bad("generate.temperature must be >= 0", "a number >= 0 (0 = greedy)", repr(t), "fix temperature")
    if not isinstance(p, (int, float)) or not 0 < p <= 1:
        raise _bad("generate.topP must be in (0, 1]", "0 < top_p <= 1", repr(p), "fix top_p")
    fits("generate.prompts", [len(x) + k for x in prompts], context,
         "shorten the prefix or lower k so prefix + k fits the context")


def logprobs_request(req: dict, vocab: int, context: int) -> None:
    prompts = token_rows("logprobs.prompts", req.get("prompts"), vocab)
    conts = token_rows("logprobs.continuations", req.get("continuations"), vocab, allow_empty=True)
    if len(prompts) != len(conts):
        raise _bad("logprobs needs one continuation per prompt", f"{len(prompts)} continuations",
                   str(len(conts)), "pair every prompt with its continuation")
    fits("logprobs.prompts", [len(a) + len(b) for a, b in zip(prompts, conts, strict=True)], context,
         "shorten the prompt or continuation")
    if req.get("model", "policy") not in ("policy", "reference"):
        raise _bad("logprobs.model names whose log-probs to score", "policy or reference", repr(req.get("model")),
                   "send model: policy (the default) or reference")


def update_request(batch: dict, vocab: int, context: int) -> None:
    kind = batch.get("kind") if isinstance(batch, dict) else None
    fix = "shorten the window (prefix + k) or the documents to the model's context"
    if kind == "ntp":
        seqs = token_rows("update.sequences", batch.get("sequences"), vocab)
        if min(len(s) for s in seqs) < 2:
            raise _bad("update.sequences needs 2+ tokens per sequence (the first token is only context)",
                       ">= 2 tokens each", "a 1-token sequence", "drop sequences shorter than 2 tokens")
        fits("update.sequences", [len(s) for s in seqs], context, fix)
    elif kind == "nll":
        ex = batch.get("examples") or []
        token_rows("update.examples.prompt", [e.get("prompt") for e in ex], vocab)
        token_rows("update.examples.target", [e.get("target") for e in ex], vocab)
        fits("update.examples", [len(e["prompt"]) + len(e["target"]) for e in ex], context, fix)
    elif kind == "dpo":
        pairs = batch.get("pairs") or []
        for side in ("prompt", "chosen", "rejected"):
            token_rows(f"update.pairs.{side}", [p.get(side) for p in pairs], vocab)
        fits("update.pairs", [len(p["prompt"]) + max(len(p["chosen"]), len(p["rejected"])) for p in pairs],
             context, fix)
        if not isinstance(batch.get("beta"), (int, float)) or batch["beta"] <= 0:
            raise _bad("update.beta must be > 0", "a positive number (0.1 is common)", repr(batch.get("beta")),
                       "set beta in the objective")
        anchor = batch.get("anchor")
        if anchor is not None:
            seqs = token_rows("update.anchor.sequences", anchor.get("sequences"), vocab)
            if seqs and min(len(s) for s in seqs) < 2:
                raise _bad("update.anchor.sequences needs 2+ tokens per sequence", ">= 2 tokens each",
                           "a shorter sequence", "drop anchor sequences shorter than 2 tokens")
            fits("update.anchor.sequences", [len(s) for s in seqs], context, fix)
    elif kind == "grpo":
        samples = batch.get("samples") or []
        for side in ("prompt", "completion"):
            token_rows(f"update.samples.{side}", [s.get(side) for s in samples], vocab)
        fits("update.samples", [len(s["prompt"]) + len(s["completion"]) for s in samples], context, fix)
        clip = batch.get("clip")
        if not isinstance(clip, (int, float)) or not 0 < clip < 1:
            raise _bad("update.clip must be in (0, 1)", "e.g. 0.2", repr(clip), "set clip in the objective")
        for s in samples:
            old = s.get("oldLogprobs")
            if old is not None and len(old) != len(s["completion"]):
                raise _bad("update.samples.oldLogprobs must have one value per completion token",
                           f"{len(s['completion'])} values", f"{len(old)}",
                           "send the sampling policy's per-token log-probs")
    else:
        raise _bad("update.kind is unknown", "ntp, nll, dpo or grpo", repr(kind),
                   "use one of the contract's batch kinds")
