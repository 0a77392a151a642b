#!/usr/bin/env bash
# GPU check of the torch backend (prepared for sessions that have a CUDA device). Python only: the
# GPU machines may have no Node.js. Without torch or a CUDA device it exits 3 ("not measured"), so
# a missing GPU is never read as a passed check; SPT_GPU_OPTIONAL=1 makes that exit 0.
#   training throughput and MFU, Llama ~124M and ~1.4B in bf16 (targets: >= 40% MFU at 1.4B)
#   rollout tokens/s of the worker's sampler vs transformers generate, 64 sequences x 128 new tokens
#     on the same model (target: >= 2x)
# usage: bench/torch-gpu.sh [--sizes 124m,1.4b] [--steps 10] [--peak-tflops 989]
# env: SPT_PYTHON (default: python3 on PATH, then ~/.cache/spt/venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
not_measured() { echo "torch-gpu: not measured ($1)" >&2; [ "${SPT_GPU_OPTIONAL:-}" = 1 ] && exit 0; exit 3; }
py="${SPT_PYTHON:-}"
if [ -z "$py" ]; then
  if command -v python3 >/dev/null && python3 -c 'import torch, transformers' 2>/dev/null; then py=python3
  else py="${SPT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/spt/venv}/bin/python"; fi
fi
if ! "$py" -c 'import torch, transformers' 2>/dev/null; then
  not_measured "no python with torch and transformers; set SPT_PYTHON"
fi
if ! "$py" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)'; then
  not_measured "torch sees no CUDA device"
fi
PYTHONPATH="packages/backends/python${PYTHONPATH:+:$PYTHONPATH}" exec "$py" bench/torch_gpu.py "$@"
