import math

import pytest
import torch
from conftest import batches, params

from spt_torch_worker.errors import WorkerError


def test_nll_loss_is_the_weighted_token_mean_of_a_manual_forward(make_engine):
    engine = make_engine()
    nll = batches()[1]
    with torch.no_grad():
        total, weighted, tokens = 0.0, 0.0, 0
        for e in nll["examples"]:
            ids = torch.tensor([e["prompt"] + e["target"]])
            lp = torch.log_softmax(engine.model(input_ids=ids).logits[0], -1)
            n = len(e["prompt"])
            total -= e["weight"] * sum(lp[n - 1 + i, t].item() for i, t in enumerate(e["target"]))
            weighted += e["weight"] * len(e["target"])
            tokens += len(e["target"])
    stats = engine.update({"batch": nll, "lr": 1e-3})
    # The TF.js backend's definition: sum of weight x NLL over target tokens / sum of weight x length.
    assert stats["tokens"] == tokens
    assert math.isclose(stats["loss"], total / weighted, rel_tol=1e-5)
    assert math.isclose(stats["metrics"]["nll_per_token"], stats["loss"])
    assert stats["gradNorm"] > 0


def test_gradient_accumulation_gives_the_same_step_as_the_whole_batch(make_engine):
    whole, micro = make_engine(), make_engine(micro_batch=1)
    for batch in batches():
        a = whole.update({"batch": batch, "lr": 1e-2})
        b = micro.update({"batch": batch, "lr": 1e-2})
        assert math.isclose(a["loss"], b["loss"], rel_tol=1e-5)
        assert math.isclose(a["gradNorm"], b["gradNorm"], rel_tol=1e-4)
    # Adam divides by sqrt(v): parameters whose gradient is ~1e-8 turn float noise into ~1e-5 moves.
    pa, pb = params(whole), params(micro)
    for k in pa:
        assert torch.allclose(pa[k], pb[k], atol=1e-4), k


def test_training_lowers_the_loss_on_a_repeated_batch(make_engine):
    engine = make_engine()
    ntp = batches()[0]
    first = engine.update({"batch": ntp, "lr": 3e-3})["loss"]
    for _ in range(30):
        last = engine.update({"batch": ntp, "lr": 3e-3})["loss"]
    assert last < first * 0.8


def test_clipping_bounds_the_step_and_lr_zero_changes_nothing(make_engine):
    engine = make_engine(grad_clip=1e-3)
    before = params(engine)
    engine.update({"batch": batches()[0], "lr": 0.0})
    assert all(torch.equal(before[k], v) for k, v in params(engine).items())
    stats = engine.update({"batch": batches()[0], "lr": 1e-2})
    assert stats["gradNorm"] > 1e-3  # reported before clipping


def test_empty_batches_are_skipped_and_empty_prompts_start_from_eos(make_engine):
    engine = make_engine()
    before = params(engine)
    for batch in ({"kind": "ntp", "sequences": []}, {"kind": "dpo", "beta": 0.1, "pairs": []},
                  {"kind": "nll", "examples": [{"prompt": [1], "target": [2], "weight": 0.0}]}):
        assert engine.update({"batch": batch, "lr": 1e-2}) == {"loss": 0.0, "tokens": 0, "metrics": {"skipped": 1.0}}
    assert all(torch.equal(before[k], v) for k, v in params(engine).items())
    framed = engine.logprobs({"prompts": [[]], "continuations": [[65, 66]]})["logprobs"]
    explicit = engine.logprobs({"prompts": [[256]], "continuations": [[65, 66]]})["logprobs"]
    assert framed == explicit
    # NTP is scored as sent (no EOS in front): a single token has nothing to predict.
    with pytest.raises(WorkerError, match="2\\+ tokens per sequence"):
        engine.update({"batch": {"kind": "ntp", "sequences": [[65]]}, "lr": 0.0})


def test_sync_reference_copies_the_policy(make_engine):
    engine = make_engine()
    engine.update({"batch": batches()[0], "lr": 1e-2})
    dpo = batches()[2]
    assert engine.update({"batch": dpo, "lr": 0.0})["metrics"]["dpo_margin"] != 0
    engine.sync_reference()
    assert engine.update({"batch": dpo, "lr": 0.0})["metrics"]["dpo_margin"] == 0


def test_a_sequence_of_context_plus_one_tokens_fits_and_one_more_is_refused(make_engine):
    """The contract's length rule: n tokens need n - 1 positions (the last is only a target)."""
    engine = make_engine()  # context 64
    # An NTP sequence of 65 tokens (scored as sent, no framing) needs 64 positions.
    ntp = engine.update({"batch": {"kind": "ntp", "sequences": [list(range(1, 66))]}, "lr": 1e-3})
    assert ntp["tokens"] == 64 and math.isfinite(ntp["loss"])
    prompt, target = list(range(10, 60)), list(range(60, 75))  # 65 tokens
    example = {"prompt": prompt, "target": target, "weight": 1.0}
    nll = engine.update({"batch": {"kind": "nll", "examples": [example]}, "lr": 0})
    with torch.no_grad():
        # Reference: the model sees only the first 64 tokens; the 65th is predicted, never fed.
        lp = torch.log_softmax(engine.model(input_ids=torch.tensor([(prompt + target)[:-1]])).logits[0], -1)
        manual = -sum(lp[len(prompt) - 1 + i, t].item() for i, t in enumerate(target)) / len(target)
    assert math.isclose(nll["loss"], manual, rel_tol=1e-5)
    dpo = {"kind": "dpo", "beta": 0.1, "pairs": [{"prompt": prompt, "chosen": target, "rejected": target[::-1]}]}
    assert math.isfinite(engine.update({"batch": dpo, "lr": 1e-3})["loss"])
    too_long = {"kind": "nll", "examples": [{**example, "prompt": [*prompt, 1]}]}
    with pytest.raises(WorkerError, match="spans 66 tokens, which need 65 positions"):
        engine.update({"batch": too_long, "lr": 1e-3})


def _manual_token_logprobs(model, prompt: list[int], cont: list[int]) -> list[float]:
    with torch.no_grad():
        lp = torch.log_softmax(model(input_ids=torch.tensor([prompt + cont])).logits[0].float(), -1)
    return [lp[len(prompt) - 1 + i, t].item() for i, t in enumerate(cont)]


def test_grpo_loss_is_the_contract_formula_with_the_clip_binding_and_a_kl(make_engine):
    engine = make_engine()
    g = torch.Generator().manual_seed(5)
    row = lambda n: torch.randint(0, 256, (n,), generator=g).tolist()  # noqa: E731
    engine.update({"batch": batches()[0], "lr": 1e-2})  # the policy moves away from the reference
    samples = [{"prompt": row(6), "completion": row(5), "advantage": 1.3},
               {"prompt": row(4), "completion": row(3), "advantage": -0.7}]
    lps = [_manual_token_logprobs(engine.model, s["prompt"], s["completion"]) for s in samples]
    refs = [_manual_token_logprobs(engine.ref, s["prompt"], s["completion"]) for s in samples]
    for s, lp in zip(samples, lps, strict=True):
        s["oldLogprobs"] = [x + (0.3 if t % 2 else -0.3) for t, x in enumerate(lp)]  # ratios e^-0.3, e^0.3: clipped
    for normalize in ("sequence", "constant"):
        batch = {"kind": "grpo", "samples": samples, "clip": 0.2, "klBeta": 0.1, "normalize": normalize,
                 "constantTokens": 8}
        want = 0.0
        for s, lp, rf in zip(samples, lps, refs, strict=True):
            w = 1 / (len(samples) * (len(lp) if normalize == "sequence" else 8))
            for x, o, r in zip(lp, s["oldLogprobs"], rf, strict=True):
                ratio, a = math.exp(x - o), s["advantage"]
                d = r - x
                want += w * (-min(ratio * a, min(max(ratio, 0.8), 1.2) * a) + 0.1 * (math.exp(d) - d - 1))
        stats = engine.update({"batch": batch, "lr": 0.0})
        assert math.isclose(stats["loss"], want, rel_tol=1e-4, abs_tol=1e-6), normalize
        assert stats["metrics"]["grpo_clip_fraction"] == 1.0
        assert stats["tokens"] == 8


def test_grpo_accumulates_like_the_whole_batch_and_advantages_move_log_probs(make_engine):
    whole, micro = make_engine(), make_engine(micro_batch=1)
    g = torch.Generator().manual_seed(6)
    p, up, down = (torch.randint(0, 256, (n,), generator=g).tolist() for n in (5, 4, 4))
    batch = {"kind": "grpo", "samples": [{"prompt": p, "completion": up, "advantage": 1.0},
                                         {"prompt": p, "completion": down, "advantage": -1.0}],
             "clip": 0.2, "klBeta": 0.0, "normalize": "sequence", "constantTokens": 4}
    before = [sum(_manual_token_logprobs(whole.model, p, c)) for c in (up, down)]
    a, b = whole.update({"batch": batch, "lr": 1e-2}), micro.update({"batch": batch, "lr": 1e-2})
    assert math.isclose(a["gradNorm"], b["gradNorm"], rel_tol=1e-4)
    after = [sum(_manual_token_logprobs(whole.model, p, c)) for c in (up, down)]
    assert after[0] > before[0] and after[1] < before[1]


def test_dpo_anchor_adds_alpha_times_the_mean_nll_of_its_sequences(make_engine):
    engine = make_engine()
    dpo = batches()[2]
    anchor = [[5, 6, 7, 8, 9, 10], [100, 101, 102]]
    plain = engine.update({"batch": dpo, "lr": 0.0})
    anchored = engine.update({"batch": {**dpo, "anchor": {"sequences": anchor, "alpha": 0.5}}, "lr": 0.0})
    lps = [_manual_token_logprobs(engine.model, s[:1], s[1:]) for s in anchor]
    nll = -sum(sum(x) for x in lps) / sum(len(x) for x in lps)
    assert math.isclose(anchored["loss"] - plain["loss"], 0.5 * nll, rel_tol=1e-4)
    assert math.isclose(anchored["metrics"]["anchor_nll_per_token"], nll, rel_tol=1e-4)
    whole, micro = make_engine(), make_engine(micro_batch=1)
    a = whole.update({"batch": {**dpo, "anchor": {"sequences": anchor, "alpha": 0.5}}, "lr": 1e-2})
    b = micro.update({"batch": {**dpo, "anchor": {"sequences": anchor, "alpha": 0.5}}, "lr": 1e-2})
    assert math.isclose(a["loss"], b["loss"], rel_tol=1e-5)
    assert math.isclose(a["gradNorm"], b["gradNorm"], rel_tol=1e-4)


def test_reference_logprobs_are_the_frozen_start_and_need_the_reference_model(make_engine):
    engine = make_engine()
    req = {"prompts": [[65, 66]], "continuations": [[67, 68, 69]]}
    before = engine.logprobs(req)["logprobs"]
    engine.update({"batch": {"kind": "ntp", "sequences": [[65, 66, 70, 71, 72]]}, "lr": 5e-2, "step": 0})
    after = engine.logprobs(req)["logprobs"]
    ref = engine.logprobs({**req, "model": "reference"})["logprobs"]
    assert ref[0] == pytest.approx(before[0], abs=1e-6)
    assert any(abs(a - b) > 1e-4 for a, b in zip(after[0], before[0], strict=True))
    with pytest.raises(WorkerError) as bad:
        engine.logprobs({**req, "model": "target"})
    assert bad.value.code == "backend.request"
    off = make_engine(reference=False)
    with pytest.raises(WorkerError) as missing:
        off.logprobs({**req, "model": "reference"})
    assert missing.value.code == "backend.config"
