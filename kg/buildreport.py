"""What a build reports: the one-screen summary as values (``BuildReport``), counted from the manifest, and the
clock that times its stages.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

import pyoxigraph as ox

from kg.errors import KGError
from kg.load import Loaded
from kg.manifest import Manifest, ManifestEntry, Totals
from kg.plan import Plan
from kg.rdf import ENTITIES_GRAPH, ONTOLOGY_GRAPH
from kg.read import ReadResult
from kg.store import current_generation, open_embedded


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: the one-screen summary, as values.

    ``briefings`` to ``mentions`` count this run: every briefing the build was given, whether it was extracted
    now (``extracted``) or found unchanged in the store (``unchanged``); files that could not be read as
    briefings are in ``errors`` (the command line's "refused files"). ``store`` holds the same counts over every
    briefing the store holds after the run, and ``triples`` is the store's quad count.
    ``stages`` holds wall seconds (read, extract: waiting for workers, store: loading, align, compact, view
    index, manifest, export); ``work`` the CPU
    seconds each extraction stage took, summed over the workers.
    """

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
    extracted: int = 0
    unchanged: int = 0
    removed: tuple[str, ...] = ()
    sentences: int = 0
    work: dict[str, float] = field(default_factory=dict)
    workers: int = 1
    generation: Path | None = None
    pushed: int = 0
    store: dict[str, int] = field(default_factory=dict)  # the counts of _counts over the whole store

    @property
    def ok(self) -> bool:
        return not self.errors


def summarise(
    out: Path,
    plan: Plan,
    loaded: Loaded,
    clock: Clock,
    *,
    read: ReadResult | None = None,
    warnings: Sequence[str] = (),
    exports: tuple[Path, ...] = (),
    pushed: int = 0,
    workers: int = 1,
) -> BuildReport:
    entries = [*plan.unchanged, *loaded.entries]
    notes = [f"{b.source.path}: {w}" for b in read.briefings for w in b.warnings] if read else []
    generation = current_generation(out)
    manifest = plan.base.updated(loaded.entries, removed=plan.remove)
    return BuildReport(
        out=out,
        **_counts(entries),
        triples=stored_quads(open_embedded(out).store, manifest) if generation is not None else 0,
        warnings=(*warnings, *(read.warnings if read else ()), *notes),
        errors=tuple(read.errors) if read else (),
        elapsed=clock.total(),
        stages=dict(clock.laps),
        exports=exports,
        extracted=len(loaded.entries),
        unchanged=len(plan.unchanged),
        removed=plan.remove,
        sentences=sum(e.count("sentences") for e in entries),
        work=dict(loaded.work),
        workers=workers,
        generation=generation,
        pushed=pushed,
        store=_store_counts(_counted(manifest.totals(), len(manifest.briefings))),
    )


def stored_quads(store: ox.Store, manifest: Manifest) -> int:
    """How many quads the store holds, without counting them all (``len(store)`` scans the whole store: about
    a second on 5,000 briefings, half the time of adding one): each briefing graph's count is in its manifest
    entry, and only the shared graphs are counted here. Graphs are disjoint, so the sum is exact.
    """
    # Counted by the engine (a tenth of a second of Python objects on 5,000 briefings, a few milliseconds so).
    found = store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?g "
        f"{{ {ENTITIES_GRAPH} {ONTOLOGY_GRAPH} }} }} }}"
    )
    assert isinstance(found, ox.QuerySolutions)  # a SELECT
    counted = next(int(row["n"].value) for row in found if isinstance(row["n"], ox.Literal))
    return counted + manifest.totals().count("quads")


class _Counts(TypedDict):
    briefings: int
    statements: int
    exchanges: int
    outlets: int
    positions: int
    mentions: int


def _store_counts(counts: _Counts) -> dict[str, int]:
    """The counts as a plain mapping (the summary's "in the store" column)."""
    return {name: value for name, value in counts.items() if isinstance(value, int)}


def _counted(totals: Totals, briefings: int) -> _Counts:
    """The counts of a whole manifest of ``briefings`` entries, from its totals (``Manifest.totals``): the
    summary's "in the store" column covers every briefing of the store at each build, and an add adds up none."""
    return {
        "briefings": briefings,
        "statements": totals.count("statements"),
        "exchanges": totals.count("exchanges"),
        "outlets": len(totals.outlets),
        "positions": totals.count("positions"),
        "mentions": totals.count("mentions"),
    }


def _counts(entries: Sequence[ManifestEntry]) -> _Counts:
    """What a report counts of the briefings it covers, from their manifest entries (one pass over them: the
    summary's "in the store" column covers every briefing of the store at each build)."""
    summed = dict.fromkeys(("statements", "exchanges", "positions", "mentions"), 0)
    outlets: set[str] = set()
    for entry in entries:
        for name, n in entry.counts:
            if name in summed:
                summed[name] += n
        outlets.update(entry.outlets)
    return {
        "briefings": len(entries),
        "statements": summed["statements"],
        "exchanges": summed["exchanges"],
        "outlets": len(outlets),
        "positions": summed["positions"],
        "mentions": summed["mentions"],
    }


class Clock:
    """Wall time per stage, for the summary and the benchmark."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, stage: str, *, excluding: Mapping[str, float] | None = None) -> None:
        """Close a lap: the time since the last one goes to ``stage``, less the seconds of ``excluding`` (time
        inside it spent on other stages, such as waiting for the extracting workers), which go to theirs."""
        now = time.perf_counter()
        other = excluding or {}
        for name, seconds in other.items():
            self.laps[name] = self.laps.get(name, 0.0) + seconds
        self.laps[stage] = self.laps.get(stage, 0.0) + now - self.last - sum(other.values())
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.started
