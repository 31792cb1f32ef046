"""Source kinds as the claim labelling guide reads them: a proper name is named whatever its last
word ("the Sioux Falls Argus Leader"); a definite description of one institution ("the agency",
"the US military") is named; unnamed people and indefinite bodies stay vague; scans are evidence."""

from __future__ import annotations

import pytest

from tests.conftest import claim_with


@pytest.mark.parametrize(
    ("text", "fragment", "kind"),
    [
        ("The campaign cost the state $449,000, according to the Sioux Falls Argus Leader.", "cost", "named"),
        ("Two soldiers were killed in a crash, the US military said in a statement.", "killed", "named"),
        (
            "The space agency studied hibernation. The agency said that it could shrink spacecraft.",
            "shrink",
            "named",
        ),
        ("A government official said that the talks had failed.", "talks", "vague"),
        ("Officials said that the talks had failed.", "talks", "vague"),
        ("Many Republicans said that the talks had failed.", "talks", "vague"),
        (
            "Officials said a scan of the microchip showed that the cat had traveled far.",
            "traveled",
            "evidence",
        ),
    ],
)
def test_source_kind(analyze, text, fragment, kind):
    assert claim_with(analyze(text), fragment).chain[-1].source.kind == kind
