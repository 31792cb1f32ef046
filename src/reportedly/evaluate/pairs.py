"""`reportedly eval pairs`: sentence pairs in MRPC format (Quality, #1 ID, #2 ID, #1 String,
#2 String, optional further columns such as a note) judged by the decision the ledger applies
to claims: each text -> facts (entities, quantities) and a MiniLM vector -> match decision."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path


class PairsError(Exception):
    pass


@dataclass
class Pair:
    label: bool
    id1: str
    id2: str
    text1: str
    text2: str
    note: str = ""


def read_pairs(path: Path) -> list[Pair]:
    """MRPC-format pairs; the header line is optional. A bad line is a one-line error."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PairsError(f"{path}: cannot read ({exc})") from None
    pairs = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or (n == 1 and line.lower().startswith("quality")):
            continue
        cols = line.split("\t")
        if len(cols) < 5:
            raise PairsError(f"{path}:{n}: expected 5 tab-separated columns, found {len(cols)}")
        if cols[0].strip() not in ("0", "1"):
            raise PairsError(f"{path}:{n}: Quality must be 0 or 1, not {cols[0].strip()!r}")
        if not cols[3].strip() or not cols[4].strip():
            raise PairsError(f"{path}:{n}: an empty string")
        pairs.append(Pair(cols[0].strip() == "1", cols[1], cols[2], cols[3], cols[4], "\t".join(cols[5:])))
    if not pairs:
        raise PairsError(f"{path}: no pairs")
    return pairs


def scores(labels: list[bool], said: list[bool]) -> dict:
    tp = sum(1 for y, p in zip(labels, said, strict=True) if y and p)
    fp = sum(1 for y, p in zip(labels, said, strict=True) if p and not y)
    fn = sum(1 for y, p in zip(labels, said, strict=True) if y and not p)
    tn = len(labels) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": len(labels),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": round(100 * precision, 2),
        "recall": round(100 * recall, 2),
        "f1": round(100 * f1, 2),
        "accuracy": round(100 * (tp + tn) / len(labels), 2) if labels else 0.0,
    }


def judge(pairs: list[Pair], nlp=None) -> list[tuple[bool, float, str]]:
    """The ledger's decision on every pair: (same?, score, reason)."""
    from reportedly.fuse import embed
    from reportedly.fuse.facts import facts_of_texts
    from reportedly.fuse.match import decide

    texts = sorted({t for p in pairs for t in (p.text1, p.text2)})
    facts = dict(zip(texts, facts_of_texts(texts, nlp), strict=True))
    vectors = dict(zip(texts, embed.encode(texts), strict=True))
    return [decide(facts[p.text1], facts[p.text2], vectors[p.text1], vectors[p.text2]) for p in pairs]


def evaluate(path: Path, nlp=None, errors: int = 20) -> dict:
    pairs = read_pairs(path)
    decisions = judge(pairs, nlp)
    result = scores([p.label for p in pairs], [d[0] for d in decisions])
    result["file"] = str(path)
    wrong = [
        {"id1": p.id1, "id2": p.id2, "label": int(p.label), "score": round(d[1], 3), "reason": d[2]}
        | ({"note": p.note} if p.note else {})
        for p, d in zip(pairs, decisions, strict=True)
        if d[0] != p.label
    ]
    result["errors"] = wrong[:errors]
    return result


def write(result: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def polnear_halves(pairs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    """The labelled PolNeAR pairs split for training and held-out scoring by the hash of #1 ID
    (every pair of one first claim on the same side)."""
    side = [int(hashlib.md5(p.id1.encode()).hexdigest(), 16) % 2 for p in pairs]
    first = [p for p, s in zip(pairs, side, strict=True) if s == 0]
    return first, [p for p, s in zip(pairs, side, strict=True) if s]
