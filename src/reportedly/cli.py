"""Command line: `reportedly analyze FILE [--json]`, `reportedly schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console

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


@app.command()
def analyze(
    path: str = typer.Argument(..., help="Article file (.txt or .html), or - for stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print the analysis as JSON."),
    model: str = typer.Option(
        None, "--model", envvar="REPORTEDLY_MODEL", help="Installed spaCy pipeline to use (name or path)."
    ),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Refuse inputs larger than this."),
) -> None:
    """Analyse one article: claims, source chains, certainty, quantities, voice, debris."""
    from reportedly.analyze import analyze_path
    from reportedly.parse import ModelError

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
) -> None:
    """Precision, recall and F1 of source, cue and content spans (exact and overlap)."""
    from rich.progress import track
    from rich.table import Table

    from reportedly import parse
    from reportedly.evaluate import attribution as ev
    from reportedly.evaluate.brat import CorpusError, load_compartment

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
    summary["directory"] = str(directory)
    ev.write(summary, out)
    table = Table(
        title=f"Attribution spans, {summary['articles']} articles "
        f"({summary['annotation_files']} annotation files)"
    )
    for col in ("role", "match", "P", "R", "F1"):
        table.add_column(col, justify="right" if len(col) <= 2 else "left")
    for role, by_kind in summary["overall"].items():
        for kind, m in by_kind.items():
            table.add_row(role, kind, f"{m['precision']:.1f}", f"{m['recall']:.1f}", f"{m['f1']:.1f}")
    Console().print(table)
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


@app.command()
def schema() -> None:
    """Print the JSON Schema of the analysis output."""
    from reportedly.schema import Analysis

    sys.stdout.write(json.dumps(Analysis.model_json_schema(), indent=2) + "\n")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
