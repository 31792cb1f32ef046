"""Encoder vectors of every factuality event, for the MiniLM variant of the factuality model.

    python scripts/factuality_minilm_features.py [--data DIR] [--out /tmp/reportedly-factuality/minilm]

For each split, the context tagger's encoder (the first LAYERS layers of the shipped
all-MiniLM-L6-v2) reads each sentence; word pieces are pooled onto the sentence's own tokens as
the context tagger does (context_tagger.piece_tokens), and the event token's vector per layer is
saved: {split}.npy, float16 [events, LAYERS, 384], in the order of the file's targets.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import spacy
import torch
from spacy.tokens import Doc

from reportedly.evaluate import factuality_data as fd
from reportedly.extract.attribution.taggers import context_tagger as ct

ROOT = Path(__file__).resolve().parents[1]


def encode(sentences: list[fd.Sentence], batch: int = 32) -> np.ndarray:
    tokenizer, model = ct.encoder()
    vocab = spacy.blank("en").vocab
    out = []
    for b in range(0, len(sentences), batch):
        chunk = sentences[b : b + batch]
        texts = [" ".join(s.words) for s in chunk]
        enc = tokenizer(
            texts,
            return_offsets_mapping=True,
            truncation=True,
            max_length=256,
            padding=True,
            return_tensors="pt",
        )
        offsets = enc.pop("offset_mapping").numpy()
        with torch.inference_mode():
            states = torch.stack(model(**enc, output_hidden_states=True).hidden_states[1:], 2).numpy()
        sizes = enc["attention_mask"].sum(1).tolist()
        for k, (s, text) in enumerate(zip(chunk, texts, strict=True)):
            doc = Doc(vocab, words=s.words)
            feats = np.zeros((len(doc), states.shape[2], ct.WIDTH), dtype=np.float32)
            count = np.zeros(len(doc))
            for _, j, i in ct.piece_tokens(doc, text, offsets[k : k + 1], [sizes[k]]):
                feats[i] += states[k, j]
                count[i] += 1
            feats /= np.maximum(count, 1)[:, None, None]
            for e in s.events:
                out.append(feats[e.start : e.end].mean(0))
    return np.stack(out).astype(np.float16)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "factuality")
    ap.add_argument("--out", type=Path, default=Path("/tmp/reportedly-factuality/minilm"))
    ap.add_argument(
        "--splits",
        nargs="+",
        default=["uw/dev", "meantime/dev", "uw/train", "meantime/train", "uds_ih2/dev", "uds_ih2/train"],
    )
    args = ap.parse_args()
    torch.set_num_threads(1)
    args.out.mkdir(parents=True, exist_ok=True)
    for split in args.splits:
        target = args.out / f"{split.replace('/', '_')}.npy"
        if target.exists():
            continue
        t = time.time()
        vectors = encode(fd.read(args.data / f"{split}.jsonl"))
        np.save(target, vectors)
        print(f"{split}: {len(vectors)} events, {time.time() - t:.0f}s", flush=True)


if __name__ == "__main__":
    main()
