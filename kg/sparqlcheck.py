"""What every SPARQL text passes before an engine sees it: a size limit, SERVICE only to allowed hosts, and a
deep stack to run on.

Oxigraph parses and evaluates queries recursively: 4,000 nested groups, or 50,000 terms joined by ``+``, overflow
an ordinary 8 MiB thread stack and kill the process with SIGSEGV. Queries therefore run on a thread with a stack
large enough for any query under ``MAX_QUERY_CHARS`` (``run_deep``). ``SERVICE`` makes the engine send HTTP
requests to whatever address the query names, so it is refused unless the user named the host
(``kg query --allow-service HOST``).

>>> check_query("SELECT * WHERE { ?s ?p ?o }")
>>> service_hosts('SELECT * { SERVICE <http://dbpedia.org/sparql> { ?s ?p "SERVICE <http://x/>" } }')
['dbpedia.org']
>>> check_query("SELECT * { SERVICE SILENT <http://10.0.0.1:8890/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kg.errors.QueryError: the query calls SERVICE <http://10.0.0.1:8890/sparql>, which is not allowed [E430] (...)
"""

from __future__ import annotations

import re
import threading
import urllib.parse
from collections.abc import Callable, Collection
from typing import TypeVar

from kg.errors import KGError, QueryError, StoreError

MAX_QUERY_CHARS = 1 << 20  # 1 MiB of SPARQL: far above any hand-written or generated query of this project
QUERY_STACK_BYTES = 1 << 30  # address space only: pages are committed as the recursion touches them

# Strings, IRIs and comments, which may contain anything (a "SERVICE" inside a literal is no SERVICE).
NOT_CODE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_SERVICE = re.compile(r"(?<![?$:\w])SERVICE(?:\s+SILENT)?", re.IGNORECASE)
_IRI = re.compile(r"\s*(<([^<>\"{}|^`\\\s]*)>)")  # read in the query as written, after the keyword

T = TypeVar("T")


def blank_non_code(sparql: str) -> str:
    """``sparql`` with its strings, IRIs and comments blanked out (same length, so offsets still match).

    >>> blank_non_code('ASK { ?x <http://a/> "b" } # c')
    'ASK { ?x              }    '
    """
    return NOT_CODE.sub(lambda m: " " * len(m.group()), sparql)


def service_hosts(sparql: str) -> list[str]:
    """The hosts the query's SERVICE clauses call, in order; ``"?"`` for one that names no absolute IRI
    (a variable or a prefixed name, which cannot be checked before the query runs)."""
    code = blank_non_code(sparql)
    hosts: list[str] = []
    for match in _SERVICE.finditer(code):
        iri = _IRI.match(sparql, match.end())
        host = urllib.parse.urlsplit(iri.group(2)).hostname if iri else None
        hosts.append(host or "?")
    return hosts


def check_query(sparql: str, *, allow_service: Collection[str] = ()) -> None:
    """Raise ``QueryError`` for a query too long to run safely, or one that calls a host not allowed."""
    if len(sparql) > MAX_QUERY_CHARS:
        raise QueryError(
            "E431",
            f"the query is {len(sparql):,} characters long, over the limit of {MAX_QUERY_CHARS:,}",
            hint="shorten it (split long VALUES lists into several queries)",
        )
    allowed = {host.lower() for host in allow_service}
    code = blank_non_code(sparql)
    for match, host in zip(_SERVICE.finditer(code), service_hosts(sparql), strict=True):
        if host.lower() not in allowed:
            iri = _IRI.match(sparql, match.end())
            called = iri.group(1) if iri else "with no IRI written out"
            raise QueryError(
                "E430",
                f"the query calls SERVICE {called}, which is not allowed",
                hint="SERVICE sends requests to other servers: allow a host with --allow-service HOST "
                "and write its IRI in full",
            )


def query_failure(exc: SyntaxError | OSError, sparql: str) -> KGError:
    """The project's error for what the engine raised while running ``sparql``: a syntax error, a failed SERVICE
    call, or a failure reading the store."""
    reason = " ".join(str(exc).split())  # Oxigraph's messages span lines; errors are one line
    if isinstance(exc, SyntaxError):
        return QueryError("E401", f"invalid SPARQL: {reason}", hint="check the query's syntax")
    if service_hosts(sparql):
        return QueryError("E432", f"a SERVICE call of the query failed: {reason}", hint="check the service's address")
    return StoreError("E306", f"the store failed: {reason}", hint="run the query again; if it fails again, rebuild")


def run_deep(function: Callable[[], T]) -> T:
    """Call ``function`` on a thread with a stack of ``QUERY_STACK_BYTES`` and return (or raise) what it does.

    On a thread ``run_deep`` started (the stack is already deep) ``function`` is called there: a caller running many
    queries (the overview page's 783) runs all of them inside one ``run_deep`` instead of starting a thread for
    each, whose start and whose first query on a new thread cost more than the query itself (kg.network).

    >>> run_deep(lambda: run_deep(threading.current_thread).name)
    'kg-query'
    """
    if getattr(_DEEP, "stack", False):
        return function()
    outcome: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        _DEEP.stack = True
        try:
            outcome.append(function())
        except BaseException as exc:  # handed to the caller's thread
            # Without its traceback: the frames hold the engine's result iterators, which must be dropped on the
            # thread that made them (pyoxigraph's are unsendable).
            failure.append(exc.with_traceback(None))

    with _STACK_LOCK:  # threading.stack_size is process-wide: set it only for this thread's creation
        previous = threading.stack_size(QUERY_STACK_BYTES)
        try:
            thread = threading.Thread(target=target, name="kg-query", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]


_STACK_LOCK = threading.Lock()
_DEEP = threading.local()  # .stack: this thread was started by run_deep, with its deep stack

__all__ = ["MAX_QUERY_CHARS", "blank_non_code", "check_query", "query_failure", "run_deep", "service_hosts"]
