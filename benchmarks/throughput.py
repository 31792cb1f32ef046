"""Words/second of the full analysis against spaCy parse-only, same texts, same run.

    python benchmarks/throughput.py [--corpus DIR] [--repeat 3] [--no-context] [--cpu]
    python benchmarks/throughput.py --cpu --before-src OTHER/src [--repeat 2]

Texts: the sample article plus the PolNeAR dev articles (real news) when ../shared is present.
Each measurement is the best of --repeat runs, alternating the modes so that warm-up and
machine noise hit all alike. The full analysis is timed with the default cue tagger and, where
the `fuse` extra is installed, with the context tagger (REPORTEDLY_ATTRIBUTION=context).
--cpu times the process's CPU seconds instead of the wall clock: on a machine shared with other
jobs, their load then slows neither side (the parse and the extraction run on one thread each).
--before-src runs this tree's code and another's (e.g. main's src) side by side instead: each
repeat starts one fresh process per side, alternating, which times the default cue tagger as the
single-tree run does (best of --side-repeat, parse-only and full analysis alternating); each
side's ratio is its own parse-only time over its own full analysis time.
Writes benchmarks/results/throughput.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from reportedly import parse
from reportedly.analyze import analyze_many
from reportedly.extract.attribution.taggers import tagged
from reportedly.read import RawArticle

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def load_texts(corpus: Path | None) -> list[str]:
    paths = [SHARED / "samples" / "seed.txt"]
    corpus = corpus or SHARED / "data" / "polnear" / "dev" / "text"
    if corpus.exists():
        paths += sorted(corpus.glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths if p.exists()]


clock = time.perf_counter  # time.process_time with --cpu


def parse_only(nlp, texts: list[str]) -> float:
    t = clock()
    for doc in nlp.pipe(texts, batch_size=16):
        assert len(doc) > 0
    return clock() - t


def full_analysis(nlp, texts: list[str], mode: str = "tagged") -> float:
    os.environ[tagged.MODE_ENV] = mode
    t = clock()
    raws = [RawArticle(text=x, origin=f"bench{i}", fmt="text", encoding="utf-8") for i, x in enumerate(texts)]
    for analysis, _ in analyze_many(((r, None) for r in raws), nlp, batch_size=16):
        assert not isinstance(analysis, Exception) and analysis.document.text
    return clock() - t


def one_side(args: argparse.Namespace) -> None:
    """--side: one process's best parse-only and full analysis times, printed as JSON."""
    nlp = parse.load()
    texts = load_texts(args.corpus)
    full_analysis(nlp, texts[:5])
    parse_s, full_s = [], []
    for _ in range(args.repeat):  # alternating, as the single-tree run does
        parse_s.append(parse_only(nlp, texts))
        full_s.append(full_analysis(nlp, texts))
    parse_s, full_s = min(parse_s), min(full_s)
    print(json.dumps({"parse_s": parse_s, "full_s": full_s, "words": sum(len(t.split()) for t in texts)}))


def side_by_side(args: argparse.Namespace) -> dict:
    """Ratios of this tree's code and of --before-src, one fresh process per side and repeat."""
    sides = {"before": args.before_src.resolve(), "after": (args.after_src or ROOT / "src").resolve()}
    runs: dict[str, list[dict]] = {name: [] for name in sides}
    for _ in range(args.repeat):
        for name, src in sides.items():
            cmd = [sys.executable, __file__, "--side", "--repeat", str(args.side_repeat)]
            cmd += ["--cpu"] if args.cpu else []
            if args.corpus:
                cmd += ["--corpus", str(args.corpus)]
            env = {**os.environ, "PYTHONPATH": str(src), tagged.MODE_ENV: "tagged"}
            out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
            runs[name].append(json.loads(out.strip().splitlines()[-1]))
    result = {"clock": "process CPU time" if args.cpu else "wall", "repeat": args.repeat}
    for name, got in runs.items():
        words = got[0]["words"]
        result[name] = {
            "src": str(sides[name]),
            "parse_only_words_per_s": round(words / min(g["parse_s"] for g in got)),
            "full_analysis_words_per_s": round(words / min(g["full_s"] for g in got)),
            "ratio": round(min(g["parse_s"] for g in got) / min(g["full_s"] for g in got), 3),
            "ratio_per_run": [round(g["parse_s"] / g["full_s"], 3) for g in got],
            "overhead_s_per_run": [round(g["full_s"] - g["parse_s"], 2) for g in got],
        }
    result["target_ratio"] = 0.85
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-context", action="store_true", help="time the default cue tagger only")
    ap.add_argument("--cpu", action="store_true", help="time CPU seconds of this process, not the wall clock")
    ap.add_argument("--before-src", type=Path, default=None, help="another tree's src/, timed side by side")
    ap.add_argument("--after-src", type=Path, default=None, help="with --before-src: in place of src/")
    ap.add_argument("--side-repeat", type=int, default=3, help="with --before-src: best of N in each process")
    ap.add_argument("--side", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "throughput.json")
    args = ap.parse_args()
    global clock
    clock = time.process_time if args.cpu else time.perf_counter
    if args.side:
        return one_side(args)
    if args.before_src is not None:
        result = side_by_side(args)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(result, indent=2))
        return
    nlp = parse.load()
    texts = load_texts(args.corpus)
    words = sum(len(t.split()) for t in texts)
    modes = ["tagged"]
    try:
        os.environ[tagged.MODE_ENV] = "context"
        tagged.enabled()
        if not args.no_context:
            modes.append("context")
    except tagged.AttributionModeError as exc:
        print(f"context tagger not timed: {exc}")
    for mode in modes:  # warm up lazily loaded tables (gazetteer, aliases, encoder)
        full_analysis(nlp, texts[:5], mode)
    parse_times: list[float] = []
    full_times: dict[str, list[float]] = {m: [] for m in modes}
    for _ in range(args.repeat):
        parse_times.append(parse_only(nlp, texts))
        for mode in modes:
            full_times[mode].append(full_analysis(nlp, texts, mode))
    parse_wps = words / min(parse_times)
    full_wps = {mode: words / min(times) for mode, times in full_times.items()}
    result = {
        "texts": len(texts),
        "words": words,
        "pipeline": parse.pipeline_id(nlp),
        "parse_only_words_per_s": round(parse_wps),
        "full_analysis_words_per_s": round(full_wps["tagged"]),
        "ratio": round(full_wps["tagged"] / parse_wps, 3),
        "target_ratio": 0.85,
        "context_tagger": {
            "full_analysis_words_per_s": round(full_wps["context"]),
            "ratio": round(full_wps["context"] / parse_wps, 3),
        }
        if "context" in full_wps
        else None,
        "repeat": args.repeat,
        "clock": "process CPU time" if args.cpu else "wall",
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
