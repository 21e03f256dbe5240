"""The ``kg`` command: thin click wrappers around the functions of ``kg.api`` and friends."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kg import api
from kg.errors import KGError
from kg.explain import one_line, printable
from kg.export.rdf import RDF_FORMATS, rdf_format, write_rdf
from kg.export.results import RESULT_FORMATS, format_result
from kg.pipeline import BuildReport
from kg.queries import named_queries
from kg.read import MAX_BYTES
from kg.store import open_store

console = Console(stderr=True)
OUT_OPTION = click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="The output folder that holds the store and exports.",
)


def _fail(err: KGError) -> None:
    _line("error:", "red", err, err=True)
    sys.exit(2)


def _line(tag: str, colour: str, what: KGError | str, *, err: bool = False) -> None:
    """One line, never wrapped or read as markup: file names and transcript text may hold anything."""
    text = one_line(what) if isinstance(what, KGError) else printable(what)
    click.echo(f"{click.style(tag, fg=colour)} {text}", err=err)


@click.group()
@click.version_option(package_name="presskg")
def main() -> None:
    """presskg: build and query knowledge graphs of diplomatic press briefings."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@OUT_OPTION
@click.option("--year", type=int, help="The year of briefings whose date prints none and cannot be inferred.")
@click.option("--strict", is_flag=True, help="Stop at the first bad file (default: keep going and report).")
@click.option("--keep-going", "strict", flag_value=False, help="Build what can be built and list what was skipped.")
@click.option(
    "--max-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=MAX_BYTES / 2**20,
    show_default=True,
    help="Refuse files larger than this many MiB.",
)
def build(paths: tuple[str, ...], out: Path, year: int | None, strict: bool, max_mb: float) -> None:
    """Read transcripts (files, folders, globs), build the graph into OUT, write exports and a summary.

    A bad file is skipped and named with the reason; the exit status is 1 when any was skipped. With
    --strict the first bad file stops the build (exit status 2) and the store is left as it was.
    """
    try:
        with Progress(
            TextColumn("extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        ) as bar:
            task = bar.add_task("extract", total=None)
            report = api.build(
                paths,
                out=out,
                year=year,
                strict=strict,
                max_bytes=int(max_mb * 2**20),
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except KGError as err:
        _fail(err)
        return
    _print_summary(report)
    if not report.ok:
        sys.exit(1)


def _print_summary(report: BuildReport) -> None:
    table = Table(title=Text(f"kg build -> {printable(str(report.out))}"), show_header=False)
    for label, value in (
        ("briefings", report.briefings),
        ("statements", report.statements),
        ("exchanges", report.exchanges),
        ("outlets", report.outlets),
        ("mentions", report.mentions),
        ("positions", report.positions),
        ("triples", report.triples),
        ("warnings", len(report.warnings)),
        ("skipped files", len(report.errors)),
        ("elapsed", f"{report.elapsed:.2f} s"),
    ):
        table.add_row(label, str(value))
    out = Console()
    out.print(table)
    for warning in report.warnings:
        _line("warning:", "yellow", warning)
    for err in report.errors:
        _line("skipped:", "red", err)


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), help="Read the query from a file.")
@click.option("--name", help="Run a named query shipped in kg/queries/ (see `kg queries`).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A named query's parameter.")
@click.option("--format", "fmt", type=click.Choice(sorted(RESULT_FORMATS)), default="table", show_default=True)
@click.option("--limit", type=int, help="Print at most this many rows.")
@OUT_OPTION
def query(
    sparql: str | None,
    file: Path | None,
    name: str | None,
    params: tuple[str, ...],
    fmt: str,
    limit: int | None,
    out: Path,
) -> None:
    """Run SPARQL against the built store: a query string, --file q.rq, or --name NAME."""
    try:
        values = dict(_split_param(p) for p in params)
        result = api.query(sparql, name=name, file=file, params=values, out=out, limit=limit)
    except KGError as err:
        _fail(err)
        return
    click.echo(format_result(result, fmt), nl=False)


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep:
        raise click.BadParameter(f"{text!r} is not NAME=VALUE", param_hint="--param")
    return name.strip(), value


@main.command("queries")
def list_queries() -> None:
    """List the named queries and their parameters."""
    for q in named_queries().values():
        params = " ".join(f"--param {p.name}=<{p.type}>" for p in q.params)
        click.echo(f"{q.name}  {params}".rstrip())
        click.echo(f"    {q.title}: {q.description}")


@main.command()
@click.option("--format", "fmt", default="turtle", show_default=True, help=f"One of: {', '.join(sorted(RDF_FORMATS))}.")
@click.option(
    "--out", "target", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@click.option(
    "--store",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="The output folder that holds the store.",
)
def export(fmt: str, target: Path | None, out: Path) -> None:
    """Export the whole graph as Turtle, TriG, JSON-LD, N-Triples or N-Quads."""
    try:
        chosen = rdf_format(fmt)
        store = open_store(out)
        if target is None:
            chosen.write(store, sys.stdout.buffer)
        else:
            write_rdf(store, target, chosen.name)
            console.print(f"wrote {target}")
    except KGError as err:
        _fail(err)


@main.command()
@OUT_OPTION
def stats(out: Path) -> None:
    """Counts of briefings, exchanges, entities, positions and triples in the built store."""
    try:
        counts = api.stats(out=out)
    except KGError as err:
        _fail(err)
        return
    table = Table(show_header=False, title=f"kg stats: {out}")
    for key, value in counts.items():
        table.add_row(key, str(value))
    Console().print(table)


@main.command("eval")
@click.option(
    "--gold",
    "gold",
    multiple=True,
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Gold annotations (JSONL, shared/spec/annotation.md); may be given several times.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.argument("paths", nargs=-1)
def evaluate(gold: tuple[str, ...], as_json: bool, paths: tuple[str, ...]) -> None:
    """Score extraction of PATHS (default: seeds/) against gold annotations."""
    import json

    from kg.evaluate import evaluate as run_evaluation

    try:
        result = run_evaluation(gold, paths or ("seeds/",))
    except KGError as err:
        _fail(err)
        return
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2))
        return
    table = Table("measure", "precision", "recall", "F1", title="kg eval")
    table.add_row("exchanges found", "", f"{result.found_exchanges}/{result.gold_exchanges}", "")
    table.add_row("outlet accuracy", "", "", f"{result.outlet_accuracy:.3f}")
    for name, score in result.scores.items():
        table.add_row(name.replace("_", " "), f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}")
    Console().print(table)
    for name in result.missing_documents:
        console.print(f"[yellow]not found among the paths:[/yellow] {name}", highlight=False)
