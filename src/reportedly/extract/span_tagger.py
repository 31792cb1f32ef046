"""Learned attribution span taggers: one small spaCy entity recogniser per role (cue, source,
content), trained on PolNeAR train by `scripts/train_span_tagger.py` and shipped in the package.

Each reads the English pipeline's analysis of a token (lemma, tag, dependency label) besides its
form, so it runs after the parser. Its predictions are read without disturbing `doc.ents`."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "span_tagger"
DIR_ENV = "REPORTEDLY_TAGGER_DIR"  # taggers trained elsewhere (same layout: cue/, source/, content/)
LABELS = {"Cue": "CUE", "Source": "SOURCE", "Content": "CONTENT"}
_ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "LEMMA", "TAG", "DEP"]
_ROWS = [5000, 1000, 2500, 500, 5000, 100, 100]
_INSIDE, _BEGIN = 1, 3  # spaCy's ENT_IOB codes (0 missing, 2 outside)


def tok2vec_config(width: int = 64, depth: int = 4, window: int = 1) -> dict:
    """Hashed token features (form and the pipeline's lemma, tag, dependency) and a CNN encoder."""
    return {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {
            "@architectures": "spacy.MultiHashEmbed.v2",
            "width": width,
            "attrs": _ATTRS,
            "rows": _ROWS,
            "include_static_vectors": False,
        },
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2",
            "width": width,
            "depth": depth,
            "window_size": window,
            "maxout_pieces": 3,
        },
    }


def ner_config(width: int = 64, depth: int = 4, window: int = 1) -> dict:
    """A transition-based recogniser over the features above."""
    return {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": 64,
        "maxout_pieces": 2,
        "use_upper": True,
        "nO": None,
        "tok2vec": tok2vec_config(width, depth, window),
    }


@lru_cache(maxsize=4)
def tagger(role: str) -> EntityRecognizer | None:
    """The shipped recogniser for a role ("cue", "source", "content"); None if not shipped."""
    path = Path(os.environ.get(DIR_ENV) or MODEL_DIR) / role
    if not (path / "config.cfg").exists():
        return None
    return spacy.load(path).get_pipe("ner")


def predict(doc: Doc, role: str) -> list[tuple[int, int]]:
    """Token ranges [start, end) the role's recogniser marks in `doc`; `doc.ents` is left as it was.
    (Entity annotations are saved and read as arrays: `doc.ents` builds a Python object per token.)"""
    ner = tagger(role)
    if ner is None or len(doc) == 0:
        return []
    saved = doc.to_array([ENT_IOB, ENT_TYPE])
    doc.vocab.strings.add(LABELS[role.capitalize()])
    doc.set_ents([], default="missing")
    ner(doc)
    iob = doc.to_array(ENT_IOB).tolist()
    doc.from_array([ENT_IOB, ENT_TYPE], saved)
    return iob_spans(iob, _BEGIN, _INSIDE)


def iob_spans(labels: list[int], begin: int, inside: int) -> list[tuple[int, int]]:
    """Ranges [start, end) of the spans in a label sequence: a `begin` and the `inside`s after it."""
    spans = []
    for i, tag in enumerate(labels):
        if tag == begin:
            end = i + 1
            while end < len(labels) and labels[end] == inside:
                end += 1
            spans.append((i, end))
    return spans
