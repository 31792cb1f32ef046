"""Learned attribution span taggers: one small spaCy entity recogniser per role (cue, source,
content), trained on PolNeAR train by `scripts/train_span_tagger.py` and shipped in the package.

Each reads the English pipeline's analysis of a token (lemma, tag, dependency label) besides its
form, so it runs after the parser. Its predictions are read without disturbing `doc.ents`."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.ml.models.tok2vec import MultiHashEmbed
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc
from thinc.api import Maxout, Model, chain, concatenate, with_array

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "span_tagger"
DIR_ENV = "REPORTEDLY_TAGGER_DIR"  # taggers trained elsewhere (same layout: cue/, source/, content/)
LABELS = {"Cue": "CUE", "Source": "SOURCE", "Content": "CONTENT"}
_ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "LEMMA", "TAG", "DEP"]
_ROWS = [5000, 1000, 2500, 500, 5000, 100, 100]


PIPELINE_TENSOR_WIDTH = 96  # width of the English pipeline's shared token vectors (doc.tensor)


@spacy.registry.architectures("reportedly.PipelineTensor.v1")
def pipeline_tensor(width: int) -> Model:
    """The English pipeline's own contextual token vectors (`doc.tensor`, written by its tok2vec),
    read as fixed features: nothing is learned here and no gradient flows back."""
    return Model("pipeline_tensor", _tensor_forward, dims={"nO": width})


def _tensor_forward(model: Model, docs: list[Doc], is_train: bool):
    width = model.get_dim("nO")
    out = []
    for doc in docs:
        if doc.tensor.shape != (len(doc), width):
            raise ValueError(f"the cue tagger needs the English pipeline's {width}-wide doc.tensor")
        out.append(model.ops.asarray2f(doc.tensor))
    return out, lambda d_out: []


@spacy.registry.architectures("reportedly.HashAndTensorEmbed.v1")
def hash_and_tensor_embed(width: int, attrs: list[str], rows: list[int], tensor_width: int) -> Model:
    """Hashed token features beside the pipeline's token vectors, mixed down to `width`."""
    return chain(
        concatenate(
            MultiHashEmbed(width, attrs, rows, include_static_vectors=False), pipeline_tensor(tensor_width)
        ),
        with_array(Maxout(width, width + tensor_width, nP=3, normalize=True)),
    )


def needs_tensor(ner: EntityRecognizer) -> bool:
    return any(node.name == "pipeline_tensor" for node in ner.model.walk())


def tok2vec_config(width: int = 96, depth: int = 4, tensor: bool = False, window: int = 1) -> dict:
    """Hashed token features (form and the pipeline's lemma, tag, dependency), optionally with the
    pipeline's own token vectors, and a CNN encoder."""
    embed = {"width": width, "attrs": _ATTRS, "rows": _ROWS}
    if tensor:
        embed.update(
            {"@architectures": "reportedly.HashAndTensorEmbed.v1", "tensor_width": PIPELINE_TENSOR_WIDTH}
        )
    else:
        embed.update({"@architectures": "spacy.MultiHashEmbed.v2", "include_static_vectors": False})
    return {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": embed,
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2",
            "width": width,
            "depth": depth,
            "window_size": window,
            "maxout_pieces": 3,
        },
    }


def ner_config(width: int = 96, depth: int = 4, tensor: bool = False, window: int = 1) -> dict:
    """A transition-based recogniser over the features above."""
    return {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": 64,
        "maxout_pieces": 2,
        "use_upper": True,
        "nO": None,
        "tok2vec": tok2vec_config(width, depth, tensor, window),
    }


@lru_cache(maxsize=4)
def tagger(role: str) -> EntityRecognizer | None:
    """The shipped recogniser for a role ("cue", "source", "content"); None if not shipped."""
    path = Path(os.environ.get(DIR_ENV) or MODEL_DIR) / role
    if not (path / "config.cfg").exists():
        return None
    return spacy.load(path).get_pipe("ner")


def predict(doc: Doc, role: str) -> list[tuple[int, int]]:
    """Token ranges [start, end) the role's recogniser marks in `doc`; `doc.ents` is left as it was."""
    ner = tagger(role)
    if ner is None or len(doc) == 0:
        return []
    saved = list(doc.ents)
    doc.vocab.strings.add(LABELS[role.capitalize()])
    doc.set_ents([], default="missing")
    ner(doc)
    spans = [(e.start, e.end) for e in doc.ents]
    doc.set_ents(saved, default="outside")
    return spans
