"""Token vectors of every factuality sentence from the context tagger's encoder, for training the
fine-tuned factuality head (scripts/train_factuality_head.py).

    python scripts/factuality_encoder_states.py [--data DIR] [--out /tmp/reportedly-factuality/states]

Each sentence is read alone by the context tagger's encoder (the first LAYERS layers of the shipped
all-MiniLM-L6-v2); word pieces are pooled onto the sentence's own tokens as at run time
(context_tagger.piece_tokens) and the last kept layer is saved per split: {split}.npz with
`states` float16 [tokens, 384] and `offsets` [sentences + 1] (sentence n is states[o[n]:o[n+1]]).
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
from reportedly.extract import context_tagger as ct

ROOT = Path(__file__).resolve().parents[1]


def encode(sentences: list[fd.Sentence], batch: int = 32) -> tuple[np.ndarray, np.ndarray]:
    tokenizer, model = ct.encoder()
    vocab = spacy.blank("en").vocab
    out, offsets = [], [0]
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
        piece_offsets = enc.pop("offset_mapping").numpy()
        with torch.inference_mode():
            states = model(**enc).last_hidden_state.numpy()
        sizes = enc["attention_mask"].sum(1).tolist()
        for k, (s, text) in enumerate(zip(chunk, texts, strict=True)):
            doc = Doc(vocab, words=s.words)
            feats = np.zeros((len(doc), ct.WIDTH), dtype=np.float32)
            count = np.zeros(len(doc))
            for _, j, i in ct.piece_tokens(doc, text, piece_offsets[k : k + 1], [sizes[k]]):
                feats[i] += states[k, j]
                count[i] += 1
            out.append((feats / np.maximum(count, 1)[:, None]).astype(np.float16))
            offsets.append(offsets[-1] + len(doc))
    return np.concatenate(out), np.array(offsets, dtype=np.int64)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "factuality")
    ap.add_argument("--out", type=Path, default=Path("/tmp/reportedly-factuality/states"))
    ap.add_argument("--splits", nargs="+", default=["uw/dev", "meantime/dev", "meantime/train", "uw/train"])
    args = ap.parse_args()
    torch.set_num_threads(1)
    args.out.mkdir(parents=True, exist_ok=True)
    for split in args.splits:
        target = args.out / f"{split.replace('/', '_')}.npz"
        if target.exists():
            continue
        t = time.time()
        states, offsets = encode(fd.read(args.data / f"{split}.jsonl"))
        np.savez(target, states=states, offsets=offsets)
        print(
            f"{split}: {len(offsets) - 1} sentences, {len(states)} tokens, {time.time() - t:.0f}s", flush=True
        )


if __name__ == "__main__":
    main()
