"""Command line: `reportedly analyze FILE [--json]`, `reportedly schema`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from reportedly.read import DEFAULT_MAX_BYTES, InputError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn news reports into a ledger of attributed, graded claims.",
)
err = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


# = extract.attribution.taggers.tagged.MODE_ENV, without importing spaCy here
MODE_ENV = "REPORTEDLY_ATTRIBUTION"


ATTRIBUTION_OPTION = typer.Option(
    None,
    "--attribution",
    envvar=MODE_ENV,
    help="Who marks the cues: tagged (default, fast), context (slower, more accurate; needs the "
    "'fuse' extra) or rules.",
)


def use_attribution(mode: str | None) -> None:
    """Set the attribution mode for this process (and the workers it starts), or fail clearly."""
    from reportedly.extract.attribution.taggers import tagged

    if mode is not None:
        os.environ[MODE_ENV] = mode
    try:
        tagged.enabled()
    except tagged.AttributionModeError as exc:
        fail(str(exc))


@app.command()
def analyze(
    path: str = typer.Argument(..., help="Article file (.txt or .html), or - for stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print the analysis as JSON."),
    model: str = typer.Option(
        None, "--model", envvar="REPORTEDLY_MODEL", help="Installed spaCy pipeline to use (name or path)."
    ),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Refuse inputs larger than this."),
    attribution: str = ATTRIBUTION_OPTION,
) -> None:
    """Analyse one article: claims, source chains, certainty, quantities, voice, debris."""
    from reportedly.analyze import analyze_path
    from reportedly.parse import ModelError

    use_attribution(attribution)
    try:
        analysis = analyze_path(path, model=model, max_bytes=max_bytes)
    except (InputError, ModelError) as exc:
        fail(str(exc))
        return
    if as_json:
        sys.stdout.write(analysis.model_dump_json(indent=2) + "\n")
    else:
        from reportedly.report import render

        render(analysis, Console())


eval_app = typer.Typer(no_args_is_help=True, help="Measure the extractors on annotated corpora.")
app.add_typer(eval_app, name="eval")


@eval_app.command("attribution")
def eval_attribution(
    directory: Path = typer.Argument(..., help="A PolNeAR-style compartment: text/ and attributions/."),
    out: Path = typer.Option(Path("eval-attribution.json"), "--out", help="JSON results file."),
    worst: int = typer.Option(15, "--worst", help="How many worst articles to list."),
    limit: int = typer.Option(None, "--limit", help="Score only the first N articles."),
    model: str = typer.Option(None, "--model", envvar="REPORTEDLY_MODEL"),
    attribution: str = ATTRIBUTION_OPTION,
) -> None:
    """Precision, recall and F1 of source, cue and content spans (exact and overlap)."""
    from rich.progress import track
    from rich.table import Table

    from reportedly import parse
    from reportedly.evaluate import attribution as ev
    from reportedly.evaluate.brat import CorpusError, load_compartment
    from reportedly.extract.attribution.taggers import tagged

    use_attribution(attribution)
    try:
        total = len(load_compartment(directory, limit=limit))
        nlp = parse.load(model)
        results = list(
            track(ev.run(directory, nlp, limit=limit), total=total, description="scoring", console=err)
        )
    except (CorpusError, parse.ModelError) as exc:
        fail(str(exc))
        return
    summary = ev.summarise(results, worst=worst)
    summary["model"] = parse.pipeline_id(nlp)
    summary["attribution"] = tagged.mode()
    summary["directory"] = str(directory)
    ev.write(summary, out)
    Console().print(
        _span_table(
            f"Attribution spans, {summary['articles']} articles "
            f"({summary['annotation_files']} annotation files)",
            summary["overall"],
        )
    )
    pub = Table(title="Per publisher (exact F1)")
    for col in ("publisher", "source", "cue", "content", "content overlap"):
        pub.add_column(col)
    for name, scores in summary["by_publisher"].items():
        pub.add_row(
            name,
            *(f"{scores[r]['exact']['f1']:.1f}" for r in ("source", "cue", "content")),
            f"{scores['content']['overlap']['f1']:.1f}",
        )
    Console().print(pub)
    Console().print(f"results written to {out}")


@eval_app.command("claims")
def eval_claims(
    directory: Path = typer.Argument(..., help="Labelled pages: <id>.json files (benchmarks/data/pages)."),
    html: Path = typer.Option(
        Path("../shared/data/aeb/html"), "--html", help="Folder with each page's <id>.html(.gz)."
    ),
    out: Path = typer.Option(Path("eval-claims.json"), "--out", help="JSON results file."),
    worst: int = typer.Option(30, "--worst", help="How many worst errors to list."),
    limit: int = typer.Option(None, "--limit", help="Score only the first N pages."),
    model: str = typer.Option(None, "--model", envvar="REPORTEDLY_MODEL"),
    attribution: str = ATTRIBUTION_OPTION,
) -> None:
    """Claim precision and recall on real web pages, and per-field accuracy of matched claims."""
    from reportedly import parse
    from reportedly.evaluate import claims as ev
    from reportedly.extract.attribution.taggers import tagged

    use_attribution(attribution)
    try:
        nlp = parse.load(model)
        results = list(ev.run(directory, html, nlp, limit=limit))
    except (ev.GoldError, parse.ModelError) as exc:
        fail(str(exc))
        return
    summary = ev.summarise(results, worst=worst)
    summary["model"] = parse.pipeline_id(nlp)
    summary["attribution"] = tagged.mode()
    summary["directory"] = str(directory)
    ev.write(summary, out)
    _claims_tables(summary)
    Console().print(f"results written to {out}")


def _claims_tables(summary: dict) -> None:
    from rich.table import Table

    f = summary["fields"]
    Console().print(
        f"{summary['pages']} pages: claim precision {summary['claim_precision']}, recall "
        f"{summary['claim_recall']} ({summary['matched']}/{summary['gold_claims']} gold, "
        f"{summary['predicted_claims']} predicted). On matched claims: "
        + ", ".join(f"{k} {v}" for k, v in f.items())
    )
    v = summary["voice"]
    Console().print(
        f"commentary precision {v['commentary_precision']}, recall {v['commentary_recall']}; "
        f"attributed claims called commentary: {v['attributed_claims_called_commentary']}"
    )
    table = Table(title="Per page")
    cols = ("id", "style", "gold", "predicted", "precision", "recall", "chain", "voice", "all")
    for col in cols:
        table.add_column(col)
    for row in summary["per_page"]:
        table.add_row(*(str(row[c]) for c in cols))
    Console().print(table)
    worst = Table(title="Worst errors (gold / predicted)")
    for col in ("page", "wrong", "gold", "predicted"):
        worst.add_column(col)
    for e in summary["worst_errors"][:10]:
        g, p = e["gold"], e["predicted"]
        worst.add_row(
            e["page"],
            ", ".join(e["wrong"]),
            Text(f"{g['chain'] or ['author']} {g['certainty']} {g['voice']}: {g['text'][:70]}"),
            Text(f"{p['chain'] or ['author']} {p['certainty']} {p['voice']}: {p['text'][:70]}"),
        )
    Console().print(worst)


@eval_app.command("agreement")
def eval_agreement(
    directory: Path = typer.Argument(..., help="A PolNeAR-style compartment: text/ and attributions/."),
    out: Path = typer.Option(None, "--out", help="Also write the figures to this JSON file."),
) -> None:
    """Inter-annotator agreement: the annotators scored against each other, by the same metrics."""
    from reportedly.evaluate import attribution as ev
    from reportedly.evaluate.agreement import agreement
    from reportedly.evaluate.brat import CorpusError, load_compartment

    try:
        summary = agreement(load_compartment(directory))
    except CorpusError as exc:
        fail(str(exc))
        return
    if not summary["shared_articles"]:
        fail(f"{directory}: no article has more than one annotation file, so there is nothing to compare")
        return
    summary["directory"] = str(directory)
    if out is not None:
        ev.write(summary, out)
    title = f"Annotator agreement, {summary['shared_articles']} articles with several annotators"
    Console().print(_span_table(title, summary["overall"]))


@eval_app.command("debris")
def eval_debris(
    directory: Path = typer.Argument(..., help="A PolNeAR-style compartment: text/ and attributions/."),
    out: Path = typer.Option(Path("eval-debris.json"), "--out", help="JSON results file."),
    limit: int = typer.Option(None, "--limit", help="Score only the first N articles."),
    model: str = typer.Option(None, "--model", envvar="REPORTEDLY_MODEL"),
) -> None:
    """Claims made from text the annotators discarded (boilerplate, credits, markup), the discarded
    spans cleaning took out, and the article text it took out."""
    from rich.table import Table

    from reportedly import parse
    from reportedly.evaluate import debris as ev
    from reportedly.evaluate.brat import CorpusError

    try:
        nlp = parse.load(model)
        with err.status("analysing"):
            scores = ev.run(directory, nlp, limit=limit)
    except (CorpusError, parse.ModelError) as exc:
        fail(str(exc))
        return
    summary = ev.write(scores, out, str(directory))
    table = Table(title=f"Debris, {summary['articles']} articles")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row(
        "claims made from discarded text", f"{summary['claims_from_discarded_text']} of {summary['claims']}"
    )
    table.add_row("discarded spans cut by cleaning (%)", str(summary["discarded_spans_cut_pct"]))
    table.add_row("discarded spans inside claims (%)", str(summary["discarded_spans_in_claims_pct"]))
    table.add_row(
        "pieces cut that are annotated article text",
        f"{summary['article_text_cut']} of {summary['pieces_cut']}",
    )
    Console().print(table)
    Console().print(f"results written to {out}")


@eval_app.command("quantities")
def eval_quantities(
    path: Path = typer.Argument(..., help="Labelled sentences, one JSON object a line."),
    out: Path = typer.Option(Path("eval-quantities.json"), "--out", help="JSON results file."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also run quantulum3."),
    errors: bool = typer.Option(False, "--errors", help="List every missed, spurious or misread figure."),
    model: str = typer.Option(None, "--model", envvar="REPORTEDLY_MODEL"),
) -> None:
    """Detection, value, bound, role, direction, measured variable and as-of, beside quantulum3."""
    from rich.table import Table

    from reportedly import parse
    from reportedly.evaluate import quantities as ev

    try:
        result = ev.run(path, parse.load(model), baseline=baseline, with_errors=errors)
    except (ev.DevSetError, parse.ModelError) as exc:
        fail(str(exc))
        return
    ev.write(result, out)
    table = Table(title=f"Quantities, {result['sentences']} sentences, {result['figures']} figures")
    for col in ("metric", "reportedly", "quantulum3"):
        table.add_column(col)
    for row in ev.rows(result):
        table.add_row(*row)
    Console().print(table)
    Console().print(f"results written to {out}")


@eval_app.command("factuality")
def eval_factuality(
    file: Path = typer.Argument(..., help="Event factuality JSON Lines (tokenised text, targets, -3..+3)."),
    out: Path = typer.Option(Path("eval-factuality.json"), "--out", help="JSON results file."),
    method: str = typer.Option(
        "model", "--method", help="model, model-context, rules, lexicon or all-factual."
    ),
    model: str = typer.Option(None, "--model", envvar="REPORTEDLY_MODEL"),
) -> None:
    """Pearson r, MAE and "uncertain or not" (score < 2.5) P/R/F1 of each event's factuality."""
    import json

    from reportedly import parse
    from reportedly.evaluate import factuality as ev
    from reportedly.evaluate.factuality_data import FactualityDataError

    try:
        nlp = parse.load(model)
        result = ev.evaluate(file, method, nlp)
    except (FactualityDataError, ev.FactualityEvalError, parse.ModelError) as exc:
        fail(str(exc))
        return
    result["pipeline"] = parse.pipeline_id(nlp)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    Console().print(
        f"{method}: {result['n']} events, r {result['pearson']:.3f}, MAE {result['mae']:.3f}, "
        f"uncertain P/R/F1 {result['precision']:.1f}/{result['recall']:.1f}/{result['f1']:.1f}"
    )
    Console().print(f"results written to {out}")


@eval_app.command("pairs")
def eval_pairs(
    path: Path = typer.Argument(..., help="Sentence pairs in MRPC format (Quality, #1 ID, #2 ID, #1, #2)."),
    out: Path = typer.Option(Path("eval-pairs.json"), "--out", help="JSON results file."),
) -> None:
    """Precision, recall, F1 and accuracy of the ledger's same-proposition decision on text pairs."""
    from reportedly.evaluate.pairs import PairsError, evaluate, write
    from reportedly.fuse.embed import EmbeddingError
    from reportedly.fuse.verify import VerifierMissing

    try:
        result = evaluate(path)
    except (PairsError, EmbeddingError, VerifierMissing) as exc:
        fail(str(exc))
        return
    write(result, out)
    Console().print(
        f"{result['pairs']} pairs: precision {result['precision']:.1f}, recall {result['recall']:.1f}, "
        f"F1 {result['f1']:.1f}, accuracy {result['accuracy']:.1f}; results written to {out}",
        highlight=False,
    )


@eval_app.command("stories")
def eval_stories(
    gold: Path = typer.Argument(..., help='Gold events: [{"event": ..., "claims": [{"url", "text"}]}].'),
    db: str = typer.Option(None, "--db", envvar="REPORTEDLY_DB", help="The fused ledger (path or URL)."),
    out: Path = typer.Option(Path("eval-stories.json"), "--out", help="JSON results file."),
) -> None:
    """Story recall, separation and precision of the ledger (fused first) against gold events."""
    from reportedly.evaluate.pairs import write
    from reportedly.evaluate.stories import GoldError, evaluate, read_gold

    try:
        events = read_gold(gold)
    except GoldError as exc:
        fail(str(exc))
        return
    ledger = open_ledger(db)
    run_fuse(ledger, quiet=True)  # claims not fused yet are placed first, as `stories` does
    result = evaluate(ledger, events)
    write(result, out)
    Console().print(
        f"{result['located']} of {result['gold_claims']} gold claims located: recall {result['recall']}, "
        f"separation {result['separation']}, precision {result['precision']}; results written to {out}",
        highlight=False,
    )


def _span_table(title: str, overall: dict):
    from rich.table import Table

    table = Table(title=title)
    for col in ("role", "match", "P", "R", "F1"):
        table.add_column(col, justify="right" if len(col) <= 2 else "left")
    for role, by_kind in overall.items():
        for kind, m in by_kind.items():
            table.add_row(role, kind, f"{m['precision']:.1f}", f"{m['recall']:.1f}", f"{m['f1']:.1f}")
    return table


DB_OPTION = typer.Option(
    None,
    "--db",
    envvar="REPORTEDLY_DB",
    help="SQLite file path or database URL (postgresql://...). "
    "Default: ~/.local/share/reportedly/ledger.sqlite",
)


def open_ledger(db: str | None):
    from reportedly.ledger.store import Ledger, LedgerError

    try:
        return Ledger(db)
    except LedgerError as exc:
        fail(str(exc))


def parse_day(value: str | None, option: str):
    from reportedly.ledger.readers import parse_date

    if value is None:
        return None
    parsed = parse_date(value)
    if parsed is None:
        fail(f"{option} {value!r}: not a date (use YYYY-MM-DD)")
    return parsed


@app.command()
def ingest(
    paths: list[str] = typer.Argument(
        ..., help="Files or folders: .txt/.html, .jsonl, .rss/.atom/.xml, .warc(.gz)."
    ),
    db: str = DB_OPTION,
    workers: int = typer.Option(min(2, os.cpu_count() or 1), "--workers", help="Parsing processes."),
    batch_size: int = typer.Option(32, "--batch-size"),
    model: str = typer.Option(None, "--model", envvar="REPORTEDLY_MODEL"),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes"),
    engine: str = typer.Option("local", "--engine", help="local (process pool) or dask."),
    scheduler: str = typer.Option(
        None, "--scheduler", help="Dask scheduler address (default: start a LocalCluster)."
    ),
    shards: Path = typer.Option(
        None, "--shards", help="Folder for Parquet shards (dask; shared by all workers)."
    ),
    partition_size: int = typer.Option(50, "--partition-size", help="Articles per dask partition."),
    attribution: str = ATTRIBUTION_OPTION,
) -> None:
    """Analyse articles into the ledger. Re-running skips what is stored (resumable)."""
    use_attribution(attribution)
    if engine not in ("local", "dask"):
        fail(f"--engine {engine!r}: choose local or dask")
    ledger = open_ledger(db)
    if engine == "dask":
        summary = _ingest_dask(paths, ledger, max_bytes, scheduler, shards, workers, partition_size, model)
    else:
        summary = _ingest_local(paths, ledger, max_bytes, workers, batch_size, model)
    for location, problem in summary.errors[:50]:
        err.print(f"[yellow]skipped[/] {location}: {problem}", markup=True, highlight=False, soft_wrap=True)
    if len(summary.errors) > 50:
        err.print(f"... and {len(summary.errors) - 50} more bad records")
    Console().print(
        f"{summary.seen} records: {summary.stored} articles stored ({summary.claims} claims), "
        f"{summary.duplicates} already stored, {len(summary.errors)} bad and skipped. "
        f"Ledger: {ledger.safe_url}",
        highlight=False,
    )


def _ingest_local(paths, ledger, max_bytes, workers, batch_size, model):
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from reportedly import parse
    from reportedly.ledger.ingest import Summary
    from reportedly.ledger.ingest import ingest as run_ingest
    from reportedly.ledger.readers import iter_records

    try:
        nlp = parse.load(model)
    except parse.ModelError as exc:
        fail(str(exc))
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task("ingesting")

        def update(s: Summary) -> None:
            progress.update(
                task,
                description=f"{s.seen} read, {s.stored} stored, "
                f"{s.duplicates} already stored, {len(s.errors)} bad",
            )

        try:
            return run_ingest(
                iter_records(paths, max_bytes=max_bytes),
                ledger,
                nlp,
                batch_size=batch_size,
                n_process=max(1, workers),
                on_record=update,
            )
        except KeyboardInterrupt:
            err.print(
                "[yellow]interrupted[/]: every article stored so far is complete; "
                "run the same command again to resume",
                highlight=False,
            )
            raise typer.Exit(130) from None


def _ingest_dask(paths, ledger, max_bytes, scheduler, shards, workers, partition_size, model):
    import tempfile

    from reportedly.distribute.engine import run
    from reportedly.ledger.readers import iter_records

    shard_dir = shards or Path(tempfile.mkdtemp(prefix="reportedly-shards-"))
    try:
        summary = run(
            iter_records(paths, max_bytes=max_bytes),
            ledger,
            shard_dir,
            scheduler=scheduler,
            n_workers=max(1, workers),
            partition_size=partition_size,
            model=model,
            attribution=os.environ.get(MODE_ENV),
        )
    except KeyboardInterrupt:
        err.print(
            "[yellow]interrupted[/]: loaded shards are complete; run the same command again to resume",
            highlight=False,
        )
        raise typer.Exit(130) from None
    except OSError as exc:
        fail(f"dask scheduler {scheduler or 'LocalCluster'}: {exc}")
    try:
        from reportedly.fuse.match import fuse

        fused = fuse(ledger)
        err.print(f"fused {fused.claims} new claims into stories", highlight=False)
    except ImportError:
        pass
    return summary


@app.command()
def claims(
    about: str = typer.Option(None, "--about", help="Full-text search in claim text."),
    source: str = typer.Option(None, "--source", help="A source anywhere in the chain."),
    since: str = typer.Option(None, "--since", help="Published on or after (YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Published on or before (YYYY-MM-DD)."),
    outlet: str = typer.Option(None, "--outlet"),
    entity: str = typer.Option(None, "--entity", help="Claims naming this entity (any alias)."),
    limit: int = typer.Option(50, "--limit"),
    offset: int = typer.Option(0, "--offset"),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    db: str = DB_OPTION,
) -> None:
    """Query stored claims, newest first."""
    from dataclasses import asdict

    ledger = open_ledger(db)
    rows = ledger.claims(
        about=about,
        source=source,
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
        outlet=outlet,
        entity=entity,
        limit=limit,
        offset=offset,
    )
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(asdict(row), default=str, ensure_ascii=False) + "\n")
        return
    from reportedly.report import claims_table

    Console().print(claims_table(rows, title=f"{len(rows)} claims"))


@app.command()
def sources(
    name: str = typer.Argument(..., help="Source name (aliases are understood)."),
    limit: int = typer.Option(100, "--limit"),
    db: str = DB_OPTION,
) -> None:
    """What a source has claimed, and where."""
    from reportedly.report import claims_table

    ledger = open_ledger(db)
    matches, rows = ledger.source_report(name, limit=limit)
    if not matches:
        fail(f"no source matching {name!r} in the ledger", code=1)
    console = Console()
    for src_name, kind, count in matches:
        console.print(f"[bold]{src_name}[/] [dim]({kind})[/]: {count} claims", markup=True, highlight=False)
    console.print(
        claims_table(
            [r for r, _pos, _cue in rows],
            cues=[f"{cue} (link {pos + 1})" for _r, pos, cue in rows],
            title="claims citing it",
        )
    )


@app.command()
def export(
    fmt: str = typer.Option(
        "jsonl", "--format", help="jsonl, csv or parquet (claims); claimreview or acled (graded stories)."
    ),
    output: Path = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
    db: str = DB_OPTION,
    base_url: str = typer.Option(
        "http://127.0.0.1:8000", "--base-url", help="claimreview: where `reportedly serve` shows the stories."
    ),
    min_claims: int = typer.Option(1, "--min-claims", min=1, help="claimreview/acled: smallest story."),
) -> None:
    """Export every claim with its sources, certainty and quantities, or graded stories as
    ClaimReview JSON-LD / ACLED-style event CSV (new claims are fused into stories first)."""
    from reportedly.ledger.export import FORMATS, GRADED_FORMATS, write_export, write_graded

    if fmt not in FORMATS + GRADED_FORMATS:
        fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS + GRADED_FORMATS)}")
    if fmt == "parquet" and output is None and sys.stdout.isatty():
        fail("parquet is binary: redirect stdout to a file or use --output FILE")
    ledger = open_ledger(db)
    if fmt in GRADED_FORMATS:
        run_fuse(ledger)
        count = write_graded(ledger, fmt, output, base_url=base_url, min_claims=min_claims)
        err.print(f"exported {count} {'stories' if fmt == 'claimreview' else 'quantities'}", highlight=False)
        return
    count = write_export(ledger.iter_export(), fmt, output)
    err.print(f"exported {count} claims", highlight=False)


RELIABILITY_OPTION = typer.Option(
    None,
    "--reliability",
    envvar="REPORTEDLY_RELIABILITY",
    help="Per-source reliability table (CSV 'source,grade' or JSON); unlisted sources get F.",
)


def run_fuse(ledger, quiet: bool = False):
    from reportedly.fuse.embed import EmbeddingError
    from reportedly.fuse.match import fuse as run

    try:
        summary = run(ledger)
    except (EmbeddingError, ImportError) as exc:
        fail(f"{exc}; install the fusion extra: pip install 'reportedly[fuse]'")
    if summary.claims and not quiet:
        err.print(
            f"fused {summary.claims} new claims: {summary.matched} matched existing stories, "
            f"{summary.new_stories} new stories",
            highlight=False,
        )
    return summary


def load_reliability(path: str | None):
    from reportedly.fuse.reliability import Reliability, ReliabilityError

    try:
        return Reliability.load(path)
    except ReliabilityError as exc:
        fail(str(exc))


@app.command()
def fuse(db: str = DB_OPTION) -> None:
    """Match new claims into stories (incremental: stored matches are kept)."""
    summary = run_fuse(open_ledger(db), quiet=True)
    Console().print(
        f"{summary.claims} claims fused: {summary.matched} joined existing stories, "
        f"{summary.new_stories} new stories",
        highlight=False,
    )


@app.command()
def stories(
    limit: int = typer.Option(30, "--limit"),
    min_claims: int = typer.Option(2, "--min-claims", help="Hide stories with fewer claims."),
    reliability: str = RELIABILITY_OPTION,
    db: str = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print the stories as JSON."),
) -> None:
    """Claim groups across reports, most independently corroborated first."""
    from rich.table import Table

    from reportedly.fuse.stories import as_dict, ranked

    ledger = open_ledger(db)
    run_fuse(ledger, quiet=as_json)
    table_rel = load_reliability(reliability)
    if as_json:  # every story once: the listed ones, and all of them for the origins' track records
        from reportedly.fuse.track_record import track_records
        from reportedly.serve.ranking import rank_all

        every = rank_all(ledger, table_rel)
        records = track_records(every, table_rel)
        out = [as_dict(v, records) for v in every if len(v.claims) >= min_claims][:limit]
        sys.stdout.write(json.dumps(out, indent=1, default=str) + "\n")
        return
    views = ranked(ledger, table_rel, min_claims)
    table = Table(title=f"{len(views)} stories with {min_claims}+ claims", header_style="bold")
    for col in ("id", "grade", "origins", "echoes", "contra.", "claims", "outlets", "story"):
        table.add_column(col, overflow="fold")
    for v in views[:limit]:
        table.add_row(
            str(v.id),
            v.code,
            str(v.independent),
            str(v.echoes),
            str(len(v.contradictions)),
            str(len(v.claims)),
            str(len(v.outlets)),
            Text(v.label[:160]),
        )
    Console().print(table)


@app.command()
def story(
    story_id: int = typer.Argument(...),
    reliability: str = RELIABILITY_OPTION,
    db: str = DB_OPTION,
    track_record: bool = typer.Option(
        False, "--track-record", help="Show each origin's track record (reads every story: slower)."
    ),
) -> None:
    """One story: its reports, independent origins and echoes, contradictions, grade, and why
    each claim joined it."""
    from reportedly.fuse.stories import view
    from reportedly.fuse.track_record import ledger_records
    from reportedly.report import story_report

    ledger = open_ledger(db)
    run_fuse(ledger)
    table_rel = load_reliability(reliability)
    v = view(ledger, story_id, table_rel)
    if v is None:
        fail(f"no story {story_id} in the ledger", code=1)
    story_report(v, Console(), ledger_records(ledger, table_rel) if track_record else None)


@app.command("track-record")
def track_record(
    source: str = typer.Argument(None, help="Only origins whose name or key contains this."),
    min_stories: int = typer.Option(2, "--min-stories", min=1, help="Hide origins of fewer stories."),
    limit: int = typer.Option(50, "--limit"),
    reliability: str = RELIABILITY_OPTION,
    db: str = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print the records as JSON."),
) -> None:
    """Each source's reliability (editable table) beside its track record in the ledger: stories
    it is an origin of, how many an independent origin corroborated, how many were contradicted."""
    from rich.table import Table

    from reportedly.fuse.track_record import distinct, ledger_records

    ledger = open_ledger(db)
    run_fuse(ledger, quiet=as_json)
    records = distinct(ledger_records(ledger, load_reliability(reliability)))
    wanted = (source or "").lower()
    rows = [
        r for r in records if r.stories >= min_stories and (wanted in r.origin or wanted in r.name.lower())
    ]
    rows.sort(key=lambda r: (-r.stories, -r.corroborated, r.origin))
    if as_json:
        sys.stdout.write(json.dumps([r.as_dict() for r in rows[:limit]], indent=1) + "\n")
        return
    if not rows:
        fail(f"no origin{' matching ' + repr(source) if source else ''} with {min_stories}+ stories", code=1)
    table = Table(title=f"{len(rows)} origins with {min_stories}+ stories", header_style="bold")
    for col in ("origin", "reliability", "stories", "corroborated", "contradicted"):
        table.add_column(col, overflow="fold")
    for r in rows[:limit]:
        table.add_row(Text(r.name), r.reliability, str(r.stories), str(r.corroborated), str(r.contradicted))
    Console().print(table)


@app.command()
def timeline(
    query: str = typer.Argument(None, help="Free text: the tracked quantity, e.g. 'North Korean troops'."),
    subject: str = typer.Option(None, "--subject", help="Whose figure: 'Clinton', 'Orlando'."),
    measure: str = typer.Option(None, "--measure", help="What is measured: 'lead', 'unemployment rate'."),
    plot: Path = typer.Option(None, "--plot", help="Write a PNG chart of the series here."),
    as_json: bool = typer.Option(False, "--json", help="--measure: print the points as JSON."),
    db: str = DB_OPTION,
) -> None:
    """How a reported quantity evolved: by --subject and --measure (figures of that measured
    variable, with claim and source, by as-of date), or by free-text QUERY."""
    if measure:
        from reportedly.fuse.measure_timeline import TimelineQueryError, as_dict, by_measure
        from reportedly.report import measure_table

        try:
            found = by_measure(open_ledger(db), measure, subject)
        except TimelineQueryError as exc:
            fail(str(exc))
        if as_json:
            sys.stdout.write(json.dumps([as_dict(p) for p in found], indent=1) + "\n")
            return
        title = f"{subject + ': ' if subject else ''}{measure}"
        if not found:
            fail(f"no reported figure of {title!r}", code=1)
        Console().print(measure_table(found, title=title))
        if plot is not None:
            from reportedly.fuse.timeline import plot as draw

            draw([p.as_point() for p in found], plot, title)
            err.print(f"plot written to {plot}", highlight=False)
        return
    if not query or subject:
        fail("give a QUERY, or --measure (with --subject for whose figure)")
    from reportedly.fuse.timeline import plot as draw
    from reportedly.fuse.timeline import series
    from reportedly.report import timeline_table

    ledger = open_ledger(db)
    run_fuse(ledger)
    points = series(ledger, query)
    if not points:
        fail(f"no reported quantity matches {query!r}", code=1)
    Console().print(timeline_table(points, title=query))
    if plot is not None:
        draw(points, plot, query)
        err.print(f"plot written to {plot}", highlight=False)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
    port: int = typer.Option(8000, "--port"),
    db: str = DB_OPTION,
    model: str = typer.Option(None, "--model", envvar="REPORTEDLY_MODEL"),
    attribution: str = ATTRIBUTION_OPTION,
    token: str = typer.Option(
        None, "--token", envvar="REPORTEDLY_TOKEN", help="Access token for writes (needed beyond loopback)."
    ),
    read_only: bool = typer.Option(False, "--read-only", help="Refuse every write."),
    allow_host: list[str] = typer.Option(
        [], "--allow-host", help="Another Host name to answer to (e.g. a proxy's); repeatable."
    ),
) -> None:
    """Web pages and a JSON API over the ledger (OpenAPI at /docs)."""
    import uvicorn

    use_attribution(attribution)
    from reportedly.serve.app import create_app
    from reportedly.serve.security import Policy

    open_ledger(db).close()  # a clear error before the server starts
    policy = Policy(host=host, token=token or None, read_only=read_only, allow_hosts=allow_host)
    if policy.beyond_loopback:
        mode = "writes need the access token" if policy.writable else "read-only (no --token given)"
        err.print(f"[yellow]warning[/]: serving on {host}, reachable from other machines; {mode}")
    uvicorn.run(create_app(db, model=model, policy=policy), host=host, port=port, log_level="warning")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the analysis output."""
    from reportedly.schema import Analysis

    sys.stdout.write(json.dumps(Analysis.model_json_schema(), indent=2) + "\n")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
