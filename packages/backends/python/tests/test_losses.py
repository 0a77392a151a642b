import math

import torch
from conftest import batches

from spt_torch_worker.losses import dpo_losses, token_logprobs


def test_dpo_loss_matches_a_hand_computed_value():
    # margin = 0.1 * ((-3.0 - -4.0) - (-5.0 - -4.5)) = 0.1 * (1.0 + 0.5) = 0.15
    # loss = -log(sigmoid(0.15)) = log(1 + exp(-0.15)) = log(1.860708) = 0.620957
    loss, margin = dpo_losses(torch.tensor([-3.0]), torch.tensor([-5.0]), torch.tensor([-4.0]),
                              torch.tensor([-4.5]), beta=0.1)
    assert math.isclose(margin.item(), 0.15, rel_tol=1e-6)
    assert math.isclose(loss.item(), 0.620957, rel_tol=1e-5)
    assert math.isclose(loss.item(), math.log1p(math.exp(-0.15)), rel_tol=1e-6)


def test_dpo_loss_is_log2_when_policy_equals_reference():
    x = torch.tensor([-7.0, -2.0])
    loss, margin = dpo_losses(x, x + 1, x, x + 1, beta=0.5)
    assert torch.allclose(loss, torch.full((2,), math.log(2.0)))
    assert torch.all(margin == 0)


def test_token_logprobs_equal_log_softmax():
    logits = torch.randn(2, 5, 11, generator=torch.Generator().manual_seed(0))
    targets = torch.randint(0, 11, (2, 5), generator=torch.Generator().manual_seed(1))
    want = torch.log_softmax(logits, -1).gather(-1, targets.unsqueeze(-1)).squeeze(-1)
    assert torch.allclose(token_logprobs(logits, targets), want, atol=1e-6)


def test_first_dpo_step_reports_log2_and_the_pipeline_loss_matches_a_manual_forward(make_engine):
    engine = make_engine()
    dpo = batches()[2]
    stats = engine.update({"batch": dpo, "lr": 1e-2})
    # Policy and reference are identical before the first step: every margin is 0.
    assert math.isclose(stats["metrics"]["dpo_loss"], math.log(2.0), rel_tol=1e-6)
    assert stats["metrics"]["dpo_margin"] == 0.0
    stats = engine.update({"batch": dpo, "lr": 0.0})  # lr 0: report the loss at the current weights

    def summed(model, prompt, cont):
        ids = torch.tensor([prompt + cont])
        lp = torch.log_softmax(model(input_ids=ids).logits[0, :-1].float(), -1)
        return sum(lp[len(prompt) - 1 + i, t].item() for i, t in enumerate(cont))

    want = []
    with torch.no_grad():
        for p in dpo["pairs"]:
            m = 0.1 * ((summed(engine.model, p["prompt"], p["chosen"]) - summed(engine.ref, p["prompt"], p["chosen"]))
                       - (summed(engine.model, p["prompt"], p["rejected"])
                          - summed(engine.ref, p["prompt"], p["rejected"])))
            want.append(math.log1p(math.exp(-m)))
    assert math.isclose(stats["metrics"]["dpo_loss"], sum(want) / len(want), rel_tol=1e-4)
    assert stats["metrics"]["dpo_loss"] != math.log(2.0)
