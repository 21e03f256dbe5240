"""The N-Quads a build already holds, kept for its exports: each briefing graph the build loads is written, as the
worker serialised it, to an anonymous file (a ``GraphSpool``), and the exports read those graphs from it instead of
reading them back out of the new store generation (``kg.export.rdf.graph_runs``), which costs ten times as much.

The file is unlinked from the start (``tempfile.TemporaryFile``): a build killed at any point leaves nothing behind.
A second export process started by fork reads it through the inherited descriptor (``os.pread``: no shared file
position). Graphs the build did not load (briefings kept from the previous generation, the entity, ontology and
alignment graphs) are not in the spool: the exports read those from the store.

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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO


@dataclass(frozen=True, slots=True)
class GraphSpool:
    """Where each spooled graph's N-Quads are in the spool file (graph IRI -> (offset, length) of each piece; a
    graph loaded twice in one build has two pieces). Picklable: a forked process reads the same descriptor."""

    fd: int
    pieces: Mapping[str, tuple[tuple[int, int], ...]]

    def read(self, graph: str) -> bytes | None:
        """The N-Quads of ``graph`` as the build loaded them (unsorted, possibly with repeats), or None where the
        build did not load it."""
        where = self.pieces.get(graph)
        if where is None:
            return None
        return b"".join(os.pread(self.fd, length, offset) for offset, length in where)


class SpoolWriter:
    """Appends graphs to an open spool file as the build loads them; ``spool`` is what the exports read."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.offset = 0
        self.pieces: dict[str, list[tuple[int, int]]] = {}

    def add(self, graph: str, data: bytes) -> None:
        self.handle.write(data)
        self.pieces.setdefault(graph, []).append((self.offset, len(data)))
        self.offset += len(data)

    def spool(self) -> GraphSpool:
        self.handle.flush()
        return GraphSpool(self.handle.fileno(), {graph: tuple(where) for graph, where in self.pieces.items()})
