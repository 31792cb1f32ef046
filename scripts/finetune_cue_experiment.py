"""Experiment, measured and left out: fine-tune all-MiniLM-L6-v2 end to end as the cue tagger.

The shipped context tagger keeps the encoder frozen and trains a head. Here the encoder's layers
train too (the word-piece embeddings stay frozen), on PolNeAR train only, one 256-piece window at a
time (the windows and piece-to-token pooling of extract/attribution/taggers/context_tagger),
against the mean of the annotators' B/I/O labels. Dev scores each epoch with token-level cue exact
P/R/F1, the measure in the shipped taggers' training.json. The run's log is added to the results file:

    python scripts/finetune_cue_experiment.py ../shared/data/polnear   # 6 layers, linear head, 3 epochs, 5e-5
    python scripts/finetune_cue_experiment.py ../shared/data/polnear --layers 4 --head lstm \
        --epochs 2 --lr 3e-5

About 9 min (6 layers) or 7.5 min (4 layers) an epoch on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from spacy.tokens import Doc
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tagger_training as tt
from polnear_data import exact_scores, parsed, sentences

from reportedly.evaluate.brat import load_compartment
from reportedly.extract.attribution.taggers import bio
from reportedly.extract.attribution.taggers import context_tagger as ct
from reportedly.minilm import model_path

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results" / "polnear_dev_finetune.json"
Window = tuple[torch.Tensor, list[tuple[int, int]], list[int]]  # pieces, (piece, row) pairs, tokens


def doc_windows(doc: Doc, text: str) -> list[Window]:
    """Each window's word pieces, its (piece, row) pooling pairs, and the doc tokens of its rows."""
    enc = ct.windows(text)
    sizes = enc["attention_mask"].sum(1).tolist()
    pairs: list[list[tuple[int, int]]] = [[] for _ in sizes]
    for w, j, i in ct.piece_tokens(doc, text, enc["offset_mapping"].numpy(), sizes):
        pairs[w].append((j, i))
    out = []
    for w, n in enumerate(sizes):
        tokens = sorted({i for _, i in pairs[w]})
        row = {i: r for r, i in enumerate(tokens)}
        if tokens:
            out.append((enc["input_ids"][w, :n], [(j, row[i]) for j, i in pairs[w]], tokens))
    return out


class Net(nn.Module):
    """Encoder, each token's mean piece vector, tag and dependency embeddings, then a linear or
    BiLSTM head scoring B/I/O."""

    def __init__(self, layers: int, n_tags: int, n_deps: int, head: str):
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(str(model_path()))
        self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
        self.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
        self.tag, self.dep = nn.Embedding(n_tags, 16), nn.Embedding(n_deps, 16)
        self.drop = nn.Dropout(0.1)
        width = ct.WIDTH + 32
        self.lstm = nn.LSTM(width, 128, batch_first=True, bidirectional=True) if head == "lstm" else None
        self.out = nn.Linear(256 if self.lstm else width, 3)

    def forward(self, batch: list[Window], tags: torch.Tensor, deps: torch.Tensor) -> torch.Tensor:
        """B/I/O scores for every row of every window, rows concatenated."""
        ids = nn.utils.rnn.pad_sequence([w[0] for w in batch], batch_first=True)
        states = self.encoder(input_ids=ids, attention_mask=(ids != 0).long()).last_hidden_state
        counts = [len(w[2]) for w in batch]
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        win = torch.tensor([k for k, w in enumerate(batch) for _ in w[1]])
        piece = torch.tensor([j for w in batch for j, _ in w[1]])
        rows = torch.tensor([starts[k] + r for k, w in enumerate(batch) for _, r in w[1]])
        total = torch.zeros(sum(counts), ct.WIDTH).index_add_(0, rows, states[win, piece])
        n = torch.zeros(sum(counts)).index_add_(0, rows, torch.ones(len(rows)))
        x = self.drop(torch.cat([total / n.clamp(min=1)[:, None], self.tag(tags), self.dep(deps)], -1))
        if self.lstm is not None:
            seqs = nn.utils.rnn.pad_sequence(list(torch.split(x, counts)), batch_first=True)
            packed = nn.utils.rnn.pack_padded_sequence(seqs, counts, batch_first=True, enforce_sorted=False)
            out, _ = nn.utils.rnn.pad_packed_sequence(self.lstm(packed)[0], batch_first=True)
            x = self.drop(torch.cat([out[k, :c] for k, c in enumerate(counts)]))
        return self.out(x)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("polnear", type=Path, help="folder holding train/ and dev/")
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--head", choices=("linear", "lstm"), default="linear")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=5e-5, help="the encoder's (the head's is 1e-3)")
    ap.add_argument("--batch", type=int, default=8, help="windows per step")
    ap.add_argument("--limit", type=int, default=0, help="train on the first N articles only (smoke test)")
    ap.add_argument("--results", type=Path, default=RESULTS)
    args = ap.parse_args()
    random.seed(0)
    torch.manual_seed(0)
    torch.set_num_threads(2)

    every = load_compartment(args.polnear / "train")
    articles = every[: args.limit or None]
    docs = parsed("train", every)[: len(articles)]  # the cache holds the whole of train
    dev_articles = load_compartment(args.polnear / "dev")
    dev_docs = parsed("dev", dev_articles)
    dev_sents = sentences(dev_docs, dev_articles, "Cue")
    tags, deps = tt.label_ids(docs)
    net = Net(args.layers, len(tags), len(deps), args.head)

    def features(doc: Doc, tokens: list[int]) -> tuple[np.ndarray, np.ndarray]:
        return np.array([tags.get(doc[i].tag_, 0) for i in tokens]), np.array(
            [deps.get(doc[i].dep_, 0) for i in tokens]
        )

    items = []  # (window, its rows' tags, deps, target distributions)
    for doc, article in zip(docs, articles, strict=True):
        target = np.zeros((len(doc), 3), dtype=np.float32)
        for _, a, b, ys in sentences([doc], [article], "Cue"):
            for y in ys:
                target[np.arange(a, b), y] += 1 / len(ys)
        for window in doc_windows(doc, article.text):
            items.append((window, *features(doc, window[2]), target[window[2]]))

    def scores(batch: list[tuple]) -> torch.Tensor:
        cat = [torch.from_numpy(np.concatenate([b[k] for b in batch])) for k in (1, 2)]
        return net([b[0] for b in batch], *cat)

    def on_dev(di: int, doc: Doc, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        logp = np.zeros((len(doc), 3), dtype=np.float32)
        with torch.inference_mode():
            for window in doc_windows(doc, dev_articles[di].text):
                logp[window[2]] = torch.log_softmax(scores([(window, *features(doc, window[2]))]), -1).numpy()
        return [(a + lo, a + hi) for a, b in ranges for lo, hi in bio.iob_spans(bio.decode(logp[a:b]))]

    steps = args.epochs * math.ceil(len(items) / args.batch)
    warm = max(1, steps // 10)
    head = [p for name, p in net.named_parameters() if not name.startswith("encoder.")]
    encoder = [p for p in net.encoder.parameters() if p.requires_grad]
    groups = [{"params": encoder, "lr": args.lr}, {"params": head, "lr": 1e-3}]
    optimizer = torch.optim.AdamW(groups, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    log = []
    for epoch in range(args.epochs):
        net.train()
        random.shuffle(items)
        t0, total = time.time(), 0.0
        for k in range(0, len(items), args.batch):
            batch = items[k : k + args.batch]
            target = torch.from_numpy(np.concatenate([b[3] for b in batch]))
            loss = -(torch.log_softmax(scores(batch), -1) * target).sum(-1).mean()
            total += tt.step(net, optimizer, loss)
            schedule.step()
        net.eval()
        result = exact_scores(on_dev, dev_docs, dev_sents)
        entry = {"epoch": epoch, "loss": round(total, 1), "secs": round(time.time() - t0)}
        log.append(entry | {k: round(100 * v, 2) for k, v in result.items()})
        print(json.dumps(log[-1]), flush=True)

    run = {k: v for k, v in vars(args).items() if k not in ("polnear", "results")} | {"windows": len(items)}
    record = json.loads(args.results.read_text(encoding="utf-8")) if args.results.exists() else {"runs": []}
    record["runs"] = [r for r in record["runs"] if r["args"] != run] + [{"args": run, "log": log}]
    args.results.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
