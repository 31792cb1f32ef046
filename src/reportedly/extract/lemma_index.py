"""The tokens of a document whose lower-cased lemma (or lower-case form) is in a word list, found
without walking every token in Python: the scans over the whole document for denial verbs, report
nouns, speech verbs and voice cues only visit the tokens that can match."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from spacy.attrs import LEMMA, LOWER, TAG
from spacy.tokens import Doc

_ATTRS = {"lemma": LEMMA, "lower": LOWER, "tag": TAG}


def _index(doc: Doc, attr: str) -> tuple[np.ndarray, list[str]]:
    """(each token's row among the doc's distinct values of `attr`, those values as compared:
    lemmas lower-cased), once per doc."""
    key = f"reportedly.{attr}_index"
    got = doc.user_data.get(key)
    if got is None or len(got[0]) != len(doc):
        hashes = doc.to_array(_ATTRS[attr]).astype(np.uint64)
        distinct, rows = np.unique(hashes, return_inverse=True)
        strings = doc.vocab.strings
        values = [strings[int(h)] for h in distinct]
        if attr == "lemma":
            values = [v.lower() for v in values]
        got = doc.user_data[key] = (rows.reshape(-1), values)
    return got


def tokens_with(doc: Doc, attr: str, words: Collection[str]) -> list[int]:
    """Indices, in order, of the tokens t whose `attr` ("lemma": t.lemma_.lower(), "lower":
    t.lower_, "tag": t.tag_) is in `words`."""
    if not len(doc):
        return []
    rows, values = _index(doc, attr)
    wanted = [k for k, value in enumerate(values) if value in words]
    if not wanted:
        return []
    return np.flatnonzero(np.isin(rows, wanted)).tolist()


def tokens_with_lemma(doc: Doc, words: Collection[str]) -> list[int]:
    """Indices, in order, of the tokens t with t.lemma_.lower() in `words`."""
    return tokens_with(doc, "lemma", words)
