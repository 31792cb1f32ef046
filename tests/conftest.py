from __future__ import annotations

from pathlib import Path

import pytest

from reportedly import parse
from reportedly.analyze import analyze_text
from reportedly.schema import Analysis, Claim

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "samples" / "seed.txt"


@pytest.fixture(scope="session")
def nlp():
    return parse.load()


@pytest.fixture(scope="session")
def analyze(nlp):
    def run(text: str) -> Analysis:
        return analyze_text(text)

    return run


def chain_names(claim: Claim) -> list[str]:
    return [link.source.name for link in claim.chain]


def claim_with(analysis: Analysis, fragment: str) -> Claim:
    for claim in analysis.claims:
        if fragment in claim.span.text:
            return claim
    raise AssertionError(f"no claim contains {fragment!r}: {[c.span.text for c in analysis.claims]}")


def find_with_cue(nlp, monkeypatch, text: str, cue_text: str):
    """(doc, attributions, cue span) with the cue tagger replaced by one that marks exactly
    `cue_text`, so a test pins the cue and checks what the rest of the extraction makes of it."""
    from reportedly.extract.attribution.taggers import lstm_tagger, tagged
    from reportedly.extract.entities import build_entities

    doc = nlp(text)
    start = text.index(cue_text)
    span = doc.char_span(start, start + len(cue_text))
    monkeypatch.setattr(
        lstm_tagger, "predict", lambda d, role: [(span.start, span.end)] if role == "cue" else []
    )
    return doc, tagged.find_attributions(doc, build_entities(doc)), span
