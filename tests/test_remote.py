"""The remote store: a real Oxigraph server on 127.0.0.1 gets the graphs by the Graph Store Protocol and
answers the named queries as the embedded store does; failures are retried or reported clearly."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.api import build
from kg.cli import main
from kg.errors import StoreError
from kg.queries import named_queries
from kg.rdf import ENTITIES_GRAPH, graph_iri, to_rdf
from kg.remote import RemoteStore, endpoints, push_graphs, remote_store
from kg.store import EmbeddedStore, open_embedded, replace_graph, run_query, write_generation
from tests.ports import free_ports, wait_listening
from tests.test_rdf_store import sample_extraction

pytestmark = pytest.mark.server

PARAMS = {"outlet": "Reuters", "first": "CHN", "second": "USA"}  # first, second: compare-positions


def oxigraph_binary() -> Path:
    """Oxigraph's own server (the ``oxigraph`` package of the dev extras): beside this Python, else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = beside if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        pytest.skip("the oxigraph server is not installed (pip install -e '.[dev]')")
    return Path(found)


@contextmanager
def start_oxigraph(folder: Path, ports: Iterator[int] | None = None) -> Iterator[str]:
    """An Oxigraph server on the first of ``ports`` (default: free ones) that its own process binds (tests/ports.py:
    a port another server took is passed over); its URL, the server stopped on leaving."""
    for port in ports or (free_ports(1)[0] for _ in range(5)):
        command = [str(oxigraph_binary()), "serve", "--location", str(folder / "db"), "--union-default-graph"]
        process = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            if wait_listening(process, [port], seconds=10):
                yield f"http://127.0.0.1:{port}"
                return
        finally:
            process.terminate()
            process.wait(timeout=10)
    pytest.fail("the Oxigraph server did not start on any of the ports tried")


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    with start_oxigraph(tmp_path) as url:
        yield url


def test_a_port_another_server_holds_is_passed_over(tmp_path: Path) -> None:
    """The port race of two servers started at once: the first port chosen is already listened on (the other
    server), so the server starts on the next, where its own process answers."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        held = int(taken.getsockname()[1])
        with start_oxigraph(tmp_path, iter([held, free_ports(1)[0]])) as url:
            assert not url.endswith(f":{held}")
            assert remote_store(url).graph_names() == set()  # our server answers: its store is empty


def _answers(store: object, values: dict[str, str]) -> dict[str, list[dict[str, str | None]]]:
    """Every named query's answer, with its required parameters bound (optional ones left open)."""
    from kg.queries import bind

    out = {}
    for name, query in named_queries().items():
        given = {p.name: values[p.name] for p in query.params if not p.optional}
        result = run_query(store, query.sparql, bindings=bind(query, given))  # type: ignore[arg-type]
        out[name] = result.values()
    return out


def _sample_values(store: ox.Store) -> dict[str, str]:
    position = run_query(store, "SELECT ?p WHERE { ?p pk:evidence ?e } ORDER BY ?p LIMIT 1").values()[0]["p"]
    unit = run_query(store, "SELECT ?u WHERE { ?u pk:question ?q } ORDER BY ?u LIMIT 1").values()[0]["u"]
    assert position and unit
    return {**PARAMS, "position": position, "unit": unit}


def test_pushed_seeds_and_corpus_pages_answer_as_the_embedded_store(
    oxigraph_server: str, tmp_path: Path, seeds_dir: Path, sample_dir: Path
) -> None:
    out = tmp_path / "out"
    # A White House briefing of the month of a seed, so that compare-positions, too, finds something.
    [white_house] = (sample_dir.parent / "whitehouse-en").glob("2021-12-06-*.md")
    report = build([seeds_dir, white_house, *sorted(sample_dir.glob("*.html"))[:6]], out=out, exports=())
    assert report.briefings == 9
    local = open_embedded(out).store
    pushed = push_graphs(local, remote_store(oxigraph_server))
    assert pushed.triples == len(local)
    remote = remote_store(oxigraph_server)
    assert remote.graph_names() == {g.value for g in local.named_graphs()}
    values = _sample_values(local)
    embedded, far = _answers(local, values), _answers(remote, values)
    # (but for the translations' check, which needs Chinese originals beside their English translations)
    assert all(embedded[name] for name in embedded if name != "translation-position-disagreements"), (
        "every named query finds something"
    )
    assert far == embedded
    # The same through the CLI.
    runner = CliRunner()
    result = runner.invoke(
        main, ["query", "--endpoint", oxigraph_server, "--name", "exchanges-per-outlet", "--format", "csv"]
    )
    local_csv = runner.invoke(main, ["query", "--store", str(out), "--name", "exchanges-per-outlet", "--format", "csv"])
    assert result.exit_code == 0 and result.output == local_csv.output


def test_put_replaces_one_graph_only(oxigraph_server: str, tmp_path: Path) -> None:
    with write_generation(tmp_path) as store:
        for key in ("b1", "b2"):
            replace_graph(store, graph_iri(key), to_rdf(sample_extraction(key)))
    local = open_embedded(tmp_path).store
    remote = remote_store(oxigraph_server)
    push_graphs(local, remote)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g = ?graph) }"
    size = {k: run_query(remote, count, bindings={"graph": graph_iri(k)}).values()[0]["n"] for k in ("b1", "b2")}
    remote.replace_graph(graph_iri("b1"), to_rdf(sample_extraction("b1"))[:4])
    assert run_query(remote, count, bindings={"graph": graph_iri("b1")}).values()[0]["n"] == 4
    assert run_query(remote, count, bindings={"graph": graph_iri("b2")}).values()[0]["n"] == size["b2"]
    remote.drop_graph(graph_iri("b1"))
    remote.drop_graph(graph_iri("b1"))  # dropping what is not there is not an error
    assert remote.graph_names() == {graph_iri("b2").value}
    ask = run_query(remote, "ASK { ?b a pk:Briefing }")
    assert ask.boolean is True
    construct = run_query(remote, "CONSTRUCT WHERE { ?b a pk:Briefing }")
    assert [t.subject.value for t in construct.triples] == ["https://w3id.org/presskg/id/briefing/b2"]


def test_the_embedded_store_behind_the_same_interface(tmp_path: Path) -> None:
    target = EmbeddedStore(ox.Store())
    with write_generation(tmp_path) as store:
        replace_graph(store, graph_iri("b1"), to_rdf(sample_extraction("b1")))
    report = push_graphs(open_embedded(tmp_path).store, target, drop=[ENTITIES_GRAPH])
    assert report.written == ((graph_iri("b1").value, len(open_embedded(tmp_path).store)),)
    assert target.graph_names() == {graph_iri("b1").value}


class _Scripted(BaseHTTPRequestHandler):
    """Answers each request with the next status of the server's script."""

    server: _ScriptedServer

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        status = self.server.script.pop(0) if self.server.script else 204
        self.server.seen.append((self.command, status, self.headers.get("Authorization")))
        body = b"nope" if status >= 400 else b""
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST = do_DELETE = do_GET = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


class _ScriptedServer(ThreadingHTTPServer):
    def __init__(self, script: list[int]) -> None:
        self.script = script
        self.seen: list[tuple[str, int, str | None]] = []
        super().__init__(("127.0.0.1", 0), _Scripted)


@pytest.fixture
def scripted() -> Iterator[_ScriptedServer]:
    server = _ScriptedServer([])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _client(url: str, **kwargs: object) -> RemoteStore:
    slept: list[float] = []
    store = remote_store(url, **kwargs)  # type: ignore[arg-type]
    return RemoteStore(store.endpoints, store.authorization, timeout=5, retries=3, backoff=0.01, sleep=slept.append)


def test_transient_failures_are_retried(scripted: _ScriptedServer) -> None:
    scripted.script[:] = [503, 502, 201]
    port = scripted.server_address[1]
    _client(f"http://127.0.0.1:{port}").replace_graph(graph_iri("b1"), to_rdf(sample_extraction("b1")))
    assert [s for _, s, _ in scripted.seen] == [503, 502, 201]


def test_authentication_failure_is_clear_and_not_retried(scripted: _ScriptedServer) -> None:
    scripted.script[:] = [401]
    port = scripted.server_address[1]
    with pytest.raises(StoreError, match=r"HTTP 401.*\[E311\].*credentials"):
        _client(f"http://ann:secret@127.0.0.1:{port}").drop_graph(graph_iri("b1"))
    assert len(scripted.seen) == 1
    assert scripted.seen[0][2] == "Basic YW5uOnNlY3JldA=="
    scripted.script[:] = [403]
    with pytest.raises(StoreError, match="E311") as caught:
        _client(f"http://127.0.0.1:{port}", token="t0k").query("ASK { ?s ?p ?o }")
    assert scripted.seen[-1][2] == "Bearer t0k"
    assert "secret" not in str(caught.value) and "check the credentials" in str(caught.value)


def test_a_refused_write_is_not_called_a_matter_of_credentials(scripted: _ScriptedServer) -> None:
    port = scripted.server_address[1]
    scripted.script[:] = [403]
    with pytest.raises(StoreError, match=r"does not accept writes.*HTTP 403.*\[E317\]") as caught:
        _client(f"http://127.0.0.1:{port}", token="t0k").drop_graph(graph_iri("b1"))
    assert "writable endpoint" in str(caught.value) and "credentials that may write" in str(caught.value)
    scripted.script[:] = [405]
    with pytest.raises(StoreError, match=r"read-only.*HTTP 405.*\[E317\]") as caught:
        _client(f"http://127.0.0.1:{port}").replace_graph(graph_iri("b1"), [])
    assert "credentials" not in str(caught.value)
    assert len(scripted.seen) == 2  # neither is retried


def test_kg_push_to_kg_serve_says_it_is_read_only(tmp_path: Path) -> None:
    from kg.serve import ServeOptions, start_server

    with write_generation(tmp_path) as store:
        replace_graph(store, graph_iri("b1"), to_rdf(sample_extraction("b1")))
    with start_server(ServeOptions(out=tmp_path, port=0)) as running:
        result = CliRunner().invoke(main, ["push", running.url, "--store", str(tmp_path)])
    message = " ".join(result.output.split())
    assert result.exit_code != 0 and "E317" in message and "read-only" in message, message
    assert "credentials" not in message and "writable endpoint" in message


def test_network_failure_after_retries(tmp_path: Path) -> None:
    port = free_ports(1)[0]  # nothing listens there
    with pytest.raises(StoreError, match=r"failed after 4 attempts.*\[E312\]"):
        _client(f"http://127.0.0.1:{port}").replace_graph(graph_iri("b1"), [])


def test_endpoint_urls() -> None:
    assert endpoints("http://h:3030/ds/sparql") == endpoints("http://h:3030/ds/sparql/")
    graphdb = endpoints("http://h/repositories/kg", graph_store="http://h/repositories/kg/rdf-graphs/service")
    assert graphdb.query == "http://h/repositories/kg"
    with pytest.raises(StoreError, match="E315"):
        remote_store("ftp://example.org/")


def test_build_with_an_endpoint_writes_what_changed(oxigraph_server: str, tmp_path: Path, seeds_dir: Path) -> None:
    import shutil

    from kg.pipeline import remove

    sources = tmp_path / "src"
    shutil.copytree(seeds_dir, sources)
    out = tmp_path / "out"
    first = build([sources], out=out, exports=(), overview=False, endpoint=oxigraph_server)
    remote = remote_store(oxigraph_server)
    local = open_embedded(out).store
    assert remote.graph_names() == {g.value for g in local.named_graphs()}
    assert first.pushed == len(remote.graph_names())
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert run_query(remote, count).values() == run_query(local, count).values()
    # Nothing changed: nothing to write. One briefing removed: its graph is dropped there too.
    again = build([sources], out=out, exports=(), overview=False, endpoint=oxigraph_server)
    assert again.extracted == 0
    seed = sorted(sources.glob("*.txt"))[0]
    remove([seed], out=out, exports=(), overview=False, endpoint=oxigraph_server)
    assert graph_iri(seed.stem).value not in remote.graph_names()
    assert remote.graph_names() == {g.value for g in open_embedded(out).store.named_graphs()}


def test_an_unknown_filter_value_is_named_by_an_endpoint_too(oxigraph_server: str, tmp_path: Path) -> None:
    """E450 on a remote store: the values the endpoint knows are read by SPARQL (kg.knownvalues), and the error
    names the same closest values as the embedded store's."""
    from viewstore import build_store

    from kg.errors import QueryError
    from kg.viewquery import run_named
    from kg.views.filter import ViewFilter

    local = open_embedded(build_store(tmp_path / "out")).store
    push_graphs(local, remote_store(oxigraph_server))
    remote = remote_store(oxigraph_server)
    cases = [(ViewFilter(outlet="Reuter"), "Reuters"), (ViewFilter(spokesperson="Zhao Lijan"), "Zhao Lijian"),
             (ViewFilter(topic="taiwn"), "taiwan"), (ViewFilter(country="USB"), "USA")]  # fmt: skip
    for chosen, closest in cases:
        errors = []
        for store in (local, remote):
            with pytest.raises(QueryError) as caught:
                run_named(store, "report-stance-index-by-outlet-type", chosen.bindings())
            errors.append((caught.value.code, caught.value.message, caught.value.hint))
        assert errors[0] == errors[1] and errors[0][0] == "E450", errors
        assert closest in str(errors[1][2])
    known = ViewFilter(outlet="REUTERS").bindings()
    assert run_named(remote, "view-outlet-topic", known).rows == run_named(local, "view-outlet-topic", known).rows
    result = CliRunner().invoke(
        main, ["query", "--endpoint", oxigraph_server, "--name", "view-outlet-topic", "--param", "outlet=Reuter"]
    )
    assert result.exit_code != 0 and "E450" in result.output and "Reuters" in result.output
