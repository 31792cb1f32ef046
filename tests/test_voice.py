"""Voice: reporting versus the author's commentary."""

from __future__ import annotations

import pytest


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
