"""A remote store: any SPARQL 1.1 Protocol endpoint with the SPARQL 1.1 Graph Store HTTP Protocol.

Writes go graph by graph with ``PUT`` (which replaces that one graph and nothing else) and ``DELETE``;
queries go to the query endpoint. Transient failures (connection refused or reset, timeouts, 429, 5xx)
are retried with exponential backoff; authentication failures (401, 403) and anything still failing
after the retries raise a ``StoreError`` that says what to do.

The default graph must be the union of the named graphs, as in the embedded store, for the named
queries to see the briefings: Oxigraph server ``--union-default-graph``; Fuseki ``tdb2:unionDefaultGraph
true``; GraphDB and Virtuoso do so by default. ``union_default_graph=True`` instead asks Oxigraph for it
per query (its ``union-default-graph`` request parameter).

>>> ends = endpoints("http://127.0.0.1:7878")
>>> ends.query, ends.graph_store
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/store')
>>> endpoints("http://localhost:3030/ds/sparql").graph_store
'http://localhost:3030/ds/data'
"""

from __future__ import annotations

import base64
import itertools
import os
import random
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from http.client import HTTPException, HTTPResponse
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.namespace import PREFIXES
from kg.store import GraphStore, QueryResult, Term, bind_parameters, graph_triples, query_result

TOKEN_ENV = "PRESSKG_ENDPOINT_TOKEN"
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
AUTH_STATUS = frozenset({401, 403})
RESULT_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9, application/n-triples;q=0.8"

# Where a server keeps its Graph Store endpoint, by the last segment of its query endpoint.
GRAPH_STORE_SIBLING: dict[str, str] = {"query": "store", "sparql": "data"}
# ... or by the whole path, where it identifies the server: Virtuoso's one endpoint is /sparql at the root
# (Fuseki's are per dataset, /DATASET/sparql).
GRAPH_STORE_AT: dict[str, str] = {"/sparql": "/sparql-graph-crud"}


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The two URLs a remote store needs: SPARQL query, and Graph Store Protocol."""

    query: str
    graph_store: str


def endpoints(url: str, *, graph_store: str | None = None) -> Endpoints:
    """Resolve the URL a user gives into query and graph-store URLs.

    With ``graph_store`` given, ``url`` is the query endpoint as it is (GraphDB: ``.../repositories/ID``
    and ``.../repositories/ID/rdf-graphs/service``). Otherwise ``/sparql`` at a server's root is Virtuoso's
    (graph store ``/sparql-graph-crud``), a URL ending in ``/query`` (Oxigraph) or ``/DATASET/sparql``
    (Fuseki) is the query endpoint and the graph store its sibling (``/store``, ``/data``), and any other URL
    is a server root laid out as Oxigraph's.

    >>> endpoints("http://127.0.0.1:8890/sparql/").graph_store
    'http://127.0.0.1:8890/sparql-graph-crud'
    """
    base = url.rstrip("/")
    if graph_store is not None:
        return Endpoints(base, graph_store)
    parts = urllib.parse.urlsplit(base)
    if parts.path in GRAPH_STORE_AT:
        return Endpoints(base, urllib.parse.urlunsplit(parts._replace(path=GRAPH_STORE_AT[parts.path])))
    head, _, last = base.rpartition("/")
    if last in GRAPH_STORE_SIBLING and "://" in head:
        return Endpoints(base, f"{head}/{GRAPH_STORE_SIBLING[last]}")
    return Endpoints(f"{base}/query", f"{base}/store")


@dataclass(frozen=True, slots=True)
class RemoteStore:
    """A SPARQL endpoint behind the ``kg.store.GraphStore`` interface.

    Credentials: ``https://user:password@host/...`` (HTTP Basic), or a bearer token in ``token`` or
    ``$PRESSKG_ENDPOINT_TOKEN``.
    """

    endpoints: Endpoints
    authorization: str | None = None
    timeout: float = 60.0
    retries: int = 4
    backoff: float = 0.5
    union_default_graph: bool = False
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad | ox.Triple]) -> None:
        body = ox.serialize((_triple(q) for q in quads), format=ox.RdfFormat.N_TRIPLES) or b""
        self._send("PUT", self._graph_url(graph), body, {"Content-Type": "application/n-triples"})

    def drop_graph(self, graph: ox.NamedNode) -> None:
        self._send("DELETE", self._graph_url(graph), None, {}, missing_ok=True)

    def graph_names(self) -> set[str]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return {row["g"] for row in result.lexical() if row["g"]}

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        limit: int | None = None,
        allow_service: Collection[str] = (),  # the endpoint makes SERVICE calls from its own machine, by its policy
    ) -> QueryResult:
        text = with_prefixes(bind_parameters(sparql, bindings or {}))
        fields = {"query": text}
        if self.union_default_graph:
            fields["union-default-graph"] = ""
        body = urllib.parse.urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": RESULT_ACCEPT}
        response = self._send("POST", self.endpoints.query, body, headers, query=True)
        return _parse_result(response.content_type, response.body, limit)

    @property
    def generation(self) -> Path | None:
        return None  # an endpoint keeps no generations of ours

    def named(self, name: str, bindings: Mapping[str, Term] | None = None, *, limit: int | None = None) -> QueryResult:
        from kg.viewquery import run_named  # the view index builds on kg.store, as this module does

        return run_named(self, name, bindings, limit=limit)

    def reopen(self) -> RemoteStore:
        return self  # no connection is held between requests: any process may use this value as it is

    def _graph_url(self, graph: ox.NamedNode) -> str:
        sep = "&" if "?" in self.endpoints.graph_store else "?"
        return f"{self.endpoints.graph_store}{sep}{urllib.parse.urlencode({'graph': graph.value})}"

    def _send(
        self,
        method: str,
        url: str,
        body: bytes | None,
        headers: dict[str, str],
        *,
        missing_ok: bool = False,
        query: bool = False,
    ) -> _Response:
        if self.authorization:
            headers = {**headers, "Authorization": self.authorization}
        attempt = 0
        while True:
            attempt += 1
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as raw:
                    return _read(raw)
            except urllib.error.HTTPError as exc:
                status, detail = exc.code, _excerpt(exc)
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
                if status == 404 and missing_ok:
                    return _Response(404, "", b"")
                if status in AUTH_STATUS or (status == 405 and not query):
                    credentials, write = bool(self.authorization), not query
                    raise _refused(method, status, detail, url, credentials=credentials, write=write) from exc
                if status not in RETRY_STATUS:
                    if query and status == 400:
                        raise QueryError("E414", f"the endpoint rejected the query: {detail}") from exc
                    raise StoreError("E313", f"{method} failed: HTTP {status} ({detail})", path=_public(url)) from exc
                failure = f"HTTP {status} ({detail})"
            except (urllib.error.URLError, TimeoutError, ConnectionError, HTTPException) as exc:
                failure, retry_after = str(getattr(exc, "reason", exc)), None
            if attempt > self.retries:
                raise StoreError(
                    "E312",
                    f"{method} failed after {attempt} attempts: {failure}",
                    path=_public(url),
                    hint="check that the endpoint is up and reachable, then run the command again",
                )
            self.sleep(_delay(self.backoff, attempt, retry_after))


def _refused(method: str, status: int, detail: str, url: str, *, credentials: bool, write: bool) -> StoreError:
    """The error for a refused request: a write refused by a read-only endpoint is not a matter of credentials."""
    give = "give credentials as https://user:password@host/... or in $" + TOKEN_ENV
    if write and status != 401:
        read_only = status == 405 or "read-only" in detail.lower() or "read only" in detail.lower()
        elsewhere = "push to a writable endpoint (oxigraph serve, Fuseki's /DATASET, or any with --graph-store URL)"
        if credentials:
            hint = f"{elsewhere}, or use credentials that may write there"
        else:
            hint = elsewhere if read_only else f"{elsewhere}; if this one takes writes with credentials, {give}"
        return StoreError(
            "E317",
            f"the endpoint does not accept writes{' (it is read-only)' if read_only else ''}: "
            f"{method} answered HTTP {status} ({detail})",
            path=_public(url),
            hint=hint,
        )
    return StoreError(
        "E311",
        f"{method} refused by the endpoint: HTTP {status} ({detail})",
        path=_public(url),
        hint=f"check the credentials given in the URL or ${TOKEN_ENV}" if credentials else give,
    )


@dataclass(frozen=True, slots=True)
class _Response:
    status: int
    content_type: str
    body: bytes


def _read(raw: HTTPResponse) -> _Response:
    return _Response(raw.status, raw.headers.get_content_type(), raw.read())


def _delay(backoff: float, attempt: int, retry_after: str | None) -> float:
    # Exponential with full jitter, so that many clients retrying do not hit the server in step.
    if retry_after and retry_after.isdigit():
        return min(float(retry_after), 60.0)
    return random.uniform(0, backoff * 2 ** (attempt - 1))


def _excerpt(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read(300).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return " ".join(text.split()) or str(exc.reason)


def _public(url: str) -> str:
    """The URL without credentials, for messages."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def _triple(item: ox.Quad | ox.Triple) -> ox.Triple:
    return item.triple if isinstance(item, ox.Quad) else item


_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([\w.-]*):", re.IGNORECASE | re.MULTILINE)


def with_prefixes(sparql: str) -> str:
    """Declare the project's prefixes the query uses without declaring them (the embedded store knows them).

    >>> with_prefixes("SELECT * WHERE { ?s a pk:Briefing }").splitlines()[0]
    'PREFIX pk: <https://w3id.org/presskg/ontology#>'
    """
    declared = set(_PREFIX_DECL.findall(sparql))
    missing = [
        f"PREFIX {name}: <{iri}>"
        for name, iri in PREFIXES.items()
        if name not in declared and re.search(rf"(?<![\w.-]){re.escape(name)}:", sparql)
    ]
    return "\n".join([*missing, sparql])


_RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "text/csv": ox.QueryResultsFormat.CSV,
}


def _parse_result(content_type: str, body: bytes, limit: int | None) -> QueryResult:
    try:
        if content_type in _RESULT_FORMATS:
            return query_result(ox.parse_query_results(body, format=_RESULT_FORMATS[content_type]), limit)
        rdf = ox.RdfFormat.from_media_type(content_type)
        if rdf is None:
            raise StoreError("E314", f"the endpoint answered in an unexpected format: {content_type}")
        triples = itertools.islice((q.triple for q in ox.parse(body, format=rdf)), limit)
        return QueryResult(variables=(), rows=(), triples=tuple(triples))
    except SyntaxError as exc:
        raise StoreError("E316", f"cannot read the endpoint's answer ({content_type}): {exc}") from exc


def remote_store(
    url: str,
    *,
    graph_store: str | None = None,
    token: str | None = None,
    timeout: float = 60.0,
    retries: int = 4,
    union_default_graph: bool = False,
) -> RemoteStore:
    """A ``RemoteStore`` for ``url`` (see ``endpoints``), with credentials taken from the URL or a token.

    >>> store = remote_store("https://ann:s3cret@example.org/ds/sparql")
    >>> store.endpoints.query, store.authorization
    ('https://example.org/ds/sparql', 'Basic YW5uOnMzY3JldA==')
    """
    parts = urllib.parse.urlsplit(url)
    try:
        parts.port  # noqa: B018 (urllib checks the port only when asked for it)
    except ValueError as exc:
        raise StoreError(
            "E318",
            f"the endpoint URL has a bad port: {exc}",
            hint="give the port as a number from 1 to 65535, e.g. http://127.0.0.1:7878",
        ) from exc
    authorization = None
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        authorization = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        url = _public(url)
    token = token or os.environ.get(TOKEN_ENV)
    if token and authorization is None:
        authorization = f"Bearer {token}"
    if parts.scheme not in ("http", "https"):
        raise StoreError("E315", f"not an http(s) URL: {_public(url)!r}", hint="give e.g. http://127.0.0.1:7878")
    return RemoteStore(
        endpoints(url, graph_store=graph_store),
        authorization=authorization,
        timeout=timeout,
        retries=retries,
        union_default_graph=union_default_graph,
    )


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push did: the graphs written (with their triple counts) and dropped."""

    written: tuple[tuple[str, int], ...]
    dropped: tuple[str, ...] = ()

    @property
    def triples(self) -> int:
        return sum(n for _, n in self.written)


def push_graphs(
    source: ox.Store,
    target: GraphStore,
    *,
    graphs: Iterable[ox.NamedNode] | None = None,
    drop: Iterable[ox.NamedNode] = (),
    progress: Callable[[int, int], None] | None = None,
) -> PushReport:
    """Write named graphs of an embedded store to ``target``, each replacing that graph only.

    ``graphs`` defaults to every named graph of ``source``; ``drop`` names graphs to delete from ``target``.

    >>> from kg.store import EmbeddedStore
    >>> src, dst = ox.Store(), EmbeddedStore(ox.Store())
    >>> g = ox.NamedNode("https://example.org/g")
    >>> src.add(ox.Quad(g, g, ox.Literal("x"), g))
    >>> push_graphs(src, dst).written
    (('https://example.org/g', 1),)
    """
    chosen = sorted(
        (g for g in (source.named_graphs() if graphs is None else graphs) if isinstance(g, ox.NamedNode)),
        key=lambda g: g.value,
    )
    written: list[tuple[str, int]] = []
    for i, graph in enumerate(chosen, 1):
        triples = list(graph_triples(source, graph))
        target.replace_graph(graph, triples)
        written.append((graph.value, len(triples)))
        if progress:
            progress(i, len(chosen))
    dropped = []
    for graph in drop:
        target.drop_graph(graph)
        dropped.append(graph.value)
    return PushReport(tuple(written), tuple(dropped))
