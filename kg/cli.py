"""The ``kg`` command: thin click wrappers around the functions of ``kg.api`` and friends. Here the group and the
commands that build, query, serve and push a store; the commands that write its views are in ``kg.cliviews``,
those that measure the extractor in ``kg.clieval``; the options and messages they share in ``kg.cliparams``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kg import api
from kg.clieval import evaluate, precision
from kg.cliparams import NO_EXPORT_OPTION, console, fail, line, store_option
from kg.cliviews import export, report_command, view_command
from kg.errors import KGError
from kg.explain import printable
from kg.export.results import RESULT_FORMATS, for_terminal, format_result
from kg.pipeline import DEFAULT_EXPORTS, BuildReport
from kg.queries import named_queries
from kg.read import MAX_BYTES
from kg.store import open_embedded


def _written(no_export: bool) -> dict[str, Any]:
    """What a store update writes besides the store: the default exports and the overview page, or nothing."""
    return {"exports": () if no_export else DEFAULT_EXPORTS, "overview": not no_export}


@click.group()
@click.version_option(package_name="presskg")
def main() -> None:
    """presskg: build and query knowledge graphs of diplomatic press briefings."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@store_option(old_spelling=True)
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
@click.option("--workers", type=click.IntRange(min=1), help="Extracting processes [default: one per core].")
@click.option("--full", is_flag=True, help="Start from an empty store instead of updating the current one.")
@NO_EXPORT_OPTION
@click.option("--endpoint", metavar="URL", help="Also write every graph this build changed to a remote SPARQL store.")
def build(
    paths: tuple[str, ...],
    store_dir: Path,
    year: int | None,
    strict: bool,
    workers: int | None,
    full: bool,
    no_export: bool,
    endpoint: str | None,
    max_mb: float,
) -> None:
    """Read transcripts (files, folders, globs), build the graph into the store folder, write exports and a summary.

    Briefings already in the store are kept: unchanged sources are skipped, changed ones replace their graph
    (a change to a gazetteer or cue file re-extracts everything). `kg remove` drops briefings.
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
                out=store_dir,
                year=year,
                strict=strict,
                max_bytes=int(max_mb * 2**20),
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                workers=workers,
                full=full,
                endpoint=endpoint,
                **_written(no_export),
            )
    except KGError as err:
        fail(err)
        return
    _print_summary(report)
    if not report.ok:
        sys.exit(1)


@main.command()
@click.argument("targets", nargs=-1, required=True)
@store_option(old_spelling=True)
@NO_EXPORT_OPTION
@click.option("--endpoint", metavar="URL", help="Also drop the briefings' graphs from a remote SPARQL store.")
def remove(targets: tuple[str, ...], store_dir: Path, no_export: bool, endpoint: str | None) -> None:
    """Drop briefings from the store: by key (t1780283) or by source path (a file, or every file of a folder)."""
    from kg.pipeline import remove as remove_briefings

    try:
        report = remove_briefings(targets, out=store_dir, endpoint=endpoint, **_written(no_export))
    except KGError as err:
        fail(err)
        return
    console.print(f"removed {len(report.removed)}: {' '.join(report.removed)}", highlight=False)
    _print_summary(report, "remove")


def _print_summary(report: BuildReport, command: str = "build") -> None:
    """This run's counts beside the store's totals; files found unchanged apart from files refused."""
    table = Table(title=Text(f"kg {command} -> {printable(str(report.out))}"))
    table.add_column("")
    table.add_column("this run" if command == "build" else "removed", justify="right")
    table.add_column("in the store", justify="right")
    run: dict[str, object] = {
        "briefings": report.briefings,
        "statements": report.statements,
        "exchanges": report.exchanges,
        "outlets": report.outlets,
        "mentions": report.mentions,
        "positions": report.positions,
    }
    if command != "build":  # a removal counts what it dropped, not what it was given
        run = {"briefings": len(report.removed)}
    for label in ("briefings", "statements", "exchanges", "outlets", "mentions", "positions"):
        table.add_row(label, str(run.get(label, "")), str(report.store.get(label, "")))
    table.add_row("triples", "", str(report.triples))
    if command == "build":
        table.add_row("files extracted", str(report.extracted), "")
        table.add_row("files unchanged (kept as stored)", str(report.unchanged), "")
        table.add_row("files refused (not briefings)", str(len(report.errors)), "")
    table.add_row("warnings", str(len(report.warnings)), "")
    table.add_row("elapsed", f"{report.elapsed:.2f} s", "")
    out = Console()
    out.print(table)
    for warning in report.warnings:
        line("warning:", "yellow", warning)
    for err in report.errors:
        line("refused:", "red", err)


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), help="Read the query from a file.")
@click.option("--name", help="Run a named query shipped in kg/queries/ (see `kg queries`).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A named query's parameter.")
@click.option("--format", "fmt", type=click.Choice(sorted(RESULT_FORMATS)), default="table", show_default=True)
@click.option("--limit", type=int, help="Print at most this many rows.")
@click.option("--endpoint", metavar="URL", help="Query a remote SPARQL endpoint instead of the built store.")
@click.option(
    "--allow-service", "allow_service", multiple=True, metavar="HOST", help="A host SERVICE clauses may call."
)
@store_option(old_spelling=True)
def query(
    sparql: str | None,
    file: Path | None,
    name: str | None,
    params: tuple[str, ...],
    fmt: str,
    limit: int | None,
    endpoint: str | None,
    allow_service: tuple[str, ...],
    store_dir: Path,
) -> None:
    """Run SPARQL against the built store: a query string, --file q.rq, or --name NAME."""
    try:
        values = dict(_split_param(p) for p in params)
        result = api.query(
            sparql,
            name=name,
            file=file,
            params=values,
            out=store_dir,
            limit=limit,
            endpoint=endpoint,
            allow_service=allow_service,
        )
    except KGError as err:
        fail(err)
        return
    text = format_result(result, fmt)
    click.echo(for_terminal(text) if _stdout_is_terminal() else text, nl=False)


def _stdout_is_terminal() -> bool:
    # Exact text for files and pipes; on a terminal, control characters from transcripts are shown, not obeyed.
    return sys.stdout.isatty()


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep:
        raise click.BadParameter(f"{text!r} is not NAME=VALUE", param_hint="--param")
    return name.strip(), value


@main.command("queries")
def list_queries() -> None:
    """List the named queries and their parameters."""
    for q in named_queries().values():
        params = " ".join(
            f"[--param {p.name}=<{p.type}>]" if p.optional else f"--param {p.name}=<{p.type}>" for p in q.params
        )
        click.echo(f"{q.name}  {params}".rstrip())
        click.echo(f"    {q.title}: {q.description}")


@main.command()
@store_option(old_spelling=True)
def stats(store_dir: Path) -> None:
    """Counts of briefings, exchanges, entities, positions and triples in the built store."""
    try:
        counts = api.stats(out=store_dir)
    except KGError as err:
        fail(err)
        return
    table = Table(show_header=False, title=f"kg stats: {store_dir}")
    for key, value in counts.items():
        table.add_row(key, str(value))
    Console().print(table)


@main.command()
@store_option(old_spelling=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, help="Port to listen on (0: any free port).")
@click.option("--timeout", default=30.0, show_default=True, help="Time limit of one query, in seconds.")
@click.option("--max-rows", default=10_000, show_default=True, help="Most solutions or triples one answer returns.")
@click.option("--max-memory", default=1024, show_default=True, help="Memory one query may use, in MiB.")
@click.option("--workers", default=2, show_default=True, help="Queries answered at the same time.")
@click.option("--allow-service", "allow_service", multiple=True, metavar="HOST", help="A host SERVICE may call.")
@click.option("--cors", is_flag=True, help="Allow queries from web pages on other origins (e.g. a hosted YASGUI).")
@click.option("--quiet", is_flag=True, help="Do not log requests.")
def serve(
    store_dir: Path,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    max_memory: int,
    workers: int,
    allow_service: tuple[str, ...],
    cors: bool,
    quiet: bool,
) -> None:
    """Serve the built store read-only as a SPARQL 1.1 endpoint, with a query page in the browser."""
    from kg.serve import LOOPBACK, ServeOptions, start_server

    try:
        options = ServeOptions(
            out=store_dir,
            host=host,
            port=port,
            timeout=timeout,
            max_rows=max_rows,
            max_memory=max_memory << 20,
            workers=workers,
            allow_service=allow_service,
            cors=cors,
        )
        running = start_server(options, verbose=not quiet, background=False)
    except KGError as err:
        fail(err)
        return
    if host not in LOOPBACK:
        console.print(f"[yellow]warning:[/yellow] listening on {host}: reachable from other machines")
    console.print(
        f"query page {running.url}/  SPARQL endpoint {running.query_url}\n"
        f"read-only; {timeout:g} s, {max_rows} rows and {max_memory} MiB per query; Ctrl-C stops",
        highlight=False,
    )
    from kg.serve import serve_running

    serve_running(running)


@main.command()
@click.argument("url")
@store_option(old_spelling=True)
@click.option("--graph-store", metavar="URL", help="The Graph Store Protocol URL, where it is not URL's sibling.")
def push(url: str, store_dir: Path, graph_store: str | None) -> None:
    """Write every named graph of the built store to the SPARQL endpoint URL (each PUT replaces that graph only).

    URL is an endpoint such as http://127.0.0.1:7878 (Oxigraph) or http://host:3030/ds/sparql (Fuseki);
    credentials go in it (https://user:password@host/...) or in $PRESSKG_ENDPOINT_TOKEN.
    """
    from kg.remote import push_graphs, remote_store

    try:
        target = remote_store(url, graph_store=graph_store)
        report = push_graphs(open_embedded(store_dir).store, target)
    except KGError as err:
        fail(err)
        return
    console.print(f"pushed {len(report.written)} graphs, {report.triples} triples to {target.endpoints.graph_store}")


for command in (export, view_command, report_command, evaluate, precision):
    main.add_command(command)
