"""`reportedly eval claims DIR`: score the claims of real web pages against claims labelled by reading
(benchmarks/data/pages/<id>.json; conventions in its README).

Each page's HTML goes through the real path (read -> clean -> parse -> extract). A gold claim's text is
located in our cleaned text (quotes, dashes, spaces and case normalised; searched in reading order).
Alignment is by word-token overlap: a gold claim is found when one predicted claim covers at least half of
its tokens (the predicted claim covering most of it is its match); a predicted claim is a real claim when at
least half of its tokens lie inside gold claims. Fields are compared on matched pairs; names leniently
(see `names_match`). "all" is every field right; "span" (reported apart, not in "all") says the matched
claim is not much longer than the gold one (at least half of its tokens are the gold claim's): a
quotation of several sentences kept as one claim finds each of them but is not tight."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.language import Language

from reportedly.analyze import analyze_many
from reportedly.read import InputError, read_bytes
from reportedly.schema import Analysis, Claim

KINDS = ("named", "vague", "evidence", "pronoun", "author")
CERTAINTY = ("asserted", "probable", "possible", "uncertain")
POLARITY = ("positive", "negative")
VOICE = ("reporting", "commentary")
RELATIONS = (None, "denial", "non_confirmation", "confirmation")
FIELDS = ("source", "chain", "source_kind", "certainty", "polarity", "voice", "relation")
MIN_OVERLAP = 0.5
_WORD = re.compile(r"\w+")
_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‑": "-",
        "\u00a0": " ",
    }
)


class GoldError(Exception):
    """A labelled page that cannot be used (the message names the file and the problem)."""


@dataclass
class GoldClaim:
    text: str
    chain: list[str]
    source_kind: str
    certainty: str
    polarity: str
    voice: str
    relation: str | None


@dataclass
class GoldPage:
    id: str
    url: str
    style: str
    claims: list[GoldClaim]
    path: Path


@dataclass
class Pair:
    gold: GoldClaim
    pred: Claim
    right: dict[str, bool]


@dataclass
class PageResult:
    page: GoldPage
    n_pred: int = 0
    real_pred: int = 0
    duplicates: int = 0
    pairs: list[Pair] = field(default_factory=list)
    missed: list[tuple[GoldClaim, str]] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    error: str | None = None


# ---------------------------------------------------------------- gold pages


def _choice(where: str, name: str, value, allowed) -> None:
    if value not in allowed:
        raise GoldError(f"{where}: {name} {value!r} is not one of {', '.join(map(str, allowed))}")


def load_page(path: Path) -> GoldPage:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot read labelled page ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list) or not data.get("id"):
        raise GoldError(f"{path}: expected an object with 'id' and a list of 'claims'")
    claims = []
    for i, c in enumerate(data["claims"]):
        where = f"{path.name}: claim {i + 1}"
        if not isinstance(c, dict) or not isinstance(c.get("text"), str) or not c["text"].strip():
            raise GoldError(f"{where}: needs a non-empty 'text'")
        chain = c.get("chain")
        if not isinstance(chain, list) or not all(isinstance(n, str) and n.strip() for n in chain):
            raise GoldError(f"{where}: 'chain' must be a list of source names ([] for the author)")
        _choice(where, "source_kind", c.get("source_kind"), KINDS)
        _choice(where, "certainty", c.get("certainty"), CERTAINTY)
        _choice(where, "polarity", c.get("polarity"), POLARITY)
        _choice(where, "voice", c.get("voice"), VOICE)
        _choice(where, "relation", c.get("relation"), RELATIONS)
        if (c["source_kind"] == "author") != (not chain):
            raise GoldError(f"{where}: source_kind 'author' goes with an empty chain, and only with it")
        claims.append(
            GoldClaim(
                c["text"], chain, c["source_kind"], c["certainty"], c["polarity"], c["voice"], c["relation"]
            )
        )
    return GoldPage(str(data["id"]), str(data.get("url", "")), str(data.get("style", "")), claims, path)


def load_pages(directory: Path, limit: int | None = None) -> list[GoldPage]:
    if not directory.is_dir():
        raise GoldError(f"{directory}: not a directory of labelled pages")
    paths = sorted(directory.glob("*.json"))
    if not paths:
        raise GoldError(f"{directory}: no labelled pages (*.json) in it")
    return [load_page(p) for p in paths[:limit]]


def html_path(html_dir: Path, page_id: str) -> Path:
    for name in (f"{page_id}.html.gz", f"{page_id}.html"):
        if (html_dir / name).exists():
            return html_dir / name
    raise GoldError(f"{page_id}: no {page_id}.html(.gz) in {html_dir}")


# ---------------------------------------------------------------- names


@lru_cache(maxsize=1)
def _name_words() -> tuple[frozenset[str], frozenset[str]]:
    raw = resources.files("reportedly.data").joinpath("eval_names.json").read_text("utf-8")
    data = json.loads(raw)
    return frozenset(data["function_words"]), frozenset(data["titles"])


def name_words(name: str) -> list[str]:
    """Lower-cased words of a name without possessives, function words and titles."""
    function_words, titles = _name_words()
    text = re.sub(r"['’]s\b", "", name.translate(_FOLD).lower())
    words = [w for w in re.findall(r"[a-z0-9]+", text) if w not in function_words]
    return [w for w in words if w not in titles] or words


def names_match(gold: str, pred: str) -> bool:
    """Equal after `name_words`; or the shorter name's words are all in the longer one's and either
    include its last word ("Mujahid" / "Zabihullah Mujahid", "statement" / "US military statement")
    or are at least two ("China's ambassador" / "China's ambassador to Britain Liu Xiaming")."""
    a, b = name_words(gold), name_words(pred)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if set(short) <= set(long_):
        return long_[-1] in short or len(set(short)) >= 2
    return False


# ---------------------------------------------------------------- predicted fields


def pred_chain(claim: Claim) -> list[str]:
    """Source names outermost first; a pronoun counts as the name it resolves to; [] for the author."""
    return [
        link.source.resolved_to or link.source.name for link in claim.chain if link.source.kind != "author"
    ]


def pred_kind(claim: Claim) -> str:
    links = [link for link in claim.chain if link.source.kind != "author"]
    return links[-1].source.kind if links else "author"


def pred_relation(claim: Claim) -> str | None:
    kinds = {c.kind for c in claim.confirmations}
    return next((r for r in RELATIONS[1:] if r in kinds), None)


def compare(gold: GoldClaim, pred: Claim) -> dict[str, bool]:
    chain = pred_chain(pred)
    inner_g = gold.chain[-1] if gold.chain else None
    inner_p = chain[-1] if chain else None
    right = {
        "source": (inner_g is None and inner_p is None)
        or (inner_g is not None and inner_p is not None and names_match(inner_g, inner_p)),
        "chain": len(chain) == len(gold.chain) and all(map(names_match, gold.chain, chain)),
        "source_kind": pred_kind(pred) == gold.source_kind,
        "certainty": pred.certainty.level == gold.certainty,
        "polarity": pred.certainty.polarity == gold.polarity,
        "voice": pred.voice == gold.voice,
        "relation": pred_relation(pred) == gold.relation,
    }
    right["all"] = all(right.values())
    return right


# ---------------------------------------------------------------- alignment


def _folded(text: str) -> tuple[str, list[int]]:
    """Text with quotes/dashes folded, lower-cased and runs of space collapsed, and for each of its
    characters the offset it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text.translate(_FOLD).lower()):
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        where.append(i)
    return "".join(out), where


def locate(text: str, claims: list[str]) -> list[tuple[int, int] | None]:
    """Character span of each claim text in `text` (searched in order, then anywhere), or None."""
    folded, where = _folded(text)
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for claim in claims:
        needle = _folded(claim)[0].strip()
        at = folded.find(needle, cursor) if needle else -1
        if at < 0 and needle:
            at = folded.find(needle)
        if at < 0:
            spans.append(None)
            continue
        cursor = at + 1
        spans.append((where[at], where[at + len(needle) - 1] + 1))
    return spans


def tokens(text: str, start: int, end: int) -> frozenset[int]:
    """Start offsets of the word tokens inside [start, end)."""
    return frozenset(m.start() for m in _WORD.finditer(text, start, end))


def align(analysis: Analysis, page: GoldPage) -> PageResult:
    text = analysis.document.text
    result = PageResult(page=page, n_pred=len(analysis.claims))
    spans = locate(text, [g.text for g in page.claims])
    gold_tok = [tokens(text, *s) if s else frozenset() for s in spans]
    union = frozenset().union(*gold_tok) if gold_tok else frozenset()
    pred_tok = [tokens(text, c.span.start, c.span.end) for c in analysis.claims]
    for claim, toks in zip(analysis.claims, pred_tok, strict=True):
        if toks and len(toks & union) >= MIN_OVERLAP * len(toks):
            result.real_pred += 1
        else:
            result.spurious.append(claim.span.text)
    for gold, span, gt in zip(page.claims, spans, gold_tok, strict=True):
        if span is None or not gt:
            result.missed.append((gold, "not in the cleaned text"))
            continue
        covering = [
            (len(gt & pt), i) for i, pt in enumerate(pred_tok) if len(gt & pt) >= MIN_OVERLAP * len(gt)
        ]
        if not covering:
            result.missed.append((gold, "no claim covers it"))
            continue
        best = max(covering)[1]
        result.duplicates += len({analysis.claims[i].span.text for _n, i in covering}) < len(covering)
        pred = analysis.claims[best]
        right = compare(gold, pred)
        right["span"] = len(gt & pred_tok[best]) >= MIN_OVERLAP * len(pred_tok[best])
        result.pairs.append(Pair(gold, pred, right))
    return result


# ---------------------------------------------------------------- running and summarising


def run(directory: Path, html_dir: Path, nlp: Language, limit: int | None = None) -> Iterator[PageResult]:
    pages = load_pages(directory, limit=limit)

    def items():
        for page in pages:
            path = html_path(html_dir, page.id)
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            yield read_bytes(data, str(path), suffix=".html"), page

    for analysis, page in analyze_many(items(), nlp, batch_size=4):
        if isinstance(analysis, Exception):
            if not isinstance(analysis, InputError):
                raise analysis
            yield PageResult(page=page, error=str(analysis), missed=[(g, "page failed") for g in page.claims])
            continue
        yield align(analysis, page)


def _pct(num: float, den: float) -> float:
    return round(100 * num / den, 1) if den else 0.0


def _voice_scores(pairs: list[Pair]) -> dict:
    tp = sum(p.gold.voice == "commentary" and p.pred.voice == "commentary" for p in pairs)
    pred = sum(p.pred.voice == "commentary" for p in pairs)
    gold = sum(p.gold.voice == "commentary" for p in pairs)
    prec, rec = _pct(tp, pred), _pct(tp, gold)
    f1 = round(2 * prec * rec / (prec + rec), 1) if prec + rec else 0.0
    reported = [p for p in pairs if p.gold.chain]
    return {
        "commentary_precision": prec,
        "commentary_recall": rec,
        "commentary_f1": f1,
        "gold_commentary": gold,
        "predicted_commentary": pred,
        "attributed_claims_called_commentary": sum(p.pred.voice == "commentary" for p in reported),
    }


def _error(pair: Pair, page: str) -> dict:
    g, p = pair.gold, pair.pred
    wrong = [f for f in FIELDS if not pair.right[f]]
    return {
        "page": page,
        "wrong": wrong,
        "gold": {
            "text": g.text[:160],
            "chain": g.chain,
            "source_kind": g.source_kind,
            "certainty": g.certainty,
            "polarity": g.polarity,
            "voice": g.voice,
            "relation": g.relation,
        },
        "predicted": {
            "text": p.span.text[:160],
            "chain": pred_chain(p),
            "source_kind": pred_kind(p),
            "certainty": p.certainty.level,
            "polarity": p.certainty.polarity,
            "voice": p.voice,
            "relation": pred_relation(p),
        },
    }


def summarise(results: list[PageResult], worst: int = 30) -> dict:
    pairs = [p for r in results for p in r.pairs]
    n_gold = sum(len(r.page.claims) for r in results)
    n_pred = sum(r.n_pred for r in results)
    fields = {f: _pct(sum(p.right[f] for p in pairs), len(pairs)) for f in (*FIELDS, "all", "span")}
    per_page = []
    for r in results:
        per_page.append(
            {
                "id": r.page.id[:10],
                "style": r.page.style.split(" (")[0],
                "gold": len(r.page.claims),
                "predicted": r.n_pred,
                "precision": _pct(r.real_pred, r.n_pred),
                "recall": _pct(len(r.pairs), len(r.page.claims)),
                "chain": _pct(sum(p.right["chain"] for p in r.pairs), len(r.pairs)),
                "voice": _pct(sum(p.right["voice"] for p in r.pairs), len(r.pairs)),
                "all": _pct(sum(p.right["all"] for p in r.pairs), len(r.pairs)),
                "duplicates": r.duplicates,
                **({"error": r.error} if r.error else {}),
            }
        )
    errors = [_error(p, r.page.id[:10]) for r in results for p in r.pairs if not p.right["all"]]
    errors.sort(key=lambda e: (-len(e["wrong"]), "chain" not in e["wrong"]))
    wrong_counts = Counter(f for e in errors for f in e["wrong"])
    opinion = [p for r in results if r.page.style.startswith("opinion") for p in r.pairs]
    return {
        "pages": len(results),
        "gold_claims": n_gold,
        "predicted_claims": n_pred,
        "matched": len(pairs),
        "claim_precision": _pct(sum(r.real_pred for r in results), n_pred),
        "claim_recall": _pct(len(pairs), n_gold),
        "fields": fields,
        "voice": _voice_scores(pairs),
        "voice_opinion_pages": _voice_scores(opinion),
        "wrong_field_counts": dict(wrong_counts.most_common()),
        "missed_reasons": dict(Counter(why for r in results for _g, why in r.missed)),
        "duplicates": sum(r.duplicates for r in results),
        "per_page": per_page,
        "worst_errors": errors[:worst],
        "missed": [
            {"page": r.page.id[:10], "text": g.text[:160], "why": why} for r in results for g, why in r.missed
        ][:worst],
        "spurious": [{"page": r.page.id[:10], "text": t[:160]} for r in results for t in r.spurious][:worst],
    }


def write(summary: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
