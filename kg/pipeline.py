"""The whole path: files -> briefings -> extractions -> quads in the store -> exports.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> report = build(["seeds/"], out=out, exports=("turtle",))
>>> report.briefings, report.exchanges
(2, 28)
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.export.html import write_overview
from kg.export.rdf import RDF_FORMATS, write_rdf
from kg.extract import extract
from kg.rdf import ENTITIES_GRAPH, entity_quads, ontology_quads, to_rdf
from kg.read import MAX_BYTES, read_briefings
from kg.store import write_generation
from kg.types import Briefing, Extraction

DEFAULT_EXPORTS = ("turtle", "trig", "jsonld")
OVERVIEW_PAGE = "graph.html"
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: the one-screen summary, as values."""

    out: Path
    briefings: int
    statements: int
    exchanges: int
    outlets: int
    positions: int
    mentions: int
    triples: int
    warnings: tuple[str, ...]
    errors: tuple[KGError, ...]
    elapsed: float
    stages: dict[str, float] = field(default_factory=dict)
    exports: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def build(
    paths: Iterable[str | Path],
    *,
    out: str | Path = "output",
    year: int | None = None,
    strict: bool = False,
    max_bytes: int = MAX_BYTES,
    exports: Sequence[str] = DEFAULT_EXPORTS,
    overview: bool = True,
    progress: Progress | None = None,
) -> BuildReport:
    """Read ``paths``, extract, store every briefing as its own named graph under ``out/store``, write exports.

    Bad files are reported in ``BuildReport.errors`` and skipped (``strict=True`` raises the first one, before
    the store is touched); the previous store and exports stay intact until the new ones are complete. With
    ``overview`` (the default), ``out/graph.html`` shows who asks about what and the stances taken toward whom.
    """
    out = Path(out)
    clock = _Clock()
    result = read_briefings(paths, year=year, strict=strict, max_bytes=max_bytes)
    clock.lap("read")

    # An error here (a malformed file in ontology/) concerns every briefing alike: it stops the build.
    extractions: list[Extraction] = []
    for i, briefing in enumerate(result.briefings, 1):
        extractions.append(extract(briefing))
        if progress:
            progress(i, len(result.briefings))
    clock.lap("extract")

    # Everything this build writes is also put into an in-memory store: exports read it from there, which is
    # several times faster than reading the on-disk store back (see bench/).
    snapshot = ox.Store()
    snapshot.extend(ontology_quads())
    entity_descriptions: set[ox.Quad] = set()
    for extraction in extractions:
        snapshot.extend(to_rdf(extraction))
        entity_descriptions.update(entity_quads(extraction))
    snapshot.extend(entity_descriptions)
    written_graphs = set(snapshot.named_graphs())
    clock.lap("rdf")

    with write_generation(out) as store:
        for graph in written_graphs & set(store.named_graphs()):
            if graph != ENTITIES_GRAPH:  # entity descriptions accumulate; the store is a set
                store.remove_graph(graph)
        store.bulk_extend(snapshot)
        clock.lap("store")
        triples = len(store)
        complete = set(store.named_graphs()) <= written_graphs
        source = snapshot if complete else store
        written = tuple(write_rdf(source, out / f"graph.{RDF_FORMATS[fmt].extension}", fmt) for fmt in exports)
        clock.lap("export")
        # -- the overview page beside the RDF exports (kg.export.html); views read the store, nothing flows back
        if overview:
            written += (write_overview(store, out / OVERVIEW_PAGE),)
            clock.lap("overview")

    return _report(out, result.briefings, extractions, triples, result.warnings, result.errors, clock, written)


def _report(
    out: Path,
    briefings: Sequence[Briefing],
    extractions: Sequence[Extraction],
    triples: int,
    warnings: Sequence[str],
    errors: Sequence[KGError],
    clock: _Clock,
    exports: tuple[Path, ...],
) -> BuildReport:
    outlets = Counter(ex.outlet.key for b in briefings for ex in b.exchanges if ex.outlet is not None)
    all_warnings = [*warnings, *(f"{b.source.path}: {w}" for b in briefings for w in b.warnings)]
    return BuildReport(
        out=out,
        briefings=len(briefings),
        statements=sum(len(b.statements) for b in briefings),
        exchanges=sum(len(b.exchanges) for b in briefings),
        outlets=len(outlets),
        positions=sum(len(e.positions) for e in extractions),
        mentions=sum(len(e.mentions) for e in extractions),
        triples=triples,
        warnings=tuple(all_warnings),
        errors=tuple(errors),
        elapsed=clock.total(),
        stages=dict(clock.laps),
        exports=exports,
    )


class _Clock:
    """Wall time per stage, for the summary and the benchmark."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = self.laps.get(stage, 0.0) + now - self.last
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.started
