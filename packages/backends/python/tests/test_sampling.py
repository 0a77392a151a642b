import torch

from spt_torch_worker.rng import step_uniforms
from spt_torch_worker.sampling import sample_from_logits


def test_uniforms_are_deterministic_in_range_and_differ_by_step_and_seed():
    seeds = torch.arange(10_000)
    a, b = step_uniforms(seeds, 0), step_uniforms(seeds, 1)
    assert torch.equal(a, step_uniforms(seeds, 0))
    assert a.min() >= 0 and a.max() < 1
    assert abs(a.mean().item() - 0.5) < 0.01 and abs(a.var().item() - 1 / 12) < 0.005
    assert (a != b).float().mean() > 0.99
    assert len(set(a.tolist())) > 9_900


def test_a_seed_draws_the_same_number_in_any_batch():
    alone = step_uniforms(torch.tensor([12345]), 7)
    batch = step_uniforms(torch.tensor([1, 12345, 99]), 7)
    assert alone.item() == batch[1].item()


def test_temperature_zero_is_greedy():
    logits = torch.tensor([[0.1, 2.0, -1.0], [3.0, 0.0, 2.9]])
    assert sample_from_logits(logits, 0.0, 1.0, torch.rand(2)).tolist() == [1, 0]


def test_sampling_follows_the_distribution():
    probs = torch.tensor([0.1, 0.6, 0.3])
    u = (torch.arange(10_000) + 0.5) / 10_000
    picks = sample_from_logits(probs.log().expand(10_000, 3), 1.0, 1.0, u)
    freq = torch.bincount(picks, minlength=3).float() / 10_000
    assert torch.allclose(freq, probs, atol=1e-3)


def test_top_p_keeps_the_nucleus_and_renormalises():
    probs = torch.tensor([0.15, 0.5, 0.05, 0.3])  # sorted: 0.5, 0.3 (cum 0.8 >= 0.7), then cut
    u = (torch.arange(10_000) + 0.5) / 10_000
    picks = sample_from_logits(probs.log().expand(10_000, 4), 1.0, 0.7, u)
    freq = torch.bincount(picks, minlength=4).float() / 10_000
    assert freq[0] == 0 and freq[2] == 0
    assert abs(freq[1].item() - 0.5 / 0.8) < 1e-3 and abs(freq[3].item() - 0.3 / 0.8) < 1e-3


def test_the_most_likely_token_survives_a_tiny_top_p_and_u_near_one_never_picks_a_cut_token():
    logits = torch.tensor([[0.0, 5.0, 1.0]])
    assert sample_from_logits(logits, 1.0, 1e-6, torch.tensor([0.999999])).item() == 1
    probs = torch.tensor([[0.5, 0.5, 0.0]])
    assert sample_from_logits(probs.log(), 1.0, 1.0, torch.tensor([1.0 - 2**-24])).item() == 1
