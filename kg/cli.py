"""The ``kg`` command: thin click wrappers around the functions of ``kg.api`` and friends."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kg import api
from kg.cliparams import LazyChoice
from kg.errors import KGError
from kg.explain import one_line, printable
from kg.export import export_format
from kg.export.rdf import RDF_FORMATS
from kg.export.rdfwrite import write_rdf
from kg.export.results import RESULT_FORMATS, for_terminal, format_result
from kg.pipeline import DEFAULT_EXPORTS, BuildReport
from kg.queries import named_queries
from kg.read import MAX_BYTES
from kg.store import open_embedded
from kg.views.filter import FIELDS, ViewFilter

console = Console(stderr=True)


def _fail(err: KGError) -> None:
    _line("error:", "red", err, err=True)
    sys.exit(2)


def _line(tag: str, colour: str, what: KGError | str, *, err: bool = False) -> None:
    """One line, never wrapped or read as markup: file names and transcript text may hold anything."""
    text = one_line(what) if isinstance(what, KGError) else printable(what)
    click.echo(f"{click.style(tag, fg=colour)} {text}", err=err)


DEFAULT_STORE = Path("output")
OLD_STORE_SPELLING = "--out"


def store_option(*, old_spelling: bool) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``--store DIR``, the output folder that holds the store (and a build's exports), as every command names it.

    Six commands called it ``--out`` until 0.1, where three others' ``--out`` is the file they write: with
    ``old_spelling`` that ``--out`` is still read, hidden, with a warning, for one release.
    """
    folder = click.Path(file_okay=False, path_type=Path)
    help_text = "The output folder that holds the store (and the exports a build writes)."
    if not old_spelling:
        return click.option(
            "--store", "store_dir", type=folder, default=DEFAULT_STORE, show_default=True, help=help_text
        )

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(command)
        def with_store(*args: Any, store_dir: Path | None, old_store_dir: Path | None, **kwargs: Any) -> None:
            if old_store_dir is not None:
                if store_dir is not None:
                    raise click.UsageError("give the store folder once, as --store (--out is its old spelling)")
                _line("warning:", "yellow", f"{OLD_STORE_SPELLING} naming the store folder is now --store", err=True)
                store_dir = old_store_dir
            command(*args, store_dir=store_dir or DEFAULT_STORE, **kwargs)

        hidden = click.option(OLD_STORE_SPELLING, "old_store_dir", type=folder, hidden=True)
        shown = click.option("--store", "store_dir", type=folder, show_default=str(DEFAULT_STORE), help=help_text)
        return shown(hidden(with_store))

    return decorate


NO_EXPORT_OPTION = click.option(
    "--no-export", "no_export", is_flag=True, help="Update the store only: no graph.* exports, no overview."
)


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
        _fail(err)
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
        _fail(err)
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
        _line("warning:", "yellow", warning)
    for err in report.errors:
        _line("refused:", "red", err)


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
        _fail(err)
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


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2020-03-24") from None


def filter_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options every view, export and report takes: one per field of ``kg.views.filter.FIELDS`` (named as
    the query parameter), and the two graph cuts; they become one ``ViewFilter``."""
    options = [
        click.option(f"--{field.param}", field.attr, help=field.help)
        if field.type != "date"
        else click.option(f"--{field.param}", field.attr, callback=_date, metavar="DATE", help=field.help)
        for field in FIELDS
    ]
    options += [
        click.option(
            "--min-weight", type=click.IntRange(min=1), default=1, show_default=True, help="Drop lighter edges."
        ),
        click.option("--top", type=click.IntRange(min=1), help="Keep only the N heaviest nodes."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(options: dict[str, Any], *, top: int | None = None) -> ViewFilter:
    return ViewFilter(
        **{field.attr: options.get(field.attr) for field in FIELDS},
        min_weight=options.get("min_weight") or 1,
        top=options["top"] if options.get("top") is not None else top,
    )


VIEW_CHOICE = LazyChoice("kg.network", "VIEWS")


@main.command()
@click.option(
    "--format",
    "fmt",
    default="turtle",
    show_default=True,
    help=f"One of: {', '.join(sorted(RDF_FORMATS))}; with --view, a graph format (an unknown name lists them all).",
)
@click.option(
    "--out", "target", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@click.option("--view", "view_name", type=VIEW_CHOICE, help="The network view to export (graph formats only).")
@filter_options
@store_option(old_spelling=False)
def export(fmt: str, target: Path | None, view_name: str | None, store_dir: Path, **options: Any) -> None:
    """Export the whole graph (turtle, trig, jsonld, nt, nq) or one network view (graphml, gexf, json --view KIND)."""
    from kg.export.graph import GRAPH_FORMATS, GraphFormat, graph_bytes, simple_graph, write_graph
    from kg.network import view

    try:
        chosen = export_format(fmt)
        opened = open_embedded(store_dir)
        store = opened.store
        if isinstance(chosen, GraphFormat):
            graph = view(store, view_name or "overview", _filters(options))
            if target is None:
                sys.stdout.buffer.write(graph_bytes(graph, chosen.name))
            else:
                write_graph(graph, target, chosen.name)
                edges = graph.number_of_edges() if chosen.parallel_edges else simple_graph(graph).number_of_edges()
                console.print(f"wrote {target}: {graph.number_of_nodes()} nodes, {edges} edges")
            return
        if view_name is not None:
            raise click.UsageError(f"--view goes with the graph formats ({', '.join(GRAPH_FORMATS)}), not {fmt}")
        if target is None:
            chosen.write(store, sys.stdout.buffer)
        else:
            # A large store is read by two processes, each opening the same generation for itself.
            write_rdf(store, target, chosen.name, reopen=opened.opener)
            console.print(f"wrote {target}")
    except KGError as err:
        _fail(err)


@main.command("view")
@click.argument("kind", type=VIEW_CHOICE)
@click.option(
    "--out", "target", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The page to write."
)
@filter_options
@click.option("--size-by", type=LazyChoice("kg.export.html", "SIZE_BY"), default="weight", show_default=True)
@click.option("--color-by", type=LazyChoice("kg.export.html", "COLOR_BY"), default="type", show_default=True)
@store_option(old_spelling=False)
def view_command(kind: str, target: Path, size_by: str, color_by: str, store_dir: Path, **options: Any) -> None:
    """Write an interactive page of one network view (outlet-topic, stance, ...): it works offline."""
    from kg.export.html import DEFAULT_TOP, write_html
    from kg.network import view

    try:
        chosen = _filters(options, top=DEFAULT_TOP)
        graph = view(open_embedded(store_dir).store, kind, chosen)
        write_html(graph, target, size_by=size_by, color_by=color_by)
    except KGError as err:
        _fail(err)
        return
    console.print(
        f"wrote {target}: {graph.number_of_nodes()} of {graph.graph.get('nodes_before_cut')} nodes, "
        f"{graph.number_of_edges()} of {graph.graph.get('edges_before_cut')} edges"
    )
    if not graph.graph.get("nodes_before_cut"):
        note = f"note: {chosen.nothing_matches()} in this view: the page is empty"
        console.print(note, highlight=False, soft_wrap=True)


@main.command("report")
@filter_options
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write report.html into.",
)
@store_option(old_spelling=False)
def report_command(out_dir: Path, store_dir: Path, **options: Any) -> None:
    """Write a report page of charts, each with the named query its numbers come from."""
    from kg.export.report import build_report, is_empty
    from kg.export.report_page import write_sections

    try:
        chosen = _filters(options)
        sections = build_report(open_embedded(store_dir).store, chosen)
        path, empty = write_sections(sections, out_dir, chosen), is_empty(sections)
    except KGError as err:
        _fail(err)
        return
    console.print(f"wrote {path}")
    if empty:
        console.print(f"note: {chosen.nothing_matches()}: the report is empty", highlight=False, soft_wrap=True)


@main.command()
@store_option(old_spelling=True)
def stats(store_dir: Path) -> None:
    """Counts of briefings, exchanges, entities, positions and triples in the built store."""
    try:
        counts = api.stats(out=store_dir)
    except KGError as err:
        _fail(err)
        return
    table = Table(show_header=False, title=f"kg stats: {store_dir}")
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


@main.group("precision")
def precision() -> None:
    """Sampled precision of positions on pages no gold covers (tests/gold/README.md)."""


@precision.command("sample")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="The JSONL file to write.")
@click.option("--size", default=100, show_default=True, help="How many positions to draw.")
@click.option("--seed", default=12, show_default=True, help="The random seed (the same seed draws the same sample).")
def precision_sample(corpus: str, out: str, size: int, seed: int) -> None:
    """Draw SIZE positions at random from CORPUS's pages outside every gold, development and test set."""
    from kg.precision import sample_positions, write_sample

    count = write_sample(sample_positions(Path(corpus), size, seed), Path(out))
    click.echo(
        f"wrote {count} positions to {out}: fill act_correct, target_correct and note, then `kg precision score`"
    )


@precision.command("score")
@click.argument("judged", type=click.Path(exists=True, dir_okay=False))
def precision_score(judged: str) -> None:
    """Act and (act, target) precision of a judged sample."""
    from kg.precision import read_judged, score_judged

    rows, invalid = read_judged(Path(judged))
    if invalid:
        lines = ", ".join(map(str, invalid[:10])) + (" ..." if len(invalid) > 10 else "")
        _line(
            "error:", "red", f"{judged}: lines {lines} are not JSON objects judged with true, false or null", err=True
        )
        click.echo("fix those lines (null: not judged) and score again", err=True)
        sys.exit(2)
    result = score_judged(rows)
    click.echo(f"lines {result.lines}")
    click.echo(f"act precision {result.act_precision:.3f} ({result.acts_correct}/{result.judged_acts} judged)")
    click.echo(
        f"act-target precision {result.pair_precision:.3f} ({result.pairs_correct}/{result.judged_pairs} judged)"
    )


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
        _fail(err)
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
        _fail(err)
        return
    console.print(f"pushed {len(report.written)} graphs, {report.triples} triples to {target.endpoints.graph_store}")
