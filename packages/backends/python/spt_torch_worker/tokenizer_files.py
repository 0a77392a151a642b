"""The tokenizer files the TS side loads (tokenizer.json, tokenizer_config.json).

The TS contract needs synchronous encode/decode, so the client runs the model's own
``tokenizer.json`` with @huggingface/tokenizers in JavaScript. This module makes sure such a file
exists: taken from the model folder, converted from a slow tokenizer, or built (byte vocabulary).
"""

import os
from pathlib import Path

from tokenizers import Tokenizer, decoders, models, pre_tokenizers
from transformers import AutoTokenizer, PreTrainedTokenizerFast
from transformers.convert_slow_tokenizer import bytes_to_unicode

from .errors import WorkerError

BYTE_EOS_TEXT = "<|endoftext|>"


def byte_tokenizer() -> PreTrainedTokenizerFast:
    """The byte vocabulary shared with the TF.js backend: id b < 256 is the UTF-8 byte b, 256 is
    ``<|endoftext|>`` (EOS). A byte-level BPE without merges, so transformers and JS load it."""
    table = bytes_to_unicode()
    vocab = {table[b]: b for b in range(256)}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    tok.decoder = decoders.ByteLevel()
    tok.add_special_tokens([BYTE_EOS_TEXT])
    return PreTrainedTokenizerFast(tokenizer_object=tok, eos_token=BYTE_EOS_TEXT, pad_token=BYTE_EOS_TEXT,
                                   model_max_length=1 << 30)


def load_tokenizer(source: str) -> PreTrainedTokenizerFast:
    """'bytes', or a folder holding a Hugging Face tokenizer (tokenizer.json or a slow one)."""
    if source in ("bytes", "byte"):
        return byte_tokenizer()
    if not Path(source).is_dir():
        raise WorkerError("backend.config", f"tokenizer folder {source} does not exist",
                          expected="a folder with tokenizer.json (or tokenizer_config.json), or 'bytes'",
                          got=source, fix="point tokenizer at the model folder, or use tokenizer: 'bytes'")
    try:
        tok = AutoTokenizer.from_pretrained(source)
    except Exception as exc:
        raise WorkerError("backend.config", f"cannot load a tokenizer from {source}: {exc}",
                          expected="tokenizer.json / tokenizer_config.json as written by transformers",
                          fix="add the tokenizer files to the folder, or set tokenizer to another folder or 'bytes'"
                          ) from exc
    if not getattr(tok, "is_fast", False):
        raise WorkerError("backend.config", f"the tokenizer in {source} has no fast (tokenizer.json) version",
                          fix="convert it once with transformers (AutoTokenizer.from_pretrained(..., use_fast=True)"
                          ".save_pretrained(dir)) and point tokenizer at dir")
    return tok


def write_tokenizer(tok: PreTrainedTokenizerFast, folder: str) -> str:
    """Save tokenizer.json + tokenizer_config.json into folder; returns the folder."""
    os.makedirs(folder, exist_ok=True)
    tok.save_pretrained(folder)
    if not (Path(folder) / "tokenizer.json").exists():
        tok.backend_tokenizer.save(str(Path(folder) / "tokenizer.json"))
    return folder
