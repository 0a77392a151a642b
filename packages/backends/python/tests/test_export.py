import torch
from conftest import batches
from transformers import AutoModelForCausalLM, AutoTokenizer


def test_export_loads_with_auto_model_and_reproduces_logits(make_engine, tmp_path):
    engine = make_engine()
    engine.update({"batch": batches()[0], "lr": 1e-2})
    engine.export(str(tmp_path / "out"), "hf-safetensors")
    model = AutoModelForCausalLM.from_pretrained(str(tmp_path / "out"))
    tok = AutoTokenizer.from_pretrained(str(tmp_path / "out"))
    text = "Ada Lovelace was born in 1815."
    ids = tok(text)["input_ids"]
    assert ids == list(text.encode())
    with torch.no_grad():
        x = torch.tensor([ids])
        assert torch.allclose(model(input_ids=x).logits, engine.model(input_ids=x).logits, atol=1e-5)


def test_unknown_export_format_is_refused(make_engine, tmp_path):
    engine = make_engine()
    try:
        engine.export(str(tmp_path / "x"), "onnx")
    except Exception as err:
        assert getattr(err, "code", "") == "backend.export_format"
    else:
        raise AssertionError("expected an error")
