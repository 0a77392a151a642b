import json
import subprocess
import sys
from pathlib import Path

from spt_torch_worker import PROTOCOL_VERSION


def test_doctor_prints_one_json_line_about_this_python():
    out = subprocess.run([sys.executable, "-m", "spt_torch_worker.doctor"], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout
    info = json.loads(out)
    assert info["protocol"] == PROTOCOL_VERSION
    assert info["torch"].startswith("2.") and info["transformers"] and info["safetensors"]
    assert info["gloo"] is True and isinstance(info["cuda"], bool)
    if not info["cuda"]:
        assert info["bf16"] is False and info["gpus"] == [] and info["nccl"] in (True, False)
