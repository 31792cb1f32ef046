"""Error classes of source, cue and content spans on a PolNeAR compartment (a development tool).

    python scripts/span_errors.py ../shared/data/polnear/train --every 5 [--out errors.json] [--show CLASS]

Parses each article once and keeps the parse under build/span_errors/ (spaCy DocBin, keyed by the
text), so rule changes re-measure in seconds. Scores as `reportedly eval attribution` does (each
annotator, weighted by 1/annotators) and sorts every gold span without an exact match, and every
predicted content with no overlap, into a class: boundary too long or too short and why (a trailing
"said X", a parenthetical, another sentence, the cue), a cue found with no content, the whole
attribution missed."""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from spacy.tokens import Doc, DocBin

from reportedly import parse
from reportedly.analyze import analyze_many
from reportedly.evaluate.attribution import ROLE_KEYS, Scores, predicted_spans
from reportedly.evaluate.brat import ROLES, Article, load_compartment
from reportedly.evaluate.metrics import match, trim_fragments, word_chars
from reportedly.read import RawArticle

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "span_errors"


class CachedNlp:
    """The pipeline, answering from stored parses where it has one (same text, same model)."""

    def __init__(self, nlp) -> None:
        self.nlp = nlp
        CACHE.mkdir(parents=True, exist_ok=True)

    def __getattr__(self, name):
        return getattr(self.nlp, name)

    def _path(self, text: str) -> Path:
        return CACHE / (hashlib.sha1(text.encode()).hexdigest() + ".spacy")

    def __call__(self, text: str) -> Doc:
        path = self._path(text)
        if path.exists():
            return next(DocBin().from_disk(path).get_docs(self.nlp.vocab))
        doc = self.nlp(text)
        bin_ = DocBin(store_user_data=True)
        bin_.add(doc)
        bin_.to_disk(path)
        return doc

    def pipe(self, items, as_tuples=False, **_kw):
        for text, ctx in items:
            yield self(text), ctx


def words(text: str, frags) -> frozenset[int]:
    return word_chars(text, trim_fragments(text, frags))


def sentence_breaks(text: str, chars: frozenset[int]) -> bool:
    """The characters run over a sentence end (., ?, ! followed by a space and a capital or quote)."""
    if not chars:
        return False
    a, b = min(chars), max(chars) + 1
    return re.search(r"[.?!][\"'”’]?\s+[\"“'‘A-Z]", text[a:b]) is not None


def classify_content(text: str, gold, pred_attrs, pred_cues_all) -> str:
    g = words(text, gold.content)
    best, best_j = None, 0.0
    for attr in pred_attrs:
        p = words(text, attr["content"])
        inter = len(g & p)
        if inter:
            j = inter / len(g | p)
            if j > best_j:
                best, best_j = attr, j
    if best is None:
        if gold.cue and any(words(text, gold.cue) & words(text, c) for c in pred_cues_all):
            return "missed: cue found, no content overlapping"
        return "missed: cue not found (whole attribution)"
    p = words(text, best["content"])
    extra, lack = p - g, g - p
    cue = words(text, best["cue"]) if best["cue"] else frozenset()
    src = words(text, best["source"]) if best["source"] else frozenset()
    if extra and lack:
        return "crossing"
    if lack:
        if sentence_breaks(text, g) and not sentence_breaks(text, p):
            return "too short: gold runs over more sentences"
        if gold.cue and words(text, gold.cue) & lack:
            return "too short: gold includes the cue"
        return "too short: other"
    if not extra:
        return "same words, punctuation/fragments differ"
    if extra & cue or extra & src:
        a = min(extra)
        if a > max(g):
            return "too long: trailing cue/source ('..., X said')"
        return "too long: includes the cue/source"
    if sentence_breaks(text, p) and not sentence_breaks(text, g):
        return "too long: more sentences than gold"
    full = text[min(extra) : max(extra) + 1]
    if "(" in full or ")" in full or "—" in full or "--" in full:
        return "too long: parenthetical/dash aside"
    if gold.cue and words(text, gold.cue) & extra:
        return "too long: gold cue inside predicted content (nested)"
    if re.match(r"(that|whether|if|to)\b", full):
        return "too long: complementiser/to"
    return "too long: other"


def classify_span(text: str, gold_frags, preds, role: str, pred_cues) -> str:
    g = words(text, gold_frags)
    over = [words(text, p) for p in preds if words(text, p) & g]
    if not over:
        if role == "Source" and pred_cues is not None:
            return "missed: cue found" if pred_cues else "missed: cue not found"
        return "missed"
    p = max(over, key=lambda s: len(s & g) / len(s | g))
    extra, lack = p - g, g - p
    if extra and lack:
        return "crossing"
    if lack:
        return "too short"
    if extra:
        return "too long"
    return "same words, punctuation/fragments differ"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--every", type=int, default=1, help="take every N-th article")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--show", help="print examples of this class (substring)")
    ap.add_argument("--n", type=int, default=15)
    args = ap.parse_args()
    articles: list[Article] = load_compartment(args.directory)[:: args.every]
    nlp = CachedNlp(parse.load())
    items = ((RawArticle(text=a.text, origin=a.name, fmt="text", encoding="utf-8"), a) for a in articles)
    total = Scores()
    classes: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    for analysis, art in analyze_many(items, nlp):
        if isinstance(analysis, Exception):
            sys.exit(f"{art.name}: {analysis}")
        pred = predicted_spans(analysis)
        attrs = [
            {"source": s, "cue": c, "content": t}
            for s, c, t in zip(_sources(analysis, pred), pred["Cue"], pred["Content"], strict=True)
        ]
        text = art.text
        w = 1.0 / len(art.annotations)
        for ann in art.annotations:
            one = Scores()
            for role in ROLES:
                gold = [f for f in (getattr(g, ROLE_KEYS[role]) for g in ann.attributions) if f]
                one.exact[role], one.overlap[role], _, _ = match(text, pred[role], gold)
            total.add(one, w)
            for g in ann.attributions:
                found_cue = [a for a in attrs if g.cue and words(text, g.cue) & words(text, a["cue"])]
                if g.content:
                    exact = any(
                        trim_fragments(text, g.content) == trim_fragments(text, p) for p in pred["Content"]
                    )
                    if not exact:
                        k = classify_content(text, g, attrs, pred["Cue"])
                        classes["content"][k] += w
                        examples[k].append(_show(text, g, found_cue))
                for role in ("Source", "Cue"):
                    frags = getattr(g, ROLE_KEYS[role])
                    if not frags:
                        continue
                    if any(trim_fragments(text, frags) == trim_fragments(text, p) for p in pred[role]):
                        continue
                    k = classify_span(text, frags, pred[role], role, found_cue if role == "Source" else None)
                    classes[role.lower()][k] += w
                    examples[f"{role.lower()} {k}"].append(_show(text, g, found_cue))
            for a in attrs:
                pw = words(text, a["content"])
                if pw and not any(pw & words(text, g.content) for g in ann.attributions if g.content):
                    cue_w = words(text, a["cue"])
                    gold_cue = any(cue_w & words(text, g.cue) for g in ann.attributions if g.cue)
                    kind = "its cue is a gold cue" if gold_cue else "its cue is no gold cue"
                    classes["content spurious"][kind] += w
                    examples["spurious"].append(
                        f"PRED cue=[{_t(text, a['cue'])}] content=[{_t(text, a['content'])[:200]}]"
                    )
    summary = {
        "articles": len(articles),
        "scores": total.as_dict(),
        "classes": {k: dict(c.most_common()) for k, c in classes.items()},
    }
    text_out = json.dumps(summary, indent=1)
    print(text_out)
    if args.out:
        args.out.write_text(text_out + "\n")
    if args.show:
        for k, ex in examples.items():
            if args.show in k:
                random.seed(0)
                print(f"\n== {k} ({len(ex)})")
                for e in random.sample(ex, min(args.n, len(ex))):
                    print("-", e)


def _sources(analysis, pred):
    out = []
    for attr in analysis.attributions:
        out.append(pred["Source"].pop(0) if attr.source.span is not None else ())
    pred["Source"].extend(out[i] for i in range(len(out)) if out[i])
    return out


def _t(text: str, frags) -> str:
    return " | ".join(text[a:b] for a, b in frags).replace("\n", " ")


def _show(text: str, g, found) -> str:
    s = f"GOLD src=[{_t(text, g.source or ())}] cue=[{_t(text, g.cue or ())}]"
    s += f" content=[{_t(text, g.content or ())[:250]}]"
    for a in found[:1]:
        s += f"\n    PRED src=[{_t(text, a['source'])}] cue=[{_t(text, a['cue'])}]"
        s += f" content=[{_t(text, a['content'])[:250]}]"
    return s


if __name__ == "__main__":
    main()
