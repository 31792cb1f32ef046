"""Train the event factuality model (extract/factuality.py) on the shared train splits.

    python scripts/train_factuality.py [--data ../shared/data/factuality] [--out DIR] [--log LOG.json]

Trains on UW + MEANTIME + UDS-IH2 train; after each epoch it scores UW, MEANTIME and UDS-IH2 dev
and keeps the epoch with the lowest UW + MEANTIME dev MAE (dev never trains). Writes
features.json and weights.npz (the numpy model) to --out, by default the package's
data/factuality/. Needs torch (the `fuse` extra); the shipped model does not.
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

from reportedly import parse
from reportedly.evaluate import factuality_data as fd
from reportedly.evaluate.factuality import pearson
from reportedly.extract import factuality as fm

ROOT = Path(__file__).resolve().parents[1]
SETS = ("uw", "meantime", "uds_ih2")


class Net(nn.Module):
    def __init__(self, n_features: int, dim: int, hidden: int, dropout: float, encoder_width: int = 0):
        super().__init__()
        self.embed = nn.EmbeddingBag(n_features, dim, mode="sum", sparse=True)
        # the MiniLM variant: the event token's encoder layers, projected into the same sum
        self.encoder = nn.Linear(encoder_width, dim, bias=False) if encoder_width else None
        self.embed_bias = nn.Parameter(torch.zeros(dim))
        self.hidden = nn.Linear(dim, hidden)
        self.out = nn.Linear(hidden, 1)
        self.drop = nn.Dropout(dropout)
        nn.init.normal_(self.embed.weight, std=0.05)

    def forward(self, ids: torch.Tensor, offsets: torch.Tensor, vecs: torch.Tensor | None = None):
        h = self.embed(ids, offsets) + self.embed_bias
        if self.encoder is not None:
            h = h + self.encoder(self.drop(vecs))
        h = self.drop(torch.relu(h))
        return self.out(self.drop(torch.relu(self.hidden(h))))[:, 0]


def featurise(data: Path, cache: Path) -> dict[str, list[tuple[list[str], float]]]:
    """(features, label) of every event in every split, parsed once and cached."""
    key = cache / "features.pkl"
    if key.exists():
        return pickle.loads(key.read_bytes())
    nlp = parse.load()
    out: dict[str, list[tuple[list[str], float]]] = {}
    for name in SETS:
        for split in ("train", "dev"):
            t = time.time()
            sents = fd.read(data / name / f"{split}.jsonl")
            rows = []
            for s, doc in zip(sents, fd.parse(nlp, sents), strict=True):
                for e in s.events:
                    rows.append((fm.features(doc, fd.head_token(doc, e.start, e.end)), e.label))
            out[f"{name}/{split}"] = rows
            print(f"{name}/{split}: {len(rows)} events, {time.time() - t:.0f}s", flush=True)
    cache.mkdir(parents=True, exist_ok=True)
    key.write_bytes(pickle.dumps(out))
    return out


def encode(rows, index: dict[str, int], vectors: np.ndarray | None):
    """Each event's feature rows (features unseen in train dropped), encoder vector and label."""
    return [
        (
            np.array([index[f] for f in feats if f in index], dtype=np.int64),
            None if vectors is None else vectors[n].reshape(-1),
            y,
        )
        for n, (feats, y) in enumerate(rows)
    ]


def tensors(rows):
    lengths = np.array([len(r[0]) for r in rows])
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    ids = np.concatenate([r[0] for r in rows])
    vecs = None if rows[0][1] is None else torch.from_numpy(np.stack([r[1] for r in rows]).astype(np.float32))
    labels = np.array([r[2] for r in rows], dtype=np.float32)
    return torch.from_numpy(ids), torch.from_numpy(offsets), vecs, torch.from_numpy(labels)


def predict(net: Net, rows) -> np.ndarray:
    net.eval()
    with torch.no_grad():
        ids, offsets, vecs, _ = tensors(rows)
        return net(ids, offsets, vecs).clamp(-3, 3).numpy()


def train_one(args, seed: int, n_features: int, width: int, train, data, sets):
    """One network; keeps the epoch with the lowest UW + MEANTIME dev MAE. Returns its weights
    (float16, named as extract/factuality.py reads them) and the per-epoch log."""
    torch.manual_seed(seed)
    random.seed(seed)
    net = Net(n_features, args.dim, args.hidden, args.dropout, width)
    dense = [p for n, p in net.named_parameters() if not n.startswith("embed.")]
    opts = [
        torch.optim.SparseAdam(list(net.embed.parameters()), lr=args.lr),
        torch.optim.Adam(dense, lr=args.lr, weight_decay=1e-6),
    ]
    loss_fn = {"l1": nn.L1Loss, "huber": nn.SmoothL1Loss, "mse": nn.MSELoss}[args.loss](reduction="none")
    best, best_state, log = float("inf"), None, []
    for epoch in range(1, args.epochs + 1):
        net.train()
        random.shuffle(train)
        total = 0.0
        for b in range(0, len(train), args.batch):
            batch = train[b : b + args.batch]
            ids, offsets, vecs, y = tensors(batch)
            w = torch.tensor([r[3] for r in batch])
            loss = (loss_fn(net(ids, offsets, vecs), y) * w).sum() / w.sum()
            for opt in opts:
                opt.zero_grad()
            loss.backward()
            for opt in opts:
                opt.step()
            total += loss.item() * len(batch)
        row = {"epoch": epoch, "train_loss": round(total / len(train), 4)}
        for name in sets:
            rows = data[f"{name}/dev"]
            pred = predict(net, rows)
            gold = np.array([r[2] for r in rows])
            mae = float(np.abs(pred - gold).mean())
            row[name] = {"pearson": round(pearson(pred, gold), 4), "mae": round(mae, 4)}
        log.append(row)
        print(seed, json.dumps(row), flush=True)
        select = row["uw"]["mae"] + row["meantime"]["mae"]
        if select < best:
            best = select
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
    weights = {k: v.numpy().astype(np.float16) for k, v in best_state.items()}
    weights["embed"] = weights.pop("embed.weight")
    return weights, log


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "factuality")
    ap.add_argument("--out", type=Path, default=fm.MODEL_DIR)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/reportedly-factuality"))
    ap.add_argument("--log", type=Path, default=None)
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--loss", choices=["l1", "huber", "mse"], default="huber")
    ap.add_argument("--uds-weight", type=float, default=1.0, help="weight of UDS-IH2 (web text) events")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument(
        "--minilm", type=Path, default=None, help="event encoder vectors (factuality_minilm_features)"
    )
    ap.add_argument("--standardise", action="store_true", help="scale encoder vectors (tried: no gain)")
    ap.add_argument("--domain-feature", action="store_true", help="a feature telling news from web text")
    ap.add_argument(
        "--meantime-domain", action="store_true", help="MEANTIME train told from UW (tried: no gain)"
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seeds", type=int, default=1, help="networks (seeds from --seed) packed into one")
    args = ap.parse_args()
    torch.set_num_threads(1)

    raw = featurise(args.data, args.cache)
    if args.domain_feature:  # UDS-IH2 is web text with other habits; the model is used as news

        def domain(key: str) -> str:  # dev is always read as news, as at run time
            if args.meantime_domain and key == "meantime/train":
                return "domain=meantime"  # annotated with other habits than UW (mostly +3)
            return fm.DOMAIN if key.startswith(("uw", "meantime")) else "domain=web"

        raw = {k: [([*f, domain(k)], y) for f, y in rows] for k, rows in raw.items()}
    sets = [n for n in SETS if not args.minilm or (args.minilm / f"{n}_train.npy").exists()]
    counts = Counter(f for name in sets for feats, _ in raw[f"{name}/train"] for f in set(feats))
    vocab = sorted(f for f, c in counts.items() if c >= args.min_count)
    index = {f: n for n, f in enumerate(vocab)}
    data = {
        key: encode(
            rows, index, np.load(args.minilm / f"{key.replace('/', '_')}.npy") if args.minilm else None
        )
        for key, rows in raw.items()
        if key.split("/")[0] in sets
    }
    norm = {}
    if args.minilm and args.standardise:  # the encoder's dimensions scaled (train statistics; kept)
        stacked = np.stack([r[1] for name in sets for r in data[f"{name}/train"]]).astype(np.float32)
        norm = {"encoder.mean": stacked.mean(0), "encoder.scale": 1.0 / (stacked.std(0) + 1e-4)}
        data = {
            k: [(i, (v - norm["encoder.mean"]) * norm["encoder.scale"], y) for i, v, y in rows]
            for k, rows in data.items()
        }
    weight = {name: args.uds_weight if name == "uds_ih2" else 1.0 for name in sets}
    train = [(*row, weight[name]) for name in sets for row in data[f"{name}/train"]]
    print(f"{len(train)} train events, {len(vocab)} features", flush=True)

    width = 0 if train[0][1] is None else len(train[0][1])
    members, log = [], []
    for seed in range(args.seed, args.seed + args.seeds):
        state, epochs = train_one(args, seed, len(vocab), width, train, data, sets)
        members.append(state)
        log.append({"seed": seed, "epochs": epochs})
    weights = fm.pack(members)
    packed = fm.FactualityModel(index, {k: v.astype(np.float32) for k, v in weights.items()})
    row = {}
    for name in sets:  # the packed network, as shipped (float16)
        rows = data[f"{name}/dev"]
        pred = packed.score_ids([r[0] for r in rows], np.stack([r[1] for r in rows]) if width else None)
        gold = np.array([r[2] for r in rows])
        row[name] = {
            "pearson": round(pearson(pred, gold), 4),
            "mae": round(float(np.abs(pred - gold).mean()), 4),
        }
    print("packed", json.dumps(row), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    weights.update({k: v.astype(np.float16) for k, v in norm.items()})
    np.savez_compressed(args.out / "weights.npz", **weights)
    meta = {
        "features": vocab,
        "trained_on": [f"{n}/train" for n in sets],
        "args": {
            k: str(v) if isinstance(v, Path) else v
            for k, v in vars(args).items()
            if k not in ("out", "cache", "log", "data", "minilm")
        },
        "encoder_width": width,
    }
    (args.out / "features.json").write_text(json.dumps(meta, separators=(",", ":")), encoding="utf-8")
    if args.log:
        args.log.write_text(
            json.dumps({"args": meta["args"], "seeds": log, "packed_dev": row}, indent=1) + "\n",
            encoding="utf-8",
        )
    print(f"{args.seeds} seed(s) packed -> {args.out}")


if __name__ == "__main__":
    main()
