"""RDF exports of the store, by format name, each written to a temporary file and renamed into place.

>>> sorted(RDF_FORMATS)
['jsonld', 'nq', 'nt', 'trig', 'turtle']
>>> rdf_format("ttl").name
'turtle'
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import ExportError
from kg.gazetteer import ontology_dir
from kg.namespace import PREFIXES


@dataclass(frozen=True, slots=True)
class RdfExportFormat:
    name: str
    extension: str
    media_type: str
    datasets: bool  # keeps named graphs
    write: Callable[[ox.Store, IO[bytes]], None]


def _merged_triples(store: ox.Store) -> Iterator[ox.Triple]:
    # Every graph as one; a triple stated in several graphs is written once.
    seen: set[ox.Triple] = set()
    for quad in store:
        triple = quad.triple
        if triple not in seen:
            seen.add(triple)
            yield triple


def _write_oxigraph(fmt: ox.RdfFormat) -> Callable[[ox.Store, IO[bytes]], None]:
    def write(store: ox.Store, handle: IO[bytes]) -> None:
        if fmt.supports_datasets:
            ox.serialize(store, handle, fmt, prefixes=PREFIXES if fmt is ox.RdfFormat.TRIG else None)
        else:
            ox.serialize(_merged_triples(store), handle, fmt, prefixes=PREFIXES if fmt is ox.RdfFormat.TURTLE else None)

    return write


def jsonld_context() -> dict[str, object]:
    """The JSON-LD context shipped as ``ontology/context.jsonld``."""
    with open(ontology_dir() / "context.jsonld", encoding="utf-8") as handle:
        context: dict[str, object] = json.load(handle)["@context"]
    return context


def _write_jsonld(store: ox.Store, handle: IO[bytes]) -> None:
    # Compacted with the project's context, so users get short keys ("text", "mentions") and typed values.
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(_merged_triples(store), format=ox.RdfFormat.N_TRIPLES), format="nt")
    data = graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    handle.write(data.encode("utf-8"))


RDF_FORMATS: dict[str, RdfExportFormat] = {
    "turtle": RdfExportFormat("turtle", "ttl", "text/turtle", False, _write_oxigraph(ox.RdfFormat.TURTLE)),
    "trig": RdfExportFormat("trig", "trig", "application/trig", True, _write_oxigraph(ox.RdfFormat.TRIG)),
    "jsonld": RdfExportFormat("jsonld", "jsonld", "application/ld+json", False, _write_jsonld),
    "nt": RdfExportFormat("nt", "nt", "application/n-triples", False, _write_oxigraph(ox.RdfFormat.N_TRIPLES)),
    "nq": RdfExportFormat("nq", "nq", "application/n-quads", True, _write_oxigraph(ox.RdfFormat.N_QUADS)),
}
ALIASES = {"ttl": "turtle", "json-ld": "jsonld", "ntriples": "nt", "nquads": "nq", "n-triples": "nt", "n-quads": "nq"}


def rdf_format(name: str) -> RdfExportFormat:
    """Look a format up by name, alias or media type."""
    key = ALIASES.get(name.lower(), name.lower())
    if key in RDF_FORMATS:
        return RDF_FORMATS[key]
    for fmt in RDF_FORMATS.values():
        if fmt.media_type == name:
            return fmt
    raise ExportError("E601", f"unknown RDF format {name!r}", hint=f"use one of: {', '.join(sorted(RDF_FORMATS))}")


def atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write through a temporary file beside ``path`` and rename it into place: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_rdf(store: ox.Store, path: Path, fmt: str = "turtle") -> Path:
    """Write the store in ``fmt`` to ``path`` atomically and return the path."""
    chosen = rdf_format(fmt)
    try:
        atomic_write(path, lambda handle: chosen.write(store, handle))
    except OSError as exc:
        raise ExportError("E602", f"cannot write: {exc.strerror or exc}", path=str(path)) from exc
    return path
