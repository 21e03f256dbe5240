"""What a build writes beside the store: the RDF exports and the overview page of the current generation, each
written atomically, then a stamp that says which generation they show (so that a build killed between the store
and its exports is repaired by the next one, and an unchanged store is not exported again)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from kg.export.html import write_overview
from kg.export.rdf import RDF_FORMATS, atomic_write_bytes, process_context, write_rdf_formats
from kg.store import current_generation, open_embedded, open_generation

DEFAULT_EXPORTS = ("turtle", "trig", "jsonld")
EXPORT_STAMP = ".exports.json"
OVERVIEW_PAGE = "graph.html"
OVERVIEW = "overview"  # the overview page, among the export names of the stamp
# From this many briefing graphs on, the overview page is written by a process of its own beside the RDF
# exports; for fewer, starting the process costs more than it saves.
PARALLEL_OVERVIEW_GRAPHS = 50


def write_exports(out: Path, formats: Sequence[str], *, overview: bool = False) -> tuple[Path, ...]:
    """Write ``formats`` of the current generation (and the overview page), each atomically, then the stamp that
    says they show this generation."""
    wanted = [*formats, *([OVERVIEW] if overview else [])]
    if not wanted:
        return ()
    opened = open_embedded(out)
    store, generation = opened.store, opened.generation
    with _overview_beside(out, store, generation, enabled=overview and bool(formats)) as page:
        # All formats from one pass over the store (split between two processes on a large store): reading it
        # costs more than writing any one format. The second process opens the same generation afresh.
        targets = {fmt: export_path(out, fmt) for fmt in formats}
        written = write_rdf_formats(store, targets, reopen=opened.opener)
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
    with ProcessPoolExecutor(max_workers=1, mp_context=process_context()) as pool:
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


def export_path(out: Path, name: str) -> Path:
    """Where a build writes the export called ``name`` (an RDF format, or the overview page)."""
    return out / OVERVIEW_PAGE if name == OVERVIEW else out / f"graph.{RDF_FORMATS[name].extension}"


def exports_current(out: Path, formats: Sequence[str], *, overview: bool = False) -> bool:
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
        and all(export_path(out, name).exists() for name in wanted)
    )
