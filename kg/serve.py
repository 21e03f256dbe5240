"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the built store, with a query page.

The SPARQL engine is Oxigraph's own server (``oxigraph serve-read-only`` from the ``oxigraph`` package),
run on a private loopback port over the current store generation, with the union default graph (as
``kg query``) and its ``--timeout-s``. In front of it a small proxy, the only thing that listens on the
public address, enforces what Oxigraph's server does not:

- **Read-only.** Only the query page, its assets and the query endpoints (``/query``, ``/sparql``) are
  forwarded; ``/update`` and the Graph Store (``/store``) answer 403, so no request can change the store.
- **Time limit.** Oxigraph cancels a query that runs past ``--timeout-s``, but only while it computes, and
  it then ends a 200 answer with an error text; results that stream for longer are not stopped. The proxy
  reads the answer under one deadline for the whole request and turns either case into a 503 that says so.
- **Result limit.** At most ``max_rows`` solutions (or triples) are returned; the rest is not read (the
  upstream connection is closed, which stops Oxigraph), and the answer carries ``X-SPARQL-MaxRows``.
  The answer is otherwise complete and valid in the format the client asked for: the proxy reads
  Oxigraph's line-based formats (TSV, N-Triples) and re-serialises them with pyoxigraph.

A build that swaps in a new generation is picked up by the next request: a second Oxigraph server is
started on it and the old one stops when its last request ends. Each request is answered by one
generation, never a mix; each served generation is leased so that builds do not delete it meanwhile.

>>> choose_results_format("application/sparql-results+xml, */*;q=0.1").name
'SPARQL Results in XML'
>>> choose_results_format("text/html,application/xhtml+xml,*/*;q=0.8").name
'SPARQL Results in JSON'
>>> choose_rdf_format("application/n-triples").name
'N-Triples'
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, TypeVar

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store import hold_lease, require_generation

QUERY_PATHS = frozenset({"/query", "/sparql"})
PAGE_PATHS = frozenset({"/", "/yasgui.min.js", "/yasgui.min.css", "/logo.svg"})
WRITE_PATHS = frozenset({"/update", "/store"})
UPSTREAM_ACCEPT = "text/tab-separated-values, application/n-triples"
CANCELLED = b"The SPARQL operation has been cancelled"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """What ``kg serve`` enforces. ``timeout`` is whole seconds (Oxigraph's unit)."""

    out: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: int = 30
    max_rows: int = 10_000
    cors: bool = False


def oxigraph_binary() -> Path:
    """The ``oxigraph`` server executable: beside this Python (the venv), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreError(
            "E320", "the oxigraph server is not installed", hint="pip install oxigraph (the same version as pyoxigraph)"
        )
    return Path(found)


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


def _die_with_parent() -> None:
    # Linux: the upstream server gets SIGTERM when kg serve dies, even by SIGKILL, so none is left behind.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Upstream:
    """One Oxigraph server process over one leased generation."""

    generation: Path
    port: int
    process: subprocess.Popen[bytes]
    lease: IO[str]
    active: int = 0
    retired: bool = False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.lease.close()


def start_upstream(generation: Path, timeout: int) -> Upstream:
    """Start ``oxigraph serve-read-only`` on ``generation`` and wait until it answers."""
    lease = hold_lease(generation)
    port = _free_port()
    command = [
        str(oxigraph_binary()),
        "serve-read-only",
        "--location",
        str(generation),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
        "--timeout-s",
        str(timeout),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_die_with_parent)
    upstream = Upstream(generation, port, process, lease)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            lease.close()
            err = process.stderr.read().decode(errors="replace").strip() if process.stderr else ""
            raise StoreError("E321", f"the oxigraph server did not start: {err}", path=str(generation))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return upstream
        except OSError:
            time.sleep(0.05)
    upstream.stop()
    err = "no answer within 20 s"
    raise StoreError("E321", f"the oxigraph server did not start: {err}", path=str(generation))


@dataclass
class Backend:
    """The upstream server over the current generation, replaced when a build swaps in a new one."""

    options: ServeOptions
    current: Upstream | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    checked: float = 0.0
    # Upstreams are started from one long-lived thread: Linux sends the parent-death signal when the
    # *thread* that started a child ends, and request threads end after each request.
    spawner: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="kg-spawn"))

    @contextlib.contextmanager
    def upstream(self) -> Iterator[Upstream]:
        with self.lock:
            self._follow_generation()
            assert self.current is not None
            chosen = self.current
            chosen.active += 1
        try:
            yield chosen
        finally:
            with self.lock:
                chosen.active -= 1
                if chosen.retired and chosen.active == 0:
                    chosen.stop()

    def _follow_generation(self) -> None:
        now = time.monotonic()
        if self.current is not None and now - self.checked < 0.5:
            return
        self.checked = now
        generation = require_generation(self.options.out)
        if self.current is not None and self.current.generation == generation:
            return
        fresh = self.spawner.submit(start_upstream, generation, self.options.timeout).result()
        old, self.current = self.current, fresh
        if old is not None:
            old.retired = True
            if old.active == 0:
                old.stop()

    def close(self) -> None:
        with self.lock:
            if self.current is not None:
                self.current.stop()
                self.current = None
        self.spawner.shutdown(wait=False)


class _Handler(BaseHTTPRequestHandler):
    """Routes requests: the page and queries are forwarded, writes are refused."""

    server: _ProxyServer
    protocol_version = "HTTP/1.1"

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
        try:
            if path in WRITE_PATHS or self.command not in ("GET", "POST", "HEAD"):
                self._reply(403, b"This endpoint is read-only: updates are refused.\n", "text/plain")
            elif path in QUERY_PATHS:
                self._query(body)
            elif path in PAGE_PATHS and self.command in ("GET", "HEAD"):
                self._forward_page()
            else:
                self._reply(404, b"not found: the endpoint is /query (page at /)\n", "text/plain")
        except StoreError as err:
            status = 503 if err.code in ("E303", "E307") else 500
            self._reply(status, f"{err}\n".encode(), "text/plain")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _reply(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if self.server.options.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _forward_page(self) -> None:
        with self.server.backend.upstream() as up:
            conn = http.client.HTTPConnection("127.0.0.1", up.port, timeout=10)
            try:
                conn.request("GET", self.path)
                response = conn.getresponse()
                data = response.read()
            finally:
                conn.close()
        self._reply(response.status, data, response.getheader("Content-Type") or "application/octet-stream")

    def _query(self, body: bytes) -> None:
        options = self.server.options
        accept = self.headers.get("Accept")
        deadline = time.monotonic() + options.timeout + 1
        headers = {"Accept": UPSTREAM_ACCEPT}
        if self.headers.get("Content-Type"):
            headers["Content-Type"] = self.headers["Content-Type"]
        with self.server.backend.upstream() as up:
            conn = http.client.HTTPConnection("127.0.0.1", up.port, timeout=options.timeout + 1)
            try:
                conn.request(self.command if self.command != "HEAD" else "GET", self.path, body or None, headers)
                response = conn.getresponse()
                if response.status != 200:
                    data = response.read(64_000)
                    self._reply(response.status, data, response.getheader("Content-Type") or "text/plain")
                    return
                kind = (response.getheader("Content-Type") or "").split(";")[0].strip()
                lines, truncated, timed_out = _read_lines(response, options.max_rows, deadline, conn)
            except TimeoutError:
                lines, truncated, timed_out, kind = [], False, True, ""
            finally:
                conn.close()
        if timed_out:
            self._reply(503, f"The query exceeded the time limit of {options.timeout} s.\n".encode(), "text/plain")
            return
        self._answer(kind, b"".join(lines), accept, truncated)

    def _answer(self, kind: str, data: bytes, accept: str | None, truncated: bool) -> None:
        options = self.server.options
        extra = {"X-SPARQL-MaxRows": str(options.max_rows)} if truncated else {}
        try:
            if kind == "text/tab-separated-values":
                fmt = choose_results_format(accept)
                if fmt is None:
                    self._reply(406, b"Not acceptable: ask for a SPARQL results format.\n", "text/plain")
                    return
                results = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)
                self._reply(200, results.serialize(format=fmt) or b"", fmt.media_type, extra)
            else:
                rdf = choose_rdf_format(accept)
                if rdf is None:
                    self._reply(406, b"Not acceptable: ask for an RDF format.\n", "text/plain")
                    return
                triples = (q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
                self._reply(200, ox.serialize(triples, format=rdf) or b"", rdf.media_type, extra)
        except SyntaxError:
            if CANCELLED in data:
                message = f"The query exceeded the time limit of {options.timeout} s.\n"
                self._reply(503, message.encode(), "text/plain")
            else:
                self._reply(502, b"The SPARQL engine gave an answer that cannot be read.\n", "text/plain")

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


def _read_lines(
    response: http.client.HTTPResponse, max_rows: int, deadline: float, conn: http.client.HTTPConnection
) -> tuple[list[bytes], bool, bool]:
    """Up to ``max_rows`` result lines (after the TSV header), under the deadline.

    Returns (lines, truncated, timed_out). TSV and N-Triples keep one solution or triple per line.
    """
    lines: list[bytes] = []
    header = (response.getheader("Content-Type") or "").startswith("text/tab-separated-values")
    limit = max_rows + (1 if header else 0)
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return lines, False, True
        if conn.sock is not None:
            conn.sock.settimeout(remaining)
        line = response.readline(1 << 24)
        if not line:
            return lines, False, False
        if len(lines) >= limit:
            return lines, True, False
        lines.append(line if line.endswith(b"\n") else line + b"\n")


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, options: ServeOptions, backend: Backend, *, verbose: bool) -> None:
        self.options = options
        self.backend = backend
        self.verbose = verbose
        self.address_family = socket.AF_INET6 if ":" in options.host else socket.AF_INET
        super().__init__((options.host, options.port), _Handler)


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

    The upstream Oxigraph server starts at once, so a missing store or binary fails here, not on the first
    request.
    """
    backend = Backend(options)
    with backend.lock:
        backend._follow_generation()
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
    """Serve a server started with ``background=False`` until Ctrl-C or SIGTERM, then stop its upstream."""
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
