"""Check analyses against labelled real sentences: who says what, denials, non-confirmations,
intermediaries, embedded posts and quotations (benchmarks/data/relations_dev.jsonl).

Each line: {"id", "relation", "ref" (where the text comes from), "text" (the real paragraphs),
"claim" (a fragment of the claim to look at), "expect": {...}, and optionally "known_wrong" (why
it still fails)}. Expectations, all optional:
"chain" (source names, outermost first), "chain_first" (the outermost name), "confirmation"
([kind, a fragment of the source's name]), "confirmations" (the exact list of kinds), "polarity",
"cue" (the innermost cue's text), "resolved_to" (a fragment of the pronoun's antecedent) and
"not_in_claim" (text the claim must not swallow)."""

from __future__ import annotations

import json
from pathlib import Path

from reportedly.schema import Analysis, Claim


class RelationsDataError(ValueError):
    pass


def load(path: str | Path) -> list[dict]:
    cases = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RelationsDataError(f"{path}:{n}: not JSON ({exc.msg})") from None
        missing = {"id", "relation", "text", "claim", "expect"} - set(case)
        if missing:
            raise RelationsDataError(f"{path}:{n}: record lacks {', '.join(sorted(missing))}")
        cases.append(case)
    return cases


def _claim(analysis: Analysis, fragment: str) -> Claim | None:
    return next((c for c in analysis.claims if fragment in c.span.text), None)


def check(case: dict, analysis: Analysis) -> list[str]:
    """What is wrong with `analysis` for `case` (empty when right)."""
    claim = _claim(analysis, case["claim"])
    if claim is None:
        return [f"no claim contains {case['claim']!r}"]
    exp, errors = case["expect"], []
    names = [link.source.name for link in claim.chain]
    if "chain" in exp and names != exp["chain"]:
        errors.append(f"chain {names} != {exp['chain']}")
    if "chain_first" in exp and names[0] != exp["chain_first"]:
        errors.append(f"outermost {names[0]!r} != {exp['chain_first']!r}")
    confs = [(c.kind, c.source.name) for c in claim.confirmations]
    if "confirmation" in exp:
        kind, who = exp["confirmation"]
        if not any(k == kind and who.lower() in name.lower() for k, name in confs):
            errors.append(f"no {kind} by {who!r} in {confs}")
    if "confirmations" in exp and [k for k, _ in confs] != exp["confirmations"]:
        errors.append(f"confirmations {confs} != {exp['confirmations']}")
    if "polarity" in exp and claim.certainty.polarity != exp["polarity"]:
        errors.append(f"polarity {claim.certainty.polarity}")
    cue = claim.chain[-1].cue.text if claim.chain[-1].cue else None
    if "cue" in exp and cue != exp["cue"]:
        errors.append(f"cue {cue!r} != {exp['cue']!r}")
    if "resolved_to" in exp:
        got = claim.chain[-1].source.resolved_to or ""
        if exp["resolved_to"] not in got:
            errors.append(f"resolved to {got!r}, not {exp['resolved_to']!r}")
    if "not_in_claim" in exp and exp["not_in_claim"] in claim.span.text:
        errors.append(f"claim swallows {exp['not_in_claim']!r}")
    return errors


def run(path: str | Path, analyze) -> list[dict]:
    """Each case with its errors; `analyze` maps text to an Analysis."""
    return [{**case, "errors": check(case, analyze(case["text"]))} for case in load(path)]


def summarise(results: list[dict]) -> dict:
    by: dict[str, list[int]] = {}
    for r in results:
        right = by.setdefault(r["relation"], [0, 0])
        right[0] += not r["errors"]
        right[1] += 1
    return {
        "right": sum(v[0] for v in by.values()),
        "cases": len(results),
        "by_relation": {k: {"right": v[0], "cases": v[1]} for k, v in sorted(by.items())},
    }
