"""Supervised SPARQL workers for ``kg serve``: each query runs in a worker process that is killed when it passes
the time limit or its memory budget, and replaced when it dies.

Oxigraph cannot be stopped from outside once a query runs (its own ``--timeout-s`` only checks between steps, and a
sort or a join that grows without bound keeps a core and gigabytes busy after any answer has been sent), and a query
that overflows its stack takes the whole process down. A worker process is the unit that can be stopped for sure:
the supervisor watches each running query's clock and the worker's resident memory, kills the worker with SIGKILL
when either is past its limit, and starts a fresh one. Workers are forked from a small fork server started before
any thread, open each store generation read-only, and die with their parent (the fork server, which ends with
the engine: workers do not hold it open).

Answers come back as TSV (solutions) or N-Triples (triples), cut at ``max_rows`` rows or ``max_bytes`` bytes, for
the HTTP layer to re-serialise in the format the client asked for.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import queue
import signal
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import psutil
import pyoxigraph as ox

from kg.errors import KGError, QueryError, StoreError
from kg.namespace import PREFIXES
from kg.process import die_with_parent
from kg.sparqlcheck import query_failure, run_deep

POLL_S = 0.02  # how often the supervisor looks at a running query's clock and memory
TAKEN = "taken"  # a worker's receipt for a job: a worker that dies before sending it died idle, not of the query
START_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class Limits:
    """What one query may use: wall seconds, result rows and bytes, and the worker's resident memory."""

    timeout: float = 30.0
    max_rows: int = 10_000
    max_bytes: int = 64 << 20
    max_memory: int = 1 << 30


@dataclass(frozen=True, slots=True)
class Answer:
    """A query's answer: ``data`` is TSV with a header (solutions) or N-Triples (triples)."""

    kind: Literal["solutions", "boolean", "triples"]
    data: bytes = b""
    boolean: bool = False
    truncated: bool = False


def evaluate(store: ox.Store, sparql: str, max_rows: int, max_bytes: int) -> Answer:
    """Run ``sparql`` over the union of ``store``'s graphs and write at most ``max_rows`` rows, ``max_bytes`` bytes.

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://a/s"), ox.NamedNode("http://a/p"), ox.Literal("o\\tx"),
    ...                   ox.NamedNode("http://a/g")))
    >>> evaluate(store, "SELECT ?o WHERE { ?s ?p ?o }", 10, 1000).data
    b'?o\\n"o\\\\tx"\\n'
    >>> evaluate(store, "ASK { ?s ?p ?o }", 10, 1000).boolean
    True
    >>> evaluate(store, "SELECT * WHERE { ?s ?p ?o }", 0, 1000).truncated
    True
    """
    result = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        return Answer("boolean", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        lines = (f"{triple} .\n".encode() for triple in result)
        data, truncated = _gather(lines, b"", max_rows, max_bytes)
        return Answer("triples", data, truncated=truncated)
    names = [v.value for v in result.variables]
    header = ("\t".join(f"?{n}" for n in names) + "\n").encode()
    rows = ("\t".join("" if s[n] is None else str(s[n]) for n in names).encode() + b"\n" for s in result)
    data, truncated = _gather(rows, header, max_rows, max_bytes)
    return Answer("solutions", data, truncated=truncated)


def _gather(lines: Iterable[bytes], head: bytes, max_rows: int, max_bytes: int) -> tuple[bytes, bool]:
    parts = [head]
    size = len(head)
    for count, line in enumerate(lines):
        if count >= max_rows or size + len(line) > max_bytes:
            return b"".join(parts), True
        parts.append(line)
        size += len(line)
    return b"".join(parts), False


def _fork_server_pid() -> int | None:
    """The pid of the fork server that forks the workers (started here if it is not yet): their parent, with whose
    end they end. None where the standard library keeps it elsewhere (the worker then trusts its parent-death signal
    alone)."""
    multiprocessing.forkserver.ensure_running()
    pid = getattr(getattr(multiprocessing.forkserver, "_forkserver", None), "_forkserver_pid", None)
    return pid if isinstance(pid, int) else None


def _release_fork_server() -> None:
    """Close this worker's copy of the fork server's keep-alive pipe (it starts no process of its own): the server
    ends when the engine does, not when the last worker does, and its end kills this worker, busy or not."""
    server = getattr(multiprocessing.forkserver, "_forkserver", None)
    fd = getattr(server, "_forkserver_alive_fd", None)
    if isinstance(fd, int):
        with contextlib.suppress(OSError):
            os.close(fd)
        server._forkserver_alive_fd = None  # type: ignore[union-attr]


def _worker_main(conn: multiprocessing.connection.Connection, parent: int | None) -> None:
    die_with_parent(parent=parent)  # a worker whose fork server ended before this line ends here
    _release_fork_server()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which stops its workers
    stores: dict[str, ox.Store] = {}
    while True:
        try:
            generation, sparql, max_rows, max_bytes = conn.recv()
            conn.send(TAKEN)
        except (EOFError, OSError):
            return
        try:
            store = stores.get(generation)
            if store is None:
                stores.clear()  # one generation at a time: an older one is no longer served
                store = stores[generation] = ox.Store.read_only(generation)
            reply: Answer | KGError = run_deep(functools.partial(evaluate, store, sparql, max_rows, max_bytes))
        except (SyntaxError, OSError) as exc:
            reply = query_failure(exc, sparql)
        except MemoryError:
            reply = QueryError("E437", "the query ran out of memory", hint="add LIMIT, or narrow the patterns")
        conn.send(reply)


@dataclass(eq=False)  # compared and hashed by identity: kept in a set
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryEngine:
    """A fixed number of query workers; ``run`` answers one query on one of them, or raises ``KGError``."""

    def __init__(self, workers: int, limits: Limits) -> None:
        self.limits = limits
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["kg.engine"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        # Parent-death signals follow the thread that started a child: start workers from one thread that lives as
        # long as the engine, never from a request's thread.
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="kg-engine")
        for future in [self._spawner.submit(self._start) for _ in range(max(1, workers))]:
            self._idle.put(future.result(timeout=START_TIMEOUT_S))

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(child, _fork_server_pid()), name="kg-query-worker", daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            if self._closed:
                return
        self._spawner.submit(lambda: self._idle.put(self._start()))

    def pids(self) -> list[int]:
        """The worker processes' ids (for tests and for measuring the server's memory)."""
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def run(self, generation: Path, sparql: str) -> Answer:
        """Answer ``sparql`` on ``generation`` within the limits; raise ``KGError`` with what went wrong."""
        limits = self.limits
        deadline = time.monotonic() + limits.timeout
        job = (str(generation), sparql, limits.max_rows, limits.max_bytes)
        while True:
            worker = self._take(deadline)
            try:
                if self._hand_over(worker, job, deadline):
                    break
            except BaseException:
                self._replace(worker)
                raise
            self._replace(worker)  # it died while idle (killed from outside): a fresh one replaces it
        try:
            reply = self._wait(worker, deadline)
        except BaseException:
            self._replace(worker)
            raise
        self._idle.put(worker)
        if isinstance(reply, KGError):
            raise reply
        return reply

    def _hand_over(self, worker: _Worker, job: tuple[str, str, int, int], deadline: float) -> bool:
        """Send ``job`` and wait for the worker's receipt; False if the worker is gone before it took the job.

        A worker killed while idle can still look alive and accept bytes for a while (a SIGSEGV's core dump takes
        seconds): only its receipt tells a death of its own from a crash the query caused."""
        try:
            if not worker.process.is_alive():
                return False
            worker.conn.send(job)
            while not worker.conn.poll(POLL_S):
                if time.monotonic() > deadline:
                    raise self._too_slow()
            return bool(worker.conn.recv() == TAKEN)
        except (EOFError, OSError, ValueError):
            return False

    def _too_slow(self) -> QueryError:
        return QueryError(
            "E435",
            f"the query exceeded the time limit of {self.limits.timeout:g} s and was stopped",
            hint="add LIMIT or narrow the patterns; kg serve --timeout raises the limit",
        )

    def _take(self, deadline: float) -> _Worker:
        try:
            return self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise StoreError(
                "E340", "every query worker is busy", hint="retry in a few seconds; long queries hold workers"
            ) from None

    def _wait(self, worker: _Worker, deadline: float) -> Answer | KGError:
        limits = self.limits
        watched = psutil.Process(worker.process.pid)
        while True:
            try:
                if worker.conn.poll(POLL_S):
                    reply: Answer | KGError = worker.conn.recv()
                    return reply
            except (EOFError, OSError):
                raise QueryError(
                    "E434",
                    "the query crashed the SPARQL engine (its worker was restarted)",
                    hint="simplify the query: very deep nesting or very long expressions can do this",
                ) from None
            if time.monotonic() > deadline:
                raise self._too_slow()
            with contextlib.suppress(psutil.Error):
                if watched.memory_info().rss > limits.max_memory:
                    raise QueryError(
                        "E433",
                        f"the query needed more than {limits.max_memory >> 20} MiB of memory and was stopped",
                        hint="add LIMIT or narrow the patterns; kg serve --max-memory raises the limit",
                    )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
        self._spawner.shutdown(wait=False)
