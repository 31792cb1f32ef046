"""Train the default cue tagger (extract/attribution/taggers/lstm_tagger) on PolNeAR train (never
dev or test); dev picks the epoch, scored with the shipped numpy inference. Needs torch and the
MiniLM package (the `fuse` extra); the result is plain arrays written into the package:

    python scripts/train_lstm_tagger.py ../shared/data/polnear
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from spacy.tokens import Doc
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tagger_training as tt
from polnear_data import exact_scores, parsed, sentences

from reportedly.evaluate.brat import load_compartment
from reportedly.extract.attribution.taggers import lstm_tagger as lt


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
    from reportedly.extract.attribution.taggers.context_tagger import encoder

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
    ap = tt.arguments(__doc__, lt.MODEL_DIR, epochs=14, patience=4)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--word-dropout", type=float, default=0.1, help="share of forms hidden as unknown")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--no-minilm", action="store_true", help="forms from train only, learned from scratch")
    args = ap.parse_args()
    tt.seeded(args.seed, args.threads)
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
    out_dir = args.out / "cue"
    scratch = Path(tempfile.mkdtemp(prefix="lstm_tagger_"))

    def scores(batch: list[tt.Item]) -> torch.Tensor:
        ids = torch.zeros(
            (len(batch), max(b - a for _, a, b, _ in batch), len(lt.FEATURES)), dtype=torch.long
        )
        for i, (di, a, b, _) in enumerate(batch):
            ids[i, : b - a] = token_ids[di][a:b]
        hidden_form = torch.rand(ids.shape[:2]) < args.word_dropout
        ids[..., 0] = torch.where(hidden_form & (ids[..., 0] > lt.PAD), lt.UNKNOWN, ids[..., 0])
        return net(ids, [b - a for _, a, b, _ in batch])

    def on_dev() -> dict[str, float]:  # scored with the numpy inference that ships
        candidate = export(net, values, scratch, args.hidden)
        return exact_scores(lambda _, doc, ranges: candidate.spans(doc, ranges), *data["dev"])

    log = tt.fit(
        net, tt.items(sents), scores, on_dev, lambda: export(net, values, out_dir, args.hidden), args
    )
    shutil.rmtree(scratch)
    forms_from = "train (count >= min_count)" + ("" if args.no_minilm else " + MiniLM whole-word pieces")
    tt.record(out_dir, args, log, features=lt.FEATURES, forms=forms_from)


if __name__ == "__main__":
    main()
