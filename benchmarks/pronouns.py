"""He and she with no antecedent close by: how often the speaker resolver names the right person.

benchmarks/data/pronoun_fallbacks.jsonl holds 60 pronouns that introduce what someone said in 260
random PolNeAR train articles, picked where the resolver falls back (no continuing cue like "she
added", no person as the subject of the pronoun's sentence or the one before it) and the most
recently named fitting person differs from the most mentioned one. Two readers named the referent
of each from the text before it (they agree on all 60). The script analyses those articles with the
shipped pipeline, reads what `speakers.SpeakerResolver.resolve` answers for each pronoun, and scores
it beside the two candidates the file records (most recent, most mentioned).

    python benchmarks/pronouns.py [--out benchmarks/results/pronoun_fallbacks.json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from reportedly.analyze import analyze_text
from reportedly.extract.attribution import speakers

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "benchmarks" / "data" / "pronoun_fallbacks.jsonl"
TEXTS = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"


def same_person(a: str | None, b: str) -> bool:
    """One name is the other's, or they share the last word ("Rubio" / "Marco Rubio")."""
    if not a:
        return False
    wa, wb = a.lower().replace(".", "").split(), b.lower().replace(".", "").split()
    return bool(wa and wb) and (wa[-1] == wb[-1] or set(wa) <= set(wb) or set(wb) <= set(wa))


def resolved(files: list[str]) -> dict[tuple[str, str], str | None]:
    """(file, sentence) -> the name the resolver gives a pronoun source of that sentence."""
    answers: dict[tuple[str, str], str | None] = {}
    current = {"file": ""}
    original = speakers.SpeakerResolver.resolve

    def watch(self, pron, cue, spoke):
        person = original(self, pron, cue, spoke)
        answers[(current["file"], pron.sent.text)] = person[1] if person else None
        return person

    speakers.SpeakerResolver.resolve = watch
    try:
        for name in files:
            current["file"] = name
            analyze_text((TEXTS / name).read_text(encoding="utf-8"))
    finally:
        speakers.SpeakerResolver.resolve = original
    return answers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "pronoun_fallbacks.json")
    args = ap.parse_args()
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    answers = resolved(sorted({c["file"] for c in cases}))
    rows = []
    for c in cases:
        got = answers.get((c["file"], c["sentence"]))
        truth = c["referent"][0]
        rows.append(
            {
                "n": c["n"],
                "referent": truth,
                "resolver": got,
                "right": same_person(got, truth),
                "most_recent_right": same_person(c["most_recent_fitting"], truth),
                "most_mentioned_right": same_person(c["most_mentioned_fitting"], truth),
            }
        )
    summary = {
        "cases": len(rows),
        "readers_agree": sum(same_person(c["referent"][1], c["referent"][0]) for c in cases),
        "resolver_right": sum(r["right"] for r in rows),
        "most_recent_fitting_right": sum(r["most_recent_right"] for r in rows),
        "most_mentioned_fitting_right": sum(r["most_mentioned_right"] for r in rows),
    }
    print(json.dumps(summary))
    args.out.write_text(json.dumps({"summary": summary, "cases": rows}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
