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
    """Compacted JSON-LD: one node object per subject, keys and values shortened by the shipped context.

    rdflib's JSON-LD serializer does the same through a general compaction algorithm at about 70 µs a triple,
    which would make JSON-LD the slowest step of a corpus build; the context here is fixed and simple (prefixes,
    plus terms that coerce to @id or to one datatype), so direct compaction is exact and fast. Tests parse the
    output back and compare it with the Turtle export triple for triple.
    """
    context = jsonld_context()
    compactor = _Compactor(context)
    nodes: dict[str, dict[str, object]] = {}
    for triple in _merged_triples(store):
        subject = compactor.node_id(triple.subject)
        node = nodes.setdefault(subject, {"@id": subject})
        key, value = compactor.entry(triple.predicate, triple.object)
        existing = node.get(key)
        if existing is None:
            node[key] = value
        elif isinstance(existing, list):
            existing.append(value)
        else:
            node[key] = [existing, value]
    # No indentation: only then does the json module use its C encoder; one node object per line stays readable.
    handle.write(b'{"@context": ')
    handle.write(json.dumps(context, ensure_ascii=False, indent=1).encode("utf-8"))
    handle.write(b',\n"@graph": [\n')
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    handle.write(",\n".join(encode(node) for node in nodes.values()).encode("utf-8"))
    handle.write(b"\n]}\n")


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _Compactor:
    """Shortens IRIs with the context's prefixes and picks the context's term for each predicate."""

    def __init__(self, context: dict[str, object]) -> None:
        self.prefixes = sorted(
            ((str(v), k) for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))),
            key=lambda pair: -len(pair[0]),
        )
        self._compacted: dict[str, str] = {}
        self.terms: dict[str, tuple[str, str | None]] = {}  # predicate IRI -> (term, coercion)
        for term, definition in context.items():
            if isinstance(definition, dict):
                self.terms[self.expand(str(definition["@id"]))] = (term, self.expand_opt(definition.get("@type")))
            elif isinstance(definition, str) and not definition.endswith(("#", "/")):
                self.terms.setdefault(self.expand(definition), (term, None))

    def expand(self, value: str) -> str:
        prefix, sep, local = value.partition(":")
        for iri, name in self.prefixes:
            if sep and name == prefix:
                return iri + local
        return value

    def expand_opt(self, value: object) -> str | None:
        return None if value is None else "@id" if value == "@id" else self.expand(str(value))

    def compact(self, iri: str) -> str:
        cached = self._compacted.get(iri)
        if cached is None:
            cached = iri
            for base, name in self.prefixes:
                if iri.startswith(base) and len(iri) > len(base):
                    cached = f"{name}:{iri[len(base) :]}"
                    break
            self._compacted[iri] = cached
        return cached

    def node_id(self, term: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
        return self.compact(term.value) if isinstance(term, ox.NamedNode) else f"_:{term}"

    def entry(
        self, predicate: ox.NamedNode, obj: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
    ) -> tuple[str, object]:
        if predicate.value == RDF_TYPE and isinstance(obj, ox.NamedNode):
            return "@type", self.compact(obj.value)
        term, coercion = self.terms.get(predicate.value, (self.compact(predicate.value), None))
        if isinstance(obj, ox.NamedNode | ox.BlankNode):
            ref = self.node_id(obj)
            return (term, ref) if coercion == "@id" else (self._key(predicate, term, coercion), {"@id": ref})
        if isinstance(obj, ox.Literal):
            if obj.language:
                return self._key(predicate, term, coercion), {"@value": obj.value, "@language": obj.language}
            datatype = obj.datatype.value
            if coercion is not None and coercion == datatype:
                return term, obj.value
            if coercion is None and datatype == XSD_STRING:
                return term, obj.value
            value: dict[str, str] = {"@value": obj.value}
            if datatype != XSD_STRING:
                value["@type"] = self.compact(datatype)
            return self._key(predicate, term, coercion), value
        raise ExportError(
            "E603", "RDF-star triples cannot be written as JSON-LD here", hint="export as --format trig or nq instead"
        )

    def _key(self, predicate: ox.NamedNode, term: str, coercion: str | None) -> str:
        # A term whose coercion does not fit this value cannot carry it: fall back to the prefixed IRI.
        return self.compact(predicate.value) if coercion is not None else term


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
        raise ExportError(
            "E602",
            f"cannot write: {exc.strerror or exc}",
            path=str(path),
            hint="check that the folder exists, is writable and has free space",
        ) from exc
    return path
