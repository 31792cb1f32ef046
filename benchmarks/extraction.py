"""Article text on real web pages: what we analyse against trafilatura's own output.

    python benchmarks/extraction.py [--label after] [--variants]

On the dev half of the article-extraction benchmark (../shared/data/aeb: 91 real pages with the
article body a person marked), scores side by side with the benchmark's own metric
(reportedly.evaluate.extraction): (a) trafilatura's output with the settings read.py uses, (b) the
text we analyse (read -> clean). Also: the paragraphs each cleaning rule took out and how many of
them were article text (half or more of their shingles in the marked body), the F1 the analysed
text would have if that rule were switched off, and the worst pages. With --variants, the same
for other trafilatura settings. Writes benchmarks/results/extraction_dev.json."""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import time
from pathlib import Path

import trafilatura

from reportedly.clean import CleanText, Piece, clean
from reportedly.evaluate.extraction import PageScore, corpus_scores, page_score, shingles
from reportedly.read import EXTRACTION_OPTIONS, normalise_newlines, read_bytes

ROOT = Path(__file__).resolve().parents[1]
AEB = ROOT.parent / "shared" / "data" / "aeb"
_DEFAULTS = {
    "include_comments": False,
    "include_tables": False,
    "favor_precision": False,
    "favor_recall": False,
}
VARIANTS = {  # complete settings, whatever read.py uses
    "no tables": _DEFAULTS,
    "favor_precision": _DEFAULTS | {"favor_precision": True},
    "favor_recall": _DEFAULTS | {"favor_recall": True},
    "include_tables": _DEFAULTS | {"include_tables": True},
    "favor_precision+include_tables": _DEFAULTS | {"favor_precision": True, "include_tables": True},
    "favor_recall+include_tables": _DEFAULTS | {"favor_recall": True, "include_tables": True},
}


def load_pages() -> list[tuple[str, str, str]]:
    """(id, html, article body) of every dev page."""
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((AEB / "html").glob("*.html.gz")):
        key = path.name.removesuffix(".html.gz")
        if key not in truth:
            raise SystemExit(f"{path}: no ground truth for page {key}")
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        pages.append((key, html, truth[key]["articleBody"]))
    return pages


def trafilatura_text(html: str, options: dict[str, bool]) -> str:
    doc = trafilatura.bare_extraction(html, with_metadata=True, **(EXTRACTION_OPTIONS | options))
    return normalise_newlines(getattr(doc, "text", "") or "") if doc is not None else ""


def cuts(c: CleanText) -> dict[str, list[Piece]]:
    """Pieces of the original text each rule took out, by rule (debris fields holding pieces)."""
    out: dict[str, list[Piece]] = {}
    for f in dataclasses.fields(c.debris):
        if "Piece" not in str(f.type):
            continue
        value = getattr(c.debris, f.name)
        pieces = value if isinstance(value, list) else [value]
        out[f.name] = [p for p in pieces if isinstance(p, Piece) and p.start >= 0]
    return out


def text_without_rule(c: CleanText, rule_pieces: list[Piece]) -> str:
    """The cleaned text as it would be if the pieces of one rule had been left in."""
    kept = [(orig, orig + n) for _, orig, n in c.offsets.segments()] or [(0, len(c.original))]
    spans = sorted(kept + [(p.start, p.end) for p in rule_pieces])
    return "\n\n".join(c.original[a:b] for a, b in spans)


def is_article_text(piece: str, truth_shingles: set) -> bool:
    own = shingles(piece)
    return bool(own) and sum(n for g, n in own.items() if g in truth_shingles) >= 0.5 * sum(own.values())


def score_variant(pages, options: dict[str, bool]) -> dict:
    ours, theirs = [], []
    for _, html, body in pages:
        text = trafilatura_text(html, options)
        theirs.append(page_score(body, text))
        ours.append(page_score(body, clean(text).text if text.strip() else ""))
    return {"trafilatura": corpus_scores(theirs), "analysed": corpus_scores(ours)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--label", default="current", help="name of this run in the results file")
    ap.add_argument("--variants", action="store_true", help="also score other trafilatura settings")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/extraction_dev.json")
    args = ap.parse_args()

    pages = load_pages()
    t0 = time.perf_counter()
    theirs: list[PageScore] = []
    ours: list[PageScore] = []
    rules: dict[str, dict] = {}
    ablation: dict[str, list[PageScore]] = {}
    per_page = []
    for key, html, body in pages:
        traf = trafilatura_text(html, {})
        raw = read_bytes(html.encode("utf-8"), key, suffix=".html")
        c = clean(raw.text, title=raw.meta.get("title"))
        s_traf, s_ours = page_score(body, traf), page_score(body, c.text)
        theirs.append(s_traf)
        ours.append(s_ours)
        truth = set(shingles(body))
        for rule, pieces in cuts(c).items():
            r = rules.setdefault(rule, {"cut": 0, "article_text": 0, "examples": []})
            for p in pieces:
                r["cut"] += 1
                if is_article_text(p.text, truth):
                    r["article_text"] += 1
                    if len(r["examples"]) < 8:
                        r["examples"].append(p.text[:120])
            ablation.setdefault(rule, []).append(page_score(body, text_without_rule(c, pieces)))
        per_page.append(
            {
                "id": key,
                "url": raw.meta.get("url"),
                "trafilatura_f1": round(s_traf.f1, 4),
                "analysed_f1": round(s_ours.f1, 4),
                "analysed_precision": round(s_ours.precision or 0, 4),
                "analysed_recall": round(s_ours.recall or 0, 4),
            }
        )
    result = {
        "data": "aeb dev half (../shared/data/aeb), metric of the benchmark (4-token shingles)",
        "trafilatura_options": EXTRACTION_OPTIONS,
        "trafilatura": corpus_scores(theirs),
        "analysed": corpus_scores(ours),
        "rules": {
            rule: r | {"analysed_f1_without_rule": corpus_scores(ablation[rule])["f1"]}
            for rule, r in sorted(rules.items())
        },
        "below_trafilatura_pages": sum(o.f1 < t.f1 - 1e-9 for o, t in zip(ours, theirs, strict=True)),
        "worst_pages": sorted(per_page, key=lambda p: p["analysed_f1"] - p["trafilatura_f1"])[:10],
        "seconds": round(time.perf_counter() - t0, 1),
    }
    if args.variants:
        result["variants"] = {name: score_variant(pages, opts) for name, opts in VARIANTS.items()}
    print(f"{'':14}{'precision':>10}{'recall':>10}{'F1':>10}   ({len(pages)} pages)")
    for name in ("trafilatura", "analysed"):
        m = result[name]
        print(f"{name:14}{m['precision']:>10.4f}{m['recall']:>10.4f}{m['f1']:>10.4f}")
    for rule, r in result["rules"].items():
        print(
            f"rule {rule:10} cut {r['cut']:4} paragraphs, {r['article_text']:4} article text; "
            f"F1 without it {r['analysed_f1_without_rule']:.4f}"
        )
    for name, v in result.get("variants", {}).items():
        t, a = v["trafilatura"]["f1"], v["analysed"]["f1"]
        print(f"variant {name:32} trafilatura F1 {t:.4f}  analysed F1 {a:.4f}")
    runs = json.loads(args.out.read_text()) if args.out.exists() else {}
    runs[args.label] = result
    args.out.write_text(json.dumps(runs, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
