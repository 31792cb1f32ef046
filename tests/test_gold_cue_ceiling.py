"""scripts/gold_cue_ceiling.py puts gold cues where the cleaned text has them."""

from __future__ import annotations

import sys
from pathlib import Path

from reportedly.evaluate.brat import Annotation, Article, GoldAttribution

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from gold_cue_ceiling import gold_cues


def test_gold_cues_follow_the_cleaner_offsets():
    text = "   Officials   said the dam held.\n\n\n      The mayor told reporters it would hold."
    cues = [(text.index("said"), text.index("said") + 4), (text.index("told"), text.index("told") + 4)]
    article = Article(
        name="a",
        publisher="p",
        text=text,
        annotations=[Annotation("x", [GoldAttribution(None, (c,), None) for c in cues])],
    )
    cleaned, found = gold_cues(article)
    assert [cleaned[a:b] for a, b in found] == ["said", "told"]
    assert [a for a, _ in found] != [a for a, _ in cues]  # the cleaner moved them
