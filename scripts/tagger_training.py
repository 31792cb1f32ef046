"""The training loop both cue taggers share: shuffled batches of (sentence, one annotator's
labels), cross-entropy on B/I/O, clipped Adam steps, and dev picking the epoch (early stop)."""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from spacy.tokens import Doc
from torch import nn

Item = tuple[int, int, int, np.ndarray]  # (doc index, first token, end token, B/I/O labels)


def arguments(description: str, out: Path, epochs: int, patience: int) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("polnear", type=Path, help="folder holding train/ and dev/")
    ap.add_argument("--epochs", type=int, default=epochs)
    ap.add_argument("--patience", type=int, default=patience)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2, help="torch threads (see training.json)")
    ap.add_argument("--out", type=Path, default=out, help="folder for cue/ (default: the package)")
    return ap


def seeded(seed: int, threads: int = 2) -> None:
    random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)


def items(sents: list[tuple]) -> list[Item]:
    """One item per sentence and annotator."""
    return [(di, a, b, y) for di, a, b, ys in sents for y in ys]


def targets(batch: list[Item], width: int) -> torch.Tensor:
    """The batch's labels padded with -100 (ignored by the loss) to `width` tokens."""
    y = torch.full((len(batch), width), -100, dtype=torch.long)
    for i, (_, a, b, labels) in enumerate(batch):
        y[i, : b - a] = torch.from_numpy(labels)
    return y


def label_ids(docs: list[Doc]) -> tuple[dict[str, int], dict[str, int]]:
    """Embedding rows of the fine-grained tags and dependency labels seen in `docs` (0: unknown)."""
    tags = {"<unk>": 0} | {t: i + 1 for i, t in enumerate(sorted({t.tag_ for d in docs for t in d}))}
    deps = {"<unk>": 0} | {t: i + 1 for i, t in enumerate(sorted({t.dep_ for d in docs for t in d}))}
    return tags, deps


def step(net: nn.Module, optimizer: torch.optim.Optimizer, loss: torch.Tensor) -> float:
    """One optimiser step on `loss`, gradients clipped to norm 1; returns the loss."""
    optimizer.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    optimizer.step()
    return loss.item()


def fit(
    net: nn.Module,
    train: list[Item],
    scores: Callable[[list[Item]], torch.Tensor],
    evaluate: Callable[[], dict[str, float]],
    save: Callable[[], None],
    args: argparse.Namespace,
) -> list[dict]:
    """Train `net` on `train`; `scores(batch)` gives B/I/O scores [batch, tokens, 3],
    `evaluate()` dev precision/recall/F1, `save()` keeps the best epoch. Returns the log."""
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
    best, stale, log = -1.0, 0, []
    for epoch in range(args.epochs):
        net.train()
        random.shuffle(train)
        t0, total = time.time(), 0.0
        for k in range(0, len(train), args.batch):
            batch = train[k : k + args.batch]
            out = scores(batch)
            y = targets(batch, out.shape[1])
            loss = nn.functional.cross_entropy(out.reshape(-1, 3), y.reshape(-1), ignore_index=-100)
            total += step(net, optimizer, loss)
        net.eval()
        result = evaluate()
        entry = {"epoch": epoch, "loss": round(total, 1), "secs": round(time.time() - t0)}
        entry.update({k: round(100 * v, 2) for k, v in result.items()})
        log.append(entry)
        print(json.dumps(entry), flush=True)
        if result["f1"] > best:
            best, stale = result["f1"], 0
            save()
        else:
            stale += 1
            if stale >= args.patience:
                break
    return log


def record(out_dir: Path, args: argparse.Namespace, log: list[dict], **about) -> None:
    """training.json: what was trained on what, with which arguments, epoch by epoch."""
    meta = {"role": "Cue", **about, "trained_on": "PolNeAR train", "picked_on": "PolNeAR dev"}
    meta["args"] = {k: v for k, v in vars(args).items() if k not in ("polnear", "out")}
    meta["log"] = log
    (out_dir / "training.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
