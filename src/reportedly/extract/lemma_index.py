"""The tokens of a document whose lower-cased lemma (or lower-case form) is in a word list, found
without walking every token in Python: the scans over the whole document for denial verbs, report
nouns, speech verbs and voice cues only visit the tokens that can match."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from spacy.attrs import HEAD, IS_PUNCT, IS_SPACE, LEMMA, LOWER, POS, TAG
from spacy.symbols import AUX, VERB
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


_KINDS_KEY = "reportedly.token_kinds"


def token_kinds(doc: Doc) -> tuple[list[int], list[bool], list[bool]]:
    """Per token, read in one pass over the doc and kept with it: its head's index, whether it is
    punctuation or space (is_punct or is_space), whether a verb (pos_ VERB or AUX)."""
    got = doc.user_data.get(_KINDS_KEY)
    if got is None or len(got[0]) != len(doc):
        a = doc.to_array([HEAD, IS_PUNCT, IS_SPACE, POS]).astype(np.int64)
        heads = (np.arange(len(doc)) + a[:, 0]).tolist()
        junk = ((a[:, 1] != 0) | (a[:, 2] != 0)).tolist()
        verbal = np.isin(a[:, 3], [VERB, AUX]).tolist()
        got = doc.user_data[_KINDS_KEY] = (heads, junk, verbal)
    return got
