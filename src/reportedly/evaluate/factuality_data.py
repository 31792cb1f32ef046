"""Event factuality data in the shared format (Jiang & de Marneffe 2021): one sentence a line,
{"text": tokenised sentence, "targets": [{"span1": [start, end), "label": -3..+3, ...}]}.
Sentences are parsed on their own tokens, so target spans index spaCy tokens directly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc


class FactualityDataError(Exception):
    pass


@dataclass
class Event:
    start: int
    end: int
    label: float


@dataclass
class Sentence:
    words: list[str]
    events: list[Event]


def read(path: Path) -> list[Sentence]:
    """Sentences of a JSON Lines file; a bad line is a one-line error naming it."""
    out: list[Sentence] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise FactualityDataError(f"{path}: cannot read ({exc.strerror})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            words = rec["text"].split()
            events = [
                Event(int(t["span1"][0]), int(t["span1"][1]), float(t["label"])) for t in rec["targets"]
            ]
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            raise FactualityDataError(f"{path}:{n}: not a factuality record ({exc!r})") from None
        for e in events:
            if not 0 <= e.start < e.end <= len(words):
                raise FactualityDataError(
                    f"{path}:{n}: target span [{e.start}, {e.end}) is outside the sentence"
                )
            if not -3 <= e.label <= 3:
                raise FactualityDataError(f"{path}:{n}: label {e.label} is outside -3..+3")
        out.append(Sentence(words, events))
    return out


def parse(nlp: Language, sentences: list[Sentence], batch_size: int = 64) -> Iterator[Doc]:
    """Each sentence parsed on its own tokens (one space after each)."""
    docs = (Doc(nlp.vocab, words=s.words) for s in sentences)
    yield from nlp.pipe(docs, batch_size=batch_size)


def head_token(doc: Doc, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside it (the last one for a flat span)."""
    for tok in doc[start:end]:
        if not start <= tok.head.i < end or tok.head.i == tok.i:
            return tok.i
    return end - 1
