#!/usr/bin/env python3
"""The plain PyTorch peer of Tenor's benchmarks: a BERT sentence encoder written directly in torch.

It loads a Tenor / sentence-transformers model folder (config.json, model.safetensors, modules.json,
1_Pooling/config.json) into an nn.Module whose parameters carry Hugging Face's names, and runs on token
ids that Tenor's tokenizer produced, so both sides see exactly the same input. Needs only torch and
numpy (Debian: apt-get install python3-torch python3-numpy); no transformers, no safetensors package.

  encode: embed a JSON list of token-id lists in length-sorted batches under torch.inference_mode();
          report seconds, sentences/s and peak RSS; optionally write the embeddings (float32, input order).
  train:  run optimiser steps of sentence-transformers' recipe (TripletLoss euclidean margin 0.5, AdamW
          lr 2e-5 wd 0.01 without decay on bias/LayerNorm, linear warm-up, clip_grad_norm_ 1.0, dropout
          0.1) on pre-tokenised triplet batches; report triplets/s after warm-up steps and peak RSS;
          optionally the per-step losses and the updated weights (for a numeric cross-check).

The result is one JSON object on the last line of stdout.
"""

import argparse
import json
import math
import os
import resource
import struct
import sys
import time

# The peer must run as well as PyTorch can here, or a ratio against it flatters Tenor. OpenMP's default
# active waiting makes idle worker threads spin against the BLAS library's own threads (Debian's
# libopenblas0-pthread) and halves training speed on small machines; passive waiting costs nothing with
# the -openmp variant. Set before torch loads libgomp, which reads it once; an explicit value is kept.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


# ---------------------------------------------------------------------------------------------- safetensors

_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64}


def read_safetensors(path):
    """Tensors by name as float32 torch tensors (F32, F16, F64 and BF16 files)."""
    with open(path, "rb") as f:
        raw = f.read()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + header_len].decode("utf-8"))
    base = 8 + header_len
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        chunk = raw[base + begin:base + end]
        dtype = info["dtype"]
        if dtype == "BF16":
            # bfloat16 is the top half of a float32
            arr = (np.frombuffer(chunk, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        elif dtype in _DTYPES:
            arr = np.frombuffer(chunk, dtype=np.dtype(_DTYPES[dtype]).newbyteorder("<")).astype(np.float32)
        else:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {dtype}")
        out[name] = torch.from_numpy(arr.reshape(info["shape"]).copy())
    return out


def write_safetensors(path, tensors):
    """Writes float32 tensors (sorted by name, as the safetensors library does)."""
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        data = tensors[name].detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------- the model

class BertEmbeddings(nn.Module):
    def __init__(self, c, dropout):
        super().__init__()
        self.word_embeddings = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.position_embeddings = nn.Embedding(c.get("max_position_embeddings", 512), c["hidden_size"])
        self.token_type_embeddings = nn.Embedding(c.get("type_vocab_size", 2), c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c.get("layer_norm_eps", 1e-12))
        self.dropout = nn.Dropout(dropout)

    def forward(self, ids, type_ids):
        positions = torch.arange(ids.shape[1], dtype=torch.long).unsqueeze(0)
        x = self.word_embeddings(ids) + self.position_embeddings(positions) + self.token_type_embeddings(type_ids)
        return self.dropout(self.LayerNorm(x))


class BertSelfAttention(nn.Module):
    def __init__(self, c, dropout):
        super().__init__()
        h = c["hidden_size"]
        self.heads = c["num_attention_heads"]
        self.head_size = h // self.heads
        self.query = nn.Linear(h, h)
        self.key = nn.Linear(h, h)
        self.value = nn.Linear(h, h)
        self.dropout = nn.Dropout(dropout)

    def split(self, x):
        b, t, _ = x.shape
        return x.view(b, t, self.heads, self.head_size).transpose(1, 2)

    def forward(self, x, mask_bias):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_size) + mask_bias
        probs = self.dropout(torch.softmax(scores, dim=-1))
        ctx = torch.matmul(probs, v).transpose(1, 2).contiguous()
        return ctx.view(x.shape[0], x.shape[1], -1)


class DenseNorm(nn.Module):
    """dense -> dropout -> residual -> LayerNorm (BertSelfOutput and BertOutput)."""

    def __init__(self, n_in, n_out, eps, dropout):
        super().__init__()
        self.dense = nn.Linear(n_in, n_out)
        self.LayerNorm = nn.LayerNorm(n_out, eps=eps)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, residual):
        return self.LayerNorm(self.dropout(self.dense(x)) + residual)


class BertAttention(nn.Module):
    def __init__(self, c, dropout):
        super().__init__()
        self.self = BertSelfAttention(c, dropout)
        self.output = DenseNorm(c["hidden_size"], c["hidden_size"], c.get("layer_norm_eps", 1e-12), dropout)

    def forward(self, x, mask_bias):
        return self.output(self.self(x, mask_bias), x)


class BertIntermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["intermediate_size"])

    def forward(self, x):
        return F.gelu(self.dense(x))  # exact (erf) GELU, as hidden_act "gelu"


class BertLayer(nn.Module):
    def __init__(self, c, dropout):
        super().__init__()
        self.attention = BertAttention(c, dropout)
        self.intermediate = BertIntermediate(c)
        self.output = DenseNorm(c["intermediate_size"], c["hidden_size"], c.get("layer_norm_eps", 1e-12), dropout)

    def forward(self, x, mask_bias):
        h = self.attention(x, mask_bias)
        return self.output(self.intermediate(h), h)


class BertEncoder(nn.Module):
    def __init__(self, c, dropout):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(c, dropout) for _ in range(c["num_hidden_layers"])])

    def forward(self, x, mask_bias):
        for layer in self.layer:
            x = layer(x, mask_bias)
        return x


class BertModel(nn.Module):
    """Post-norm BERT; parameter names are Hugging Face's (embeddings.*, encoder.layer.N.*)."""

    def __init__(self, c, dropout):
        super().__init__()
        act = c.get("hidden_act", "gelu")
        if act != "gelu":
            raise ValueError(f"hidden_act {act!r}: this peer runs exact GELU only")
        self.embeddings = BertEmbeddings(c, dropout)
        self.encoder = BertEncoder(c, dropout)

    def forward(self, ids, mask, type_ids):
        bias = (1.0 - mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
        return self.encoder(self.embeddings(ids, type_ids), bias)


class SentenceModel(nn.Module):
    """BERT + pooling (+ L2 normalisation) as the model folder's sentence-transformers files say."""

    def __init__(self, folder, dropout):
        super().__init__()
        with open(os.path.join(folder, "config.json")) as f:
            config = json.load(f)
        if config.get("model_type") != "bert":
            raise ValueError(f"{folder}: model_type {config.get('model_type')!r} is not bert")
        self.bert = BertModel(config, dropout)
        weights = {(k[5:] if k.startswith("bert.") else k): v
                   for k, v in read_safetensors(os.path.join(folder, "model.safetensors")).items()}
        own = self.bert.state_dict()
        missing = [k for k in own if k not in weights]
        if missing:
            raise ValueError(f"{folder}: {len(missing)} weight(s) missing, e.g. {missing[0]}")
        self.bert.load_state_dict({k: weights[k] for k in own})
        self.pooling = "mean"
        pooling_file = os.path.join(folder, "1_Pooling", "config.json")
        if os.path.exists(pooling_file):
            with open(pooling_file) as f:
                p = json.load(f)
            self.pooling = "cls" if p.get("pooling_mode_cls_token") else "mean"
        self.normalize = False
        modules_file = os.path.join(folder, "modules.json")
        if os.path.exists(modules_file):
            with open(modules_file) as f:
                self.normalize = any(m.get("type", "").endswith(".Normalize") for m in json.load(f))

    def forward(self, ids, mask, type_ids):
        h = self.bert(ids, mask, type_ids)
        if self.pooling == "cls":
            pooled = h[:, 0]
        else:
            m = mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * m).sum(1) / torch.clamp(m.sum(1), min=1e-9)
        return F.normalize(pooled, p=2, dim=1) if self.normalize else pooled


def pad(batch):
    """Padded id, mask and type tensors for a list of id lists (single segments: type ids are 0)."""
    width = max(len(s) for s in batch)
    ids = torch.zeros(len(batch), width, dtype=torch.long)
    mask = torch.zeros(len(batch), width, dtype=torch.long)
    for i, s in enumerate(batch):
        ids[i, :len(s)] = torch.tensor(s, dtype=torch.long)
        mask[i, :len(s)] = 1
    return ids, mask, torch.zeros_like(ids)


def runtime_setup():
    """What the numbers depend on: the BLAS library torch loaded (its Debian variant: pthread or openmp),
    OpenMP's wait policy and torch's thread counts."""
    blas = "unknown"
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        blas = ", ".join(sorted(libs)) or "none loaded (torch's own kernels)"
    except OSError:
        pass
    return {"blas": blas, "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
            "threads": torch.get_num_threads(), "interop_threads": torch.get_num_interop_threads(),
            "torch": torch.__version__}


def peak_rss_mib():
    """This process's peak RSS. VmHWM first: on Linux, getrusage's ru_maxrss survives exec, so a child
    started by a big parent (a JVM spawns with vfork) would report the parent's peak instead of its own."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


# ---------------------------------------------------------------------------------------------- modes

def encode(args):
    with open(args.ids) as f:
        sentences = json.load(f)
    model = SentenceModel(args.model, 0.0).eval()
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]), reverse=True)
    out = None
    with torch.inference_mode():
        warm = [sentences[i] for i in order[len(order) // 2:len(order) // 2 + min(args.batch_size, len(order))]]
        model(*pad(warm))  # warm-up: first-call allocations and thread-pool start
        start = time.perf_counter()
        for b in range(0, len(order), args.batch_size):
            idx = order[b:b + args.batch_size]
            emb = model(*pad([sentences[i] for i in idx]))
            if out is None:
                out = torch.empty(len(sentences), emb.shape[1])
            out[idx] = emb
        seconds = time.perf_counter() - start
    if args.out:
        out.numpy().astype("<f4").tofile(args.out)
    return {"mode": "encode", "sentences": len(sentences), "batch_size": args.batch_size, "seconds": seconds,
            "sentences_per_s": len(sentences) / seconds, "peak_rss_mib": peak_rss_mib(),
            "threads": torch.get_num_threads(), "torch": torch.__version__}


def linear_warmup(warmup_steps, total_steps):
    """Hugging Face's get_linear_schedule_with_warmup, which sentence-transformers uses."""
    def factor(step):
        if step < warmup_steps:
            return step / max(1, warmup_steps)
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup_steps))
    return factor


def batch_loss(args, a, p, n):
    """sentence-transformers' losses, written from their definitions."""
    if args.loss == "triplet":
        return F.relu(F.pairwise_distance(a, p, p=2) - F.pairwise_distance(a, n, p=2) + args.margin).mean()
    if args.loss == "cosine-triplet":
        return F.relu((1 - F.cosine_similarity(a, p)) - (1 - F.cosine_similarity(a, n)) + args.margin).mean()
    # MultipleNegativesRankingLoss: cos_sim of each anchor to all positives and negatives, times scale
    candidates = F.normalize(torch.cat([p, n]), p=2, dim=1)
    scores = F.normalize(a, p=2, dim=1) @ candidates.T * args.scale
    return F.cross_entropy(scores, torch.arange(len(a)))


def train(args):
    with open(args.batches) as f:
        batches = json.load(f)["batches"]
    if not batches:
        raise ValueError(f"{args.batches}: holds no batches")
    torch.manual_seed(args.seed)
    dropout = 0.0 if args.no_dropout else args.dropout
    model = SentenceModel(args.model, dropout).train()
    named = list(model.bert.named_parameters())
    no_decay = ["bias", "LayerNorm.bias", "LayerNorm.weight"]  # sentence-transformers' fit()
    groups = [
        {"params": [p for n, p in named if not any(nd in n for nd in no_decay)], "weight_decay": args.weight_decay},
        {"params": [p for n, p in named if any(nd in n for nd in no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=args.lr, eps=1e-8)
    schedule_steps = args.schedule_steps or args.steps
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, linear_warmup(math.ceil(schedule_steps * args.warmup_ratio), schedule_steps))
    losses = []
    timed_seconds = 0.0
    timed_triplets = 0
    for step in range(args.steps):
        batch = batches[step % len(batches)]
        start = time.perf_counter()
        a = model(*pad(batch["anchor"]))
        p = model(*pad(batch["positive"]))
        n = model(*pad(batch["negative"]))
        loss = batch_loss(args, a, p, n)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), args.max_grad_norm)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        seconds = time.perf_counter() - start
        losses.append(loss.item())
        if step >= args.warmup_steps:
            timed_seconds += seconds
            timed_triplets += len(batch["anchor"])
    if args.out_weights:
        write_safetensors(args.out_weights, dict(model.bert.named_parameters()))
    return {"mode": "train", "steps": args.steps, "warmup_steps": args.warmup_steps,
            "timed_triplets": timed_triplets, "timed_seconds": timed_seconds,
            "triplets_per_s": timed_triplets / timed_seconds if timed_seconds > 0 else None,
            "losses": losses, "dropout": dropout, "peak_rss_mib": peak_rss_mib(),
            "threads": torch.get_num_threads(), "torch": torch.__version__}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    sub = ap.add_subparsers(dest="mode", required=True)

    enc = sub.add_parser("encode", help="embed pre-tokenised sentences")
    enc.add_argument("--model", required=True, help="model folder")
    enc.add_argument("--ids", required=True, help="JSON file: a list of token-id lists")
    enc.add_argument("--batch-size", type=int, default=64)
    enc.add_argument("--out", help="write embeddings here: float32 little-endian, [sentences, dim], input order")

    tr = sub.add_parser("train", help="triplet training steps on pre-tokenised batches")
    tr.add_argument("--model", required=True, help="model folder")
    tr.add_argument("--batches", required=True,
                    help='JSON file: {"batches": [{"anchor": [[ids]], "positive": [[ids]], "negative": [[ids]]}]}')
    tr.add_argument("--steps", type=int, required=True, help="optimiser steps (batches are reused cyclically)")
    tr.add_argument("--warmup-steps", type=int, default=3, help="untimed steps at the start (default 3)")
    tr.add_argument("--schedule-steps", type=int, default=0, help="length of the lr schedule (default: --steps)")
    tr.add_argument("--warmup-ratio", type=float, default=0.1, help="share of the schedule warming up (default 0.1)")
    tr.add_argument("--lr", type=float, default=2e-5)
    tr.add_argument("--weight-decay", type=float, default=0.01)
    tr.add_argument("--margin", type=float, default=0.5)
    tr.add_argument("--loss", choices=["triplet", "cosine-triplet", "mnrl"], default="triplet")
    tr.add_argument("--scale", type=float, default=20.0, help="mnrl's similarity scale (default 20)")
    tr.add_argument("--max-grad-norm", type=float, default=1.0)
    tr.add_argument("--dropout", type=float, default=0.1)
    tr.add_argument("--no-dropout", action="store_true", help="dropout 0, for a deterministic cross-check")
    tr.add_argument("--seed", type=int, default=42)
    tr.add_argument("--out-weights", help="write the updated encoder weights here (safetensors, F32)")

    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    result = encode(args) if args.mode == "encode" else train(args)
    result["setup"] = runtime_setup()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
