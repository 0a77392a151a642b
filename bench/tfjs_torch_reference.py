"""PyTorch CPU reference for bench/tfjs-bench.ts: the same Llama-style GPT as the tfjs.gpt backend
(RMSNorm, rotary positions, SwiGLU, tied head, no biases), trained with AdamW + clipping on
next-token prediction and sampled with a preallocated, in-place KV cache. Prints one JSON line.

usage: python bench/tfjs_torch_reference.py --d-model 128 --threads 2 [--layers 4 --heads 4 ...]
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F


class Block(torch.nn.Module):
    def __init__(self, d, heads, ffn):
        super().__init__()
        self.heads = heads
        self.attn_norm = torch.nn.RMSNorm(d, eps=1e-5)
        self.qkv = torch.nn.Linear(d, 3 * d, bias=False)
        self.o = torch.nn.Linear(d, d, bias=False)
        self.mlp_norm = torch.nn.RMSNorm(d, eps=1e-5)
        self.gu = torch.nn.Linear(d, 2 * ffn, bias=False)
        self.down = torch.nn.Linear(ffn, d, bias=False)

    def forward(self, x, cos, sin, cache=None, at=0):
        b, t, d = x.shape
        hd = d // self.heads
        q, k, v = self.qkv(self.attn_norm(x)).view(b, t, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        if cache is None:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            kc, vc = cache
            kc[:, :, at:at + t] = k
            vc[:, :, at:at + t] = v
            y = F.scaled_dot_product_attention(q, kc[:, :, :at + t], vc[:, :, :at + t], is_causal=t > 1)
        x = x + self.o(y.transpose(1, 2).reshape(b, t, d))
        g, u = self.gu(self.mlp_norm(x)).chunk(2, dim=-1)
        return x + self.down(F.silu(g) * u)


def rope(x, cos, sin):
    x1, x2 = x.chunk(2, dim=-1)
    return x * cos + torch.cat((-x2, x1), dim=-1) * sin


class Gpt(torch.nn.Module):
    def __init__(self, vocab, d, layers, heads, context, ffn):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, d)
        self.blocks = torch.nn.ModuleList(Block(d, heads, ffn) for _ in range(layers))
        self.norm = torch.nn.RMSNorm(d, eps=1e-5)
        hd = d // heads
        inv = 1.0 / (10000 ** (torch.arange(0, hd, 2).float() / hd))
        ang = torch.outer(torch.arange(context).float(), inv)
        ang = torch.cat((ang, ang), dim=-1)
        self.register_buffer("cos", ang.cos(), persistent=False)
        self.register_buffer("sin", ang.sin(), persistent=False)
        for p in self.parameters():
            if p.dim() == 2:
                torch.nn.init.normal_(p, std=0.02)

    def forward(self, ids, start=0, caches=None):
        t = ids.shape[1]
        cos, sin = self.cos[start:start + t], self.sin[start:start + t]
        x = self.embed(ids)
        for i, blk in enumerate(self.blocks):
            x = blk(x, cos, sin, None if caches is None else caches[i], start)
        return self.norm(x) @ self.embed.weight.T


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--d-model", type=int, default=128)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--context", type=int, default=256)
    ap.add_argument("--vocab", type=int, default=257)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--train-steps", type=int, default=5)
    ap.add_argument("--seqs", type=int, default=64)
    ap.add_argument("--prompt", type=int, default=64)
    ap.add_argument("--new", type=int, default=128)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    ffn = math.ceil(8 * a.d_model / 3 / 64) * 64
    model = Gpt(a.vocab, a.d_model, a.layers, a.heads, a.context, ffn)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.1)
    data = torch.randint(0, 256, (a.batch, a.context + 1))

    def train_step():
        logits = model(data[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, a.vocab), data[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss.item()

    for _ in range(2):
        train_step()
    times = []
    for _ in range(a.train_steps):
        t0 = time.perf_counter()
        train_step()
        times.append(time.perf_counter() - t0)
    train_s = min(times)

    @torch.inference_mode()
    def sample(n_new):
        prompts = torch.randint(0, 256, (a.seqs, a.prompt))
        hd = a.d_model // a.heads
        caches = [(torch.empty(a.seqs, a.heads, a.prompt + n_new, hd), torch.empty(a.seqs, a.heads, a.prompt + n_new, hd)) for _ in range(a.layers)]
        logits = model(prompts, 0, caches)[:, -1]
        out = []
        for step in range(n_new):
            tok = torch.multinomial(torch.softmax(logits, -1), 1)
            out.append(tok)
            if step == n_new - 1:
                break
            logits = model(tok, a.prompt + step, caches)[:, -1]
        return torch.cat(out, 1)

    sample(8)
    t0 = time.perf_counter()
    sample(a.new)
    sample_s = time.perf_counter() - t0
    print(json.dumps({"engine": "torch", "torch": torch.__version__, "d_model": a.d_model, "threads": a.threads,
                      "train_step_s": train_s, "train_step_times": times, "sample_tok_s": a.seqs * a.new / sample_s}))


if __name__ == "__main__":
    main()
