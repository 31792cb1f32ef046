"""Terminal report of one analysis: claims grouped by source chain with certainty and
quantities, commentary shown apart, debris listed. All article text is printed through
rich.text.Text, so markup in articles is never interpreted."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reportedly.schema import SHADINGS, Analysis, Claim, Quantity

LEVEL_STYLE = {"asserted": "green", "probable": "yellow", "possible": "dark_orange", "uncertain": "red"}
# FactBank codes in words: how firmly the text presents the event (CT certain, PR probable,
# PS possible; + happened, - did not; Uu uncommitted)
FACTBANK_WORDS = {
    "CT+": "certain",
    "PR+": "probably",
    "PS+": "possibly",
    "CT-": "certainly not",
    "PR-": "probably not",
    "PS-": "possibly not",
    "Uu": "uncommitted",
}
MAX_ENTITIES = 15
KIND_STYLE = {
    "named": "bold cyan",
    "vague": "magenta",
    "evidence": "bold blue",
    "pronoun": "cyan",
    "author": "dim",
}

CONFIRMATION_WORDS = {
    "confirmation": "confirmed by",
    "denial": "denied by",
    "non_confirmation": "NOT confirmed (could not or would not confirm) by",
}
CONFIRMATION_STYLE = {"confirmation": "green", "denial": "red", "non_confirmation": "dark_orange"}


def chain_text(claim: Claim) -> Text:
    text = Text()
    for i, link in enumerate(claim.chain):
        if i:
            text.append(" ← ", style="dim")
        text.append(link.source.name, style=KIND_STYLE[link.source.kind])
        if link.source.kind not in ("named", "author"):
            text.append(f" [{link.source.kind}]", style="dim")
        if link.source.resolved_to:
            text.append(f" (= {link.source.resolved_to})", style="dim")
        if link.cue_type == "intermediary":
            text.append(" [outlet spoken to]", style="dim")
        if link.cue is not None:
            text.append(f" “{link.cue.text}”", style="italic")
    return text


def quantity_text(q: Quantity) -> str:
    if q.bound == "range":
        value = f"{q.low:,.0f}–{q.high:,.0f}"
    elif q.bound == "vague":
        value = f"{q.span.text} (≈{q.low:,.0f}+)"
    else:
        sign = {"lower": ">" if not q.inclusive else "≥", "upper": "<" if not q.inclusive else "≤"}
        value = f"{sign.get(q.bound, '')}{q.value:,.{0 if q.value == int(q.value) else 2}f}"
    parts = [("~" if q.approximate else "") + value]
    if q.unit:
        parts.append(q.unit)
    if q.thing:
        parts.append(q.thing)
    if q.role != "unspecified":
        parts.append(f"({q.role})")
    return " ".join(parts) + f"  ← “{q.span.text}”"


def claim_block(claim: Claim) -> Text:
    text = Text()
    text.append(f"{claim.id} ", style="dim")
    code = claim.certainty.factbank
    text.append(f"[{FACTBANK_WORDS.get(code, code)} {code}]", style=LEVEL_STYLE[claim.certainty.level])
    text.append(" ")
    text.append(claim.span.text)
    cues = {k: [c.span.text for c in claim.certainty.cues if c.shading == k] for k in SHADINGS}
    negations, boosters, hedges = cues["negation"], cues["booster"], cues["hedge"]
    if hedges:
        text.append("\n    hedges: ", style="dim")
        text.append(", ".join(hedges), style="yellow")
    if boosters:
        text.append("\n    boosters: ", style="dim")
        text.append(", ".join(boosters))
    if negations:
        text.append("\n    negation: ", style="dim")
        text.append(", ".join(negations), style="red")
    for q in claim.quantities:
        text.append("\n    quantity: ", style="dim")
        text.append(quantity_text(q), style="bold")
    for conf in claim.confirmations:
        text.append(f"\n    {CONFIRMATION_WORDS[conf.kind]} ", style=CONFIRMATION_STYLE[conf.kind])
        who = "the article itself" if conf.source.kind == "author" else conf.source.name
        text.append(who, style=KIND_STYLE[conf.source.kind])
        text.append(f" “{conf.cue.text}”", style="italic")
    return text


def render(analysis: Analysis, console: Console | None = None) -> None:
    console = console or Console()
    doc = analysis.document
    meta = Table.grid(padding=(0, 1))
    meta.add_row(Text("origin", style="dim"), Text(doc.origin))
    for label, value in (
        ("title", doc.title),
        ("outlet", doc.outlet),
        ("url", doc.url),
        ("published", doc.published),
    ):
        if value:
            meta.add_row(Text(label, style="dim"), Text(value))
    meta.add_row(Text("pipeline", style="dim"), Text(analysis.pipeline))
    console.print(Panel(meta, title="reportedly", subtitle=f"schema {analysis.schema_version}"))

    reporting = [c for c in analysis.claims if c.voice == "reporting"]
    commentary = [c for c in analysis.claims if c.voice == "commentary"]
    groups: dict[str, list[Claim]] = defaultdict(list)
    heads: dict[str, Text] = {}
    for claim in reporting:
        key = " <- ".join(f"{link.source.name}|{link.source.kind}" for link in claim.chain)
        groups[key].append(claim)
        heads.setdefault(key, chain_text(claim))
    blocks = []
    for key, claims in sorted(groups.items(), key=lambda kv: kv[1][0].span.start):
        blocks.append(heads[key])
        blocks.extend(Text("  ").append_text(claim_block(c)) for c in claims)
    console.print(
        Panel(
            Group(*blocks) if blocks else Text("none"),
            title=f"Reported claims ({len(reporting)})",
            border_style="cyan",
        )
    )
    console.print(
        Panel(
            Group(*[claim_block(c) for c in commentary]) if commentary else Text("none"),
            title=f"Author's commentary ({len(commentary)})",
            border_style="magenta",
        )
    )

    deb = analysis.debris
    table = Table.grid(padding=(0, 1))
    for cap in deb.captions:
        table.add_row(Text("caption", style="dim"), Text(cap.text))
    for foot in deb.footers:
        table.add_row(Text("footer", style="dim"), Text(foot.text))
    removed = (("dateline", deb.datelines), ("credit", deb.credits), ("boilerplate", deb.boilerplate))
    for kind, items in removed:
        for item in items:
            table.add_row(Text(kind, style="dim"), Text(item.text))
    doc = analysis.document
    for label, value in (("wire", doc.wire), ("author", doc.author), ("published", doc.published)):
        if value:
            table.add_row(Text(label, style="dim"), Text(value))
    if deb.original_url:
        table.add_row(Text("original", style="dim"), Text(deb.original_url))
    if deb.outlet:
        table.add_row(Text("outlet", style="dim"), Text(deb.outlet))
    console.print(Panel(table, title="Removed debris", border_style="dim"))

    ents = Table("entity", "type", "mentions", "place", box=None, header_style="dim")
    shown = sorted(analysis.entities, key=lambda e: -len(e.mentions))[:MAX_ENTITIES]
    for ent in shown:
        place = ""
        if ent.place is not None:
            place = f"{ent.place.kind}, {ent.place.country_code}"
            if ent.place.latitude is not None:
                place += f" ({ent.place.latitude:.2f}, {ent.place.longitude:.2f})"
        ents.add_row(Text(ent.name), ent.label, str(len(ent.mentions)), place)
    total = len(analysis.entities)
    title = f"Entities ({total})"
    if len(shown) < total:
        title = f"Entities (the {len(shown)} most mentioned of {total})"
    console.print(Panel(ents, title=title, border_style="dim"))
    console.print(Panel(legend(), title="How to read this", border_style="dim"))


def legend() -> Text:
    """The report's codes and marks in words."""
    text = Text()
    text.append("Certainty (FactBank codes): how firmly the text presents a claim as fact: ")
    text.append(" · ".join(f"{code} {words}" for code, words in FACTBANK_WORDS.items()) + ".\n")
    text.append("Source chains read outermost first: A ← B means A reports what B said. ")
    text.append("Marks after a source: [vague] unnamed people, [evidence] documents or data, ")
    text.append("[pronoun] he/she (= whom it refers to), [author] the article's own voice.\n")
    text.append("Quantities: ~ approximate, ≥/> at least/more than, ≤/< at most/less than, ")
    text.append("a–b a range; (total), (increment), (decrement) say what the figure counts.")
    return text


def claims_table(rows, cues: list[str] | None = None, title: str = "claims") -> Table:
    """Ledger query results: date, outlet, source chain, certainty, claim text."""
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in ("date", "outlet", "sources", "certainty", "claim"):
        table.add_column(col, overflow="fold")
    if cues is not None:
        table.add_column("cited as")
    for i, row in enumerate(rows):
        date = row.published.date().isoformat() if row.published else ""
        claim = Text(row.text[:300] + ("…" if len(row.text) > 300 else ""))
        for q in row.quantities:
            claim.append(f"\n  {q['text']}", style="bold")
        cells = [
            Text(date),
            Text(row.outlet or ""),
            Text(row.chain),
            Text(row.certainty, style=LEVEL_STYLE.get(row.certainty, "")),
            claim,
        ]
        if cues is not None:
            cells.append(Text(cues[i]))
        table.add_row(*cells)
    return table


def story_report(v, console: Console, records: dict | None = None) -> None:
    """A story: grade with reasons, origins (reliability and track record beside each, when
    `records` is given) with their echoes and why each claim joined, contradictions."""
    head = Table.grid(padding=(0, 1))
    head.add_row(Text("grade", style="dim"), Text(v.code, style="bold"))
    for reason in v.reasons:
        head.add_row(Text(""), Text(reason))
    head.add_row(
        Text("origins", style="dim"),
        Text(f"{v.independent} independent, {v.echoes} echoes, {len(v.claims)} claims"),
    )
    console.print(Panel(head, title=Text(f"story {v.id}: {v.label[:100]}"), border_style="cyan"))
    from reportedly.fuse.why import summary

    cols = ("origin", "date", "outlet", "chain", "certainty", "claim", "why matched")
    table = Table(*cols, header_style="bold")
    for origin, items in v.origins.items():
        rec = (records or {}).get(origin)
        label = f"{origin}\n{rec.reliability}: {rec.summary}" if rec else origin
        for n, f in enumerate(items):
            table.add_row(
                Text(label if n == 0 else "  (echo)", style="bold" if n == 0 else "dim"),
                Text(f.published.date().isoformat() if f.published else ""),
                Text(f.outlet or ""),
                Text(" <- ".join(name for name, _ in f.chain)),
                Text(f.certainty + (" (negated)" if f.negative else "")),
                Text(f.text[:200]),
                Text(summary(v.why.get(f.id)), style="dim"),
            )
    console.print(table)
    if v.contradictions:
        ctab = Table(
            "kind", "one side", "other side", "detail", title="contradictions", header_style="bold red"
        )
        for c in v.contradictions:
            ctab.add_row(
                c.kind,
                Text(f"{c.a.outlet or ''}: {c.a.text[:90]}"),
                Text(f"{c.b.outlet or ''}: {c.b.text[:90]}"),
                Text(c.detail),
            )
        console.print(ctab)


def timeline_table(points, title: str) -> Table:
    table = Table(
        "date",
        "value",
        "bound",
        "role",
        "source",
        "outlet",
        "as reported",
        title=Text(title),
        header_style="bold",
    )
    for p in points:
        if p.bound == "range":
            value = f"{p.low:,.0f}–{p.high:,.0f}"
        else:
            v = p.value if p.value is not None else (p.low if p.low is not None else p.high)
            value = f"{v:,.0f}" if v is not None else "?"
        table.add_row(
            p.published.date().isoformat() if p.published else "?",
            ("~" if p.approximate else "") + value,
            p.bound,
            p.role,
            Text(p.source),
            Text(p.outlet or ""),
            Text(p.text),
        )
    return table


def measure_table(points, title: str) -> Table:
    """A subject/measure timeline: when, value with bounds and direction, source, claim, article."""
    table = Table("when", "value", "direction", "source", "outlet", "claim", "article", title=Text(title))
    for p in points:
        if p.bound == "range" and p.low is not None and p.high is not None:
            value = f"{p.low:,g}–{p.high:,g}"
        else:
            v = p.value if p.value is not None else (p.low if p.low is not None else p.high)
            value = {"lower": "≥", "upper": "≤"}.get(p.bound, "") + (f"{v:,g}" if v is not None else "?")
        table.add_row(
            Text(p.when + (f" ({p.as_of})" if p.as_of else "")),
            Text(("~" if p.approximate else "") + value + f" [{p.figure}]"),
            Text({"up": "▲ up", "down": "▼ down"}.get(p.direction or "", "")),
            Text(" ← ".join(p.chain)),
            Text(p.outlet or ""),
            Text(p.claim[:240]),
            Text(p.url or f"#{p.article_id}"),
        )
    return table
