"""Command line: `reportedly analyze FILE [--json]`, `reportedly schema`."""

from __future__ import annotations

import json
import sys

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


@app.command()
def schema() -> None:
    """Print the JSON Schema of the analysis output."""
    from reportedly.schema import Analysis

    sys.stdout.write(json.dumps(Analysis.model_json_schema(), indent=2) + "\n")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
