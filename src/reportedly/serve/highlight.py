"""Cut an article's cleaned text into flat segments for highlighting. Spans of different kinds
(sources, cues, claim contents, hedges, quantities, commentary sentences) may overlap, so the
text is cut at every span boundary and each segment carries the set of kinds and claims that
cover it. Templates render each segment's text escaped; nothing here produces markup."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)


def segments(analysis: dict) -> list[Segment]:
    text: str = analysis["document"]["text"]
    marks: list[tuple[int, int, str, str | None]] = []  # start, end, kind, claim id
    for sent in analysis["sentences"]:
        if sent["voice"] == "commentary":
            marks.append((sent["span"]["start"], sent["span"]["end"], "commentary", None))
    for claim in analysis["claims"]:
        cid = claim["id"]
        marks.append((claim["span"]["start"], claim["span"]["end"], "content", cid))
        for link in claim["chain"]:
            if link["source"].get("span"):
                sp = link["source"]["span"]
                marks.append((sp["start"], sp["end"], "source", cid))
            if link.get("cue"):
                marks.append((link["cue"]["start"], link["cue"]["end"], "cue", cid))
        for cue in claim["certainty"]["cues"]:
            marks.append((cue["span"]["start"], cue["span"]["end"], "hedge", cid))
        for q in claim["quantities"]:
            marks.append((q["span"]["start"], q["span"]["end"], "quantity", cid))
    starts: dict[int, list] = defaultdict(list)
    ends: dict[int, list] = defaultdict(list)
    for m in marks:
        if m[0] < m[1]:
            starts[m[0]].append(m)
            ends[m[1]].append(m)
    cuts = sorted({0, len(text), *starts, *ends})
    active: Counter[tuple[str, str | None]] = Counter()
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):  # sweep: marks open and close at cuts
        for m in ends.get(a, ()):
            active[(m[2], m[3])] -= 1
        for m in starts.get(a, ()):
            active[(m[2], m[3])] += 1
        live = [key for key, n in active.items() if n > 0]
        kinds = sorted({k for k, _ in live})
        claims = sorted({c for _, c in live if c}, key=lambda c: int(c[1:]))
        out.append(Segment(text[a:b], kinds, claims))
    return out
