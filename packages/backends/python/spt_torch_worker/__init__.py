"""spt's PyTorch worker.

The TypeScript core of spt starts this package (``python -m spt_torch_worker --socket PATH``, or the
same under ``torchrun``), speaks JSON lines over a local unix socket and asks it to generate, score
and train a Hugging Face causal language model. See ``server.py`` for the protocol.
"""

__version__ = "0.1.0"

#: Version of the wire protocol. Bump on any change a client could notice; the TS client refuses
#: a worker speaking another version and says which side to upgrade.
PROTOCOL_VERSION = 1
