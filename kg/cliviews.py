"""The commands of ``kg`` that write views of a built store: ``export`` (the graph, or one network view, in a
file format), ``view`` (an interactive page of one network view) and ``report`` (the page of charts). ``kg.cli``
adds them to its group."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kg.cliparams import VIEW_CHOICE, LazyChoice, console, fail, filter_options, store_option, view_filter
from kg.errors import KGError
from kg.export import export_format
from kg.export.rdf import RDF_FORMATS
from kg.export.rdfwrite import write_rdf
from kg.store import open_embedded


@click.command()
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
            graph = view(store, view_name or "overview", view_filter(options))
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
        fail(err)


@click.command("view")
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
        chosen = view_filter(options, top=DEFAULT_TOP)
        graph = view(open_embedded(store_dir).store, kind, chosen)
        write_html(graph, target, size_by=size_by, color_by=color_by)
    except KGError as err:
        fail(err)
        return
    console.print(
        f"wrote {target}: {graph.number_of_nodes()} of {graph.graph.get('nodes_before_cut')} nodes, "
        f"{graph.number_of_edges()} of {graph.graph.get('edges_before_cut')} edges"
    )
    if not graph.graph.get("nodes_before_cut"):
        note = f"note: {chosen.nothing_matches()} in this view: the page is empty"
        console.print(note, highlight=False, soft_wrap=True)


@click.command("report")
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
        chosen = view_filter(options)
        sections = build_report(open_embedded(store_dir).store, chosen)
        path, empty = write_sections(sections, out_dir, chosen), is_empty(sections)
    except KGError as err:
        fail(err)
        return
    console.print(f"wrote {path}")
    if empty:
        console.print(f"note: {chosen.nothing_matches()}: the report is empty", highlight=False, soft_wrap=True)
