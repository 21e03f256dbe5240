"""The embedded Oxigraph store, kept in generations so that no build can leave a broken graph behind.

``output/store`` is a symbolic link to the current generation (``output/store.gen/<id>``). A build copies the
current generation (Oxigraph's backup: hard links, cheap), writes its changes into the copy, and only when all
of them are in does it swap the link atomically. A build that fails or is killed leaves the previous
generation in place, and readers always open one complete generation: a consistent answer, never a mix.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> with write_generation(out) as store:
...     store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal("x"), ox.NamedNode("http://g")))
>>> len(open_embedded(out).store)
1
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import shutil
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox

from kg.errors import StoreError

# The query runner lives in kg.queryrun; its names stay importable from here, where callers have always found them.
from kg.queryrun import (
    QueryResult,
    Term,
    Value,
    bind_parameters,
    is_update,
    python_value,
    query_result,
    run_query,
    update_refused,
)

__all__ = [
    "GENERATIONS",
    "STORE_LINK",
    "EmbeddedStore",
    "GraphStore",
    "QueryResult",
    "Term",
    "Value",
    "bind_parameters",
    "build_lock",
    "current_generation",
    "graph_triples",
    "hold_lease",
    "is_update",
    "manifest_path",
    "open_embedded",
    "open_generation",
    "open_store",
    "python_value",
    "query_result",
    "replace_graph",
    "require_generation",
    "run_query",
    "spare_path",
    "store_generation",
    "update_refused",
    "views_path",
    "write_generation",
]

STORE_LINK = "store"
GENERATIONS = "store.gen"
LOCK_FILE = ".build.lock"
LEASE_SUFFIX = ".lease"
MANIFEST_SUFFIX = ".manifest.json"
VIEWS_SUFFIX = ".views.sqlite"  # the view index of a generation (kg.viewindex)
SPARE_SUFFIX = ".views.spare"  # a copy of it that the next build takes instead of copying it (kg.viewindex)


def current_generation(out: Path) -> Path | None:
    """The generation ``out/store`` points to, or None before the first build."""
    link = out / STORE_LINK
    if not link.is_symlink():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def require_generation(out: Path) -> Path:
    """The current generation of ``out``, or a StoreError that says what to do: there is no store yet, or "store
    is busy" while the first build is still writing it."""
    generation = current_generation(out)
    if generation is not None:
        return generation
    if build_running(out):
        raise StoreError(
            "E307", "store is busy: the first build is still writing it", path=str(out), hint="retry when it ends"
        )
    raise StoreError(
        "E301", "no store has been built here", path=str(out / STORE_LINK), hint="run `kg build PATH...` first"
    )


def open_store(out: str | Path = "output", *, endpoint: str | None = None) -> GraphStore:
    """The store queries read: the current generation of ``out`` (embedded), or the SPARQL endpoint at
    ``endpoint`` (``kg.remote``). Both answer ``query`` and ``named`` alike; see ``GraphStore``."""
    if endpoint is not None:
        from kg.remote import remote_store  # kg.remote builds on this module

        return remote_store(endpoint)
    return open_embedded(Path(out))


def open_embedded(out: str | Path) -> EmbeddedStore:
    """Open the current generation of ``out`` read-only, for queries and for the readers that walk its quads
    (exports, views: ``EmbeddedStore.store``).

    The generation is leased for as long as this process uses it (until it opens a newer one), so a later
    build does not delete it under a running query.
    """
    generation = require_generation(Path(out))
    return EmbeddedStore(open_generation(generation), generation)


def open_generation(generation: Path) -> ox.Store:
    """Open one generation read-only (leased, and kept open for the process's later queries).

    A process forked from one that had it open opens it afresh: a store handle is not shared across fork.
    """
    pid = os.getpid()
    with _OPEN_LOCK:
        for path, (_, _, owner) in list(_OPEN.items()):
            if owner != pid:
                # Inherited across fork: kept referenced, never used or closed here (the parent still uses it).
                _INHERITED.append(_OPEN.pop(path))
        if generation in _OPEN:
            return _OPEN[generation][0]
        lease = hold_lease(generation)
        try:
            store = ox.Store.read_only(str(generation))
        except (OSError, RuntimeError) as exc:  # RocksDB reports a damaged file as a RuntimeError
            lease.close()
            raise StoreError(
                "E302",
                f"cannot open the store: {exc}",
                path=str(generation),
                hint="check the folder's permissions; if it is damaged, `kg build --full PATH...` builds it anew",
            ) from exc
        # Older generations of the same output folder are released: their stores are superseded.
        for old in [g for g in _OPEN if g.parent == generation.parent]:
            _OPEN.pop(old)[1].close()
        _OPEN[generation] = (store, lease, pid)
        return store


_OPEN: dict[Path, tuple[ox.Store, IO[str], int]] = {}  # generation -> (store, lease, the process that opened it)
_INHERITED: list[tuple[ox.Store, IO[str], int]] = []
_OPEN_LOCK = threading.Lock()


def store_generation(store: ox.Store) -> Path | None:
    """The generation an ``open_store`` handle reads, or None for any other store (in memory, opened apart).

    >>> store_generation(ox.Store()) is None
    True
    """
    with _OPEN_LOCK:
        return next((generation for generation, (s, _, _) in _OPEN.items() if s is store), None)


def hold_lease(generation: Path) -> IO[str]:
    """Take a shared lease on a generation: no build removes it while the returned handle is open."""
    handle = open(generation.with_name(generation.name + LEASE_SUFFIX), "a")  # noqa: SIM115 (the caller closes it)
    fcntl.flock(handle, fcntl.LOCK_SH)
    return handle


def generation_leased(generation: Path) -> bool:
    """Whether a reader holds a lease on ``generation`` (``hold_lease``): no build removes it, nor its files."""
    # Leases are shared: a lease is held while an exclusive lock cannot be had.
    return _held(generation.with_name(generation.name + LEASE_SUFFIX), fcntl.LOCK_EX)


def build_running(out: Path) -> bool:
    """True while a build holds the output folder's lock."""
    return _held(out / LOCK_FILE, fcntl.LOCK_SH)


def _held(path: Path, mode: int) -> bool:
    """Whether another handle holds a lock on ``path`` that keeps this process from taking one in ``mode``."""
    if not path.exists():
        return False
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def manifest_path(generation: Path) -> Path:
    """Where the manifest of a generation (what it holds, see ``kg.manifest``) is kept: beside it."""
    return generation.with_name(generation.name + MANIFEST_SUFFIX)


def views_path(generation: Path) -> Path:
    """Where the view index of a generation (``kg.viewindex``) is kept: beside it, like its manifest."""
    return generation.with_name(generation.name + VIEWS_SUFFIX)


def spare_path(generation: Path) -> Path:
    """Where the spare copy of a generation's view index (``kg.viewindex.leave_spare``) is kept: beside it. Only
    the current generation keeps one (``_remove_stale``): only the next build reads it."""
    return generation.with_name(generation.name + SPARE_SUFFIX)


@contextlib.contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder; a second one fails at once with 'store is busy'."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        handle = open(out / LOCK_FILE, "w")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise StoreError(
            "E308",
            f"cannot open the build lock: {exc.strerror or exc}",
            path=str(out / LOCK_FILE),
            hint="it must be a file the user can write; move what is there away",
        ) from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise StoreError(
                "E303", "store is busy: another build is writing it", path=str(out), hint="wait for it to finish"
            ) from exc
        # What a killed build left half-written goes now: no build but this one is writing.
        remove_temporaries(out)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# What a build writes under a temporary name: exports and their stamp (kg.export.rdf.atomic_file), the pieces of
# an export, the links to exports and the store link. Named exactly: the output folder may hold the user's files.
TEMPORARIES = (".graph.*.tmp", "..exports.json.*.tmp", ".piece.*", ".graph.*.link", f".{STORE_LINK}.*.tmp")
# A generation's view index written ahead, before the generation is complete (kg.viewindex.prepare_view_index): a
# side file of the generations' folder until the commit moves it into place.
AHEAD_PREFIX = ".ahead-"


def remove_temporaries(out: Path) -> int:
    """Remove the temporaries of killed builds from ``out`` and from the current generation's folders beside
    its store (exports); returns how many. The caller holds the build lock."""
    generation = current_generation(out)
    folders = [out, *(p for p in generation.iterdir() if p.is_dir())] if generation is not None else [out]
    found = [path for folder in folders for pattern in TEMPORARIES for path in folder.glob(pattern)]
    found += (out / GENERATIONS).glob(AHEAD_PREFIX + "*")  # whole or half-written (.tmp)
    for path in found:
        path.unlink(missing_ok=True)
    return len(found)


@contextlib.contextmanager
def write_generation(
    out: Path, *, fresh: bool = False, on_commit: Callable[[Path], None] | None = None, locked: bool = False
) -> Iterator[ox.Store]:
    """Yield a writable copy of the current generation (an empty store if ``fresh`` or none exists).

    On normal exit the copy becomes the current generation; on an exception it is discarded.
    ``on_commit`` is called with the new generation's final path once its store is complete and before
    the link swaps to it (the build writes the generation's manifest there). ``locked`` says the caller
    already holds ``build_lock(out)`` (a build holds it from reading its first file to its last export).
    The store closes when its last reference goes (pyoxigraph has no close): a caller should end the block with
    ``del store``, so that RocksDB finishes its work before the folder is renamed; a handle kept past the
    rename goes on writing under the old name, and closing it later cost 0.7 s per build on 5,000 briefings.
    """
    with contextlib.nullcontext() if locked else build_lock(out):
        generations = out / GENERATIONS
        generations.mkdir(parents=True, exist_ok=True)
        _remove_stale(out)
        new = generations / f"{time.time_ns()}-{os.getpid()}.partial"
        previous = current_generation(out)
        try:
            if previous is not None and not fresh:
                # The handle this process already reads the current generation with, where it has one (a second
                # build in one process, a server): opening 5,000 briefings' RocksDB files costs 10-20 ms.
                _backup(previous, new)
            store = ox.Store(str(new))
        except RuntimeError as exc:  # RocksDB: a damaged file (CURRENT, MANIFEST, an .sst) of the generation
            shutil.rmtree(new, ignore_errors=True)
            raise StoreError(
                "E309",
                f"the current store generation is damaged: {exc}",
                path=str(previous),
                hint="an update cannot start from it: `kg build --full PATH...` builds the store anew",
            ) from exc
        except OSError as exc:
            shutil.rmtree(new, ignore_errors=True)
            raise StoreError(
                "E304",
                f"cannot create a new store generation: {exc}",
                path=str(new),
                hint="check free disk space and the output folder's permissions",
            ) from exc
        try:
            yield store
            store.flush()
            del store
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        final = new.with_suffix("")
        new.rename(final)
        if on_commit is not None:
            try:
                on_commit(final)
            except BaseException:
                _release(final)
                shutil.rmtree(final, ignore_errors=True)
                raise
        _swap_link(out / STORE_LINK, final)
        _remove_stale(out)


def _backup(previous: Path, new: Path) -> None:
    """Copy ``previous`` to ``new`` (RocksDB's backup: hard links) from this process's open handle on it, the
    failure to open it raised as it came (a RuntimeError for a damaged file, an OSError), not as E302."""
    try:
        store = open_generation(previous)
    except StoreError as exc:
        if isinstance(exc.__cause__, RuntimeError | OSError):
            raise exc.__cause__ from None
        raise
    store.backup(str(new))


def _release(generation: Path) -> None:
    """Close this process's handle on ``generation`` (its commit steps opened it) before it is removed."""
    with _OPEN_LOCK:
        entry = _OPEN.pop(generation, None)
    if entry is not None:
        entry[1].close()


def _swap_link(link: Path, target: Path) -> None:
    if link.exists() and not link.is_symlink():
        raise StoreError("E305", "is not a store link", path=str(link), hint="move it away; kg build recreates it")
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(os.path.relpath(target, link.parent))
    os.replace(tmp, link)  # atomic: readers see the old generation or the new one


def _remove_stale(out: Path) -> None:
    """Remove partial generations of killed builds and all but the current and previous complete ones.

    A generation a server or query still holds a lease on is kept until it is released.
    """
    generations = out / GENERATIONS
    if not generations.is_dir():
        return
    current = current_generation(out)
    complete = sorted(
        (p for p in generations.iterdir() if p.is_dir() and not p.name.endswith(".partial")),
        key=lambda p: p.name,
    )
    keep = {current} | set(complete[-2:])
    for path in generations.iterdir():
        if not path.is_dir() or path in keep or generation_leased(path):
            continue
        shutil.rmtree(path, ignore_errors=True)
        manifest_path(path).unlink(missing_ok=True)
        views_path(path).unlink(missing_ok=True)
        path.with_name(path.name + LEASE_SUFFIX).unlink(missing_ok=True)
    # Side files whose generation is gone (a kill between removing a generation and its files), index files a
    # killed build left half-written (this runs under the build lock: no build is writing one), and the spare
    # indexes of all but the current generation (no build will take them).
    spare = None if current is None else spare_path(current).name
    for path in generations.iterdir():
        temporary = (VIEWS_SUFFIX + ".tmp", VIEWS_SUFFIX + ".tmp-journal", SPARE_SUFFIX + ".tmp")
        if path.name.endswith(temporary) or (path.name.endswith(SPARE_SUFFIX) and path.name != spare):
            path.unlink(missing_ok=True)
            continue
        for suffix in (MANIFEST_SUFFIX, LEASE_SUFFIX, VIEWS_SUFFIX):
            if path.name.endswith(suffix) and not path.with_name(path.name.removesuffix(suffix)).exists():
                path.unlink(missing_ok=True)


def replace_graph(store: ox.Store, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
    """Replace one named graph's content with ``quads``, leaving every other graph as it is."""
    if store.contains_named_graph(graph):
        store.remove_graph(graph)
    store.extend(quads)


class GraphStore(Protocol):
    """What a build writes to and a query reads from: named graphs replaced whole, SPARQL over their union.

    Two implementations: ``EmbeddedStore`` (a pyoxigraph store on disk) and ``kg.remote.RemoteStore``
    (any SPARQL 1.1 Protocol + Graph Store Protocol endpoint). ``open_store`` gives either.
    """

    @property
    def generation(self) -> Path | None:
        """The store generation this handle reads (``output/store.gen/<id>``), or None (a remote endpoint, a
        store in memory)."""

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad | ox.Triple]) -> None:
        """Make ``graph`` hold exactly ``quads`` (their own graph names are ignored); other graphs stay."""

    def drop_graph(self, graph: ox.NamedNode) -> None:
        """Remove ``graph`` and its triples; no error when it does not exist."""

    def graph_names(self) -> set[str]:
        """The IRIs of the named graphs the store holds."""

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        limit: int | None = None,
        allow_service: Collection[str] = (),
    ) -> QueryResult:
        """SPARQL over the union of all graphs, with ``bindings`` bound as RDF terms. ``allow_service`` names the
        hosts the query's SERVICE clauses may call from this machine (a remote engine applies its own policy)."""

    def named(self, name: str, bindings: Mapping[str, Term] | None = None, *, limit: int | None = None) -> QueryResult:
        """The named query ``name`` (``kg/queries/<name>.rq``) with ``bindings``: from the generation's view index
        where it answers it, otherwise by its SPARQL."""

    def reopen(self) -> GraphStore:
        """A handle of its own on the same data (the same generation, however far the link has moved since)."""


@dataclass(frozen=True, slots=True)
class EmbeddedStore:
    """A pyoxigraph store behind the ``GraphStore`` interface; ``generation`` is where it lives on disk (None for
    a store in memory).

    >>> store = EmbeddedStore(ox.Store())
    >>> g, s, p = (ox.NamedNode(f"https://example.org/{x}") for x in "gsp")
    >>> store.replace_graph(g, [ox.Triple(s, p, ox.Literal("o"))])
    >>> store.graph_names(), store.query("SELECT ?o WHERE { ?s ?p ?o }").values()
    ({'https://example.org/g'}, [{'o': 'o'}])
    """

    store: ox.Store
    generation: Path | None = None

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad | ox.Triple]) -> None:
        replace_graph(self.store, graph, [_in_graph(q, graph) for q in quads])

    def drop_graph(self, graph: ox.NamedNode) -> None:
        if self.store.contains_named_graph(graph):
            self.store.remove_graph(graph)

    def graph_names(self) -> set[str]:
        return {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        limit: int | None = None,
        allow_service: Collection[str] = (),
    ) -> QueryResult:
        return run_query(self.store, sparql, bindings=bindings, limit=limit, allow_service=allow_service)

    def named(self, name: str, bindings: Mapping[str, Term] | None = None, *, limit: int | None = None) -> QueryResult:
        from kg.viewquery import run_named  # the view index builds on this module

        return run_named(self.store, name, bindings, limit=limit)

    def reopen(self) -> EmbeddedStore:
        opener = self.opener
        return self if opener is None else EmbeddedStore(opener(), self.generation)

    @property
    def opener(self) -> Callable[[], ox.Store] | None:
        """What opens this generation read-only again, in this process or another (it pickles: the exports hand it
        to their second process); None for a store in memory. The caller's lease covers the new handle."""
        return None if self.generation is None else functools.partial(ox.Store.read_only, str(self.generation))


def _in_graph(item: ox.Quad | ox.Triple, graph: ox.NamedNode) -> ox.Quad:
    return ox.Quad(item.subject, item.predicate, item.object, graph)


def graph_triples(store: ox.Store, graph: ox.NamedNode) -> Iterator[ox.Triple]:
    """The triples of one named graph of an embedded store."""
    return (q.triple for q in store.quads_for_pattern(None, None, None, graph))
