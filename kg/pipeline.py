"""The whole path: files -> briefings -> extractions -> quads in the store -> exports.

Built for thousands of briefings:

- **Parallel.** Reading and extraction run in a process pool over documents; each worker returns its
  briefing's named graph as N-Quads bytes (pyoxigraph terms do not pickle) and, when the build writes RDF
  exports, the graph's piece of each of them (``kg.export.fragments``), which the exports only copy.
- **Streaming, bulk-loaded.** The workers' bytes go into Oxigraph's bulk loader as they arrive, in batches
  of bounded size; no extraction is kept once its graph is loaded. A build that loaded many briefings
  compacts the store, so that queries and exports read it fast, unless it is new and read little
  (``COMPACT_AFTER``, ``FEW_CALLS``, ``UNREAD_CALLS``).
- **Incremental.** Each generation keeps a manifest (``kg.manifest``). A briefing whose source has the same
  sha256 as in the manifest, built with the same ontology fingerprint and presskg version, is skipped; a
  changed one replaces its named graph, nothing else; a change to any gazetteer or cue file (or to
  presskg) re-extracts everything the store holds, from the sources the manifest names.
- **Nothing lost.** All writes go to a new store generation that replaces the current one atomically
  (``kg.store.write_generation``), with its manifest, view index, exports and overview page written before the
  switch (``kg.commit``, ``kg.export.outputs``): a build killed at any point leaves all of them as they were,
  and the next one starts at once (its temporaries are removed, its children died with it).

A store update is three steps: a pure plan (``kg.plan``: what to add, replace, remove), a load that returns what
it loaded (``load_extracted``, replaceable), and the commit steps of the new generation (``kg.commit``).

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> report = build(["seeds/"], out=out, exports=("turtle",))
>>> report.briefings, report.exchanges, report.extracted
(2, 28, 2)
>>> again = build(["seeds/"], out=out, exports=("turtle",))
>>> again.extracted, again.unchanged, again.triples == report.triples
(0, 2, True)
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import multiprocessing.pool
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg import compaction
from kg.align import align_store, briefing_groups
from kg.buildreport import BuildReport, Clock, stored_quads, summarise
from kg.commit import Commit, run_commit_steps
from kg.errors import KGError, StoreError
from kg.export.outputs import (
    DEFAULT_EXPORTS,
    EXPORT_STAMP,
    OVERVIEW,
    export_path,
    exports_current,
    preload_overview,
    unlink_missing_exports,
    write_exports,
)
from kg.export.rdf import rdf_format
from kg.export.spool import SpoolWriter
from kg.gazetteer import ontology_fingerprint
from kg.load import (
    BULK_BATCH_BYTES,
    Extracted,
    Loaded,
    Loader,
    Progress,
    extract_briefing,
    in_order,
    load_extracted,
    store_order,
    warm_up_extraction,
)
from kg.manifest import Manifest, read_manifest
from kg.plan import Plan, Source, plan_build, plan_removal
from kg.process import WorkerPool, collector_paused, die_with_parent, die_with_this_process
from kg.rdf import ENTITIES_GRAPH, ONTOLOGY_GRAPH, graph_iri, ontology_quads
from kg.read import MAX_BYTES, iter_sources, read_briefings
from kg.removal import prune_entities, resolve_targets
from kg.store import GENERATIONS, build_lock, current_generation, open_embedded, write_generation
from kg.types import Briefing
from kg.viewindex import prepare_view_index

# The build's parts that live in kg.load and kg.buildreport stay importable from here (and, for load_extracted,
# replaceable here: update_store looks it up in this module).
__all__ = [
    "DEFAULT_EXPORTS",
    "EXPORT_STAMP",
    "BuildReport",
    "Clock",
    "Extracted",
    "Loaded",
    "build",
    "extract_briefing",
    "load_extracted",
    "remove",
    "stored_quads",
    "write_exports",
]

# Below this many briefings per worker a pool costs more (start-up, pickling) than it saves.
MIN_PER_WORKER = 4
# A build that extracts at most this many briefings in this process extracts them before it opens the new store
# generation, not while loading it: RocksDB starts compacting a generation the bulk loader left uncompacted (the
# 5,000-briefing store, under UNREAD_CALLS) as soon as it is opened for writing, on another core, and drops that
# work when the store closes, so every moment the generation is open costs about half a core (an add to that
# store: 0.2-0.25 s of CPU in RocksDB's thread while the first extraction ran; bench/PROFILE.md, session 14).
# More are streamed into the loader as before: their extractions are not all held at once. Nor are a few large ones:
# briefings are extracted ahead only until their graphs hold AHEAD_BYTES, what the loader holds in one batch anyway.
EXTRACT_AHEAD = 2 * MIN_PER_WORKER
AHEAD_BYTES = BULK_BATCH_BYTES

# A build that extracts this many briefings or more (more than one bulk-loader call: about 200 a call) extracts and
# loads them in the order of their graphs in the store (kg.load.store_order), so that its calls' files in the
# graph-first indexes do not overlap and RocksDB does not merge them in the background: its compactions took 28.8 ->
# 23.5 s of the 5,000 generated briefings' build (bench/PROFILE.md, session 14). Asking a scratch store for the order
# costs about 0.07 s of CPU and 0.4 s of wall time on 5,000 briefings; a build of one call has nothing to gain.
ORDERED_AFTER = 300


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
    # The cyclic collector is paused for the build, in this process and the workers it forks: a build makes
    # millions of long-lived objects and little cyclic garbage, and each full collection walked them all (on the
    # three corpora, 16 s of this process's CPU and about 20 s of wall; bench/README.md, sessions 12 and 13).
    with build_lock(out), collector_paused():
        clock = Clock()
        fingerprint, version = ontology_fingerprint(), _version()
        previous = None if full else _previous_manifest(out)
        sources, warnings = _sources(list(paths), previous, fingerprint, version)
        # The pool starts before reading, so its workers do not inherit the briefings the main process reads.
        size = _pool_size(workers, _count_sources(sources))
        if size > 1 and previous is None:
            # A fresh build extracts all it reads: its workers, forked next, inherit the loaded extractors.
            warm_up_extraction()
        with _worker_pool(size) as pool:
            if pool is not None and overview:
                preload_overview()  # while the pool reads and extracts: this process forks nothing until the commit
            result = read_briefings(sources, year=year, strict=strict, max_bytes=max_bytes, pool=pool)
            clock.lap("read")
            read = [Source(b.key, b.source.path, b.source.sha256) for b in result.briefings]
            plan = plan_build(read, previous, fingerprint, version, full=full)
            if not plan.changes_store and exports_current(out, exports, overview=overview):
                return summarise(out, plan, Loaded(), clock, read=result, warnings=warnings)
            todo = [b for b in result.briefings if b.key in plan.extract]
            read_order = [b.key for b in todo]  # the load's entries and facts are put back in it for the commit
            todo = _in_store_order(todo)
            pooled = pool is not None and len(todo) >= 2 * MIN_PER_WORKER
            # The workers also write each graph's piece of the RDF exports, which the commit then only copies.
            work = functools.partial(extract_briefing, exports=_pieces_of(exports)) if exports else extract_briefing
            extracted = pool.imap(work, todo, chunksize=2) if pooled and pool else _extracted_here(work, todo, clock)
            loaded = (
                update_store(
                    out,
                    plan,
                    extracted,
                    len(todo),
                    progress,
                    clock,
                    exports=exports,
                    overview=overview,
                    order=read_order,
                )
                if plan.changes_store
                else Loaded()
            )
        exported, pushed = _after_store(out, plan, loaded, clock, exports=exports, overview=overview, endpoint=endpoint)
        workers_used = size if pooled else 1
        return summarise(
            out,
            plan,
            loaded,
            clock,
            read=result,
            warnings=warnings,
            exports=exported,
            pushed=pushed,
            workers=workers_used,
        )


def _extracted_here(work: Callable[[Briefing], Extracted], todo: list[Briefing], clock: Clock) -> Iterator[Extracted]:
    """The briefings of ``todo`` extracted in this process: where they are at most ``EXTRACT_AHEAD``, now (timed as
    "extract"), so that the new generation is open for writing only while it loads them, until their graphs hold
    ``AHEAD_BYTES``; the others one by one as the loader asks."""
    if len(todo) > EXTRACT_AHEAD:
        return map(work, todo)
    done: list[Extracted] = []
    held = 0
    for briefing in todo:
        if held >= AHEAD_BYTES:
            break
        done.append(work(briefing))
        held += len(done[-1].graph)
    clock.lap("extract")
    return itertools.chain(done, map(work, todo[len(done) :]))


def _in_store_order(todo: list[Briefing]) -> list[Briefing]:
    """The briefings to extract in the order their graphs take in the store (``ORDERED_AFTER``), or as they are."""
    by_key = {b.key: b for b in todo}
    if len(todo) < ORDERED_AFTER or len(by_key) != len(todo):
        return todo
    return [by_key[key] for key in store_order(list(by_key))]


def _pieces_of(exports: Sequence[str]) -> tuple[str, ...]:
    """The RDF formats of ``exports`` by their names (``kg.export.rdf.RDF_FORMATS``), each once.

    >>> _pieces_of(["ttl", "turtle", "jsonld"])
    ('turtle', 'jsonld')
    """
    return tuple(dict.fromkeys(rdf_format(name).name for name in exports))


def _previous_manifest(out: Path) -> Manifest | None:
    """The manifest an incremental build starts from; a store without one is refused rather than emptied: a build
    from it would keep only the briefings it reads now."""
    manifest = read_manifest(out)
    if manifest is None and current_generation(out) is not None:
        raise StoreError(
            "E333",
            "the store has no manifest: an incremental build cannot tell which briefings it holds",
            path=str(out / "store"),
            hint="run `kg build --full PATH...` with every source the store should hold",
        )
    return manifest


def _sources(
    given: list[str | Path], previous: Manifest | None, fingerprint: str, version: str
) -> tuple[list[str | Path], list[str]]:
    """What a build reads: ``given``, and where the store's briefings must all be extracted again (a gazetteer, cue
    or presskg change) the sources its manifest names, with a warning for each that is gone."""
    if previous is None or previous.compatible(fingerprint, version):
        return given, []
    gone = [e for e in previous.briefings if not Path(e.path).exists()]
    warnings = [f"{e.path}: the source is gone; briefing {e.key} is dropped from the store" for e in gone]
    return [*given, *(e.path for e in previous.briefings if Path(e.path).exists())], warnings


def update_store(
    out: Path,
    plan: Plan,
    extracted: Iterator[Extracted],
    total: int,
    progress: Progress | None,
    clock: Clock,
    *,
    load: Loader | None = None,
    exports: Sequence[str] = (),
    overview: bool = False,
    order: Sequence[str] = (),
) -> Loaded:
    """Carry out ``plan`` in a new generation of ``out``'s store: drop the graphs it replaces or removes, load
    ``extracted`` (with ``load``, by default ``load_extracted``), then commit (``kg.commit``: manifest, view
    index, ``exports`` and the overview page) and switch to it. ``order`` (keys): the order in which the commit
    takes what was loaded, whatever the order of loading. The caller holds the build lock."""
    with _spool(out, enabled=bool(exports and total)) as spool:
        if spool is not None:
            extracted = spooled(extracted, spool)
        loaded = Loaded()
        previous = None if plan.fresh else current_generation(out)  # the generation the new one is copied from

        def commit(generation: Path) -> None:
            manifest = plan.base.updated(loaded.entries, removed=plan.remove)
            facts = loaded.facts
            graphs = spool.spool() if spool is not None else None
            views = ahead[0] if ahead else None
            steps = Commit(
                manifest,
                previous,
                facts,
                plan.dropped_graphs,
                tuple(exports),
                overview,
                graphs,
                views,
                described=None if plan.dropped_graphs else loaded.described,  # an update that only adds
            )
            clock.lap("store", excluding=waits)
            waits.clear()
            # Each step its own lap ("view index", "manifest"; the exports as "export"): the store's share is RocksDB's.
            run_commit_steps(steps, generation, done=lambda name: clock.lap("export" if name == "exports" else name))

        waits: dict[str, float] = {}
        ahead: list[Path] = []  # the view index written while the store compacts, which the commit moves into place
        with _unclaimed(ahead), write_generation(out, fresh=plan.fresh, on_commit=commit, locked=True) as store:
            if plan.fresh:
                store.bulk_extend(ontology_quads())
            # Translations are linked to their originals again only in the (date, spokesperson) groups changed.
            groups = None if plan.fresh else briefing_groups(store, plan.dropped_graphs)
            for key in plan.dropped_graphs:
                store.remove_graph(graph_iri(key))
            if total:
                loaded = _loading(out, load or load_extracted, store, extracted, total, progress)
                loaded = in_order(loaded, order) if order else loaded
                waits["extract"] = loaded.waiting
            if plan.dropped_graphs:
                prune_entities(store)
            if groups is not None:
                groups |= briefing_groups(store, [e.key for e in loaded.entries])
            elif plan.fresh:
                groups = compaction.fresh_groups(loaded)
            store.flush()
            clock.lap("store", excluding=waits)
            waits.clear()
            # A new store the bulk loader filled in a few calls reads about as fast uncompacted (speed5, session 8),
            # so only larger or incremental loads are compacted (compaction.compacts), and those beside the view index.
            if compaction.compacts(plan, loaded, exported=bool(exports)):
                index = functools.partial(
                    prepare_view_index,
                    out / GENERATIONS,
                    store,
                    previous=previous,
                    facts=loaded.facts,
                    removed=plan.dropped_graphs,
                )
                ahead.extend(compaction.while_compacting(store, groups, clock, index))
            else:
                align_store(store, groups)
                clock.lap("align")
            # The last reference: write_generation closes the store (RocksDB ends its background work) before it
            # renames the generation's folder into place.
            del store
        clock.lap("store", excluding=waits)
        return loaded


@contextlib.contextmanager
def _unclaimed(ahead: list[Path]) -> Iterator[None]:
    """Remove the files of ``ahead`` that the commit did not move into the generation (the build failed)."""
    try:
        yield
    finally:
        for path in ahead:
            path.unlink(missing_ok=True)


@contextlib.contextmanager
def _spool(out: Path, *, enabled: bool) -> Iterator[SpoolWriter | None]:
    """An anonymous file beside the store for the graphs the build loads, which its exports read
    (``kg.export.spool``); None where the build writes no RDF export or loads nothing."""
    if not enabled:
        yield None
        return
    with tempfile.TemporaryFile(dir=out, prefix=".spool-") as handle:
        yield SpoolWriter(handle)


def spooled(extracted: Iterator[Extracted], spool: SpoolWriter) -> Iterator[Extracted]:
    """``extracted`` as it is, each briefing's graph also written to ``spool`` on its way to the loader."""
    for item in extracted:
        spool.add(graph_iri(item.entry.key).value, item.graph, item.fragments)
        yield item


def _loading(
    out: Path, load: Loader, store: ox.Store, extracted: Iterator[Extracted], total: int, progress: Progress | None
) -> Loaded:
    """``load``, with a failure to write (a full disk) as a coded error: the new generation is then discarded."""
    try:
        return load(store, extracted, total, progress)
    except OSError as exc:
        raise StoreError(
            "E310",
            f"cannot write the new store generation: {exc.strerror or exc}",
            path=str(out / GENERATIONS),
            hint="check free disk space; the previous store and exports are kept as they were",
        ) from exc


def _after_store(
    out: Path, plan: Plan, loaded: Loaded, clock: Clock, *, exports: Sequence[str], overview: bool, endpoint: str | None
) -> tuple[tuple[Path, ...], int]:
    """The exports of the current generation where a build that did not change the store finds them missing or stale
    (a build that did wrote them into its generation), and the graphs it changed written to ``endpoint``: the
    exports' links, and how many graphs were pushed."""
    if not plan.changes_store:
        write_exports(out, exports, overview=overview)
        clock.lap("export")
    unlink_missing_exports(out)
    wanted = [*exports, *([OVERVIEW] if overview else [])]
    written = tuple(export_path(out, name) for name in wanted)
    if endpoint is None:
        return written, 0
    pushed = _push(out, endpoint, [e.key for e in loaded.entries], plan.remove, ontology=plan.fresh)
    clock.lap("push")
    return written, pushed


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
        clock = Clock()
        manifest = read_manifest(out)
        if manifest is None:
            raise StoreError(
                "E331",
                "the store has no manifest to remove briefings from",
                path=str(out),
                hint="build it with this version of presskg first",
            )
        plan = plan_removal(manifest, resolve_targets(targets, manifest))
        loaded = update_store(out, plan, iter(()), 0, None, clock, exports=exports, overview=overview)
        exported, pushed = _after_store(out, plan, loaded, clock, exports=exports, overview=overview, endpoint=endpoint)
        return summarise(out, plan, loaded, clock, exports=exported, pushed=pushed)


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
    # Workers die with the build (kg.process): a killed build leaves no worker behind holding its lock.
    with WorkerPool(size, initializer=die_with_parent, initargs=die_with_this_process()) as pool:
        yield pool


def _push(out: Path, endpoint: str, keys: Sequence[str], dropped: Sequence[str], *, ontology: bool) -> int:
    from kg.remote import push_graphs, remote_store

    graphs = [graph_iri(k) for k in keys] + [ENTITIES_GRAPH] + ([ONTOLOGY_GRAPH] if ontology else [])
    drop = [graph_iri(k) for k in dropped]
    report = push_graphs(open_embedded(out).store, remote_store(endpoint), graphs=graphs, drop=drop)
    return len(report.written) + len(report.dropped)


def _version() -> str:
    import kg

    return str(kg.__version__)
