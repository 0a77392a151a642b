"""Entry point: ``python -m spt_torch_worker --socket PATH`` (or the same module under torchrun)."""

import argparse
import logging
import os

from .distributed import init_distributed, shutdown
from .server import serve


def main() -> None:
    parser = argparse.ArgumentParser(prog="spt_torch_worker", description=__doc__)
    parser.add_argument("--socket", help="unix socket of the TS client (rank 0 only)")
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    parser.add_argument("--idle-timeout-s", type=float, default=7 * 24 * 3600,
                        help="how long ranks wait for the next request before torch.distributed gives up")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    args = parser.parse_args()
    rank = os.environ.get("RANK", "0")
    logging.basicConfig(level=logging.INFO, format=f"[spt-torch rank {rank}] %(message)s")
    if args.threads > 0:
        import torch
        torch.set_num_threads(args.threads)
    ctx = init_distributed(args.device, args.idle_timeout_s)
    clean = False
    try:
        serve(args.socket, ctx)
        clean = True
    finally:
        shutdown(ctx, clean)


if __name__ == "__main__":
    main()
