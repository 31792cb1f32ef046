"""Long documents in pieces: the cleaned text is cut at paragraph breaks into chunks of at most
`CHUNK_CHARS`, each chunk is parsed and extracted alone, and the extractions are joined with
their offsets shifted and their ids renumbered. Cost and memory then grow linearly with the
text, and spaCy's `max_length` never surfaces. No article in the real data we measure on is
longer than one chunk (the longest PolNeAR text has 34,309 characters), so ordinary articles
are analysed whole, exactly as before."""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable
from typing import Any

from reportedly.extract import Extraction
from reportedly.schema import Attribution, Claim, Entity, Sentence

CHUNK_CHARS = 50_000
# Chunks are analysed on up to this many processes (REPORTEDLY_CHUNK_WORKERS overrides; 1 = serial).
MAX_WORKERS = 4
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'”’)]?\s+"), re.compile(r"\s+"))


def split(text: str, size: int | None = None) -> list[tuple[int, str]]:
    """(offset, piece) pairs covering `text` exactly, each piece at most `size` characters, cut
    after the last paragraph break in the window (else a line break, a sentence end, a space)."""
    size = size or CHUNK_CHARS
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = size
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() > size // 4]
            if ends:
                cut = ends[-1]
                break
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def workers(n_chunks: int) -> int:
    """How many processes analyse `n_chunks` chunks: one per available core, at most MAX_WORKERS,
    never more than the chunks, and one inside a daemonic process (a Dask worker), which may not
    start processes of its own."""
    if n_chunks < 2 or multiprocessing.current_process().daemon:
        return 1
    wanted = os.environ.get("REPORTEDLY_CHUNK_WORKERS")
    cores = int(wanted) if wanted and wanted.isdigit() else min(len(os.sched_getaffinity(0)), MAX_WORKERS)
    return max(1, min(cores, n_chunks))


_TASK: Callable[[tuple[int, str]], Any] | None = None  # what a forked worker runs on each chunk


def _run(piece: tuple[int, str]) -> Any:
    assert _TASK is not None
    return _TASK(piece)


def in_processes(pieces: list[tuple[int, str]], n: int, task: Callable[[tuple[int, str]], Any]) -> list[Any]:
    """task(piece) for every piece, in order, on `n` processes: this one and n - 1 forked workers,
    each taking every n-th piece. Forking shares the loaded pipeline with the workers (copy on
    write) instead of loading it again, and this process works rather than waits, so memory holds
    n chunks' parses at most."""
    global _TASK
    _TASK = task
    try:
        with multiprocessing.get_context("fork").Pool(n - 1) as pool:
            theirs = {i: pool.apply_async(_run, (p,)) for i, p in enumerate(pieces) if i % n}
            mine = {i: task(p) for i, p in enumerate(pieces) if i % n == 0}
            return [mine[i] if i in mine else theirs[i].get() for i in range(len(pieces))]
    finally:
        _TASK = None


def join(parts: list[tuple[int, Extraction]]) -> Extraction:
    """One extraction from the extractions of consecutive chunks, each with its text offset:
    spans shifted, sentence numbers continued, an entity named again in a later chunk kept as
    one entity, attribution and claim ids renumbered."""
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    entities: dict[str, dict] = {}  # by lower-cased name
    out: dict[str, list[dict]] = {"sentences": [], "attributions": [], "claims": []}
    for offset, ex in parts:
        ids: dict[str, str] = {}
        for entity in ex.entities:
            data = _shift(entity.model_dump(), offset)
            known = entities.get(entity.name.lower())
            if known is None:
                data["id"] = f"e{len(entities) + 1}"
                entities[entity.name.lower()] = data
            else:
                known["mentions"].extend(data["mentions"])
            ids[entity.id] = entities[entity.name.lower()]["id"]
        for n, attribution in enumerate(ex.attributions, len(out["attributions"]) + 1):
            ids[attribution.id] = f"a{n}"
        first_sentence = len(out["sentences"])
        for name in out:
            for item in getattr(ex, name):
                data = _renamed(_shift(item.model_dump(), offset), ids)
                if name == "sentences":
                    data["index"] += first_sentence
                if name == "claims":
                    data["sentence"] += first_sentence
                out[name].append(data)
    for n, claim in enumerate(out["claims"], 1):
        claim["id"] = f"c{n}"
    return Extraction(
        entities=[Entity.model_validate(e) for e in entities.values()],
        sentences=[Sentence.model_validate(s) for s in out["sentences"]],
        attributions=[Attribution.model_validate(a) for a in out["attributions"]],
        claims=[Claim.model_validate(c) for c in out["claims"]],
    )


def _shift(value: Any, offset: int) -> Any:
    """Every span ({start, end, text}) inside `value` moved by `offset` characters."""
    if isinstance(value, dict):
        if offset and {"start", "end", "text"} <= value.keys() and isinstance(value["start"], int):
            value["start"] += offset
            value["end"] += offset
        for child in value.values():
            _shift(child, offset)
    elif isinstance(value, list):
        for child in value:
            _shift(child, offset)
    return value


_ID_FIELDS = ("id", "entity_id", "parent", "attribution")


def _renamed(value: Any, ids: dict[str, str]) -> Any:
    """Entity and attribution references inside `value` mapped through `ids`."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key in _ID_FIELDS and isinstance(child, str) and child in ids:
                value[key] = ids[child]
            elif key == "entities" and isinstance(child, list):
                value[key] = [ids.get(e, e) for e in child]
            else:
                _renamed(child, ids)
    elif isinstance(value, list):
        for child in value:
            _renamed(child, ids)
    return value
