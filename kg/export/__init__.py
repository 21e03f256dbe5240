"""Exports: the graph in RDF formats (``rdf``), the network views as graph files (``graph``) and interactive
pages (``html``), and the report (``report``). One lookup serves ``kg export --format``:

>>> export_format("ttl").name, export_format("gexf").name
('turtle', 'gexf')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.errors import ExportError

if TYPE_CHECKING:
    from kg.export.graph import GraphFormat
    from kg.export.rdf import RdfExportFormat


def export_formats() -> list[str]:
    """Every format name ``kg export`` takes: the RDF formats, then the graph formats of the views."""
    from kg.export.graph import GRAPH_FORMATS
    from kg.export.rdf import RDF_FORMATS

    return [*sorted(RDF_FORMATS), *sorted(GRAPH_FORMATS)]


def export_format(name: str) -> RdfExportFormat | GraphFormat:
    """The RDF or graph format called ``name`` (or an alias, or a media type)."""
    from kg.export.graph import graph_format
    from kg.export.rdf import rdf_format

    for lookup in (rdf_format, graph_format):
        try:
            return lookup(name)
        except ExportError:
            continue
    raise ExportError("E600", f"unknown export format {name!r}", hint=f"use one of: {', '.join(export_formats())}")
