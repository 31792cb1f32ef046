"""Train the default cue tagger (extract/lstm_tagger) on PolNeAR train (never dev or test); dev
picks the epoch, scored with the shipped numpy inference. Needs torch and the MiniLM package (the
`fuse` extra); the result is plain arrays written into the package:

    python scripts/train_lstm_tagger.py ../shared/data/polnear
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from spacy.tokens import Doc
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
from polnear_data import exact_scores, parsed, sentences

from reportedly.evaluate.brat import load_compartment
from reportedly.extract import lstm_tagger as lt


class Net(nn.Module):
    """The torch twin of lstm_tagger's numpy inference (same parameter names)."""

    def __init__(self, sizes: list[int], hidden: int, dropout: float):
        super().__init__()
        self.embed = nn.ModuleList(
            nn.Embedding(n, width) for n, (_, width) in zip(sizes, lt.FEATURES, strict=True)
        )
        self.drop = nn.Dropout(dropout)
        self.lstm = nn.LSTM(sum(w for _, w in lt.FEATURES), hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, 3)

    def forward(self, ids: torch.Tensor, lengths: list[int]) -> torch.Tensor:
        x = self.drop(torch.cat([e(ids[..., k]) for k, e in enumerate(self.embed)], -1))
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])
        return self.out(self.drop(out))


def vocabulary(docs: list[Doc], min_count: int, extra_forms: set[str]) -> dict[str, list[str]]:
    """Per feature, the values seen at least `min_count` times in train (forms widened by
    `extra_forms`), in embedding-row order."""
    values = {}
    for name, _ in lt.FEATURES:
        counts = Counter(getattr(t, name + "_") for d in docs for t in d)
        kept = {v for v, n in counts.items() if n >= min_count and v}
        if name == "norm":
            kept |= extra_forms
        values[name] = sorted(kept)
    return values


def minilm_forms(width: int) -> tuple[set[str], object]:
    """MiniLM's whole-word pieces, and a function giving any form's vector: its word pieces'
    input embeddings averaged, projected on their `width` main axes."""
    from reportedly.extract.context_tagger import encoder

    tokenizer, model = encoder()
    table = model.embeddings.word_embeddings.weight.detach().numpy().astype(np.float64)
    forms = {p for p in tokenizer.get_vocab() if p.isalpha() and p.islower()}

    def vectors(words: list[str]) -> np.ndarray:
        ids = [tokenizer(w, add_special_tokens=False)["input_ids"] for w in words]
        vecs = np.stack([table[i].mean(0) if i else np.zeros(table.shape[1]) for i in ids])
        centred = vecs - vecs.mean(0)
        _, axes = np.linalg.eigh(np.cov(centred.T))
        proj = centred @ axes[:, ::-1][:, :width]
        return (proj / proj.std()).astype(np.float32)

    return forms, vectors


def export(net: Net, values: dict[str, list[str]], out_dir: Path, hidden: int) -> lt.LstmTagger:
    """Write weights.npz (embeddings in float16) and vocab.json; return the numpy tagger."""
    out_dir.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for name, tensor in net.state_dict().items():
        arr = tensor.detach().numpy()
        arrays[name] = arr.astype(np.float16) if name.startswith("embed.") else arr
    np.savez_compressed(out_dir / "weights.npz", **arrays)
    meta = {"features": lt.FEATURES, "hidden": hidden, "values": values}
    (out_dir / "vocab.json").write_text(json.dumps(meta) + "\n", encoding="utf-8")
    return lt.load(out_dir)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("polnear", type=Path, help="folder holding train/ and dev/")
    ap.add_argument("--epochs", type=int, default=14)
    ap.add_argument("--patience", type=int, default=4)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--word-dropout", type=float, default=0.1, help="share of forms hidden as unknown")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--no-minilm", action="store_true", help="forms from train only, learned from scratch")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=lt.MODEL_DIR, help="folder for cue/ (default: the package)")
    args = ap.parse_args()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)

    data = {}
    for split in ("train", "dev"):
        articles = load_compartment(args.polnear / split)
        docs = parsed(split, articles)
        data[split] = (docs, sentences(docs, articles, "Cue"))
    docs, sents = data["train"]
    forms, vectors = (set(), None) if args.no_minilm else minilm_forms(lt.FEATURES[0][1])
    values = vocabulary(docs, args.min_count, forms)
    net = Net([len(values[name]) + 2 for name, _ in lt.FEATURES], args.hidden, args.dropout)
    if vectors is not None:
        with torch.no_grad():
            net.embed[0].weight[2:] = torch.from_numpy(vectors(values["norm"]))
    # embedding rows per token, computed once (the numpy tagger's own lookup)
    rows = lt.LstmTagger([lt.Vocab(values[name]) for name, _ in lt.FEATURES], {})
    token_ids = [torch.from_numpy(rows.ids(d)) for d in docs]
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
    items = [(di, a, b, y) for di, a, b, ys in sents for y in ys]  # one item per annotator
    out_dir = args.out / "cue"
    best, stale, log = -1.0, 0, []
    scratch = Path(tempfile.mkdtemp(prefix="lstm_tagger_"))
    for epoch in range(args.epochs):
        net.train()
        random.shuffle(items)
        t0, total = time.time(), 0.0
        for k in range(0, len(items), args.batch):
            batch = items[k : k + args.batch]
            n = max(b - a for _, a, b, _ in batch)
            ids = torch.zeros((len(batch), n, len(lt.FEATURES)), dtype=torch.long)
            y = torch.full((len(batch), n), -100, dtype=torch.long)
            for i, (di, a, b, labels) in enumerate(batch):
                ids[i, : b - a] = token_ids[di][a:b]
                y[i, : b - a] = torch.from_numpy(labels)
            hidden_form = torch.rand(ids.shape[:2]) < args.word_dropout
            ids[..., 0] = torch.where(hidden_form & (ids[..., 0] > lt.PAD), lt.UNKNOWN, ids[..., 0])
            scores = net(ids, [b - a for _, a, b, _ in batch])
            loss = nn.functional.cross_entropy(scores.reshape(-1, 3), y.reshape(-1), ignore_index=-100)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimizer.step()
            total += loss.item()
        net.eval()
        candidate = export(net, values, scratch, args.hidden)
        scores = exact_scores(
            lambda _, doc, ranges, tagger=candidate: tagger.spans(doc, ranges), *data["dev"]
        )
        entry = {"epoch": epoch, "loss": round(total, 1), "secs": round(time.time() - t0)}
        entry.update({k: round(100 * v, 2) for k, v in scores.items()})
        log.append(entry)
        print(json.dumps(entry), flush=True)
        if scores["f1"] > best:
            best, stale = scores["f1"], 0
            export(net, values, out_dir, args.hidden)
        else:
            stale += 1
            if stale >= args.patience:
                break
    shutil.rmtree(scratch)
    meta = {
        "role": "Cue",
        "features": lt.FEATURES,
        "forms": "train (count >= min_count)" + ("" if args.no_minilm else " + MiniLM whole-word pieces"),
        "trained_on": "PolNeAR train",
        "picked_on": "PolNeAR dev",
        "args": {k: v for k, v in vars(args).items() if k not in ("polnear", "out")},
        "log": log,
    }
    (out_dir / "training.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
