"""End to end on the sample article (../shared/samples/seed.txt)."""

from __future__ import annotations

import pytest

from reportedly.analyze import analyze_path
from tests.conftest import SEED, chain_names, claim_with

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="shared sample not present")


@pytest.fixture(scope="module")
def seed(nlp):
    return analyze_path(str(SEED))


def test_debris(seed):
    d = seed.debris
    # name-only lines (the page's picture captions) cannot be told from subheads: they stay in the
    # text, marked as subheads, and give no claims
    names = ["Kim Jong-un", "Vladimir Putin", "North Korean and Russian flags"]
    subheads = seed.document.subheads
    assert [s.text for s in subheads] == names
    assert all(seed.document.text[s.start : s.end] == s.text for s in subheads)
    assert not [c for c in seed.claims if any(s.start <= c.span.start < s.end for s in subheads)]
    assert d.original_url == "https://www.toutiao.com/article/7523045937829134902/"
    assert d.outlet == "toutiao" and seed.document.outlet == "toutiao"
    assert d.disclaimer and "views of the author" in d.disclaimer
    text = seed.document.text
    assert "Original article" not in text and "Like/Dislike" not in text
    original = SEED.read_text(encoding="utf-8")
    for item in [*d.footers, *d.links]:
        assert original[item.start : item.end] == item.text


def test_cnn_chain_and_quantities(seed):
    claim = claim_with(seed, "North Korea is preparing to expand")
    assert chain_names(claim) == ["CNN", "Defence Intelligence of Ukraine (HUR)"]
    assert [link.cue.text for link in claim.chain] == ["reported", "disclosed"]
    assert claim.chain[1].source.span.text == "the Ukrainian Defense Intelligence Administration"
    inc, total = claim.quantities
    assert (inc.value, inc.approximate, inc.thing, inc.role) == (30000, True, "soldier", "increment")
    assert (total.low, total.bound, total.inclusive, total.role) == (40000, "lower", False, "total")
    assert claim.voice == "reporting"


def test_confirmation(seed):
    claim = claim_with(seed, "North Korea is preparing to expand")
    (conf,) = claim.confirmations
    assert conf.kind == "confirmation"
    assert conf.source.span.text == "intelligence agencies of several Western countries"
    assert conf.source.kind == "vague"


def test_vague_evidence_and_hedged_claims(seed):
    side = claim_with(seed, "these additional North Korean forces will not only")
    assert side.chain[0].source.kind == "vague" and side.chain[0].cue.text == "stated"
    sat = claim_with(seed, "Russia is urgently modifying transport aircraft")
    assert sat.chain[0].source.kind == "evidence"
    assert sat.certainty.level == "possible"
    assert [c.span.text for c in sat.certainty.cues] == ["possibly"]
    front = claim_with(seed, "have indeed played a role")
    assert front.chain[0].source.span.text == "intelligence from the front lines"
    assert front.chain[0].source.kind == "vague"
    may = claim_with(seed, "Russia may likely provide feedback")
    assert [c.span.text for c in may.certainty.cues] == ["may", "likely"]
    assert may.certainty.level == "possible"


def test_commentary(seed):
    calc = claim_with(seed, "North Korea has its own calculations")
    assert calc.voice == "commentary"
    commentary = [s for s in seed.sentences if s.voice == "commentary"]
    reporting = [s for s in seed.sentences if s.voice == "reporting"]
    assert seed.sentences[0].voice == "reporting"
    assert len(commentary) >= 10 and len(reporting) >= 8


def test_kursk_is_a_city_in_russia(seed):
    kursk = next(e for e in seed.entities if e.name == "Kursk")
    assert kursk.place.kind == "city" and kursk.place.country_code == "RU"


def test_offsets_are_exact(seed):
    text = seed.document.text
    for claim in seed.claims:
        assert text[claim.span.start : claim.span.end] == claim.span.text
        for link in claim.chain:
            if link.source.span:
                assert text[link.source.span.start : link.source.span.end] == link.source.span.text
        for q in claim.quantities:
            assert text[q.span.start : q.span.end] == q.span.text


def test_json_roundtrip(seed):
    from reportedly.schema import Analysis

    again = Analysis.model_validate_json(seed.model_dump_json())
    assert again == seed
    assert seed.schema_version == "1.0"
