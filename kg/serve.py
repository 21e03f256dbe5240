"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the built store, with a query page.

One process listens, on loopback by default; nothing else does. Each query runs in a supervised worker process
(``kg.engine``) that opens the current store generation read-only, with the union default graph and the project's
prefixes (as ``kg query``). The server enforces:

- **Read-only.** Only the query page and the query endpoints (``/query``, ``/sparql``) exist; updates and the Graph
  Store (``/update``, ``/store``) answer 403, so no request can change the store.
- **Time and memory.** A query past ``timeout`` seconds, or whose worker passes ``max_memory`` of resident memory,
  is stopped for sure: its worker is killed and replaced, and the client gets a 503 that says which limit it hit.
  A query that crashes its worker (very deep nesting) gets a 500; the next query runs on a fresh worker.
- **Result limit.** At most ``max_rows`` solutions (or triples) and ``max_bytes`` bytes are returned; the answer is
  otherwise complete and valid in the format the client asked for, and carries ``X-SPARQL-MaxRows``.
- **No outgoing requests.** ``SERVICE`` is refused unless its host was allowed (``--allow-service HOST``).
- **Bounded requests.** A body over ``MAX_BODY`` bytes is refused (413) unread; a malformed ``Content-Length``
  gets a 400; when every worker stays busy for the whole time limit, a 503 says to retry.

A build that swaps in a new generation is picked up by the next request (checked at most every half second). Each
request is answered from one generation, never a mix; a served generation is leased so that builds do not delete
it meanwhile.

>>> choose_results_format("application/sparql-results+xml, */*;q=0.1").name
'SPARQL Results in XML'
>>> choose_results_format("text/html,application/xhtml+xml,*/*;q=0.8").name
'SPARQL Results in JSON'
>>> choose_rdf_format("application/n-triples").name
'N-Triples'
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, TypeVar

import pyoxigraph as ox

from kg.engine import Answer, Limits, QueryEngine
from kg.errors import KGError, QueryError, StoreError
from kg.querypage import query_page
from kg.sparqlcheck import check_query
from kg.store import hold_lease, is_update, require_generation, update_refused

QUERY_PATHS = frozenset({"/query", "/sparql"})
PAGE_PATHS = frozenset({"/", "/index.html"})
WRITE_PATHS = frozenset({"/update", "/store"})
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_BODY = 4 << 20  # a query's text is at most 1 MiB (kg.sparqlcheck.MAX_QUERY_CHARS), up to 3 bytes a character
MAX_DRAINED = 64 << 20  # an oversized body up to this is read and dropped, so that the client sees the 413
IDLE_TIMEOUT_S = 60
LISTEN_BACKLOG = 256  # connections the kernel holds while every handler thread is busy (Python's default is 5)
SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
[] a sd:Service ;
   sd:endpoint <{endpoint}> ;
   sd:supportedLanguage sd:SPARQL11Query ;
   sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
   sd:feature sd:UnionDefaultGraph ;
   sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>, <http://www.w3.org/ns/formats/SPARQL_Results_XML>,
       <http://www.w3.org/ns/formats/SPARQL_Results_CSV>, <http://www.w3.org/ns/formats/SPARQL_Results_TSV>,
       <http://www.w3.org/ns/formats/Turtle>, <http://www.w3.org/ns/formats/N-Triples> .
"""
# HTTP status of each error code the query path raises; any other code is a 500.
STATUS_OF_CODE = {
    "E401": 400,
    "E412": 400,
    "E430": 403,
    "E431": 413,
    "E433": 503,
    "E435": 503,
    "E340": 503,
    "E437": 503,
    "E303": 503,
    "E307": 503,
    "E434": 500,
    "E432": 502,
    "E301": 503,
}


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """What ``kg serve`` enforces. ``max_memory`` and ``max_bytes`` are bytes."""

    out: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_rows: int = 10_000
    max_bytes: int = 64 << 20
    max_memory: int = 1 << 30
    workers: int = 2
    allow_service: tuple[str, ...] = ()
    cors: bool = False

    def __post_init__(self) -> None:
        checks = [
            (self.timeout > 0, "--timeout", "a positive number of seconds"),
            (self.max_rows > 0, "--max-rows", "a positive number of rows"),
            (self.max_bytes > 0, "--max-bytes", "a positive number of bytes"),
            (self.max_memory >= 64 << 20, "--max-memory", "at least 64 MiB"),
            (self.workers > 0, "--workers", "at least 1"),
            (0 <= self.port <= 65535, "--port", "a port from 0 to 65535"),
        ]
        for ok, option, expected in checks:
            if not ok:
                raise QueryError("E436", f"{option} must be {expected}", hint=f"give {option} {expected}")

    @property
    def limits(self) -> Limits:
        return Limits(self.timeout, self.max_rows, self.max_bytes, self.max_memory)


def choose_results_format(accept: str | None) -> ox.QueryResultsFormat | None:
    """The SPARQL results format the client prefers among those pyoxigraph writes (JSON for ``*/*``)."""
    return _negotiate(accept, ox.QueryResultsFormat.from_media_type, ox.QueryResultsFormat.JSON)


def choose_rdf_format(accept: str | None) -> ox.RdfFormat | None:
    """The RDF format for CONSTRUCT and DESCRIBE answers (Turtle for ``*/*``)."""
    return _negotiate(accept, ox.RdfFormat.from_media_type, ox.RdfFormat.TURTLE)


F = TypeVar("F", ox.QueryResultsFormat, ox.RdfFormat)


def _negotiate(accept: str | None, lookup: Callable[[str], F | None], default: F) -> F | None:
    if not accept:
        return default
    ranked: list[tuple[float, int, str]] = []
    for i, item in enumerate(accept.split(",")):
        media, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                with contextlib.suppress(ValueError):
                    q = float(value)
        if q > 0:
            ranked.append((-q, i, media.strip().lower()))
    for _, _, media in sorted(ranked):
        if media in ("*/*", "application/*", "text/*"):
            return default
        found = lookup(media)
        if found is not None:
            return found
    return None


@dataclass
class _Served:
    """One leased generation and the requests that use it."""

    generation: Path
    lease: IO[str]
    active: int = 0
    retired: bool = False


@dataclass
class Backend:
    """The query engine and the generation it answers from, followed as builds swap in new ones."""

    options: ServeOptions
    engine: QueryEngine
    current: _Served | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    checked: float = 0.0

    @contextlib.contextmanager
    def generation(self) -> Iterator[Path]:
        """The generation one request is answered from, leased until the request ends."""
        with self.lock:
            self._follow_generation()
            assert self.current is not None
            chosen = self.current
            chosen.active += 1
        try:
            yield chosen.generation
        finally:
            with self.lock:
                chosen.active -= 1
                if chosen.retired and chosen.active == 0:
                    chosen.lease.close()

    def _follow_generation(self) -> None:
        now = time.monotonic()
        if self.current is not None and now - self.checked < 0.5:
            return
        self.checked = now
        generation = require_generation(self.options.out)
        if self.current is not None and self.current.generation == generation:
            return
        old, self.current = self.current, _Served(generation, hold_lease(generation))
        if old is not None:
            old.retired = True
            if old.active == 0:
                old.lease.close()

    def close(self) -> None:
        with self.lock:
            if self.current is not None:
                self.current.lease.close()
                self.current = None
        self.engine.close()


class _Handler(BaseHTTPRequestHandler):
    """Routes requests: the page and queries are answered, writes are refused."""

    server: _ProxyServer
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT_S  # a connection that sends nothing for this long is closed (no slow-loris hold)

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def do_HEAD(self) -> None:
        self._route()

    def do_PUT(self) -> None:
        self._route()

    def do_DELETE(self) -> None:
        self._route()

    def do_PATCH(self) -> None:
        self._route()

    def do_OPTIONS(self) -> None:
        if self.server.options.cors:
            self._reply(204, b"", "text/plain", {"Access-Control-Allow-Methods": "GET, POST, OPTIONS"})
        else:
            self._reply(405, b"method not allowed\n", "text/plain")

    def _route(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        body = self._body()
        if body is None:
            return
        try:
            if path in WRITE_PATHS or self.command not in ("GET", "POST", "HEAD"):
                self._reply(403, b"This endpoint is read-only: updates are refused.\n", "text/plain")
            elif path in QUERY_PATHS:
                self._query(body)
            elif path in PAGE_PATHS and self.command in ("GET", "HEAD"):
                self._reply(200, query_page().encode(), "text/html; charset=utf-8")
            else:
                self._reply(404, b"not found: the endpoint is /query (page at /)\n", "text/plain")
        except KGError as err:
            self._reply(STATUS_OF_CODE.get(err.code, 500), f"{err}\n".encode(), "text/plain; charset=utf-8")

    def _body(self) -> bytes | None:
        """The request's body, or None after answering a malformed or oversized one (the connection then closes)."""
        declared = self.headers.get("Content-Length")
        if declared is None:
            return b""
        try:
            length = int(declared)
            if length < 0:
                raise ValueError(declared)
        except ValueError:
            self.close_connection = True
            self._reply(400, b"Content-Length must be a whole number of bytes.\n", "text/plain")
            return None
        if length > MAX_BODY:
            self.close_connection = True
            self.connection.settimeout(1.0)  # a client that declared more than it sends is not waited for
            with contextlib.suppress(OSError):
                for _ in range(0, min(length, MAX_DRAINED), 1 << 16):
                    if not self.rfile.read(1 << 16):
                        break
            self._reply(413, f"The request body is over {MAX_BODY} bytes.\n".encode(), "text/plain")
            return None
        return self.rfile.read(length)

    def _reply(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        if self.server.options.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _query(self, body: bytes) -> None:
        params = _protocol_params(self.path, self.headers.get("Content-Type"), body)
        if "update" in params or (self.headers.get("Content-Type") or "").startswith("application/sparql-update"):
            self._reply(403, b"This endpoint is read-only: updates are refused.\n", "text/plain")
            return
        if params.keys() & {"default-graph-uri", "named-graph-uri"}:
            self._reply(
                400,
                b"default-graph-uri and named-graph-uri are not supported: the default graph is the union "
                b"of every graph; use GRAPH in the query.\n",
                "text/plain",
            )
            return
        sparql = params.get("query")
        if sparql is None:
            endpoint = f"http://{self.headers.get('Host') or 'localhost'}/query"
            self._reply(200, SERVICE_DESCRIPTION.format(endpoint=endpoint).encode(), "text/turtle")
            return
        if is_update(sparql):
            raise update_refused()
        check_query(sparql, allow_service=self.server.options.allow_service)
        with self.server.backend.generation() as generation:
            answer = self.server.backend.engine.run(generation, sparql)
        self._answer(answer, self.headers.get("Accept"))

    def _answer(self, answer: Answer, accept: str | None) -> None:
        options = self.server.options
        extra = {"X-SPARQL-MaxRows": str(options.max_rows)} if answer.truncated else {}
        if answer.kind == "triples":
            rdf = choose_rdf_format(accept)
            if rdf is None:
                self._reply(406, b"Not acceptable: ask for an RDF format.\n", "text/plain")
                return
            triples = (q.triple for q in ox.parse(answer.data, format=ox.RdfFormat.N_TRIPLES))
            self._reply(200, ox.serialize(triples, format=rdf) or b"", rdf.media_type, extra)
            return
        fmt = choose_results_format(accept)
        if fmt is None:
            self._reply(406, b"Not acceptable: ask for a SPARQL results format.\n", "text/plain")
            return
        if answer.kind == "boolean":
            results = ox.parse_query_results(
                b'{"head":{},"boolean":%s}' % (b"true" if answer.boolean else b"false"),
                format=ox.QueryResultsFormat.JSON,
            )
        else:
            results = ox.parse_query_results(answer.data, format=ox.QueryResultsFormat.TSV)
        self._reply(200, results.serialize(format=fmt) or b"", fmt.media_type, extra)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


def _protocol_params(target: str, content_type: str | None, body: bytes) -> dict[str, str]:
    """The SPARQL Protocol's parameters from the URL, a form body, or a direct ``application/sparql-query`` body.

    >>> _protocol_params("/query?query=ASK%7B%7D", None, b"")
    {'query': 'ASK{}'}
    >>> _protocol_params("/query", "application/sparql-query; charset=utf-8", b"ASK {}")
    {'query': 'ASK {}'}
    """
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(target).query, keep_blank_values=True))
    media = (content_type or "").split(";")[0].strip().lower()
    text = body.decode("utf-8", errors="replace")
    if media == "application/x-www-form-urlencoded":
        params.update(urllib.parse.parse_qsl(text, keep_blank_values=True))
    elif media == "application/sparql-query":
        params["query"] = text
    return params


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, options: ServeOptions, backend: Backend, *, verbose: bool) -> None:
        self.options = options
        self.backend = backend
        self.verbose = verbose
        self.address_family = socket.AF_INET6 if ":" in options.host else socket.AF_INET
        super().__init__((options.host, options.port), _Handler)

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """A request that failed past the handler's own errors: one line on stderr, never a traceback; a client
        that went away (reset, closed early) is its own business and not reported."""
        problem = sys.exc_info()[1]
        if isinstance(problem, ConnectionError | TimeoutError):
            return
        print(f"kg serve: a request from {client_address[0]} failed: {problem!r}", file=sys.stderr)


@dataclass
class RunningServer:
    """A started endpoint: its URLs, and ``close()``."""

    url: str
    server: _ProxyServer
    thread: threading.Thread | None = None

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.server.backend.close()
        if self.thread is not None:
            self.thread.join(timeout=5)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start_server(options: ServeOptions, *, verbose: bool = False, background: bool = True) -> RunningServer:
    """Start the endpoint (in a background thread unless ``background=False``; then call ``serve_forever``).

    The store is opened and the query workers start at once, so a missing store fails here, not on the first
    request.
    """
    require_generation(options.out)  # no store: fail before starting anything
    backend = Backend(options, QueryEngine(options.workers, options.limits))
    try:
        with backend.lock:
            backend._follow_generation()
    except KGError:
        backend.close()
        raise
    try:
        server = _ProxyServer(options, backend, verbose=verbose)
    except OSError as exc:
        backend.close()
        raise StoreError(
            "E322", f"cannot listen on {options.host}:{options.port}: {exc.strerror}", hint="choose another --port"
        ) from exc
    host, port = str(server.server_address[0]), int(server.server_address[1])
    shown = f"[{host}]" if ":" in host else host
    running = RunningServer(f"http://{shown}:{port}", server)
    if background:
        running.thread = threading.Thread(target=server.serve_forever, name="kg-serve", daemon=True)
        running.thread.start()
    return running


def serve(options: ServeOptions, *, verbose: bool = True) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM)."""
    serve_running(start_server(options, verbose=verbose, background=False))


def serve_running(running: RunningServer) -> None:
    """Serve a server started with ``background=False`` until Ctrl-C or SIGTERM, then stop its workers."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        running.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        running.server.server_close()
        running.server.backend.close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
