"""Denials, non-confirmations and intermediaries (extract/attribution/relations.py), and how grading and the
terminal report read them."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from reportedly.fuse.facts import Facts
from reportedly.fuse.reliability import Reliability
from reportedly.fuse.stories import grade
from reportedly.report import render
from tests.conftest import chain_names, claim_with


def kinds(claim):
    return [c.kind for c in claim.confirmations]


def test_rejected_claims_that_is_a_denial_with_content(analyze):
    a = analyze("The ministry rejected claims that its troops had shelled the village.")
    claim = claim_with(a, "its troops had shelled the village")
    assert chain_names(claim) == ["ministry"]
    assert claim.chain[-1].cue.text == "rejected claims"
    assert claim.certainty.polarity == "negative"


def test_denied_gerund_is_a_denial(analyze):
    a = analyze("The senator has always denied taking money from the group.")
    claim = claim_with(a, "taking money from the group")
    assert claim.chain[-1].cue.text == "has always denied" and claim.certainty.polarity == "negative"


def test_denial_pointing_back_attaches_to_earlier_claim(analyze):
    a = analyze("Prosecutors say Smith took bribes. Smith denies the accusation.")
    claim = claim_with(a, "Smith took bribes")
    assert kinds(claim) == ["denial"] and claim.confirmations[0].source.name == "Smith"
    assert not any("accusation" in c.span.text for c in a.claims)


def test_could_not_verify_is_never_a_confirmation(analyze):
    a = analyze("Rebels said they had shot down a jet. Reuters could not independently verify the claim.")
    claim = claim_with(a, "they had shot down a jet")
    assert kinds(claim) == ["non_confirmation"]
    assert claim.confirmations[0].source.name == "Reuters"
    assert claim.confirmations[0].cue.text == "could not independently verify"


def test_agentless_non_confirmation_is_the_authors(analyze):
    a = analyze(
        "The ministry said the strike killed 20 people. The figure could not be independently verified."
    )
    claim = claim_with(a, "the strike killed 20 people")
    assert kinds(claim) == ["non_confirmation"] and claim.confirmations[0].source.kind == "author"
    assert len(a.claims) == 1


def test_declined_to_comment_is_a_non_confirmation(analyze):
    a = analyze("The company was fined, regulators said. A spokeswoman for the company declined to comment.")
    claim = claim_with(a, "The company was fined")
    assert kinds(claim) == ["non_confirmation"] and "spokeswoman" in claim.confirmations[0].source.name


def test_could_not_confirm_that_is_not_the_sources_claim(analyze):
    a = analyze("Police could not confirm that the suspect had fled the country.")
    claim = claim_with(a, "the suspect had fled the country")
    assert chain_names(claim) == ["author"]
    assert kinds(claim) == ["non_confirmation"] and claim.confirmations[0].source.name == "Police"


def test_told_outlet_is_an_intermediary(analyze):
    a = analyze("“This is probably it,” Graham told The New York Times.")
    claim = claim_with(a, "This is probably it")
    assert chain_names(claim) == ["New York Times", "Graham"]
    assert claim.chain[0].cue_type == "intermediary"


def test_told_reporters_is_not_an_intermediary(analyze):
    a = analyze("The mayor told reporters that the bridge was safe.")
    assert chain_names(claim_with(a, "the bridge was safe")) == ["mayor"]


def test_interview_with_outlet_is_an_intermediary(analyze):
    a = analyze("The minister said in an interview with AFP that talks would resume.")
    claim = claim_with(a, "talks would resume")
    assert (
        chain_names(claim)[0] == "Agence France-Presse" and claim.chain[0].cue.text == "in an interview with"
    )


def test_words_relayed_via_an_outlet_keep_it_as_a_link(analyze):
    a = analyze("“We lost that game,” the coach said, via the Los Angeles Times.")
    claim = claim_with(a, "We lost that game")
    assert chain_names(claim) == ["Los Angeles Times", "coach"]
    assert claim.chain[0].cue_type == "intermediary" and claim.chain[0].cue.text == "via"


def test_as_reported_by_an_outlet_is_a_link(analyze):
    a = analyze("“He has no immunity,” said a legal expert, as reported by the Independent newspaper.")
    claim = claim_with(a, "He has no immunity")
    assert chain_names(claim) == ["Independent", "legal expert"]
    assert claim.chain[0].cue.text == "as reported by"


def test_via_a_person_or_a_medium_is_not_an_outlet(analyze):
    a = analyze("“We will rebuild,” the mayor said via a spokesman.")
    assert chain_names(claim_with(a, "We will rebuild")) == ["mayor"]


def test_told_us_media_is_an_intermediary(analyze):
    a = analyze("General Mark Milley told US media this month that the troops would stay.")
    assert chain_names(claim_with(a, "the troops would stay")) == ["US media", "Mark Milley"]


def test_outlet_report_is_a_link_of_its_own(analyze):
    a = analyze("The firm will cut 500 jobs, according to a new Fast Company report.")
    claim = claim_with(a, "The firm will cut 500 jobs")
    assert chain_names(claim) == ["Fast Company"] and claim.chain[0].source.kind == "named"


def _facts(i, origin, confirmations=()):
    return Facts(
        id=i,
        article_id=i,
        text="x",
        published=None,
        outlet=f"outlet{i}",
        url=None,
        chain=[(origin, "named")],
        certainty="asserted",
        negative=False,
        entities=[],
        quantities=[],
        confirmations=list(confirmations),
    )


def test_non_confirmation_never_raises_a_grade():
    conf = {"kind": "confirmation", "source": {"name": "Pentagon"}}
    nonconf = {"kind": "non_confirmation", "source": {"name": "Reuters"}}
    for facts in (
        [_facts(1, "a"), _facts(2, "b")],
        [_facts(1, "a", [conf]), _facts(2, "b")],
        [_facts(1, "a")],
        [_facts(1, "a", [conf])],
    ):
        origins = {f.chain[0][0]: [f] for f in facts}
        _letter, before, _ = grade(facts, origins, [], Reliability())
        facts[0].confirmations.append(nonconf)
        _letter, after, reasons = grade(facts, origins, [], Reliability())
        assert after >= before  # credibility 1 is best: never better with a non-confirmation
        assert any("could not confirm" in r for r in reasons)


def test_report_shows_non_confirmation_in_words(analyze):
    a = analyze("Rebels said they had shot down a jet. Reuters could not independently verify the claim.")
    out = StringIO()
    render(a, Console(file=out, width=120, color_system=None))
    assert "NOT confirmed" in out.getvalue() and "could not independently verify" in out.getvalue()
