"""Voice: reporting versus the author's commentary."""

from __future__ import annotations

import pytest

from reportedly.extract import voice


@pytest.mark.parametrize(
    "text",
    [
        "But if we widen our perspective, we can see that North Korea has its own calculations.",
        "Therefore, the sanctions are a strategic mistake.",
        "Undoubtedly, this is the most important election in a generation.",
        "To some extent, it can be said that the reform has failed.",
        "The war is an excellent stage for showcasing military strength.",
        "In my view, the plan is reckless.",
    ],
)
def test_commentary(analyze, text):
    a = analyze(text)
    assert a.sentences[0].voice == "commentary", [c.text for c in a.sentences[0].voice_cues]
    assert a.sentences[0].voice_cues


@pytest.mark.parametrize(
    "text",
    [
        "The army withdrew from the town on Tuesday.",
        "CNN reported that 30,000 soldiers had arrived.",
        "According to the ministry, the bridge was destroyed.",
        "The plant employs 2,000 people and exports to Africa.",
        "The Ukrainian side stated that the forces would be deployed in Kursk.",
    ],
)
def test_reporting(analyze, text):
    assert analyze(text).sentences[0].voice == "reporting"


def test_quoted_first_person_is_not_author_voice(analyze):
    a = analyze("“We will win this war,” the general said.")
    assert a.sentences[0].voice == "reporting"


def test_claim_voice_follows_sentence(analyze):
    a = analyze("The bridge reopened on Monday.\n\nTherefore, the blockade has clearly failed.")
    assert [c.voice for c in a.claims] == ["reporting", "commentary"]


def _on_page(nlp, text: str, url: str):
    from reportedly.extract import extract
    from reportedly.extract.voice import PAGE_KEY

    doc = nlp(text)
    doc.user_data[PAGE_KEY] = {"url": url, "title": None, "footers": ""}
    return extract(doc)


@pytest.mark.parametrize(
    ("url", "title", "footers", "opinion"),
    [
        ("https://www.nytimes.com/2019/11/19/opinion/republicans-elections.html", None, None, True),
        ("https://www.theguardian.com/commentisfree/2019/nov/18/the-guardian-view", None, None, True),
        ("https://example.com/columnists/2019-royal", None, None, True),
        (None, "The Guardian view on Hong Kong: a city on the brink", None, True),
        (
            None,
            None,
            "The views and opinions expressed in the article do not necessarily reflect ours.",
            True,
        ),
        ("https://www.aljazeera.com/news/2019/11/helicopter-crash.html", "Two killed", "Share this", False),
        ("https://www.cnn.com/2019/11/18/investing/asian-market-latest/index.html", None, None, False),
    ],
)
def test_opinion_page(url, title, footers, opinion):
    from reportedly.extract.voice import opinion_page

    assert opinion_page(url, title, footers) is opinion


def test_an_opinion_page_argues_in_the_present_and_narrates_in_the_past(nlp):
    text = "The authorities keep pouring fuel on the fire. Police fired teargas at protesters on Monday."
    column = _on_page(nlp, text, "https://news.example.com/opinion/hong-kong.html")
    news = _on_page(nlp, text, "https://news.example.com/world/hong-kong.html")
    assert [s.voice for s in column.sentences] == ["commentary", "reporting"]
    assert [s.voice for s in news.sentences] == ["reporting", "reporting"]


def test_reported_speech_on_an_opinion_page_is_never_commentary(nlp):
    text = (
        "“This is a disgraceful and foolish decision,” the minister said. "
        "The US welcomed the exchange. "
        "“We are clearly right and they are plainly wrong.”"
    )
    ex = _on_page(nlp, text, "https://news.example.com/opinion/exchange.html")
    assert [s.voice for s in ex.sentences] == ["reporting"] * 3


@pytest.mark.parametrize(
    "text",
    [
        "Must have been complicated conversations?",
        "Voters rightly punished the governor at the polls.",
        "But perhaps the most telling contradiction was his alibi.",
        "It is astounding that the prince went ahead with the interview.",
    ],
)
def test_author_rhetoric_and_judgement_are_commentary(analyze, text):
    assert analyze(text).sentences[0].voice == "commentary"


def test_that_said_is_a_connective_not_a_source(analyze):
    a = analyze("The report was late. That said, the plan is deeply flawed.")
    names = [link.source.name for c in a.claims for link in c.chain]
    assert "That" not in names
    assert a.claims[-1].chain[-1].source.kind == "author"


def test_tokens_no_word_list_names_are_passed_over_without_changing_the_cues(nlp, monkeypatch):
    doc = nlp(
        "We clearly think this is a truly disastrous plan. The result would seem far too costly, "
        "and the senator is undoubtedly wrong about the excellent bridge."
    )
    sents = list(doc.sents)
    found = [voice.voice_cues(s, set()) for s in sents]
    every_word = dict(voice._word_sets(), cue_words=frozenset(t.lower_ for t in doc))
    monkeypatch.setattr(voice, "_word_sets", lambda: every_word)  # no token passed over
    assert [voice.voice_cues(s, set()) for s in sents] == found
    assert sum(len(f) for f in found) >= 6
