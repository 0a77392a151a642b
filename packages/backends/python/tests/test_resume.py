import torch
from conftest import batches, params

from spt_torch_worker.distributed import DistContext
from spt_torch_worker.engine import Engine
from spt_torch_worker.errors import WorkerError


def train(engine, steps, start=0):
    for i, batch in enumerate(steps, start):
        engine.update({"batch": batch, "lr": 1e-2 * (1 + i % 2), "step": i})


def test_save_load_continue_equals_an_uninterrupted_run(make_engine, tmp_path):
    plan = batches() + batches()
    straight = make_engine()
    train(straight, plan)

    first = make_engine()
    train(first, plan[:5])
    first.save(str(tmp_path / "ckpt"))
    resumed = make_engine(seed=999)  # other initial weights: everything must come from the checkpoint
    resumed.load(str(tmp_path / "ckpt"))
    train(resumed, plan[5:], start=5)

    want, got = params(straight), params(resumed)
    assert want.keys() == got.keys()
    for k in want:
        assert torch.equal(want[k], got[k]), k
    ref_want = {k: v for k, v in straight.ref.state_dict().items()}
    for k, v in resumed.ref.state_dict().items():
        assert torch.equal(ref_want[k], v), k
    assert resumed.updates == straight.updates


def test_checkpoint_model_folder_is_a_plain_hugging_face_model(make_engine, tmp_path):
    engine = make_engine()
    train(engine, batches()[:2])
    engine.save(str(tmp_path / "ckpt"))
    names = {p.name for p in (tmp_path / "ckpt").iterdir()}
    assert {"model", "reference", "optimizer.pt", "rng.pt", "worker.json"} <= names
    again = Engine({"model": str(tmp_path / "ckpt" / "model"), "work_dir": str(tmp_path / "w2")}, DistContext())
    for k, v in params(engine).items():
        assert torch.equal(params(again)[k], v), k


def test_loading_a_folder_that_is_not_a_checkpoint_names_it(make_engine, tmp_path):
    engine = make_engine()
    (tmp_path / "empty").mkdir()
    try:
        engine.load(str(tmp_path / "empty"))
    except WorkerError as err:
        assert err.code == "checkpoint.corrupt" and "empty" in err.what
    else:
        raise AssertionError("load of an empty folder should fail")


def test_tied_embeddings_survive_save_load_and_export(tmp_path):
    from conftest import TINY, tiny_options
    from transformers import AutoModelForCausalLM

    opts = tiny_options(tmp_path, fresh={**TINY, "tie_embeddings": True})
    engine = Engine(opts, DistContext())
    train(engine, batches()[:2])
    engine.save(str(tmp_path / "ckpt"))
    other = Engine({**opts, "seed": 77}, DistContext())
    other.load(str(tmp_path / "ckpt"))
    core = other.model
    assert core.lm_head.weight is core.model.embed_tokens.weight
    assert torch.equal(core.lm_head.weight, engine.model.lm_head.weight)
    other.export(str(tmp_path / "out"), "hf-safetensors")
    loaded = AutoModelForCausalLM.from_pretrained(str(tmp_path / "out"))
    assert torch.equal(loaded.lm_head.weight, engine.model.lm_head.weight)
