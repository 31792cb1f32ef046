"""The tokens of a document whose lower-cased lemma is in a word list, found without walking
every token in Python: the scans over the whole document for denial verbs, report nouns and
speech verbs only visit the tokens that can match."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from spacy.attrs import LEMMA
from spacy.tokens import Doc

_KEY = "reportedly.lemma_index"


def _index(doc: Doc) -> tuple[np.ndarray, list[str]]:
    """(each token's row among the doc's distinct lemmas, those lemmas lower-cased), once per doc."""
    got = doc.user_data.get(_KEY)
    if got is None or len(got[0]) != len(doc):
        hashes = doc.to_array(LEMMA).astype(np.uint64)
        distinct, rows = np.unique(hashes, return_inverse=True)
        strings = doc.vocab.strings
        got = doc.user_data[_KEY] = (rows.reshape(-1), [strings[int(h)].lower() for h in distinct])
    return got


def tokens_with_lemma(doc: Doc, words: Collection[str]) -> list[int]:
    """Indices, in order, of the tokens t with t.lemma_.lower() in `words`."""
    if not len(doc):
        return []
    rows, lemmas = _index(doc)
    wanted = [k for k, lemma in enumerate(lemmas) if lemma in words]
    if not wanted:
        return []
    return np.flatnonzero(np.isin(rows, wanted)).tolist()
