"""Where fusion's time goes, and whether a change keeps its decisions. Re-fuses a COPY of a ledger
(stories and vectors cleared, so embedding is included; --stored-vectors keeps the vectors) and
reports CPU seconds (the machine is shared) by part, timed by thin wrappers around the parts'
functions (nested parts are inside their parents: features inside the reassignment pass, etc.).
--cprofile adds cProfile's busiest functions (its per-call overhead inflates the many small Python
calls, so the table does not use it). --stories writes every claim's story as the claims it
shares it with, and --compare counts the claims whose story differs from another run's file.

    python benchmarks/fusion_profile.py --db ledger.sqlite [--stored-vectors] [--out R.json]
        [--stories S.json] [--compare OTHER_S.json] [--cprofile]
"""

from __future__ import annotations

import argparse
import cProfile
import difflib
import functools
import json
import pstats
import shutil
import tempfile
import time
from pathlib import Path

import torch
from cpu_time import patch
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reportedly.fuse import embed, match, verify
from reportedly.ledger.models import ClaimVector, Story, StoryClaim
from reportedly.ledger.store import Ledger

ROOT = Path(__file__).resolve().parents[1]

# (label, owner, attribute): the parts timed, each a function or method replaced by a timed wrapper
PARTS = [
    ("embedding (MiniLM encode)", embed, "encode"),
    ("DB: read stored vectors and encode the rest", match, "_vectors"),
    ("DB: read facts (load_facts)", match, "load_facts"),
    ("DB: write a batch (stories, vectors, memberships)", match, "_store"),
    ("ANN search (usearch) and window filter", match.Index, "neighbours"),
    ("index add (usearch insert)", match.Index, "add"),
    ("best story (members, features, verifier)", match, "best_story"),
    ("  story members, span, figure veto", match, "_judged_members"),
    ("  verifier features", verify, "features"),
    ("    of which SequenceMatcher ratio", difflib.SequenceMatcher, "ratio"),
    ("  verifier MLP", verify.Verifier, "probability"),
    ("why-evidence", match, "_evidence"),
    ("reassignment pass (search, fits, moves)", match, "_reassign"),
]


def instrument(spent: dict) -> None:
    for label, owner, name in PARTS:
        patch(spent, label, owner, name)
    if hasattr(verify, "features_many"):  # fusion's batched features (absent from older checkouts)
        patch(spent, "  verifier features", verify, "features_many")


def clear(db: str, keep_vectors: bool) -> Ledger:
    ledger = Ledger(db)
    with Session(ledger.engine) as s, s.begin():
        s.execute(delete(StoryClaim))
        if not keep_vectors:
            s.execute(delete(ClaimVector))
        s.execute(delete(Story))
    return ledger


def stories(ledger: Ledger) -> dict[str, list[int]]:
    """Every fused claim -> the sorted claims of its story (story ids themselves may differ)."""
    with Session(ledger.engine) as s:
        rows = s.execute(select(StoryClaim.claim_id, StoryClaim.story_id)).all()
    members: dict[int, list[int]] = {}
    for claim, story in rows:
        members.setdefault(story, []).append(claim)
    return {str(c): sorted(members[sid]) for c, sid in rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, required=True, help="ledger to copy (never written)")
    ap.add_argument("--stored-vectors", action="store_true", help="keep the stored vectors")
    ap.add_argument("--no-parts", action="store_true", help="total time only (no wrappers)")
    ap.add_argument("--cprofile", action="store_true", help="also list cProfile's busiest functions")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "fusion_profile.json")
    ap.add_argument("--stories", type=Path, help="write every claim's story members here")
    ap.add_argument("--compare", type=Path, help="stories file of another run: count claims that differ")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--embed-batch", type=int, help="MiniLM batch size (default: embed.encode's)")
    ap.add_argument("--fuse-batch", type=int, default=256, help="claims per fusion batch")
    args = ap.parse_args()
    torch.set_num_threads(1)
    tmp = Path(tempfile.mkdtemp(prefix="fusion-profile-"))
    copy = tmp / "ledger.sqlite"
    shutil.copy(args.db, copy)
    ledger = clear(str(copy), args.stored_vectors)
    embed._model()  # loading the model is not fusion's per-claim cost
    if args.embed_batch:
        embed.encode = functools.partial(embed.encode, batch_size=args.embed_batch)
    spent: dict[str, float] = {}
    if not args.no_parts:
        instrument(spent)
    profiler = cProfile.Profile(time.process_time) if args.cprofile else None
    cpu, wall = time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    summary = match.fuse(ledger, batch=args.fuse_batch)
    if profiler:
        profiler.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    result: dict = {
        "db": str(args.db),
        "stored_vectors": args.stored_vectors,
        "embed_batch": args.embed_batch,
        "fuse_batch": args.fuse_batch,
        "claims": summary.claims,
        "matched": summary.matched,
        "new_stories": summary.new_stories,
        "moved": summary.moved,
        "cpu_seconds": round(cpu, 1),
        "wall_seconds": round(wall, 1),
        "claims_per_cpu_s": round(summary.claims / cpu, 2),
        "timing": "cProfile" if profiler else ("wrappers" if spent else "none"),
    }
    if spent:
        result["parts_cpu_s"] = {label: round(s, 2) for label, s in spent.items()}
    if profiler:
        stats = pstats.Stats(profiler)
        ranked = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[: args.top]
        result["cprofile_self_cpu_s"] = [
            {"function": f"{Path(p).name}:{ln}:{fn}", "calls": v[1], "self_s": round(v[2], 2)}
            for (p, ln, fn), v in ranked
        ]
    found = stories(ledger)
    if args.stories:
        args.stories.write_text(json.dumps(found), encoding="utf-8")
    if args.compare:
        other = json.loads(args.compare.read_text(encoding="utf-8"))
        differ = sorted(set(found) ^ set(other)) + [c for c in found if c in other and found[c] != other[c]]
        result["identical_to"] = {"file": str(args.compare), "claims": len(found), "differ": len(differ)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
