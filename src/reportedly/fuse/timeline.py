"""Quantity timelines: the values reported over publication time for a tracked quantity
("North Korean troops in Russia"), with bounds, approximation, role and source, as rows and as
a plot. Claims are chosen by meaning (embedding similarity to the query) among those that carry
a quantity of the thing the query names, or of the thing most of the closest claims count."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from reportedly.fuse import embed
from reportedly.fuse.facts import THING_SYNONYMS, Facts, load_facts, thing_key
from reportedly.ledger.models import Claim, ClaimVector, Quantity
from reportedly.ledger.store import Ledger

RELEVANT = 0.35  # cosine between the query and a claim for the claim to count


@dataclass
class Point:
    published: datetime | None
    value: float | None
    low: float | None
    high: float | None
    bound: str
    approximate: bool
    role: str
    thing: str
    text: str
    source: str
    outlet: str | None
    claim: str
    similarity: float
    measured: str | None = None  # what the figure measures ("U.S. crude price"), when the text says
    direction: str | None = None
    as_of: str | None = None


def series(ledger: Ledger, query: str, limit: int = 500) -> list[Point]:
    words = {w.lower().rstrip("s") for w in query.split()}
    wanted = {thing_key(w) for w in words if w in THING_SYNONYMS or thing_key(w) != w}
    with Session(ledger.engine) as s:
        ids = list(s.scalars(select(Quantity.claim_id).distinct()))
        vectors = (
            dict(
                s.execute(
                    select(ClaimVector.claim_id, ClaimVector.vector).where(ClaimVector.claim_id.in_(ids))
                ).all()
            )
            if ids
            else {}
        )
        missing = [i for i in ids if i not in vectors]
        if missing:  # claims not fused yet: embed them now, without storing
            texts = dict(s.execute(select(Claim.id, Claim.text).where(Claim.id.in_(missing))).all())
            for cid, vec in zip(missing, embed.encode([texts[i] for i in missing]), strict=True):
                vectors[cid] = embed.to_bytes(vec)
        if not vectors:
            return []
        order = list(vectors)
        matrix = np.stack([embed.from_bytes(vectors[i]) for i in order])
        sims = matrix @ embed.encode([query])[0]
        ranked = [(order[j], float(sims[j])) for j in np.argsort(-sims) if sims[j] >= RELEVANT]
        facts = {f.id: f for f in load_facts(s, [cid for cid, _ in ranked[:limit]])}
    if not wanted:  # the query names no counted thing: take the commonest among close claims
        common = Counter(
            measure_key(q)
            for cid, _ in ranked[:50]
            if cid in facts
            for q in facts[cid].quantities
            if measure_key(q)
        )
        wanted = {common.most_common(1)[0][0]} if common else set()
    points = [
        _point(facts[cid], q, sim)
        for cid, sim in ranked
        if cid in facts
        for q in facts[cid].quantities
        if measure_key(q) in wanted
    ]
    return sorted(points, key=lambda p: (p.published is None, p.published or datetime.min))


def measure_key(q: dict) -> str | None:
    """The measured variable's head when the analysis has one, else the counted thing."""
    return thing_key(q.get("measured_head") or q["thing"])


def _point(f: Facts, q: dict, sim: float) -> Point:
    source = " <- ".join(n for n, _k in f.chain)
    return Point(
        f.published,
        q["value"],
        q["low"],
        q["high"],
        q["bound"],
        q["approximate"],
        q["role"],
        q["thing"],
        q["text"],
        source,
        f.outlet,
        f.text,
        round(sim, 3),
        q.get("measured"),
        q.get("direction"),
        q.get("as_of"),
    )


def plot(points: list[Point], path: Path, title: str) -> Path:
    """Scatter of reported values over time: one colour per role, ▲ for lower bounds, ▼ for
    upper bounds, bars for ranges, hollow markers for approximate figures."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dated = [p for p in points if p.published is not None]
    fig, ax = plt.subplots(figsize=(9, 4.8), dpi=110)
    colours = {
        "total": "tab:blue",
        "increment": "tab:orange",
        "decrement": "tab:green",
        "unspecified": "tab:gray",
    }
    markers = {"lower": "^", "upper": "v", "range": "s", "exact": "o", "vague": "D"}
    seen = set()
    for p in dated:
        y = p.value if p.value is not None else (p.low if p.low is not None else p.high)
        if y is None and p.low is not None and p.high is not None:
            y = (p.low + p.high) / 2
        if y is None:
            continue
        label = p.role if p.role not in seen else None
        seen.add(p.role)
        ax.scatter(
            [p.published],
            [y],
            marker=markers.get(p.bound, "o"),
            s=60,
            label=label,
            facecolors="none" if p.approximate else colours[p.role],
            edgecolors=colours[p.role],
            linewidths=1.5,
            zorder=3,
        )
        if p.bound == "range" and p.low is not None and p.high is not None:
            ax.vlines(p.published, p.low, p.high, colors=colours[p.role], linewidth=2)
        ax.annotate(
            p.outlet or p.source.split(" <- ")[0],
            (p.published, y),
            fontsize=7,
            xytext=(4, 4),
            textcoords="offset points",
        )
    ax.set_title(title)
    ax.set_ylabel(dated[0].thing if dated else "value")
    ax.grid(alpha=0.3)
    if seen:
        ax.legend(title="role (▲ lower bound, ▼ upper, hollow = approximate)", fontsize=8, title_fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
