"""The whole path: files -> briefings -> extractions -> quads in the store -> exports.

Built for thousands of briefings:

- **Parallel.** Reading and extraction run in a process pool over documents; each worker returns its
  briefing's named graph as N-Quads bytes (pyoxigraph terms do not pickle).
- **Streaming, bulk-loaded.** The workers' bytes go into Oxigraph's bulk loader as they arrive, in batches
  of bounded size; no extraction is kept once its graph is loaded. A build that loaded many briefings
  compacts the store, so that queries and exports read it fast.
- **Incremental.** Each generation keeps a manifest (``kg.manifest``). A briefing whose source has the same
  sha256 as in the manifest, built with the same ontology fingerprint and presskg version, is skipped; a
  changed one replaces its named graph, nothing else; a change to any gazetteer or cue file (or to
  presskg) re-extracts everything the store holds, from the sources the manifest names.
- **Nothing lost.** All writes go to a new store generation that replaces the current one atomically
  (``kg.store.write_generation``); exports are written after it, each to a temporary file and renamed,
  and a stamp records which generation they show, so a build killed mid-way is repaired by the next.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> report = build(["seeds/"], out=out, exports=("turtle",))
>>> report.briefings, report.exchanges, report.extracted
(2, 28, 2)
>>> again = build(["seeds/"], out=out, exports=("turtle",))
>>> again.extracted, again.skipped, again.triples == report.triples
(0, 2, True)
"""

from __future__ import annotations

import contextlib
import functools
import json
import multiprocessing
import multiprocessing.pool
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypedDict

import pyoxigraph as ox

from kg.align import align_store
from kg.errors import KGError, StoreError
from kg.export.html import write_overview
from kg.export.rdf import RDF_FORMATS, atomic_write_bytes, write_rdf_formats
from kg.extract import EXTRACTORS, referenced_entities
from kg.extract.sentences import split_sentences
from kg.gazetteer import ontology_fingerprint
from kg.manifest import Manifest, ManifestEntry, read_manifest, write_manifest
from kg.rdf import ENTITIES_GRAPH, ONTOLOGY_GRAPH, entity_quads, graph_iri, ontology_quads, to_rdf
from kg.read import MAX_BYTES, ReadResult, iter_sources, read_briefings
from kg.store import build_lock, current_generation, open_generation, open_store, write_generation
from kg.types import Briefing, Extraction
from kg.viewindex import encode_facts, write_view_index

DEFAULT_EXPORTS = ("turtle", "trig", "jsonld")
EXPORT_STAMP = ".exports.json"
OVERVIEW_PAGE = "graph.html"
OVERVIEW = "overview"  # the overview page, among the export names of the stamp
Progress = Callable[[int, int], None]

# Below this many briefings per worker a pool costs more (start-up, pickling) than it saves.
MIN_PER_WORKER = 4
# A build that bulk-loads this many briefings compacts the store afterwards: the bulk loader leaves many
# overlapping files, and reads (queries, exports) over a compacted store are 3-5 times faster.
COMPACT_AFTER = 50
# N-Quads per bulk-loader call (about 200,000 quads): see load_extracted.
BULK_BATCH_BYTES = 48 << 20
# From this many briefing graphs on, the overview page is written by a process of its own beside the RDF
# exports; for fewer, starting the process costs more than it saves.
PARALLEL_OVERVIEW_GRAPHS = 50


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: the one-screen summary, as values.

    Counts cover every briefing the build was given, whether it was extracted now or kept unchanged.
    ``stages`` holds wall seconds (read, extract: waiting for workers, store, export); ``work`` the CPU
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
    skipped: int = 0
    removed: tuple[str, ...] = ()
    sentences: int = 0
    work: dict[str, float] = field(default_factory=dict)
    workers: int = 1
    generation: Path | None = None
    pushed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class Extracted:
    """One briefing, extracted and serialised by a worker."""

    entry: ManifestEntry
    graph: bytes  # N-Quads of the briefing's named graph
    entities: tuple[bytes, ...]  # N-Quads lines describing the entities it refers to
    seconds: tuple[tuple[str, float], ...]  # CPU time per stage
    views: bytes = b""  # the briefing's facts for the view index (kg.viewindex.encode_facts of its quads)


def extract_briefing(briefing: Briefing) -> Extracted:
    """Extract one briefing and serialise its quads: the unit of work of the process pool.

    The same as ``kg.extract.extract`` (every registered stage, then the entities the graph refers to),
    timed stage by stage.
    """
    found = Extraction(briefing=briefing)
    seconds: list[tuple[str, float]] = []
    for name, stage in EXTRACTORS.items():
        started = time.process_time()
        found = stage(briefing, found)
        seconds.append((name, time.process_time() - started))
    started = time.process_time()
    found = replace(found, entities=referenced_entities(found))
    quads = to_rdf(found)
    graph = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    entities = ox.serialize(entity_quads(found), format=ox.RdfFormat.N_QUADS) or b""
    views = encode_facts(quads)
    seconds.append(("rdf", time.process_time() - started))
    counts = (
        ("sentences", sum(len(split_sentences(turn.text)) for turn in briefing.turns())),
        ("statements", len(briefing.statements)),
        ("exchanges", len(briefing.exchanges)),
        ("mentions", len(found.mentions)),
        ("positions", len(found.positions)),
        ("quads", len(set(quads))),  # as stored: a quad stated twice is stored once
    )
    outlets = tuple(sorted({ex.outlet.key for ex in briefing.exchanges if ex.outlet is not None}))
    entry = ManifestEntry(briefing.key, briefing.source.path, briefing.source.sha256, counts, outlets)
    return Extracted(entry, graph, tuple(entities.splitlines(keepends=True)), tuple(seconds), views)


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
    workers: int | None = None,
    full: bool = False,
    endpoint: str | None = None,
) -> BuildReport:
    """Read ``paths``, extract, store every briefing as its own named graph under ``out/store``, write exports.

    Briefings already in the store are kept; those of ``paths`` are added, or replaced where their source
    changed (``full=True`` starts from an empty store instead). Bad files are reported in
    ``BuildReport.errors`` and skipped (``strict=True`` raises the first one, before the store is touched);
    the previous store and exports stay intact until the new ones are complete. ``workers`` caps the process
    pool (default: one per core); ``max_bytes`` is the largest file read. ``endpoint`` also writes every graph
    this build changed to a remote SPARQL store.
    With ``overview`` (the default), ``out/graph.html`` shows who asks about what and the stances taken
    toward whom. A second build of the same ``out`` while one runs fails at once with "store is busy".
    """
    out = Path(out)
    with build_lock(out):
        return _build(
            given=list(paths),
            out=out,
            year=year,
            strict=strict,
            max_bytes=max_bytes,
            exports=exports,
            overview=overview,
            progress=progress,
            workers=workers,
            full=full,
            endpoint=endpoint,
        )


def _build(
    *,
    given: list[str | Path],
    out: Path,
    year: int | None,
    strict: bool,
    max_bytes: int,
    exports: Sequence[str],
    overview: bool,
    progress: Progress | None,
    workers: int | None,
    full: bool,
    endpoint: str | None,
) -> BuildReport:
    clock = _Clock()
    fingerprint, version = ontology_fingerprint(), _version()
    previous = None if full else read_manifest(out)
    keep = previous is not None and previous.compatible(fingerprint, version)
    warnings: list[str] = []
    if previous is not None and not keep:
        # A gazetteer, cue or presskg change: everything the store holds is extracted again.
        gone = [e for e in previous.briefings if not Path(e.path).exists()]
        given.extend(e.path for e in previous.briefings if Path(e.path).exists())
        warnings.extend(f"{e.path}: the source is gone; briefing {e.key} is dropped from the store" for e in gone)
    # The pool starts before reading, so its workers do not inherit the briefings the main process reads.
    size = _pool_size(workers, _count_sources(given))
    with _worker_pool(size) as pool:
        result = read_briefings(given, year=year, strict=strict, max_bytes=max_bytes, pool=pool)
        clock.lap("read")

        old = previous.by_key() if keep and previous is not None else {}
        todo = [b for b in result.briefings if b.key not in old or old[b.key].sha256 != b.source.sha256]
        unchanged = [old[b.key] for b in result.briefings if b.key in old and old[b.key].sha256 == b.source.sha256]
        base = previous if keep and previous is not None else Manifest(fingerprint, version)
        fresh = not keep
        replaced = [b.key for b in todo if b.key in old]
        if not todo and not fresh and _exports_current(out, exports, overview=overview):
            return _report(out, result, unchanged, [], base, clock, warnings, (), current_generation(out), 0, 1)

        produced: list[ManifestEntry] = []
        views: dict[str, bytes] = {}
        work: dict[str, float] = {}
        manifest = base
        pooled = pool is not None and len(todo) >= 2 * MIN_PER_WORKER
        extracted = pool.imap(extract_briefing, todo, chunksize=2) if pooled and pool else map(extract_briefing, todo)
        pool_size = size if pooled else 1
        if todo or fresh:

            def keep_manifest(generation: Path) -> None:
                # The link still names the previous generation: its index is the base of the new one.
                previous = None if fresh else current_generation(out)
                write_view_index(generation, previous=previous, facts=views, removed=replaced)
                write_manifest(generation, manifest)

            with write_generation(out, fresh=fresh, on_commit=keep_manifest, locked=True) as store:
                if fresh:
                    store.bulk_extend(ontology_quads())
                for key in replaced:
                    store.remove_graph(graph_iri(key))
                waiting = load_extracted(store, extracted, produced, work, len(todo), progress, views)
                clock.laps["extract"] = clock.laps.get("extract", 0.0) + waiting
                clock.last += waiting
                if replaced:
                    prune_entities(store)
                # A step over the whole store, after every briefing is in: translations linked to their originals.
                align_store(store)
                manifest = base.updated(produced)
                store.flush()
                if len(produced) >= COMPACT_AFTER:
                    clock.lap("store")
                    store.optimize()
                    clock.lap("compact")
                # The last reference: write_generation closes the store (RocksDB ends its background work) before
                # it renames the generation's folder into place.
                del store
            clock.lap("store")
    generation = current_generation(out)
    written = write_exports(out, exports, overview=overview)
    clock.lap("export")
    pushed = 0
    if endpoint is not None:
        before = previous.briefings if previous is not None and not keep else ()
        dropped = [e.key for e in before if manifest.entry(e.key) is None]
        pushed = _push(out, endpoint, [e.key for e in produced], dropped, ontology=fresh)
        clock.lap("push")
    return _report(
        out, result, unchanged, produced, manifest, clock, warnings, written, generation, pushed, pool_size, work
    )


def remove(
    targets: Iterable[str | Path],
    *,
    out: str | Path = "output",
    exports: Sequence[str] = DEFAULT_EXPORTS,
    overview: bool = True,
    endpoint: str | None = None,
) -> BuildReport:
    """Drop briefings from the store by key (``t1780283``) or by source path (a file, or a folder's files).

    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> _ = build(["seeds/"], out=out, exports=(), overview=False)
    >>> remove(["seeds/001_c898893308e39e3b.txt"], out=out, exports=(), overview=False).removed
    ('001_c898893308e39e3b',)
    """
    out = Path(out)
    with build_lock(out):
        return _remove(targets, out=out, exports=exports, overview=overview, endpoint=endpoint)


def _remove(
    targets: Iterable[str | Path], *, out: Path, exports: Sequence[str], overview: bool, endpoint: str | None
) -> BuildReport:
    clock = _Clock()
    manifest = read_manifest(out)
    if manifest is None:
        raise StoreError(
            "E331",
            "the store has no manifest to remove briefings from",
            path=str(out),
            hint="build it with this version of presskg first",
        )
    keys = resolve_targets(targets, manifest)
    after = manifest.updated((), removed=keys)

    def keep_manifest(generation: Path) -> None:
        write_view_index(generation, previous=current_generation(out), facts={}, removed=keys)
        write_manifest(generation, after)

    with write_generation(out, on_commit=keep_manifest, locked=True) as store:
        for key in keys:
            store.remove_graph(graph_iri(key))
        prune_entities(store)
        align_store(store)
        store.flush()
        del store  # the last reference: closed before the generation's folder is renamed (see _build)
    clock.lap("store")
    written = write_exports(out, exports, overview=overview)
    clock.lap("export")
    pushed = _push(out, endpoint, [], keys, ontology=False) if endpoint else 0
    left = after.briefings
    return BuildReport(
        out=out,
        **_counts(left),
        triples=stored_quads(open_store(out), after),
        warnings=(),
        errors=(),
        elapsed=clock.total(),
        stages=dict(clock.laps),
        exports=written,
        removed=tuple(keys),
        generation=current_generation(out),
        pushed=pushed,
    )


def resolve_targets(targets: Iterable[str | Path], manifest: Manifest) -> list[str]:
    """Briefing keys named by ``targets``: keys as they are, paths by the manifest's source paths."""
    keys: list[str] = []
    by_key = manifest.by_key()
    for target in targets:
        text = str(target)
        if text in by_key:
            keys.append(text)
            continue
        wanted = os.path.realpath(text)
        inside = wanted.rstrip(os.sep) + os.sep
        found = [
            e.key for e in manifest.briefings if (real := os.path.realpath(e.path)) == wanted or real.startswith(inside)
        ]
        if not found:
            raise StoreError(
                "E332",
                "no briefing in the store has this key or source",
                path=text,
                hint="the manifest beside output/store lists the keys and sources the store holds",
            )
        keys.extend(found)
    return list(dict.fromkeys(keys))


PRUNE_QUERY = f"""
SELECT DISTINCT ?entity WHERE {{
  GRAPH {ENTITIES_GRAPH} {{ ?entity a ?class }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?entity }} FILTER(?g NOT IN ({ENTITIES_GRAPH}, {ONTOLOGY_GRAPH})) }}
  FILTER NOT EXISTS {{
    GRAPH {ENTITIES_GRAPH} {{ ?referrer ?link ?entity }}
    GRAPH ?h {{ ?t ?u ?referrer }} FILTER(?h NOT IN ({ENTITIES_GRAPH}, {ONTOLOGY_GRAPH}))
  }}
}}
"""


def prune_entities(store: ox.Store) -> int:
    """Remove descriptions of entities no briefing refers to any more (after graphs were removed or replaced),
    so the store holds what a build from scratch would: an entity stays while a briefing graph names it, or
    names an entity that links to it (an outlet's ``pk:basedIn`` country); links from the ontology graph
    (a topic's related countries) do not count. Returns how many were removed.
    """
    found = store.query(PRUNE_QUERY)
    assert isinstance(found, ox.QuerySolutions)
    entities = [s["entity"] for s in found]
    for entity in entities:
        for quad in list(store.quads_for_pattern(entity, None, None, ENTITIES_GRAPH)):
            store.remove(quad)
    return len(entities)


def load_extracted(
    store: ox.Store,
    extracted: Iterator[Extracted],
    produced: list[ManifestEntry],
    work: dict[str, float],
    total: int,
    progress: Progress | None,
    views: dict[str, bytes] | None = None,
) -> float:
    """Bulk-load the workers' N-Quads as they arrive, in batches, then the entity descriptions (each once).

    Oxigraph's bulk loader holds what one call gives it in memory until it writes its files; fed batches of
    ``BULK_BATCH_BYTES``, a build's memory stays flat however many briefings it loads, while the workers go on
    extracting. Appends each briefing's manifest entry to ``produced``, its CPU seconds per stage to
    ``work`` and its view-index facts to ``views`` (by key); returns the seconds spent waiting for the workers.
    """
    entities: dict[bytes, None] = {}
    batch: list[bytes] = []
    size = 0
    waiting = 0.0
    while True:
        started = time.perf_counter()
        item = next(extracted, None)
        waiting += time.perf_counter() - started
        if item is None:
            break
        produced.append(item.entry)
        if views is not None:
            views[item.entry.key] = item.views
        for name, seconds in item.seconds:
            work[name] = work.get(name, 0.0) + seconds
        entities.update(dict.fromkeys(item.entities))
        if progress:
            progress(len(produced), total)
        batch.append(item.graph)
        size += len(item.graph)
        if size >= BULK_BATCH_BYTES:
            store.bulk_load(input=b"".join(batch), format=ox.RdfFormat.N_QUADS, lenient=True)
            batch, size = [], 0
    batch.append(b"".join(entities))
    store.bulk_load(input=b"".join(batch), format=ox.RdfFormat.N_QUADS, lenient=True)
    return waiting


def _pool_size(workers: int | None, jobs: int) -> int:
    wanted = workers if workers is not None else (os.cpu_count() or 1)
    return max(1, min(wanted, jobs // MIN_PER_WORKER))


def _count_sources(paths: Iterable[str | Path]) -> int:
    """How many files ``paths`` name (bad paths count nothing here; the reader reports them)."""
    count = 0
    for path in paths:
        with contextlib.suppress(KGError, OSError):
            count += len(iter_sources([path]))
    return count


@contextlib.contextmanager
def _worker_pool(size: int) -> Iterator[multiprocessing.pool.Pool | None]:
    """A process pool of ``size`` workers, or None where one process will do."""
    if size <= 1:
        yield None
        return
    with _context().Pool(size) as pool:
        yield pool


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def write_exports(out: Path, formats: Sequence[str], *, overview: bool = False) -> tuple[Path, ...]:
    """Write ``formats`` of the current generation (and the overview page), each atomically, then the stamp that
    says they show this generation."""
    wanted = [*formats, *([OVERVIEW] if overview else [])]
    if not wanted:
        return ()
    generation = current_generation(out)
    store = open_store(out)
    with _overview_beside(out, store, generation, enabled=overview and bool(formats)) as page:
        # All formats from one pass over the store (split between two processes on a large store): reading it
        # costs more than writing any one format. The second process opens the same generation afresh.
        targets = {fmt: _export_path(out, fmt) for fmt in formats}
        reopen = functools.partial(ox.Store.read_only, str(generation)) if generation else None
        written = write_rdf_formats(store, targets, reopen=reopen)
        if overview:
            # The overview page beside the RDF exports (kg.export.html); views read the store, nothing flows back.
            written += (page() if page else write_overview(store, out / OVERVIEW_PAGE),)
    stamp = json.dumps({"generation": generation.name if generation else None, "formats": sorted(wanted)})
    atomic_write_bytes(out / EXPORT_STAMP, stamp.encode())
    return written


@contextlib.contextmanager
def _overview_beside(
    out: Path, store: ox.Store, generation: Path | None, *, enabled: bool
) -> Iterator[Callable[[], Path] | None]:
    """The overview page written by a second process while this one writes the RDF exports, where the store is
    large enough for that to pay (the RDF exports and the page each keep one core busy): yields the function
    that waits for the page, or None where the caller writes it itself."""
    large = _count_at_least(store.named_graphs(), PARALLEL_OVERVIEW_GRAPHS) >= PARALLEL_OVERVIEW_GRAPHS
    if not enabled or generation is None or not large:
        yield None
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
        future = pool.submit(_write_overview_of, generation, out / OVERVIEW_PAGE)
        yield future.result


def _write_overview_of(generation: Path, page: Path) -> Path:
    """In the overview's own process: the generation opened afresh (``open_generation`` does not use the store
    inherited across fork), and as queries open it, so that its views answer from the view index."""
    return write_overview(open_generation(generation), page)


def _count_at_least(items: Iterable[object], limit: int) -> int:
    """How many ``items`` there are, counting no further than ``limit``.

    >>> _count_at_least(iter(range(10**9)), 3)
    3
    """
    count = 0
    for _ in items:
        count += 1
        if count >= limit:
            break
    return count


def _export_path(out: Path, name: str) -> Path:
    return out / OVERVIEW_PAGE if name == OVERVIEW else out / f"graph.{RDF_FORMATS[name].extension}"


def _exports_current(out: Path, formats: Sequence[str], *, overview: bool = False) -> bool:
    """True where the exports on disk were written from the current generation (and all are there)."""
    wanted = [*formats, *([OVERVIEW] if overview else [])]
    if not wanted:
        return True
    generation = current_generation(out)
    try:
        stamp = json.loads((out / EXPORT_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        generation is not None
        and stamp.get("generation") == generation.name
        and set(wanted) <= set(stamp.get("formats", ()))
        and all(_export_path(out, name).exists() for name in wanted)
    )


def _push(out: Path, endpoint: str, keys: Sequence[str], dropped: Sequence[str], *, ontology: bool) -> int:
    from kg.remote import push_graphs, remote_store

    graphs = [graph_iri(k) for k in keys] + [ENTITIES_GRAPH] + ([ONTOLOGY_GRAPH] if ontology else [])
    drop = [graph_iri(k) for k in dropped]
    report = push_graphs(open_store(out), remote_store(endpoint), graphs=graphs, drop=drop)
    return len(report.written) + len(report.dropped)


def _version() -> str:
    import kg

    return str(kg.__version__)


def _report(
    out: Path,
    result: ReadResult,
    unchanged: Sequence[ManifestEntry],
    produced: Sequence[ManifestEntry],
    manifest: Manifest,
    clock: _Clock,
    warnings: Sequence[str],
    exports: tuple[Path, ...],
    generation: Path | None,
    pushed: int,
    workers: int,
    work: dict[str, float] | None = None,
) -> BuildReport:
    entries = [*unchanged, *produced]
    notes = (f"{b.source.path}: {w}" for b in result.briefings for w in b.warnings)
    all_warnings = [*warnings, *result.warnings, *notes]
    return BuildReport(
        out=out,
        **_counts(entries),
        triples=stored_quads(open_store(out), manifest) if generation is not None else 0,
        warnings=tuple(all_warnings),
        errors=tuple(result.errors),
        elapsed=clock.total(),
        stages=dict(clock.laps),
        exports=exports,
        extracted=len(produced),
        skipped=len(unchanged),
        sentences=sum(e.count("sentences") for e in entries),
        work=dict(work or {}),
        workers=workers,
        generation=generation,
        pushed=pushed,
    )


def stored_quads(store: ox.Store, manifest: Manifest) -> int:
    """How many quads the store holds, without counting them all (``len(store)`` scans the whole store: about
    a second on 5,000 briefings, half the time of adding one): each briefing graph's count is in its manifest
    entry, and only the shared graphs are counted here. Graphs are disjoint, so the sum is exact.
    """
    shared = (ox.DefaultGraph(), ENTITIES_GRAPH, ONTOLOGY_GRAPH)
    counted = sum(1 for graph in shared for _ in store.quads_for_pattern(None, None, None, graph))
    return counted + sum(e.count("quads") for e in manifest.briefings)


class _Counts(TypedDict):
    briefings: int
    statements: int
    exchanges: int
    outlets: int
    positions: int
    mentions: int


def _counts(entries: Sequence[ManifestEntry]) -> _Counts:
    """What a report counts of the briefings it covers, from their manifest entries."""
    return {
        "briefings": len(entries),
        "statements": sum(e.count("statements") for e in entries),
        "exchanges": sum(e.count("exchanges") for e in entries),
        "outlets": len({o for e in entries for o in e.outlets}),
        "positions": sum(e.count("positions") for e in entries),
        "mentions": sum(e.count("mentions") for e in entries),
    }


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
