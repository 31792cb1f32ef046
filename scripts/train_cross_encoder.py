"""Train the pair cross-encoder (src/reportedly/fuse/cross_encoder.py), CPU only.

    python scripts/train_cross_encoder.py [--folds 5 --run-folds 1] [--epochs 3] [--ship fold0]

Every pair, in both orders, is read once by the frozen part (MiniLM embeddings and layers 0-3;
cross_encoder.frozen_states) and cached as float16 under --cache. Layers 4-5 (initialised from
the shipped MiniLM) and a logistic head over [CLS] + mean output are then trained over the cache.
Training data: MRPC train plus the first half of the labelled PolNeAR pairs (split by #1 ID hash,
as scripts/train_pair_verifier.py; weighted); the second half is held out and only scored.

MRPC train is split into --folds folds; the first --run-folds of them are each held out from a
model trained on the rest and scored (threshold 0.5). On two shared cores one fold is what fits
(an epoch over ~3,900 pairs takes minutes), so by default fold 0's model is the one shipped: its
MRPC fold and the PolNeAR second half are both held out from it. Results, beside the feature
verifier's own figures (benchmarks/results/pair_verifier.json), go to
benchmarks/results/cross_encoder.json."""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.model_selection import StratifiedKFold
from torch import nn

from reportedly.evaluate.pairs import Pair, polnear_halves, read_pairs, scores
from reportedly.fuse import cross_encoder as ce
from reportedly.minilm_layers import MINILM_LAYER_NAMES

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from train_factuality_head import Layer  # noqa: E402  (the torch twin of minilm_layers.bert_layer)

MRPC = ROOT.parent / "shared" / "data" / "mrpc" / "train.tsv"
POLNEAR = ROOT / "benchmarks" / "data" / "polnear_pairs.tsv"
OUT = ROOT / "src" / "reportedly" / "data" / ce.WEIGHTS
RESULTS = ROOT / "benchmarks" / "results" / "cross_encoder.json"
FIRST = 4  # the first fine-tuned MiniLM layer (layers below come from the context tagger's encoder)
SEED = 13


def cached_states(pairs: list[Pair], cache: Path, name: str) -> list[np.ndarray]:
    """Frozen states of each pair in both orders: [a-b of every pair, then b-a of every pair]."""
    digest = hashlib.sha256("\n".join(f"{p.text1}\t{p.text2}" for p in pairs).encode()).hexdigest()[:12]
    path = cache / f"{name}-{digest}-{ce.MAX_PIECES}.npz"
    if not path.exists():
        t0 = time.time()
        texts = [(p.text1, p.text2) for p in pairs] + [(p.text2, p.text1) for p in pairs]
        states = ce.frozen_states(texts)
        offsets = np.cumsum([0] + [len(s) for s in states])
        cache.mkdir(parents=True, exist_ok=True)
        np.savez(path, states=np.concatenate(states).astype(np.float16), offsets=offsets)
        print(f"{name}: {len(texts)} ordered pairs through layers 0-3 in {time.time() - t0:.0f}s", flush=True)
    with np.load(path) as arrays:
        states, offsets = arrays["states"], arrays["offsets"]
    return [states[offsets[n] : offsets[n + 1]] for n in range(len(offsets) - 1)]


class Model(nn.Module):
    def __init__(self, layers: int = 2, dropout: float = 0.1):
        super().__init__()
        self.layers = nn.ModuleList(Layer(dropout=dropout) for _ in range(layers))
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(2 * ce.WIDTH, 1)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = layer(x, mask)
        m = mask[..., None].float()
        pooled = torch.cat([x[:, 0], (x * m).sum(1) / m.sum(1)], -1)
        return self.head(self.drop(pooled))[:, 0]


def init_model(model: Model, minilm_state: dict) -> None:
    for n, layer in enumerate(model.layers):
        for ours, theirs in MINILM_LAYER_NAMES.items():
            for p in ("weight", "bias"):
                getattr(layer, ours).__getattr__(p).data.copy_(
                    minilm_state[f"encoder.layer.{FIRST + n}.{theirs}.{p}"]
                )


def batch(states: list[np.ndarray]) -> tuple[torch.Tensor, torch.Tensor]:
    n = max(len(s) for s in states)
    x = torch.zeros(len(states), n, ce.WIDTH)
    mask = torch.zeros(len(states), n, dtype=torch.bool)
    for k, s in enumerate(states):
        x[k, : len(s)] = torch.from_numpy(s.astype(np.float32))
        mask[k, : len(s)] = True
    return x, mask


def train(examples: list[tuple[np.ndarray, float, float]], args, minilm_state: dict) -> Model:
    """examples: (states, label, weight)."""
    torch.manual_seed(args.seed)
    model = Model(dropout=args.dropout)
    init_model(model, minilm_state)
    opt = torch.optim.AdamW(
        [
            {"params": model.layers.parameters(), "lr": args.encoder_lr},
            {"params": model.head.parameters(), "lr": args.lr},
        ],
        weight_decay=0.01,
    )
    steps = args.epochs * ((len(examples) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: max(0.0, 1 - s / steps) * min(1.0, s / (0.06 * steps))
    )
    loss_fn = nn.BCEWithLogitsLoss(reduction="none")
    rng = random.Random(args.seed)
    for epoch in range(args.epochs):
        t0 = time.time()
        model.train()
        # similar lengths together (little padding), the batches in random order
        order = sorted(range(len(examples)), key=lambda n: len(examples[n][0]) + rng.random() * 8)
        chunks = [order[b : b + args.batch] for b in range(0, len(order), args.batch)]
        rng.shuffle(chunks)
        for chunk in chunks:
            x, mask = batch([examples[n][0] for n in chunk])
            y = torch.tensor([examples[n][1] for n in chunk])
            w = torch.tensor([examples[n][2] for n in chunk])
            loss = (loss_fn(model(x, mask), y) * w).sum() / w.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        print(f"  epoch {epoch + 1}: {len(examples)} examples, {time.time() - t0:.0f}s", flush=True)
    return model.eval()


def predict(model: Model, states: list[np.ndarray], size: int = 64) -> np.ndarray:
    """P(same) of each pair, in the order given (as fuse/cross_encoder.py reads pairs)."""
    order = sorted(range(len(states)), key=lambda n: len(states[n]))
    logits = np.zeros(len(states), dtype=np.float32)
    with torch.no_grad():
        for b in range(0, len(order), size):
            chunk = order[b : b + size]
            logits[chunk] = model(*batch([states[n] for n in chunk])).numpy()
    return 1 / (1 + np.exp(-logits))


def examples_of(states, labels, weight, rows, orders: int = 2) -> list:
    """Training examples of the pairs at `rows`: both orders, or (orders=1) the one given."""
    half = len(states) // 2
    return [(states[r + o], float(labels[r]), weight) for r in rows for o in (0, half)[:orders]]


def export(model: Model, threshold: float, info: dict) -> None:
    arrays = {f"layers.{k}": v.numpy().astype(np.float16) for k, v in model.layers.state_dict().items()}
    arrays["head.weight"] = model.head.weight.detach().numpy().astype(np.float16)
    arrays["head.bias"] = model.head.bias.detach().numpy().astype(np.float32)
    arrays["threshold"] = np.array(threshold)
    np.savez_compressed(OUT, **arrays, info=np.array(json.dumps(info)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/reportedly-crossenc"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-3, help="the head (1e-3: MRPC fold 0 accuracy 68.8)")
    ap.add_argument(
        "--encoder-lr", type=float, default=3e-4, help="the fine-tuned MiniLM layers (1e-4: weaker)"
    )
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--polnear-weight", type=float, default=4.0)
    ap.add_argument("--orders", type=int, choices=(1, 2), default=1, help="train on both orders of a pair")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--run-folds", type=int, default=1, help="how many of the folds to train and score")
    ap.add_argument(
        "--ship",
        choices=("fold0", "all", "none"),
        default="fold0",
        help="write fold 0's model (its MRPC fold stays held out), one trained on all, or none",
    )
    args = ap.parse_args()
    torch.set_num_threads(1)
    from transformers import AutoModel

    from reportedly.minilm import model_path

    minilm_state = AutoModel.from_pretrained(str(model_path())).state_dict()
    mrpc = read_pairs(MRPC)
    pol_train, pol_held = polnear_halves(read_pairs(POLNEAR))
    sm, sp, sh = (
        cached_states(p, args.cache, n)
        for p, n in ((mrpc, "mrpc"), (pol_train, "polnear-train"), (pol_held, "polnear-heldout"))
    )
    ym, yp, yh = (np.array([p.label for p in ps], dtype=float) for ps in (mrpc, pol_train, pol_held))
    polnear = examples_of(sp, yp, args.polnear_weight, range(len(pol_train)), args.orders)
    t0 = time.time()
    said_m, tested = np.zeros(len(mrpc)), np.zeros(len(mrpc), bool)
    held, first = [], None
    folds = StratifiedKFold(args.folds, shuffle=True, random_state=SEED)
    for k, (tr, te) in enumerate(list(folds.split(ym, ym))[: args.run_folds]):
        model = train(examples_of(sm, ym, 1.0, tr, args.orders) + polnear, args, minilm_state)
        first = first or model
        said_m[te] = predict(model, [sm[n] for n in te])
        tested[te] = True
        held.append(predict(model, sh[: len(pol_held)]))
        s = scores(ym[te].astype(bool).tolist(), (said_m[te] >= 0.5).tolist())
        print(f"fold {k}: MRPC acc {s['accuracy']} F1 {s['f1']} ({time.time() - t0:.0f}s)", flush=True)
    y_tested = ym[tested].astype(bool).tolist()
    results = {
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "mrpc_train_heldout_folds": {
            "folds_run": f"{args.run_folds} of {args.folds}",
            "pairs": int(tested.sum()),
            "cross_encoder": scores(y_tested, (said_m[tested] >= 0.5).tolist()),
            "always_yes": scores(y_tested, [True] * len(y_tested)),
        },
        "polnear_heldout": {
            "cross_encoder_fold0": scores(yh.astype(bool).tolist(), (held[0] >= 0.5).tolist()),
            "always_yes": scores(yh.astype(bool).tolist(), [True] * len(yh)),
        },
        "seconds": round(time.time() - t0, 1),
    }
    np.savez(args.cache / "predictions.npz", mrpc=said_m, tested=tested, polnear_heldout=held[0])
    shipped = ROOT / "benchmarks" / "results" / "pair_verifier.json"
    if shipped.exists():  # the feature verifier's own figures (scripts/train_pair_verifier.py)
        pv = json.loads(shipped.read_text(encoding="utf-8"))
        results["feature_verifier"] = {
            "mrpc_train_5fold": pv["mrpc_train_5fold"][pv["chosen"]],
            "cosine_mrpc_train_5fold": pv["mrpc_train_5fold"]["cosine"],
            "polnear_heldout": pv.get("polnear_heldout", {}).get("verifier"),
        }
    print(json.dumps(results["mrpc_train_heldout_folds"]["cross_encoder"]), flush=True)
    print("PolNeAR held-out:", json.dumps(results["polnear_heldout"]), flush=True)
    if args.ship == "all":
        first = train(examples_of(sm, ym, 1.0, range(len(mrpc)), args.orders) + polnear, args, minilm_state)
        ph = predict(first, sh[: len(pol_held)])
        results["polnear_heldout"]["cross_encoder_shipped"] = scores(
            yh.astype(bool).tolist(), (ph >= 0.5).tolist()
        )
    if args.ship != "none":
        info = {
            "model": f"all-MiniLM-L6-v2 cross-encoder, layers {FIRST}-{FIRST + 1} fine-tuned, "
            "head on [CLS] + mean",
            "trained_on": [
                "MRPC train" + (" less fold 0 of 5 (held out)" if args.ship == "fold0" else ""),
                f"PolNeAR pairs, first half by #1 ID hash, weight {args.polnear_weight}",
            ],
            "mrpc_heldout_accuracy": results["mrpc_train_heldout_folds"]["cross_encoder"]["accuracy"],
            "mrpc_heldout_f1": results["mrpc_train_heldout_folds"]["cross_encoder"]["f1"],
        }
        export(first, 0.5, info)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
