"""RDF exports of the store, by format name, each written to a temporary file and renamed into place.

All the formats of one build are written from a single pass over the store (``write_rdf_formats``): reading
quads out of the on-disk store costs far more than serialising them, so each extra scan would cost as much
as the whole export; a build reads the graphs it loaded from its spool (``kg.export.spool``), not the store,
and copies the pieces of them its workers wrote (``kg.export.fragments``) where they hold.
Every writer streams: the store is read graph by graph, one subject at a time, and what a writer holds at
once is bounded by ``BATCH_QUADS`` and the largest graph, whatever the size of the store.

The order is canonical, whatever the store's: the default graph, then the named graphs by name, and in each
graph the statements in the byte order of their N-Quads lines (so a subject's statements are together). A
build's files (from its spool) and ``kg export``'s (from the store) are the same bytes.

>>> sorted(RDF_FORMATS)
['jsonld', 'nq', 'nt', 'trig', 'turtle']
>>> rdf_format("ttl").name
'turtle'
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Protocol, cast

import pyoxigraph as ox

from kg.errors import ExportError
from kg.export.jsonld import JSONLD_SEPARATOR, JsonLdSink
from kg.namespace import PREFIXES
from kg.process import collector_paused

if TYPE_CHECKING:
    from kg.export.fragments import GraphFragments
    from kg.export.spool import GraphSpool

Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
Subject = ox.NamedNode | ox.BlankNode | ox.Triple
CutRuns = dict[int, list[list[ox.Triple]]]  # subjects of a worker's piece (by index) and their triples left to write

RUN_QUADS = 10_000  # a subject with more quads in one graph is handed on in several pieces
BATCH_QUADS = 20_000  # quads an Oxigraph writer gathers before serialising them
SUBJECT_FILTER_BYTES = 1 << 23  # 64 Mbit: below 1e-4 false positives up to a million subjects


@dataclass(frozen=True, slots=True)
class Piece:
    """Where a writer's output goes in its file: at the start (it writes the prefixes or the JSON-LD context),
    at the end (it closes what is open), or both; several processes each write a piece of the same export."""

    first: bool = True
    last: bool = True


class QuadSink(Protocol):
    """One format's writer: fed the store a subject at a time, then closed. ``wrote`` says whether it has
    written any statement."""

    wrote: bool

    def add(self, graph: Graph, items: Sequence[ox.Quad] | Sequence[ox.Triple]) -> None: ...

    def write_piece(self, graph: Graph, data: bytes) -> None:
        """Write a whole graph's piece as a worker wrote it with this format's writer
        (``kg.export.fragments``)."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class RdfExportFormat:
    name: str
    extension: str
    media_type: str
    datasets: bool  # keeps named graphs; otherwise writes the merged graph, each triple once
    open_sink: Callable[[IO[bytes], Piece], QuadSink]
    separator: bytes = b""  # what a piece that is not first starts with, unless the pieces before it are empty
    canonical_lines: bool = False  # the file is the graphs' canonical N-Quads lines as they are (N-Quads)

    def write(self, store: ox.Store, handle: IO[bytes]) -> None:
        """Write the store in this format to an open binary handle."""
        write_streams(store, [(self, handle)])


def graph_order(store: ox.Store) -> list[Graph]:
    """The order in which exports write the store's graphs: the default graph, then the named graphs by name.

    >>> s = ox.Store()
    >>> a, b, p = ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.NamedNode("http://p")
    >>> s.extend([ox.Quad(a, p, a, b), ox.Quad(a, p, a, a)])
    >>> [str(g) for g in graph_order(s)]
    ['DEFAULT', '<http://a>', '<http://b>']
    """
    return [ox.DefaultGraph(), *sorted(store.named_graphs(), key=str)]


_SUBJECT = operator.attrgetter("subject")


def canonical_nquads(data: bytes) -> bytes:
    """N-Quads lines in their canonical order: sorted by their bytes, each once.

    >>> canonical_nquads(b"<http://b> <http://p> <http://a> .\\n<http://a> <http://p> <http://b> .\\n" * 2)
    b'<http://a> <http://p> <http://b> .\\n<http://b> <http://p> <http://a> .\\n'
    """
    return b"".join(sorted(set(data.splitlines(keepends=True))))


def graph_nquads(store: ox.Store, graph: Graph, spool: GraphSpool | None = None) -> bytes:
    """One graph's N-Quads in canonical order: from ``spool`` where the build loaded the graph, else read out of
    the store. The terms presskg mints are already in the form the store keeps (lower-case language tags,
    canonical numbers), so both give the same lines: the tests compare a build's files with the store's."""
    data = None
    if spool is not None and isinstance(graph, ox.NamedNode):
        data = spool.read(graph.value)
        if data is not None and graph.value in spool.parts:
            return data  # the worker's canonical lines
    if data is None:
        data = ox.serialize(store.quads_for_pattern(None, None, None, graph), format=ox.RdfFormat.N_QUADS) or b""
    return canonical_nquads(data)


def graph_runs(
    store: ox.Store, graphs: Sequence[Graph] | None = None, spool: GraphSpool | None = None
) -> Iterator[tuple[Graph, list[ox.Quad]]]:
    """The quads of ``graphs`` (default: all, in ``graph_order``), graph by graph in canonical order, in runs that
    share graph and subject; a graph in ``spool`` is read from there.

    Each graph is read on its own so that the order is explicit: the merged-graph filter relies on a graph,
    once left, never coming back.

    >>> s = ox.Store()
    >>> a, b, p = ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.NamedNode("http://p")
    >>> s.extend([ox.Quad(b, p, a), ox.Quad(a, p, b), ox.Quad(a, p, a), ox.Quad(b, p, a, a)])
    >>> [(str(g), str(run[0].subject), len(run)) for g, run in graph_runs(s)]
    [('DEFAULT', '<http://a>', 2), ('DEFAULT', '<http://b>', 1), ('<http://a>', '<http://b>', 1)]
    """
    for graph in graph_order(store) if graphs is None else graphs:
        for run in _runs(graph_nquads(store, graph, spool)):
            yield graph, run


def _runs(data: bytes) -> Iterator[list[ox.Quad]]:
    """Canonical N-Quads lines parsed, in runs that share a subject (of at most ``RUN_QUADS``)."""
    quads = ox.parse(data, format=ox.RdfFormat.N_QUADS)
    # groupby compares in C: a loop here would add a tenth to the cost of reading.
    for _, run_quads in itertools.groupby(quads, _SUBJECT):
        while run := list(itertools.islice(run_quads, RUN_QUADS)):
            yield run


class _FirstStatements:
    """The merged graph without repeats: drops a triple already stated in a graph read before this one.

    A triple can only repeat across graphs when its subject does (the store holds each quad once), and in a
    presskg store subjects are minted per briefing graph, apart from the entity and ontology graphs that
    describe different things: so no set of every triple, but a fixed-size Bloom filter of the subjects seen.
    A subject it may have seen gets an exact check against the store; a false positive costs one lookup.
    What it holds grows with the number of graphs only (their names), not with the number of quads.
    """

    def __init__(self, store: ox.Store, earlier: Sequence[Graph] = (), spool: GraphSpool | None = None) -> None:
        self.store = store
        self.bits = bytearray(SUBJECT_FILTER_BYTES)
        self.mask = SUBJECT_FILTER_BYTES * 8 - 1
        self.done: set[Graph] = set(earlier)
        self.graph: Graph | None = None
        parts = spool.parts if spool is not None else {}
        for graph in earlier:
            # Graphs another process writes before these: only their subjects are read, so that a triple they
            # state is not written again; those of a graph the workers wrote pieces of are in the spool.
            spooled = parts.get(graph.value) if isinstance(graph, ox.NamedNode) else None
            subjects = spooled.subjects if spooled is not None else map(str, _subjects_of(store, graph))
            for subject in subjects:
                self._seen(subject)

    def enter(self, graph: Graph) -> None:
        """The graph the next runs are of: the one before it is done."""
        if graph != self.graph:
            if self.graph is not None:
                self.done.add(self.graph)
            self.graph = graph

    def triples(self, graph: Graph, run: Sequence[ox.Quad]) -> list[ox.Triple]:
        self.enter(graph)
        if not self._seen(str(run[0].subject)) or not self.done:
            return [quad.triple for quad in run]
        return [quad.triple for quad in run if not self._stated_before(quad)]

    def cuts(
        self, graph: Graph, subjects: Sequence[str], lines: bytes, before: str | None, after: str | None
    ) -> CutRuns | None:
        """Which subjects of the worker's piece of ``graph`` (its ``subjects``, N-Triples, in order; its canonical
        ``lines``) state a triple a graph before did: by index, that subject's triples left to write, in runs.
        The rest of the piece is the graph's part of the merged graph as it is. None where its first or last
        subject is that of the runs written just ``before`` or ``after`` it (a writer fed both at once would
        describe that subject in one block): the graph's runs then all go through ``triples``. Marks its
        subjects seen either way."""
        self.enter(graph)
        if subjects and (subjects[0] == before or subjects[-1] == after):
            return None
        cut: CutRuns = {}
        # One pass that looks and marks: a subject marked before another of the same graph is looked up can only
        # make that one a false positive, which the exact check clears (the graph is not among those done).
        seen, check = self._seen, bool(self.done)
        for index, subject in enumerate(subjects):
            if not seen(subject) or not check:
                continue
            runs = list(_runs(_subject_lines(lines, subject)))
            kept = [[quad.triple for quad in run if not self._stated_before(quad)] for run in runs]
            if sum(map(len, kept)) < sum(map(len, runs)):
                cut[index] = kept
        return cut

    def _seen(self, subject: str) -> bool:
        # Three probes by double hashing; marks the subject as it looks.
        h = hash(subject)
        step = (h >> 29) | 1
        bits, mask = self.bits, self.mask
        seen = True
        for index in (h & mask, (h + step) & mask, (h + 2 * step) & mask):
            byte, bit = index >> 3, 1 << (index & 7)
            if not bits[byte] & bit:
                seen = False
                bits[byte] |= bit
        return seen

    def _stated_before(self, quad: ox.Quad) -> bool:
        others = self.store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None)
        return any(other.graph_name in self.done for other in others)


def _subject_lines(lines: bytes, subject: str) -> bytes:
    """The lines of one subject (N-Triples form) in a graph's canonical lines: together, as they are sorted.

    >>> _subject_lines(b"<a> <p> <b> .\\n<b> <p> <a> .\\n<b> <q> <a> .\\n<bc> <p> <a> .\\n", "<b>")
    b'<b> <p> <a> .\\n<b> <q> <a> .\\n'
    """
    key = subject.encode("utf-8") + b" "
    start = 0 if lines.startswith(key) else lines.find(b"\n" + key) + 1
    if start == 0 and not lines.startswith(key):
        return b""
    end = start
    while lines.startswith(key, end):
        end = lines.index(b"\n", end) + 1
    return lines[start:end]


def _subjects_of(store: ox.Store, graph: Graph) -> Iterator[Subject]:
    """The distinct subjects of one graph: through SPARQL, which never decodes the rest of each quad.

    >>> s = ox.Store()
    >>> a, p, g = ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.NamedNode("http://g")
    >>> s.extend([ox.Quad(a, p, a, g), ox.Quad(a, p, p, g), ox.Quad(p, p, p)])
    >>> [str(x) for x in _subjects_of(s, g)], [str(x) for x in _subjects_of(s, ox.DefaultGraph())]
    (['<http://a>'], ['<http://p>'])
    """
    if isinstance(graph, ox.BlankNode):  # a blank node in a query would be a variable
        seen: Subject | None = None
        for quad in store.quads_for_pattern(None, None, None, graph):
            if quad.subject != seen:
                seen = quad.subject
                yield seen
        return
    pattern = "?s ?p ?o" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{ ?s ?p ?o }}"
    solutions = store.query(f"SELECT DISTINCT ?s WHERE {{ {pattern} }}")
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        yield cast(Subject, row[0])


class SerializerSink:
    """Oxigraph's serialiser, called on batches: every batch but the first has its prefix lines cut off.

    Batches end where a subject ends (and, for TriG, where a graph ends unless the graph is very large), so
    the file is byte for byte what one call over all the quads would write.
    """

    def __init__(self, handle: IO[bytes], fmt: ox.RdfFormat, piece: Piece) -> None:
        self.handle = handle
        self.format = fmt
        self.piece = piece
        self.prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        self.pending: list[ox.Quad | ox.Triple] = []
        self.graph: Graph | None = None
        self.wrote = False
        example = ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x"))
        items = [ox.Quad(example.subject, example.predicate, example.object)] if fmt.supports_datasets else [example]
        example_text = ox.serialize(cast("list[ox.Quad]", items), None, fmt, prefixes=self.prefixes) or b""
        self.header = _prefix_lines(example_text)

    def add(self, graph: Graph, items: Sequence[ox.Quad] | Sequence[ox.Triple]) -> None:
        # TriG writes a block per graph: cutting a batch inside a graph would open a second block for it.
        boundary = graph != self.graph or self.format is not ox.RdfFormat.TRIG
        if len(self.pending) >= BATCH_QUADS and (boundary or len(self.pending) >= 8 * BATCH_QUADS):
            self._flush()
        self.graph = graph
        self.pending.extend(items)

    def write_piece(self, graph: Graph, data: bytes) -> None:
        # What this sink would write for the graph, given alone: the batch before it ends here (a graph's end).
        if self.pending:
            self._flush()
        self.graph = graph
        if not data:
            return
        if not self.wrote and self.piece.first:
            self.handle.write(self.header)
        self.handle.write(data)
        self.wrote = True

    def close(self) -> None:
        if self.pending:
            self._flush()
        elif not self.wrote and self.piece.first and not self.piece.last:
            self.handle.write(self.header)  # the pieces after this one use the prefixes

    def add_batch(self, graph: Graph, items: Iterable[ox.Quad] | Iterable[ox.Triple]) -> None:
        """``add`` of a graph's items that make a batch of their own (fewer than ``BATCH_QUADS``), then its writing:
        the items are serialised as they come, so a parser's need no list (a list of the objects pyoxigraph makes
        for them made the parse and writing of a graph's Turtle piece half as costly again)."""
        if self.pending:
            self._flush()
        self.graph = graph
        self._flush(items)

    def _flush(self, items: Iterable[ox.Quad] | Iterable[ox.Triple] | None = None) -> None:
        # One kind of item per sink: quads for the dataset formats, triples for the others.
        batch = cast("list[ox.Quad]", self.pending if items is None else items)
        data = ox.serialize(batch, None, self.format, prefixes=self.prefixes) or b""
        self.pending = []
        if (self.wrote or not self.piece.first) and data.startswith(self.header):
            data = data[len(self.header) :]
        self.wrote = True
        self.handle.write(data)


def _prefix_lines(data: bytes) -> bytes:
    """The leading ``@prefix`` lines of a serialisation.

    >>> _prefix_lines(b"@prefix a: <http://a#> .\\n@prefix b: <http://b#> .\\na:x b:y a:z .\\n")
    b'@prefix a: <http://a#> .\\n@prefix b: <http://b#> .\\n'
    """
    end = 0
    while data.startswith(b"@prefix ", end):
        end = data.index(b"\n", end) + 1
    return data[:end]


def _oxigraph_sink(fmt: ox.RdfFormat) -> Callable[[IO[bytes], Piece], QuadSink]:
    def open_sink(handle: IO[bytes], piece: Piece) -> QuadSink:
        return SerializerSink(handle, fmt, piece)

    return open_sink


RDF_FORMATS: dict[str, RdfExportFormat] = {
    "turtle": RdfExportFormat("turtle", "ttl", "text/turtle", False, _oxigraph_sink(ox.RdfFormat.TURTLE)),
    "trig": RdfExportFormat("trig", "trig", "application/trig", True, _oxigraph_sink(ox.RdfFormat.TRIG)),
    "jsonld": RdfExportFormat("jsonld", "jsonld", "application/ld+json", False, JsonLdSink, JSONLD_SEPARATOR),
    "nt": RdfExportFormat("nt", "nt", "application/n-triples", False, _oxigraph_sink(ox.RdfFormat.N_TRIPLES)),
    "nq": RdfExportFormat(
        "nq", "nq", "application/n-quads", True, _oxigraph_sink(ox.RdfFormat.N_QUADS), canonical_lines=True
    ),
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


def write_streams(
    store: ox.Store,
    outputs: Sequence[tuple[RdfExportFormat, IO[bytes]]],
    *,
    start: int = 0,
    stop: int | None = None,
    spool: GraphSpool | None = None,
) -> tuple[bool, ...]:
    """Write the store in several formats to open handles, reading it once; say for each whether it wrote any
    statement. ``start`` and ``stop`` select a slice of ``graph_order``: a piece of each file, the first piece
    with the prefixes (or context), the last one with what closes the file. The graphs of ``spool`` are read
    from there rather than from the store.

    >>> import io
    >>> s = ox.Store()
    >>> a, p = ox.NamedNode("http://a"), ox.NamedNode("http://p")
    >>> s.extend([ox.Quad(a, p, a, a), ox.Quad(a, p, a)])
    >>> nt, nq = io.BytesIO(), io.BytesIO()
    >>> write_streams(s, [(rdf_format("nt"), nt), (rdf_format("nq"), nq)])
    (True, True)
    >>> len(nt.getvalue().splitlines()), len(nq.getvalue().splitlines())
    (1, 2)
    """
    # No cyclic collection while writing: the pass makes millions of short-lived terms and strings and keeps the
    # ahead-read graphs, and every full collection walked them all (bench/README.md, session 14).
    with collector_paused():
        return _write_streams(store, outputs, start=start, stop=stop, spool=spool)


def _write_streams(
    store: ox.Store,
    outputs: Sequence[tuple[RdfExportFormat, IO[bytes]]],
    *,
    start: int,
    stop: int | None,
    spool: GraphSpool | None,
) -> tuple[bool, ...]:
    order = graph_order(store)
    if all(fmt.canonical_lines for fmt, _ in outputs):
        return _copy_lines(store, [handle for _, handle in outputs], order[start:stop], spool)
    piece = Piece(first=start == 0, last=stop is None or stop >= len(order))
    sinks = [(fmt.datasets, fmt.open_sink(handle, piece)) for fmt, handle in outputs]
    merged = _FirstStatements(store, order[:start], spool) if not all(datasets for datasets, _ in sinks) else None
    formats = [fmt for fmt, _ in outputs]
    names = [fmt.name for fmt in formats]
    merged_names = [fmt.name for fmt in formats if not fmt.datasets]
    graphs = _Ahead(store, order[start:stop], spool)
    last: str | None = None  # the subject of the last run written
    for index, graph in enumerate(graphs.graphs):
        parts = spool.fragments(graph.value, names) if spool is not None and isinstance(graph, ox.NamedNode) else None
        if parts is not None:
            after = graphs.first_subject(index + 1) if merged is not None else None
            cut = {} if merged is None else merged.cuts(graph, parts.subjects, parts.lines, last, after)
            if cut is not None and (not cut or all(name in parts.starts for name in merged_names)):
                # The worker wrote this graph's piece of every file: copied as it is, around the subjects cut.
                for fmt, (datasets, sink) in zip(formats, sinks, strict=True):
                    if datasets or not cut:
                        sink.write_piece(graph, parts.pieces[fmt.name])
                    else:
                        _write_around(sink, graph, fmt, parts, cut)
                last = _last_written(parts.subjects, cut, last)
                continue
        for run in _runs(graphs.nquads(index)):
            triples = merged.triples(graph, run) if merged is not None else []
            if triples:
                last = str(run[0].subject)
            for datasets, sink in sinks:
                sink.add(graph, run if datasets else triples)
    for _, sink in sinks:
        sink.close()
    return tuple(sink.wrote for _, sink in sinks)


def _write_around(sink: QuadSink, graph: Graph, fmt: RdfExportFormat, parts: GraphFragments, cut: CutRuns) -> None:
    """The worker's piece of a merged format copied in the stretches between the subjects ``cut``, whose
    triples left (``_FirstStatements.cuts``) are written in their place: the bytes the writer fed every run
    writes, as its batches end where a subject does."""
    piece = parts.pieces[fmt.name]
    starts = memoryview(parts.starts[fmt.name]).cast("I")
    count, gap = len(starts), len(fmt.separator)

    def copy(first: int, stop: int) -> None:
        if first < stop:
            end = starts[stop] - gap if stop < count else len(piece)
            sink.write_piece(graph, piece[starts[first] : end])

    at = 0
    for index in sorted(cut):
        copy(at, index)
        for run in cut[index]:
            sink.add(graph, run)
        at = index + 1
    copy(at, count)


def _last_written(subjects: Sequence[str], cut: CutRuns, last: str | None) -> str | None:
    """The subject of the last run written for a graph whose piece was copied around ``cut``."""
    for index in range(len(subjects) - 1, -1, -1):
        if index not in cut or any(cut[index]):
            return subjects[index]
    return last


class _Ahead:
    """The graphs an export writes, with the canonical lines of one read ahead where the first subject of the
    graph after a worker's piece is wanted (``_FirstStatements.takes_piece``)."""

    def __init__(self, store: ox.Store, graphs: Sequence[Graph], spool: GraphSpool | None) -> None:
        self.store, self.graphs, self.spool = store, graphs, spool
        self.read: dict[int, bytes] = {}

    def nquads(self, index: int) -> bytes:
        data = self.read.pop(index, None)
        return graph_nquads(self.store, self.graphs[index], self.spool) if data is None else data

    def first_subject(self, index: int) -> str | None:
        """The first subject written from ``index`` on (N-Triples), or None past the last graph."""
        for at in range(index, len(self.graphs)):
            graph = self.graphs[at]
            parts = self.spool.parts.get(graph.value) if self.spool and isinstance(graph, ox.NamedNode) else None
            if parts is not None and parts.subjects:
                return parts.subjects[0]
            if at not in self.read:
                self.read[at] = graph_nquads(self.store, graph, self.spool)
            if data := self.read[at]:
                return data[: data.index(b" ")].decode("utf-8")
        return None


def _copy_lines(
    store: ox.Store, handles: Sequence[IO[bytes]], graphs: Sequence[Graph], spool: GraphSpool | None
) -> tuple[bool, ...]:
    """N-Quads written as the graphs' canonical lines, with no term parsed: Oxigraph would write the same lines
    from the parsed quads (the tests compare the two)."""
    wrote = False
    for graph in graphs:
        data = graph_nquads(store, graph, spool)
        wrote = wrote or bool(data)
        for handle in handles:
            handle.write(data)
    return tuple(wrote for _ in handles)
