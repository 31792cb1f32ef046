"""Real-page claims dev set: the current source side by side with a baseline revision, in one run.

    python benchmarks/pages_dev.py [--baseline REV] [--out benchmarks/results/pages_dev.json]

The baseline's src/ is taken with `git archive REV src` into a temporary folder and run in a
subprocess (`reportedly eval claims`) with that folder on PYTHONPATH; the current src/ is run the same
way. Both read the same labelled pages (benchmarks/data/pages) and the same HTML (--html). Writes both
summaries and the field-by-field difference."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "9f4d502"  # eval claims added, voice as it was before the opinion-page work
KEYS = ("claim_precision", "claim_recall")


def run_eval(src: Path, pages: Path, html: Path, out: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src))
    cmd = [sys.executable, "-m", "reportedly.cli", "eval", "claims", str(pages), "--html", str(html)]
    subprocess.run([*cmd, "--out", str(out)], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text(encoding="utf-8"))


def baseline_src(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def headline(summary: dict) -> dict:
    return {
        **{k: summary[k] for k in KEYS},
        **summary["fields"],
        "commentary_precision": summary["voice"]["commentary_precision"],
        "commentary_recall": summary["voice"]["commentary_recall"],
        "commentary_f1": summary["voice"]["commentary_f1"],
        "attributed_claims_called_commentary": summary["voice"]["attributed_claims_called_commentary"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    ap.add_argument("--pages", type=Path, default=ROOT / "benchmarks" / "data" / "pages")
    ap.add_argument("--html", type=Path, default=ROOT.parent / "shared" / "data" / "aeb" / "html")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "pages_dev.json")
    args = ap.parse_args()
    if not args.html.is_dir():
        sys.exit(f"error: {args.html}: no article-extraction benchmark pages there (use --html)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        base = run_eval(baseline_src(args.baseline, tmp_path), args.pages, args.html, tmp_path / "base.json")
        now = run_eval(ROOT / "src", args.pages, args.html, tmp_path / "now.json")
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    b, n = headline(base), headline(now)
    result = {
        "pages": now["pages"],
        "gold_claims": now["gold_claims"],
        "baseline": {"revision": args.baseline, **b},
        "current": {"revision": rev.stdout.strip(), **n},
        "difference": {k: round(n[k] - b[k], 1) for k in n},
        "baseline_details": base,
        "current_details": now,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{'':38}{'baseline':>10}{'current':>10}")
    for k in n:
        print(f"{k:38}{b[k]:>10}{n[k]:>10}")
    print(f"results written to {args.out}")


if __name__ == "__main__":
    main()
