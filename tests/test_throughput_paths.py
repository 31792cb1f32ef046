"""The shortcuts taken for throughput: one BLAS thread while extracting, the parsed text handed to
extraction instead of rebuilt, claim normalisation by regex, certainty scope checked for cue words
only. Each must leave results as they were."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from threadpoolctl import threadpool_info

from reportedly.extract import claims as claims_module
from reportedly.extract.blas_threads import one_blas_thread
from reportedly.extract.certainty import token_cues
from reportedly.extract.claims import extract
from reportedly.extract.spans import doc_text, remember_text

ROOT = Path(__file__).resolve().parents[1]


def _blas_threads() -> set[int]:
    return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}


def test_one_blas_thread_inside_and_restored_after():
    before = _blas_threads()
    with one_blas_thread():
        assert _blas_threads() == {1}
        with one_blas_thread():  # nested: still one, and the outer block still holds it after
            assert _blas_threads() == {1}
        assert _blas_threads() == {1}
    assert _blas_threads() == before


def test_extract_runs_on_one_blas_thread(nlp, monkeypatch):
    seen: list[set[int]] = []
    real = claims_module.find_quantities

    def spy(doc):
        seen.append(_blas_threads())
        return real(doc)

    monkeypatch.setattr(claims_module, "find_quantities", spy)
    before = _blas_threads()
    extract(nlp("Officials said 12 people were hurt."))
    assert seen == [{1}]
    assert _blas_threads() == before


def test_remember_text_is_used_and_checked(nlp):
    text = "Police said the road was closed.  It reopened at noon.\n"
    doc = nlp(text)
    remember_text(doc, text)
    assert doc_text(doc) is text
    other = nlp(text)
    remember_text(other, text + "tail")  # not the parsed text: ignored, rebuilt from the tokens
    assert doc_text(other) == text


def test_claim_normalisation_matches_the_character_rule():
    def by_character(text: str) -> str:
        return " ".join("".join(ch.lower() if ch.isalnum() else " " for ch in text).split())

    samples = [
        "“We will not back down,” she said.",
        "Ölpreis_steigt  um 3,5 %\tin İzmir",
        "ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ — the street",  # capital sigma: its lower case depends on its neighbours
        "snake_case and CamelCase; ½ and ²",
        "",
    ]
    for text in samples:
        assert claims_module._norm(text) == by_character(text)


def test_cues_outside_the_scope_clause_stay_out(nlp):
    doc = nlp("I figured it might end soon, but the money just kept coming in.")
    kept = next(t for t in doc if t.text == "kept")
    everything = token_cues(doc, 0, len(doc))
    scoped = token_cues(doc, 0, len(doc), scope=kept.i)
    assert any(c.span.text == "might" for c in everything)
    assert not any(c.span.text == "might" for c in scoped)


def test_textblob_lexicon_read_without_importing_textblob():
    """The subjectivity word list is read from textblob's folder; importing textblob would pull in
    nltk and scipy, seconds of start-up."""
    code = (
        "import sys; from reportedly.extract import voice; "
        "print(len(voice.subjective_adjectives()), 'textblob' in sys.modules, 'nltk' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    count, textblob, nltk = out.stdout.split()
    assert int(count) > 100 and textblob == "False" and nltk == "False"


def test_bio_decode_is_the_best_valid_sequence():
    import itertools

    import numpy as np

    from reportedly.extract.attribution.taggers.bio import decode

    rng = np.random.default_rng(7)
    for _ in range(200):
        scores = np.log(rng.dirichlet([1, 1, 1], size=int(rng.integers(1, 7)))).astype(np.float32)
        valid = [
            p
            for p in itertools.product(range(3), repeat=len(scores))
            if all(not (label == 2 and (i == 0 or p[i - 1] == 0)) for i, label in enumerate(p))
        ]
        best = max(valid, key=lambda p: sum(float(scores[i, label]) for i, label in enumerate(p)))
        assert decode(scores) == list(best)
