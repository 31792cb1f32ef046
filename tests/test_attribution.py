"""Attribution: source, cue, content and source chains, one construction per case."""

from __future__ import annotations

import pytest

from tests.conftest import chain_names, claim_with, find_with_cue


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        (
            "The minister said that the bridge would reopen in May.",
            "minister",
            "said",
            "that the bridge would reopen in May",
        ),
        (
            "Officials told reporters the vote had been postponed.",
            "Officials",
            "told",
            "the vote had been postponed",
        ),
        (
            "The army announced that two villages had been recaptured.",
            "army",
            "announced",
            "that two villages had been recaptured",
        ),
        ("The talks have collapsed, the spokesman said.", "spokesman", "said", "The talks have collapsed"),
        ("“We will not retreat,” said the commander.", "commander", "said", "We will not retreat"),
        (
            "According to the ministry, 40 people were injured in the blast.",
            "ministry",
            "According to",
            "40 people were injured in the blast",
        ),
        (
            "Prices rose by 5 percent last month, according to official data.",
            "official data",
            "according to",
            "Prices rose by 5 percent last month",
        ),
        (
            "Satellite images show that the airfield has been expanded.",
            "Satellite images",
            "show",
            "that the airfield has been expanded",
        ),
        (
            "The company denied that its products were unsafe.",
            "company",
            "denied",
            "that its products were unsafe",
        ),
        (
            "Analysts believe the central bank will cut rates.",
            "Analysts",
            "believe",
            "the central bank will cut rates",
        ),
    ],
)
def test_single_attribution(analyze, text, source, cue, content):
    analysis = analyze(text)
    assert analysis.attributions, f"no attribution found in {text!r}"
    attr = analysis.attributions[0]
    assert source in attr.source.span.text
    assert attr.cue.text == cue
    assert attr.content.text.strip('“”" ') == content


def test_nested_chain_outermost_first(analyze):
    a = analyze(
        "CNN reported that the Ukrainian Defense Intelligence Administration disclosed that "
        "North Korea is preparing to send about 30,000 additional soldiers to Russia."
    )
    claim = claim_with(a, "North Korea is preparing")
    assert chain_names(claim) == ["CNN", "Defence Intelligence of Ukraine (HUR)"]
    assert [link.cue.text for link in claim.chain] == ["reported", "disclosed"]
    assert claim.span.text.startswith("North Korea")  # complementiser stripped
    # the intermediate relation is kept flat, with its parent
    inner = next(x for x in a.attributions if x.cue.text == "disclosed")
    assert inner.parent == next(x for x in a.attributions if x.cue.text == "reported").id


def test_three_level_chain(analyze):
    a = analyze("Reuters reported that the mayor said that officials believe the dam is failing.")
    claim = claim_with(a, "the dam is failing")
    assert len(claim.chain) == 3
    assert claim.chain[0].source.name == "Reuters"


def test_participle_borrows_subject(analyze):
    a = analyze("The government closed the border on Monday, saying that it feared an invasion.")
    claim = claim_with(a, "it feared an invasion")
    assert chain_names(claim) == ["government"]
    assert claim.chain[0].cue.text == "saying"
    # the main clause is the author's own claim
    own = claim_with(a, "closed the border")
    assert own.chain[0].source.kind == "author"


def test_passive_agent_is_source(analyze):
    a = analyze("It was reported by local media that the airport was shut.")
    claim = claim_with(a, "the airport was shut")
    assert "local media" in claim.chain[0].source.span.text


def test_vague_and_evidence_sources(analyze):
    a = analyze(
        "According to intelligence from the front lines, the unit has withdrawn.\n\n"
        "The Ukrainian side stated that the attack failed.\n\n"
        "Airport activity records show that flights doubled."
    )
    kinds = {c.chain[0].source.span.text: c.chain[0].source.kind for c in a.claims}
    assert kinds["intelligence from the front lines"] == "vague"
    assert kinds["The Ukrainian side"] == "vague"
    assert kinds["Airport activity records"] == "evidence"


def test_named_source_links_entity(analyze):
    a = analyze("Reuters reported that the factory had closed.")
    src = a.claims[0].chain[0].source
    assert src.kind == "named" and src.entity_id is not None


def test_pronoun_source_resolved(analyze):
    a = analyze("Angela Merkel spoke in Berlin on Tuesday. She said that the euro was safe.")
    claim = claim_with(a, "the euro was safe")
    src = claim.chain[0].source
    assert src.kind == "pronoun" and src.span.text == "She"
    assert src.resolved_to == "Angela Merkel"


def test_multi_sentence_quote_extends_content(analyze):
    a = analyze("The mayor said: “The water is safe. We tested it twice.” Residents were unconvinced.")
    attr = a.attributions[0]
    assert "We tested it twice" in attr.content.text
    assert "Residents" not in attr.content.text


def test_confirmation_attaches_to_previous_claim(analyze):
    a = analyze(
        "The ministry said that 300 troops had arrived.\n\n"
        "This information was later confirmed by two Western intelligence agencies."
    )
    claim = claim_with(a, "300 troops had arrived")
    assert len(claim.confirmations) == 1
    conf = claim.confirmations[0]
    assert conf.kind == "confirmation" and conf.cue.text == "confirmed"
    assert "Western intelligence agencies" in conf.source.span.text
    # the confirming sentence is not a claim of its own
    assert not any("confirmed" in c.span.text for c in a.claims)


def test_denial_of_report(analyze):
    a = analyze("Local media said the governor had resigned. His office denied the report.")
    claim = claim_with(a, "the governor had resigned")
    assert claim.confirmations and claim.confirmations[0].kind == "denial"


def test_unattributed_sentence_has_author_source(analyze):
    a = analyze("The bridge collapsed on Sunday morning.")
    assert len(a.claims) == 1
    assert a.claims[0].chain[0].source.kind == "author"
    assert a.claims[0].attribution is None


def test_noun_without_clause_is_not_a_cue(analyze):
    a = analyze("The report was 40 pages long and the statement was brief.")
    assert a.attributions == []


def test_first_person_author_attribution(analyze):
    a = analyze("If we widen our perspective, we can see that the country has its own calculations.")
    claim = claim_with(a, "the country has its own calculations")
    assert claim.chain[-1].source.kind == "author"
    assert claim.voice == "commentary"


def test_continued_quotation_gives_one_claim_per_sentence(analyze):
    a = analyze('"It is a danger," said Jane Roe, a senior analyst. "We must act now."')
    first, second = claim_with(a, "It is a danger"), claim_with(a, "We must act now")
    assert first.span.text == "It is a danger" and second.span.text == "We must act now"
    assert first.attribution == second.attribution
    assert chain_names(first) == chain_names(second) == ["Jane Roe"]


def test_quote_closing_before_the_cue_is_its_content_across_a_sentence_break(analyze):
    # "!" ends the quotation's sentence: the parse does not join the quotation to "tweeted"
    a = analyze(
        "“Governor Smith has done a wonderful job for the people of Kentucky!” Trump tweeted before"
        " Election Day. “He has my endorsement.”"
    )
    assert chain_names(claim_with(a, "Governor Smith has done a wonderful job")) == ["Donald Trump"]
    assert chain_names(claim_with(a, "He has my endorsement")) == ["Donald Trump"]
    assert not any("tweeted" in c.span.text for c in a.claims)


def test_source_between_quote_and_cue_when_the_parse_loses_the_subject(analyze):
    a = analyze(
        '"Our results reflected broad-based growth across our business, yet sales were below our'
        ' expectations," chairman, CEO and president Craig Menear said in the earnings release.'
    )
    assert chain_names(claim_with(a, "Our results reflected")) == ["chairman, CEO and president Craig Menear"]


def test_quote_before_reads_only_a_noun_phrase_between(nlp):
    from reportedly.extract.attribution.quote_cues import quote_before
    from reportedly.extract.entities import build_entities

    doc = nlp('"The bridge is safe," the mayor said. "It reopens," she said on Monday, and voters cheered.')
    entities = build_entities(doc)
    said = [t for t in doc if t.text == "said"]
    first = quote_before(doc, said[0], entities)
    assert first is not None and first.source.name == "mayor"
    assert doc.text[first.content[0] : first.content[1]] == "The bridge is safe,"
    cheered = next(t for t in doc if t.text == "cheered")
    assert quote_before(doc, cheered, entities) is None  # a verb and a comma clause stand between


def test_colon_after_the_verbs_whole_frame(analyze):
    a = analyze("He instead told the BBC interviewer: “I took the judgement call that this was serious.”")
    claim = claim_with(a, "I took the judgement call")
    assert chain_names(claim) == ["BBC", "He"] and "interviewer" not in claim.span.text


@pytest.mark.parametrize(
    ("text", "fragment", "source"),
    [
        ("The White House called the impeachment process a sham.", "a sham", "White House"),
        ("Grisham accused the Democrats of being blinded by hatred.", "being blinded by hatred", "Grisham"),
        ("The Taliban claimed responsibility for shooting down the helicopter.", "shooting down", "Taliban"),
    ],
)
def test_object_carrying_the_subjects_proposition_is_its_claim(analyze, text, fragment, source):
    assert chain_names(claim_with(analyze(text), fragment)) == [source]


def test_object_of_an_act_stays_the_authors(analyze):
    a = analyze("The mayor called the police on Monday.")
    assert chain_names(claim_with(a, "the police")) == ["author"]


def test_colon_cue_the_tagger_left_unmarked(nlp, monkeypatch):
    text = (
        "Liu said that the army could be deployed in the city, warning: “They are already there"
        " in the garrison. They are there to show sovereignty.”"
    )
    doc, found, _cue = find_with_cue(nlp, monkeypatch, text, "said")  # the tagger marks "said" only
    warning = next(a for a in found if doc[a.cue_head].text == "warning")
    assert warning.cue_type == "colon" and warning.source.name == "Liu"
    assert text[warning.content[0] : warning.content[1]].endswith("They are there to show sovereignty.”")


def test_a_person_named_in_part_resolves_to_the_full_name(analyze):
    a = analyze(
        "China's ambassador Liu Xiaming spoke on Monday. Liu said that the army could be deployed."
        " Mr. Smith said that talks would go on."
    )
    liu = claim_with(a, "the army could be deployed").chain[-1].source
    assert liu.name == "Liu" and liu.resolved_to == "Liu Xiaming"
    assert claim_with(a, "talks would go on").chain[-1].source.resolved_to is None  # no fuller name


def test_a_claim_without_a_tensed_verb_is_a_phrase_not_a_statement(analyze):
    a = analyze(
        "Officials said many dead and injured. A majority of voters expect Clinton to win the debate. "
        "Police said the road had been closed."
    )
    finite = {c.span.text: c.finite for c in a.claims}
    assert finite["many dead and injured"] is False
    assert finite["Clinton to win the debate"] is False
    assert finite["the road had been closed"] is True
