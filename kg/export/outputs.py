"""What a build writes with the store: the RDF exports and the overview page of a generation, written into the
generation itself (``store.gen/<id>/exports/``) before the build switches to it, each atomically, then a stamp
that says they are all there. ``out/graph.ttl`` and the others are links through ``out/store``
(``store/exports/graph.ttl``): the one switch of that link changes the store, its manifest, its view index, the
exports and the overview page together, and a build killed at any point leaves all of them as they were."""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from kg.atomicfile import atomic_write_bytes
from kg.export.rdf import RDF_FORMATS
from kg.export.rdfwrite import write_rdf_formats
from kg.export.spool import GraphSpool
from kg.process import collector_paused, die_with_parent, die_with_this_process, process_context
from kg.store import STORE_LINK, current_generation, open_generation

DEFAULT_EXPORTS = ("turtle", "trig", "jsonld")
EXPORT_STAMP = ".exports.json"
OVERVIEW_PAGE = "graph.html"
EXPORTS_FOLDER = "exports"  # inside a generation's folder: RocksDB leaves files it does not know alone
OVERVIEW = "overview"  # the overview page, among the export names of the stamp
# From this many briefing graphs on, the overview page is written by a process of its own beside the RDF
# exports; for fewer, starting the process costs more than it saves.
PARALLEL_OVERVIEW_GRAPHS = 50
# The overview page's modules being imported in this process ahead of the page (``preload_overview``).
_preloading: list[threading.Thread] = []
# What the page imports: kg.export.html (networkx), and pyvis's Network, which it builds the page's data with (pyvis
# imports IPython and Jinja: half a second, imported only when the page is drawn).
OVERVIEW_MODULES = ("kg.export.html", "pyvis.network")


def preload_overview() -> None:
    """Import the overview page's modules (``OVERVIEW_MODULES``: about a second of CPU) in a thread
    of this process while the build's workers extract, rather than in the page's own process after the store is
    complete, where they were on the build's critical path. Call it after the build's worker pool has started
    (its workers need none of it); the page's process, forked from this one, then finds them imported."""
    if _preloading or all(name in sys.modules for name in OVERVIEW_MODULES):
        return
    thread = threading.Thread(target=_import_all, args=(OVERVIEW_MODULES,), name="kg-preload", daemon=True)
    _preloading.append(thread)
    thread.start()


def _import_all(names: Iterable[str]) -> None:
    for name in names:
        importlib.import_module(name)


def _preloaded() -> None:
    """Wait for ``preload_overview``'s import, if one was started: a process forked while another thread
    imports would find the module half-initialised and its import lock held by a thread it does not have."""
    while _preloading:
        _preloading.pop().join()


def write_exports(out: Path, formats: Sequence[str], *, overview: bool = False) -> tuple[Path, ...]:
    """Write ``formats`` (and the overview page) of the current generation of ``out`` into it, where a build
    that changed nothing finds them missing or stale, and link them from ``out``."""
    generation = current_generation(out)
    if generation is None:
        return ()
    written = write_generation_exports(generation, formats, overview=overview)
    link_exports(out, [*formats, *([OVERVIEW] if overview else [])])
    return written


def write_generation_exports(
    generation: Path, formats: Sequence[str], *, overview: bool = False, spool: GraphSpool | None = None
) -> tuple[Path, ...]:
    """Write ``formats`` of ``generation`` (and the overview page) into its exports folder, each atomically, then
    the stamp that says they are all there. The build does this before it switches to the generation: the exports
    and the store change in the same switch (``out/graph.ttl`` is a link through ``out/store``). ``spool`` holds
    the graphs the build loaded (``kg.export.spool``): read from there, not from the store."""
    wanted = [*formats, *([OVERVIEW] if overview else [])]
    if not wanted:
        return ()
    _preloaded()  # before any process is forked from this one
    folder = generation / EXPORTS_FOLDER
    folder.mkdir(exist_ok=True)
    store = open_generation(generation)
    # The cyclic collector paused, as for a build (kg.pipeline.build, which calls this paused already), here and in
    # the page's process forked from here: the networks and the RDF pass make many objects and little cyclic garbage.
    with collector_paused(), _overview_beside(folder, store, generation, enabled=overview and bool(formats)) as page:
        # All formats from one pass over the store (split between two processes on a large store): reading it
        # costs more than writing any one format. The second process opens the same generation afresh.
        targets = {fmt: export_path(folder, fmt) for fmt in formats}
        reopen = functools.partial(ox.Store.read_only, str(generation))
        written = write_rdf_formats(store, targets, reopen=reopen, spool=spool)
        if overview:
            # The overview page beside the RDF exports (kg.export.html); views read the store, nothing flows back.
            written += (page() if page else _overview(store, folder / OVERVIEW_PAGE),)
    stamp = json.dumps({"generation": generation.name, "formats": sorted(wanted)})
    atomic_write_bytes(folder / EXPORT_STAMP, stamp.encode())
    return written


def link_exports(out: Path, names: Iterable[str]) -> None:
    """Make ``out/graph.<ext>`` a link to the export of whichever generation ``out/store`` names, replacing a file
    an older presskg wrote there; links whose export the current generation lacks are removed."""
    for name in names:
        path = export_path(out, name)
        target = f"{STORE_LINK}/{EXPORTS_FOLDER}/{path.name}"
        if path.is_symlink() and os.readlink(path) == target:
            continue
        tmp = path.with_name(f".{path.name}.{os.getpid()}.link")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(target)
        os.replace(tmp, path)


def unlink_missing_exports(out: Path) -> None:
    """Remove the links of ``out`` to exports the current generation does not have (a build with fewer formats)."""
    for path in out.glob("graph.*"):
        if path.is_symlink() and not path.exists():
            path.unlink(missing_ok=True)


@contextlib.contextmanager
def _overview_beside(
    folder: Path, store: ox.Store, generation: Path | None, *, enabled: bool
) -> Iterator[Callable[[], Path] | None]:
    """The overview page written by a second process while this one writes the RDF exports, where the store is
    large enough for that to pay (the RDF exports and the page each keep one core busy): yields the function
    that waits for the page, or None where the caller writes it itself."""
    large = _count_at_least(store.named_graphs(), PARALLEL_OVERVIEW_GRAPHS) >= PARALLEL_OVERVIEW_GRAPHS
    if not enabled or generation is None or not large:
        yield None
        return
    with ProcessPoolExecutor(
        max_workers=1, mp_context=process_context(), initializer=die_with_parent, initargs=die_with_this_process()
    ) as pool:
        future = pool.submit(_write_overview_of, generation, folder / OVERVIEW_PAGE)
        yield future.result


def _write_overview_of(generation: Path, page: Path) -> Path:
    """In the overview's own process: the generation opened afresh (``open_generation`` does not use the store
    inherited across fork), and as queries open it, so that its views answer from the view index."""
    return _overview(open_generation(generation), page)


def _overview(store: ox.Store, page: Path) -> Path:
    """The overview page (``kg.export.html``), imported only when one is written: the page's modules (the
    networks, networkx) take about half a second to import, which a build without the page, such as adding one
    briefing with ``--no-export``, does not pay."""
    from kg.export.html import write_overview

    return write_overview(store, page)


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


def export_path(folder: Path, name: str) -> Path:
    """The file of the export called ``name`` (an RDF format, or the overview page) in ``folder``."""
    return folder / OVERVIEW_PAGE if name == OVERVIEW else folder / f"graph.{RDF_FORMATS[name].extension}"


def exports_current(out: Path, formats: Sequence[str], *, overview: bool = False) -> bool:
    """True where the current generation holds all the exports wanted, with their stamp, and ``out`` links them."""
    wanted = [*formats, *([OVERVIEW] if overview else [])]
    if not wanted:
        return True
    generation = current_generation(out)
    if generation is None:
        return False
    try:
        stamp = json.loads((generation / EXPORTS_FOLDER / EXPORT_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return set(wanted) <= set(stamp.get("formats", ())) and all(
        export_path(out, name).is_symlink() and export_path(out, name).exists() for name in wanted
    )
