import pytest
import torch

from spt_torch_worker.rng import step_uniforms
from spt_torch_worker.sampling import sample_from_logits

PROMPTS = [[72, 101, 108, 108, 111], [10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [200, 201]]
SEEDS = [5, 17, 5, 123456789]


def full_forward_sample(model, prompt, k, temperature, top_p, seed):
    """Reference sampler: no cache, no padding, the whole sequence through the model at every step."""
    seq = list(prompt)
    with torch.no_grad():
        for step in range(k):
            logits = model(input_ids=torch.tensor([seq])).logits[:, -1]
            u = step_uniforms(torch.tensor([seed]), step)
            seq.append(int(sample_from_logits(logits, temperature, top_p, u)))
    return seq[len(prompt):]


@pytest.mark.parametrize("decode", ["dynamic", "static"])
def test_kv_cache_generation_equals_full_forward(make_engine, decode):
    engine = make_engine(decode=decode)
    req = {"prompts": PROMPTS, "maxNewTokens": 24, "temperature": 1.0, "topP": 0.9, "seeds": SEEDS}
    out = engine.generate(req)["tokens"]
    assert [len(t) for t in out] == [24] * 4
    for prompt, seed, got in zip(PROMPTS, SEEDS, out, strict=True):
        assert got == full_forward_sample(engine.model, prompt, 24, 1.0, 0.9, seed)


def test_cached_logprobs_of_generated_tokens_equal_full_forward_logprobs(make_engine):
    engine = make_engine()
    out = engine.generate({"prompts": PROMPTS, "maxNewTokens": 16, "temperature": 0.0, "topP": 1.0,
                           "seeds": SEEDS})["tokens"]
    scored = engine.logprobs({"prompts": PROMPTS, "continuations": out})["logprobs"]
    with torch.no_grad():
        for prompt, cont, lps in zip(PROMPTS, out, scored, strict=True):
            full = torch.log_softmax(engine.model(input_ids=torch.tensor([prompt + cont])).logits[0], -1)
            want = [full[len(prompt) - 1 + i, t].item() for i, t in enumerate(cont)]
            assert torch.allclose(torch.tensor(lps), torch.tensor(want), atol=1e-5)
            # Greedy: each generated token is the argmax of the full-forward distribution.
            assert cont == [int(full[len(prompt) - 1 + i].argmax()) for i in range(len(cont))]


def test_a_sequence_depends_only_on_its_prompt_seed_and_weights(make_engine):
    engine = make_engine()
    base = {"maxNewTokens": 12, "temperature": 1.0, "topP": 1.0}
    together = engine.generate({**base, "prompts": PROMPTS, "seeds": SEEDS})["tokens"]
    alone = engine.generate({**base, "prompts": [PROMPTS[2]], "seeds": [SEEDS[2]]})["tokens"][0]
    chunked = make_engine(gen_batch=1).generate({**base, "prompts": PROMPTS, "seeds": SEEDS})["tokens"]
    assert alone == together[2]
    assert chunked == together
    other_seed = engine.generate({**base, "prompts": [PROMPTS[2]], "seeds": [SEEDS[2] + 1]})["tokens"][0]
    assert other_seed != alone


@pytest.mark.parametrize("decode", ["dynamic", "static"])
def test_stop_at_eos_truncates_before_eos(make_engine, decode):
    engine = make_engine(decode=decode)
    req = {"prompts": PROMPTS, "maxNewTokens": 40, "temperature": 1.0, "topP": 1.0, "seeds": SEEDS}
    full = engine.generate(req)["tokens"]
    engine.eos = eos = full[0][5]  # the byte tokenizer has no EOS: pretend a token it sampled is one
    stopped = engine.generate({**req, "stopAtEos": True})["tokens"]
    assert len(stopped[0]) <= 5
    for f, s in zip(full, stopped, strict=True):
        assert s == f[: f.index(eos) if eos in f else len(f)]


def test_static_cache_is_reused_across_calls_and_gives_the_same_samples(make_engine):
    dynamic, static = make_engine(), make_engine(decode="static")
    req = {"prompts": PROMPTS, "maxNewTokens": 12, "temperature": 1.0, "topP": 0.8, "seeds": SEEDS}
    want = dynamic.generate(req)["tokens"]
    assert static.generate(req)["tokens"] == want
    assert static.generate(req)["tokens"] == want  # the same cache, reset
    assert len(static.static.caches) == 1
    shorter = {**req, "maxNewTokens": 5}
    assert static.generate(shorter)["tokens"] == [t[:5] for t in want]
