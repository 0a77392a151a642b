"""The wire protocol, served in a thread over a real unix socket."""

import json
import socket
import threading

import pytest
from conftest import batches, tiny_options

from spt_torch_worker import PROTOCOL_VERSION
from spt_torch_worker.distributed import DistContext
from spt_torch_worker.server import serve


class Client:
    def __init__(self, tmp_path):
        path = str(tmp_path / "w.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        listener.listen(1)
        self.thread = threading.Thread(target=serve, args=(path, DistContext()), daemon=True)
        self.thread.start()
        self.conn, _ = listener.accept()
        listener.close()
        self.reader = self.conn.makefile("rb")
        self.hello = self.read()
        self.next_id = 0

    def read(self) -> dict:
        return json.loads(self.reader.readline())

    def call(self, op: str, **fields) -> dict:
        self.next_id += 1
        self.conn.sendall(json.dumps({"id": self.next_id, "op": op, **fields}).encode() + b"\n")
        reply = self.read()
        assert reply["id"] == self.next_id
        return reply


@pytest.fixture
def client(tmp_path):
    c = Client(tmp_path)
    yield c
    c.call("shutdown")
    c.thread.join(timeout=10)
    assert not c.thread.is_alive()


def test_hello_announces_protocol_and_capabilities(client):
    h = client.hello
    assert h["type"] == "hello" and h["protocol"] == PROTOCOL_VERSION
    assert {"generate", "update", "export"} <= set(h["ops"]) and h["worldSize"] == 1
    assert h["strategies"] == ["ddp", "fsdp"]


def test_protocol_mismatch_says_which_side_to_upgrade(client, tmp_path):
    newer = client.call("init", protocol=PROTOCOL_VERSION + 1, options=tiny_options(tmp_path))
    assert not newer["ok"] and newer["error"]["code"] == "backend.protocol_mismatch"
    assert "upgrade the Python worker" in newer["error"]["fix"]
    older = client.call("init", protocol=0, options=tiny_options(tmp_path))
    assert "upgrade @spt/backends" in older["error"]["fix"]


def test_ping_answers_before_init(client):
    reply = client.call("ping", payload=[[1, 2, 3]] * 100)
    assert reply["ok"] and reply["result"] == {}


def test_ops_before_init_and_unknown_ops_are_errors_not_crashes(client, tmp_path):
    early = client.call("generate", prompts=[[1]], maxNewTokens=1, temperature=1, topP=1, seeds=[1])
    assert early["error"]["code"] == "backend.protocol"
    assert client.call("init", protocol=PROTOCOL_VERSION, options=tiny_options(tmp_path))["ok"]
    bad = client.call("teleport")
    assert bad["error"]["code"] == "backend.protocol" and "teleport" in bad["error"]["what"]
    assert client.call("generate", prompts=[[1]], maxNewTokens=3, temperature=1, topP=1, seeds=[1])["ok"]


def test_errors_carry_code_fix_and_python_traceback(client, tmp_path):
    info = client.call("init", protocol=PROTOCOL_VERSION, options=tiny_options(tmp_path))["result"]
    assert info["maxContext"] == 64 and info["vocabSize"] == 257 and info["eos"] == 256 and info["worldSize"] == 1
    too_long = client.call("generate", prompts=[[1] * 60], maxNewTokens=10, temperature=1, topP=1, seeds=[1])
    err = too_long["error"]
    assert err["code"] == "backend.request" and "spans 70 tokens, which need 69 positions" in err["what"]
    assert err["expected"] == "at most 64 positions (65 tokens: the last token is only predicted)"
    assert "Traceback (most recent call last)" in err["traceback"] and "validate.py" in err["traceback"]
    stats = client.call("update", batch=batches()[2], lr=1e-3, step=0)
    assert stats["ok"] and stats["result"]["metrics"]["dpo_accuracy"] == 0.0 and stats["ms"] > 0


def test_out_of_memory_names_the_sizes_and_what_to_lower(client, tmp_path, monkeypatch):
    assert client.call("init", protocol=PROTOCOL_VERSION, options=tiny_options(tmp_path, micro_batch=2))["ok"]
    monkeypatch.setenv("SPT_TORCH_FAULT", "oom:update")
    err = client.call("update", batch=batches()[0], lr=1e-3, step=0)["error"]
    assert err["code"] == "backend.oom"
    assert "3 sequences of up to 21 tokens (micro-batch 2)"  # 20 + the EOS that starts a document in err["what"]
    assert "lower micro_batch (now 2" in err["fix"] and "activation_checkpointing" in err["fix"]
    assert "OutOfMemoryError" in err["traceback"]
    monkeypatch.delenv("SPT_TORCH_FAULT")
    assert client.call("update", batch=batches()[0], lr=1e-3, step=0)["ok"]  # the worker lives on
