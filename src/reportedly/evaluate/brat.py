"""Read a PolNeAR-style compartment: text/NAME.txt and attributions/NAME_ANNOTATOR.ann (BRAT).
Besides attributions, an annotator marks text that is not the article's own (boilerplate,
markup, credits) as `Discard` spans: the gold for debris (evaluate/debris.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

Fragments = tuple[tuple[int, int], ...]
ROLES = ("Source", "Cue", "Content")
_RECORD = re.compile(r"^[TERAMN#]\d*\t")


@dataclass
class GoldAttribution:
    source: Fragments | None
    cue: Fragments | None
    content: Fragments | None


@dataclass
class Annotation:
    annotator: str
    attributions: list[GoldAttribution] = field(default_factory=list)
    discards: list[tuple[int, int]] = field(default_factory=list)  # text marked as not the article's


@dataclass
class Article:
    name: str
    publisher: str
    text: str
    annotations: list[Annotation]


class CorpusError(Exception):
    pass


def parse_ann(path: Path) -> list[GoldAttribution]:
    return read_ann(path)[0]


def read_ann(path: Path) -> tuple[list[GoldAttribution], list[tuple[int, int]]]:
    """The attributions of one annotation file, and its Discard spans."""
    spans: dict[str, tuple[str, Fragments]] = {}
    relations: list[dict[str, str]] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not _RECORD.match(line):
            continue  # blank, or the continuation of a span text that contains a newline
        parts = line.split("\t")
        try:
            if parts[0].startswith("T"):
                kind, _, offsets = parts[1].partition(" ")
                frags = tuple((int(a), int(b)) for a, b in (f.split() for f in offsets.split(";")))
                spans[parts[0]] = (kind, frags)
            elif parts[0].startswith("E"):
                relations.append(dict(arg.split(":", 1) for arg in parts[1].split()))
        except (IndexError, ValueError):
            raise CorpusError(f"{path}:{lineno}: malformed BRAT line: {line[:80]!r}") from None
    out = []
    for rel in relations:
        label = next(iter(rel))
        if not label.startswith("Attribution"):
            continue
        roles = {role: spans[rel[role]][1] for role in ROLES if role in rel and rel[role] in spans}
        out.append(GoldAttribution(roles.get("Source"), roles.get("Cue"), roles.get("Content")))
    discards = sorted(frag for kind, frags in spans.values() if kind == "Discard" for frag in frags)
    return out, discards


def load_compartment(directory: Path, limit: int | None = None) -> list[Article]:
    text_dir, ann_dir = directory / "text", directory / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise CorpusError(f"{directory}: expected text/ and attributions/ subfolders")
    anns: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem, _, _annotator = ann.stem.rpartition("_")
        anns.setdefault(stem, []).append(ann)
    articles = []
    for txt in sorted(text_dir.glob("*.txt")):
        if txt.stem not in anns:
            continue
        annotations = [Annotation(p.stem.rpartition("_")[2], *read_ann(p)) for p in anns[txt.stem]]
        publisher = re.split(r"_\d{4}-", txt.stem)[0]
        articles.append(Article(txt.stem, publisher, txt.read_text(encoding="utf-8"), annotations))
        if limit and len(articles) >= limit:
            break
    if not articles:
        raise CorpusError(f"{directory}: no article has both a text and an annotation file")
    return articles
