"""The N-Quads a build already holds, kept for its exports: each briefing graph the build loads is written, as the
worker serialised it, to an anonymous file (a ``GraphSpool``), and the exports read those graphs from it instead of
reading them back out of the new store generation (``kg.export.rdf.graph_runs``), which costs ten times as much.

The file is unlinked from the start (``tempfile.TemporaryFile``): a build killed at any point leaves nothing behind.
A second export process started by fork reads it through the inherited descriptor (``os.pread``: no shared file
position). Graphs the build did not load (briefings kept from the previous generation, the entity, ontology and
alignment graphs) are not in the spool: the exports read those from the store.

Where the workers also wrote each graph's canonical lines and its piece of every export file
(``kg.export.fragments``), those are spooled in place of the graph's N-Quads, and the exports copy the pieces.

>>> import tempfile
>>> with tempfile.TemporaryFile() as handle:
...     writer = SpoolWriter(handle)
...     writer.add("http://g", b'<http://a> <http://p> "1" <http://g> .\\n')
...     writer.add("http://g", b'<http://a> <http://p> "0" <http://g> .\\n')
...     spool = writer.spool()
...     spool.read("http://g"), spool.read("http://h")
(b'<http://a> <http://p> "1" <http://g> .\\n<http://a> <http://p> "0" <http://g> .\\n', None)
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import IO

from kg.export.fragments import GraphFragments

Span = tuple[int, int]  # offset and length in the spool file


@dataclass(frozen=True, slots=True)
class SpooledFragments:
    """Where a graph's ``GraphFragments`` are in the spool file; its subjects are kept as they are."""

    lines: Span
    subjects: tuple[str, ...]
    pieces: Mapping[str, Span]
    starts: Mapping[str, Span] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GraphSpool:
    """Where each spooled graph's N-Quads are in the spool file (graph IRI -> (offset, length) of each piece; a
    graph loaded twice in one build has two pieces), and the export pieces its worker wrote (``fragments``;
    only for a graph loaded once). Picklable: a forked process reads the same descriptor."""

    fd: int
    pieces: Mapping[str, tuple[Span, ...]]
    parts: Mapping[str, SpooledFragments] = field(default_factory=dict)

    def read(self, graph: str) -> bytes | None:
        """The N-Quads of ``graph`` as the build loaded them (unsorted, possibly with repeats), or None where the
        build did not load it."""
        where = self.pieces.get(graph)
        if where is None:
            return None
        return b"".join(os.pread(self.fd, length, offset) for offset, length in where)

    def fragments(self, graph: str, formats: Collection[str]) -> GraphFragments | None:
        """The canonical lines of ``graph``, its subjects and its pieces of ``formats``, as its worker wrote
        them; None where there are none, or not of every one of ``formats``."""
        where = self.parts.get(graph)
        if where is None or not all(name in where.pieces for name in formats):
            return None
        pieces = {name: self._at(where.pieces[name]) for name in formats}
        starts = {name: self._at(where.starts[name]) for name in formats if name in where.starts}
        return GraphFragments(self._at(where.lines), where.subjects, pieces, starts)

    def _at(self, span: Span) -> bytes:
        return os.pread(self.fd, span[1], span[0])


class SpoolWriter:
    """Appends graphs to an open spool file as the build loads them; ``spool`` is what the exports read."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.offset = 0
        self.pieces: dict[str, list[Span]] = {}
        self.parts: dict[str, SpooledFragments] = {}

    def add(self, graph: str, data: bytes, fragments: GraphFragments | None = None) -> None:
        """Spool a graph's N-Quads, and the worker's canonical lines and export pieces of it where given. A
        graph added twice keeps no pieces: its two parts are read, sorted and written together."""
        # The canonical lines stand for the graph's N-Quads: the same quads, sorted, each once.
        lines = self._write(data if fragments is None else fragments.lines)
        self.pieces.setdefault(graph, []).append(lines)
        if len(self.pieces[graph]) > 1:
            self.parts.pop(graph, None)
        elif fragments is not None:
            spans = {name: self._write(piece) for name, piece in fragments.pieces.items()}
            starts = {name: self._write(offsets) for name, offsets in fragments.starts.items()}
            self.parts[graph] = SpooledFragments(lines, fragments.subjects, spans, starts)

    def _write(self, data: bytes) -> Span:
        self.handle.write(data)
        span = (self.offset, len(data))
        self.offset += len(data)
        return span

    def spool(self) -> GraphSpool:
        self.handle.flush()
        pieces = {graph: tuple(where) for graph, where in self.pieces.items()}
        return GraphSpool(self.handle.fileno(), pieces, dict(self.parts))
