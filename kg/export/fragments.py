"""Each briefing graph's part of a build's export files, written by the worker that extracted it.

A worker holds its briefing's triples as strings and their N-Quads lines; from them it writes the graph's
canonical lines (sorted, each once) and the graph's piece of every export file the build writes: the bytes the
main process's writer (``kg.export.rdf.write_streams``) would write for that graph, written by the same writers
(Oxigraph's serialiser for Turtle, TriG, N-Triples; JSON-LD from the strings, without a pyoxigraph object per
triple). The main process then only copies them, in canonical order, into its files (``kg.export.spool``).

The merged graph (Turtle, N-Triples, JSON-LD) drops a triple an earlier graph stated (the same official's job
title in a thousand briefings): the worker sends the graph's subjects and where each subject's block begins in
each merged piece (``starts``), and the main process copies the piece around the blocks of the subjects that
repeat a triple, writing only those from their lines (``kg.export.rdf.write_streams``).

>>> from kg.rdf import Lit, nquads
>>> g = "http://g"
>>> triples = [("http://b", "http://p", Lit("x")), ("http://a", "http://p", "http://b")]
>>> parts = graph_fragments(triples, nquads(triples, g), g, ("nq", "jsonld"))
>>> parts.lines.decode().splitlines()
['<http://a> <http://p> <http://b> <http://g> .', '<http://b> <http://p> "x" <http://g> .']
>>> parts.subjects
('<http://a>', '<http://b>')
>>> parts.pieces["jsonld"].decode().splitlines()
['{"@id":"http://a","http://p":{"@id":"http://b"}},', '{"@id":"http://b","http://p":"x"}']
>>> list(block_starts(parts, "jsonld"))
[0, 50]
"""

from __future__ import annotations

import io
import itertools
import operator
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import cast

import pyoxigraph as ox

from kg.export.jsonld import JSONLD_SEPARATOR, JsonText
from kg.export.rdf import BATCH_QUADS, RDF_FORMATS, RUN_QUADS, Piece, RdfExportFormat, SerializerSink
from kg.rdf import Triple

# Oxigraph's TriG writer is called on one graph at a time up to this many quads (kg.export.rdf.SerializerSink):
# up to there a graph's TriG block is made from its Turtle.
TRIG_BATCH = 8 * BATCH_QUADS


@dataclass(frozen=True, slots=True)
class GraphFragments:
    """One named graph's canonical N-Quads lines, its distinct subjects (N-Triples, in order), its piece of each
    export format by name (``kg.export.rdf.RDF_FORMATS``), and for each merged format where each subject's block
    begins in its piece (``block_starts``; a format without them is copied whole or not at all)."""

    lines: bytes
    subjects: tuple[str, ...] = ()
    pieces: Mapping[str, bytes] = field(default_factory=dict)
    starts: Mapping[str, bytes] = field(default_factory=dict)  # unsigned 32-bit offsets (``array("I")``)


def block_starts(parts: GraphFragments, name: str) -> memoryview | None:
    """Where each subject's block begins in the piece of ``name`` (one offset per subject), or None."""
    data = parts.starts.get(name)
    return None if data is None else memoryview(data).cast("I")


def graph_fragments(
    triples: Sequence[Triple], lines: Sequence[str], graph: str, formats: Iterable[str]
) -> GraphFragments:
    """The canonical lines of the graph ``graph`` holding ``triples`` (written as ``lines``, one per triple, by
    ``kg.rdf.nquads``), and its piece of each of ``formats``."""
    by_line = dict(zip(lines, triples, strict=True))  # a triple stated twice is kept once, as the store keeps it
    canonical = sorted(by_line)
    data = "".join(canonical).encode("utf-8")
    ordered = [by_line[line] for line in canonical]
    runs = [list(run) for _, run in itertools.groupby(ordered, _subject)]
    subjects = tuple(f"<{run[0][0]}>" for run in runs)
    pieces: dict[str, bytes] = {}
    starts: dict[str, bytes] = {}
    parsed: dict[str, list[ox.Quad] | list[ox.Triple]] = {}
    count = len(ordered)
    for name in formats:
        fmt = RDF_FORMATS[name]
        if fmt.canonical_lines:
            pieces[name] = data
        elif name == "jsonld":
            nodes = _json_text().nodes(runs, RUN_QUADS)
            pieces[name] = JSONLD_SEPARATOR.join(nodes)
            starts[name] = _json_starts(runs, nodes)
        elif name == "trig" and len(ordered) <= TRIG_BATCH:
            if "turtle" not in pieces:
                pieces["turtle"] = _written(RDF_FORMATS["turtle"], graph, _parsed(parsed, data, graph, False, count))
            pieces[name] = _trig_block(graph, pieces["turtle"])
        else:
            pieces[name] = _written(fmt, graph, _parsed(parsed, data, graph, fmt.datasets, count))
    for name in formats:
        if name in BLOCK_STARTS and name in pieces and (found := BLOCK_STARTS[name](pieces[name], runs)):
            starts[name] = found
    return GraphFragments(data, subjects, {name: pieces[name] for name in formats}, starts)


def _json_starts(runs: Sequence[Sequence[Triple]], nodes: Sequence[bytes]) -> bytes:
    """Where each run's first node object begins in the JSON-LD piece (a run longer than ``RUN_QUADS`` has
    several)."""
    offsets = array("I")
    at, node = 0, 0
    for run in runs:
        offsets.append(at)
        for _ in range(0, len(run), RUN_QUADS):
            at += len(nodes[node]) + len(JSONLD_SEPARATOR)
            node += 1
    return offsets.tobytes()


_TURTLE_BLOCK = re.compile(rb"\n(?=[^\t])")  # Oxigraph's Turtle: a subject's block goes on in lines with a tab


def _turtle_starts(piece: bytes, runs: Sequence[Sequence[Triple]]) -> bytes:
    """Where each subject's block begins in Oxigraph's Turtle piece; empty (none) unless there is exactly one
    block per subject (a subject's block cut by a batch, say)."""
    offsets = array("I", [0]) if piece else array("I")
    offsets.extend(match.end() for match in _TURTLE_BLOCK.finditer(piece))
    return offsets.tobytes() if len(offsets) == len(runs) else b""


def _line_starts(piece: bytes, runs: Sequence[Sequence[Triple]]) -> bytes:
    """Where each subject's first line begins in an N-Triples piece (a line per triple, in canonical order)."""
    lines = piece.splitlines(keepends=True)
    if len(lines) != sum(len(run) for run in runs):
        return b""
    offsets = array("I")
    at = line = 0
    for run in runs:
        offsets.append(at)
        at += sum(len(text) for text in lines[line : line + len(run)])
        line += len(run)
    return offsets.tobytes()


# The merged formats whose blocks the worker finds in the pieces Oxigraph writes (JSON-LD's are counted as made).
BLOCK_STARTS: dict[str, Callable[[bytes, Sequence[Sequence[Triple]]], bytes]] = {
    "turtle": _turtle_starts,
    "nt": _line_starts,
}


def _parsed(
    parsed: dict[str, list[ox.Quad] | list[ox.Triple]], data: bytes, graph: str, quads: bool, count: int
) -> list[ox.Quad] | list[ox.Triple] | Iterator[ox.Quad] | Iterator[ox.Triple]:
    """The graph's canonical lines (``count`` of them) parsed, as quads or as triples (the graph name cut off the
    lines, which is cheaper than taking each quad's triple). Leniently, as the store's bulk load reads the same
    lines: they are our own writing (``kg.rdf.nquads``), and checking their IRIs again was a quarter of the parse.

    Where they are fewer than ``BATCH_QUADS`` (nearly every briefing), the parser itself, which the writer reads
    in one batch as it goes (``SerializerSink.add_batch``), each format parsing anew; else a list, made once for
    every format that reads it."""
    if count < BATCH_QUADS:
        return _parser(data, graph, quads)
    key = "quads" if quads else "triples"
    if key not in parsed:
        parsed[key] = cast("list[ox.Quad] | list[ox.Triple]", list(_parser(data, graph, quads)))
    return parsed[key]


def _parser(data: bytes, graph: str, quads: bool) -> Iterator[ox.Quad] | Iterator[ox.Triple]:
    if quads:
        return ox.parse(data, format=ox.RdfFormat.N_QUADS, lenient=True)
    # A line's only newline ends it (N-Quads escapes the others), so the tail matches only there.
    lines = data.replace(f" <{graph}> .\n".encode(), b" .\n")
    return cast("Iterator[ox.Triple]", ox.parse(lines, format=ox.RdfFormat.N_TRIPLES, lenient=True))


def _written(
    fmt: RdfExportFormat,
    graph: str,
    items: list[ox.Quad] | list[ox.Triple] | Iterator[ox.Quad] | Iterator[ox.Triple],
) -> bytes:
    """What ``fmt``'s writer of the store writes for this graph alone, in a piece that is neither the first nor
    the last (no prefixes, nothing closed), fed the same runs; ``items`` a list, or where they are fewer than
    ``BATCH_QUADS`` a parser of them (``_parsed``)."""
    handle = io.BytesIO()
    sink = fmt.open_sink(handle, Piece(first=False, last=False))
    node = ox.NamedNode(graph)
    if not isinstance(items, list):
        if isinstance(sink, SerializerSink):
            sink.add_batch(node, items)  # the writer would gather them all before writing: one batch, as they come
            sink.close()
            return handle.getvalue()
        items = cast("list[ox.Quad] | list[ox.Triple]", list(items))
    if len(items) < BATCH_QUADS:
        sink.add(node, items)  # the writer gathers that many before it writes: the same as run by run
    else:
        for _, run_items in itertools.groupby(items, _SUBJECT):
            while run := list(itertools.islice(run_items, RUN_QUADS)):
                sink.add(node, cast("list[ox.Quad] | list[ox.Triple]", run))
    sink.close()
    return handle.getvalue()


def _trig_block(graph: str, turtle: bytes) -> bytes:
    """The graph's TriG block made from its Turtle: Oxigraph's TriG writer writes a named graph as its name (as
    it writes an IRI in Turtle) and " {", the graph's Turtle lines each indented by a tab, and "}" (the tests
    compare the two on every graph of the test pages and of a corpus build)."""
    if not turtle:
        return b""
    term = ox.NamedNode(graph)
    opening = _written(RDF_FORMATS["trig"], graph, [ox.Quad(term, term, term, term)]).split(b"\n", 1)[0]
    return b"%s\n\t%s}\n" % (opening, turtle[:-1].replace(b"\n", b"\n\t") + b"\n")


def _subject(triple: Triple) -> str:
    return triple[0]


_SUBJECT = operator.attrgetter("subject")


@cache
def _json_text() -> JsonText:
    """The JSON-LD writer of strings, with the shipped context read once per process."""
    return JsonText()
