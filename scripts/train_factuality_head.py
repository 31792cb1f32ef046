"""Train the fine-tuned factuality head (the "context" variant of extract/factuality.py).

    python scripts/train_factuality_head.py [--out DIR] [--log LOG.json] [--layers 2]

The context tagger's encoder keeps the first 4 layers of all-MiniLM-L6-v2; this head puts the
next `--layers` layers of the same model back on top of them (initialised from the shipped
weights, then fine-tuned here), runs them over the sentence's tokens (word pieces pooled per
token, as the context tagger gives them) and reads the event token's output, summed with the
parse-feature embedding of the default model, into a two-layer regression head.

Needs the encoder states (scripts/factuality_encoder_states.py) and the parse features cached by
scripts/train_factuality.py (same --cache). Trains on UW + MEANTIME train (and UDS-IH2 train when
its states exist and --uds-weight > 0), scores UW and MEANTIME dev after each epoch and keeps the
epoch with the lowest UW + MEANTIME dev MAE. Writes features.json and weights.npz (float16) to
--out, by default the package's data/factuality/context/; with --member NAME it adds the head
beside the one already there (weights.NAME.npz, listed in features.json's "members"): the shipped
variant averages the scores of its members (seeds 1 and 2).
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn

from reportedly.evaluate import factuality_data as fd
from reportedly.evaluate.factuality import pearson
from reportedly.extract import factuality as fm
from reportedly.minilm_layers import MINILM_LAYER_NAMES

ROOT = Path(__file__).resolve().parents[1]
FIRST, NAMES = fm.FIRST_TUNED_LAYER, MINILM_LAYER_NAMES


class Layer(nn.Module):
    """One BERT layer, written out so that extract/factuality.py can run it in numpy."""

    def __init__(self, width: int = 384, heads: int = 12, inner: int = 1536, dropout: float = 0.1):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = (nn.Linear(width, width) for _ in range(3))
        self.attn_out, self.attn_norm = nn.Linear(width, width), nn.LayerNorm(width, eps=1e-12)
        self.inter, self.out = nn.Linear(width, inner), nn.Linear(inner, width)
        self.out_norm = nn.LayerNorm(width, eps=1e-12)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, t, w = x.shape
        d = w // self.heads

        def split(m: nn.Linear) -> torch.Tensor:
            return m(x).view(b, t, self.heads, d).transpose(1, 2)

        att = split(self.query) @ split(self.key).transpose(-1, -2) / d**0.5
        att = att.masked_fill(~mask[:, None, None, :], -1e4).softmax(-1)
        ctx = (self.drop(att) @ split(self.value)).transpose(1, 2).reshape(b, t, w)
        x = self.attn_norm(x + self.drop(self.attn_out(ctx)))
        inner = nn.functional.gelu(self.inter(x), approximate="tanh")
        return self.out_norm(x + self.drop(self.out(inner)))


class Head(nn.Module):
    def __init__(self, n_features: int, layers: int, dim: int, hidden: int, dropout: float):
        super().__init__()
        self.layers = nn.ModuleList(Layer() for _ in range(layers))
        self.embed = nn.EmbeddingBag(n_features, dim, mode="sum", sparse=True)
        self.encoder = nn.Linear(384, dim, bias=False)
        self.embed_bias = nn.Parameter(torch.zeros(dim))
        self.hidden = nn.Linear(dim, hidden)
        self.out = nn.Linear(hidden, 1)
        self.drop = nn.Dropout(dropout)
        nn.init.normal_(self.embed.weight, std=0.05)

    def forward(self, states, mask, rows, where, ids, offsets):
        """states [sentences, tokens, 384]; rows/where: each event's sentence and token."""
        for layer in self.layers:
            states = layer(states, mask)
        h = self.embed(ids, offsets) + self.embed_bias + self.encoder(self.drop(states[rows, where]))
        h = self.drop(torch.relu(h))
        return self.out(self.drop(torch.relu(self.hidden(h))))[:, 0]


def init_layers(head: Head) -> None:
    from transformers import AutoModel

    from reportedly.minilm import model_path

    full = AutoModel.from_pretrained(str(model_path())).state_dict()
    for n, layer in enumerate(head.layers):
        for ours, theirs in NAMES.items():
            for p in ("weight", "bias"):
                getattr(layer, ours).__getattr__(p).data.copy_(
                    full[f"encoder.layer.{FIRST + n}.{theirs}.{p}"]
                )


def load_split(data: Path, states_dir: Path, key: str, feats: list, index: dict[str, int]):
    """Sentences of a split: (token states, [(token, feature ids, label)])."""
    sents = fd.read(data / f"{key}.jsonl")
    arrays = np.load(states_dir / f"{key.replace('/', '_')}.npz")
    states, offsets = arrays["states"], arrays["offsets"]
    out, k = [], 0
    for n, s in enumerate(sents):
        events = []
        for e in s.events:
            f, y = feats[k]
            k += 1
            ids = np.array([index[x] for x in f if x in index], dtype=np.int64)
            events.append((e.end - 1, ids, y))
        out.append((states[offsets[n] : offsets[n + 1]], events))
    assert k == len(feats), key
    return out


def batch_tensors(batch):
    n = max(len(s) for s, _ in batch)
    states = torch.zeros(len(batch), n, 384)
    mask = torch.zeros(len(batch), n, dtype=torch.bool)
    rows, where, ids, lengths, labels = [], [], [], [], []
    for b, (s, events) in enumerate(batch):
        states[b, : len(s)] = torch.from_numpy(s.astype(np.float32))
        mask[b, : len(s)] = True
        for t, f, y in events:
            rows.append(b)
            where.append(t)
            ids.append(f)
            lengths.append(len(f))
            labels.append(y)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    return (
        states,
        mask,
        torch.tensor(rows),
        torch.tensor(where),
        torch.from_numpy(np.concatenate(ids)),
        torch.from_numpy(offsets),
    ), torch.tensor(labels, dtype=torch.float32)


def predict(head: Head, sents, batch: int = 64) -> tuple[np.ndarray, np.ndarray]:
    head.eval()
    preds, golds = [], []
    with torch.no_grad():
        for b in range(0, len(sents), batch):
            inputs, y = batch_tensors(sents[b : b + batch])
            preds.append(head(*inputs).clamp(-3, 3).numpy())
            golds.append(y.numpy())
    return np.concatenate(preds), np.concatenate(golds)


def blended_dev(pred: dict[str, np.ndarray], raw: dict, blend: float) -> dict:
    """Dev scores of the kept epoch mixed with the default model's (as extract/factuality.score
    does at run time); empty without a default model."""
    default = fm.model()
    if default is None or not blend:
        return {}
    out = {}
    for name, p in pred.items():
        rows = raw[f"{name}/dev"]
        ids = [default.ids(f[:-1]) for f, _ in rows]  # f ends with the domain, which ids() adds
        mixed = (1 - blend) * p + blend * default.score_ids(ids)
        gold = np.array([y for _, y in rows])
        out[name] = {
            "pearson": round(pearson(mixed, gold), 4),
            "mae": round(float(np.abs(mixed - gold).mean()), 4),
        }
    return out


def score_dev(head: Head, dev: dict, row: dict) -> dict:
    """Each dev set's predictions, with its Pearson r and MAE written into row."""
    preds = {}
    for name, sents in dev.items():
        pred, gold = predict(head, sents)
        preds[name] = pred
        mae = float(np.abs(pred - gold).mean())
        row[name] = {"pearson": round(pearson(pred, gold), 4), "mae": round(mae, 4)}
    return preds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "factuality")
    ap.add_argument("--out", type=Path, default=fm.MODEL_DIR / "context")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/reportedly-factuality"))
    ap.add_argument("--states", type=Path, default=Path("/tmp/reportedly-factuality/states"))
    ap.add_argument("--log", type=Path, default=None)
    ap.add_argument("--layers", type=int, default=2, help="MiniLM layers fine-tuned on top of the 4 kept")
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--lr", type=float, default=2e-3, help="head and feature embeddings")
    ap.add_argument("--encoder-lr", type=float, default=5e-5, help="the fine-tuned MiniLM layers")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--loss", choices=["l1", "huber", "mse"], default="huber")
    ap.add_argument("--uds-weight", type=float, default=0.0, help="weight of UDS-IH2 (web text) events")
    ap.add_argument("--uds-sentences", type=int, default=0, help="a random sample of UDS-IH2 (0: all)")
    ap.add_argument("--batch", type=int, default=16, help="sentences a step")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--member", default="", help="add this head to the one in --out as weights.MEMBER.npz")
    ap.add_argument("--average", type=int, default=0, help="also try the mean weights of the last N epochs")
    ap.add_argument(
        "--blend", type=float, default=0.5, help="share of the default model's score mixed in at run time"
    )
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    random.seed(args.seed)

    raw = pickle.loads((args.cache / "features.pkl").read_bytes())  # scripts/train_factuality.py
    raw = {
        k: [([*f, fm.DOMAIN if k.startswith(("uw", "meantime")) else "domain=web"], y) for f, y in rows]
        for k, rows in raw.items()
    }
    sets = ["uw", "meantime"]
    if args.uds_weight > 0 and (args.states / "uds_ih2_train.npz").exists():
        sets.append("uds_ih2")
    counts = Counter(f for name in sets for feats, _ in raw[f"{name}/train"] for f in set(feats))
    vocab = sorted(f for f, c in counts.items() if c >= args.min_count)
    index = {f: n for n, f in enumerate(vocab)}
    train = []
    for name in sets:
        w = args.uds_weight if name == "uds_ih2" else 1.0
        key = f"{name}/train"
        part = [(s, ev, w) for s, ev in load_split(args.data, args.states, key, raw[key], index)]
        if name == "uds_ih2" and 0 < args.uds_sentences < len(part):
            part = random.Random(args.seed).sample(part, args.uds_sentences)
        train += part
    dev = {
        n: load_split(args.data, args.states, f"{n}/dev", raw[f"{n}/dev"], index) for n in ("uw", "meantime")
    }
    print(f"{len(train)} train sentences, {len(vocab)} features", flush=True)

    head = Head(len(vocab), args.layers, args.dim, args.hidden, args.dropout)
    init_layers(head)
    encoder_params = list(head.layers.parameters())
    dense = [p for n, p in head.named_parameters() if not n.startswith(("embed.", "layers."))]
    opts = [
        torch.optim.SparseAdam(list(head.embed.parameters()), lr=args.lr),
        torch.optim.AdamW(
            [{"params": dense, "lr": args.lr}, {"params": encoder_params, "lr": args.encoder_lr}],
            weight_decay=1e-4,
        ),
    ]
    loss_fn = {"l1": nn.L1Loss, "huber": nn.SmoothL1Loss, "mse": nn.MSELoss}[args.loss](reduction="none")
    best, best_state, best_pred, log = float("inf"), None, {}, []
    averaged: dict[str, torch.Tensor] = {}
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        head.train()
        random.shuffle(train)
        total, count = 0.0, 0
        for b in range(0, len(train), args.batch):
            chunk = train[b : b + args.batch]
            inputs, y = batch_tensors([(s, ev) for s, ev, _ in chunk])
            w = torch.tensor([wt for _, ev, wt in chunk for _ in ev])
            loss = (loss_fn(head(*inputs), y) * w).sum() / w.sum()
            for opt in opts:
                opt.zero_grad()
            loss.backward()
            for opt in opts:
                opt.step()
            total += loss.item() * len(y)
            count += len(y)
        row = {"epoch": epoch, "train_loss": round(total / count, 4), "seconds": round(time.time() - started)}
        preds = score_dev(head, dev, row)
        log.append(row)
        print(json.dumps(row), flush=True)
        state = {k: v.detach().clone() for k, v in head.state_dict().items()}
        if args.average and epoch > args.epochs - args.average:  # the last epochs' weights, averaged
            averaged = {k: averaged[k] + v for k, v in state.items()} if averaged else state
        select = row["uw"]["mae"] + row["meantime"]["mae"]
        if select < best:
            best, best_state, best_pred = select, state, preds
    if args.average:
        head.load_state_dict({k: v / args.average for k, v in averaged.items()})
        row = {"epoch": f"mean of the last {args.average}"}
        preds = score_dev(head, dev, row)
        log.append(row)
        print(json.dumps(row), flush=True)
        if row["uw"]["mae"] + row["meantime"]["mae"] < best:
            best_state = {k: v.detach().clone() for k, v in head.state_dict().items()}
            best_pred = preds
    blended = blended_dev(best_pred, raw, args.blend)
    print("kept epoch blended with the default model", json.dumps(blended), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    weights = {k: v.numpy().astype(np.float16) for k, v in best_state.items()}
    weights["embed"] = weights.pop("embed.weight")
    if args.member:  # one more member of the head already in --out (same features), averaged with it
        meta = json.loads((args.out / "features.json").read_text(encoding="utf-8"))
        if meta["features"] != vocab:
            raise SystemExit(f"{args.out}: its head was trained on other features; train with the same data")
        name = f"weights.{args.member}.npz"
        np.savez_compressed(args.out / name, **weights)
        meta["members"] = sorted({*meta.get("members", []), name})
        meta.setdefault("member_args", {})[name] = {
            k: v
            for k, v in vars(args).items()
            if k in ("seed", "epochs", "lr", "encoder_lr", "loss", "layers")
        }
        (args.out / "features.json").write_text(json.dumps(meta, separators=(",", ":")), encoding="utf-8")
        print(f"member {name} -> {args.out}")
        return
    np.savez_compressed(args.out / "weights.npz", **weights)
    meta = {
        "features": vocab,
        "trained_on": [f"{n}/train" for n in sets],
        "encoder": f"all-MiniLM-L6-v2 layers {FIRST}..{FIRST + args.layers - 1} fine-tuned",
        "blend_default": args.blend,
        "args": {
            k: str(v) if isinstance(v, Path) else v
            for k, v in vars(args).items()
            if k not in ("out", "cache", "log", "data", "states")
        },
    }
    (args.out / "features.json").write_text(json.dumps(meta, separators=(",", ":")), encoding="utf-8")
    if args.log:
        args.log.write_text(
            json.dumps({"args": meta["args"], "epochs": log, "blended_dev": blended}, indent=1) + "\n",
            encoding="utf-8",
        )
    kept = min(log, key=lambda r: r["uw"]["mae"] + r["meantime"]["mae"])["epoch"]  # or the mean
    print(f"kept epoch {kept} -> {args.out}")


if __name__ == "__main__":
    main()
