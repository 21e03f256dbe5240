"""``kg serve``: a read-only SPARQL endpoint on 127.0.0.1, from SPARQLWrapper and plain HTTP, with limits."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.rdf import graph_iri, to_rdf
from kg.serve import RunningServer, ServeOptions, start_server
from kg.store import current_generation, open_embedded, replace_graph, write_generation
from tests.test_rdf_store import sample_extraction

pytestmark = pytest.mark.server

BRIEFINGS = 30


def _build(out: Path, keys: range) -> None:
    with write_generation(out) as store:
        for i in keys:
            replace_graph(store, graph_iri(f"b{i}"), to_rdf(sample_extraction(f"b{i}")))


def _env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}


def _get(url: str, accept: str, **params: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode(params)}", headers={"Accept": accept})
    return _open(request)


def _open(request: urllib.request.Request) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, RunningServer]]:
    out = tmp_path_factory.mktemp("served")
    _build(out, range(BRIEFINGS))
    with start_server(ServeOptions(out=out, port=0, max_rows=7, timeout=1)) as running:
        yield out, running


def test_binds_to_loopback_by_default(served: tuple[Path, RunningServer]) -> None:
    _, running = served
    assert ServeOptions(out=Path("output")).host == "127.0.0.1"
    assert running.server.server_address[0] == "127.0.0.1"


def test_sparqlwrapper_select(served: tuple[Path, RunningServer]) -> None:
    _, running = served
    client = SPARQLWrapper(running.query_url)
    client.setQuery("SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b a <https://w3id.org/presskg/ontology#Briefing> }")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index, call-overload]
    assert rows[0]["n"]["value"] == str(BRIEFINGS)


def test_plain_http_get_and_post_in_several_formats(served: tuple[Path, RunningServer]) -> None:
    _, running = served
    query = "SELECT ?date WHERE { ?b <http://purl.org/dc/terms/date> ?date } LIMIT 1"
    status, headers, body = _get(running.query_url, "text/csv", query=query)
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.decode().splitlines() == ["date", "2020-09-14"]
    form = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    post = urllib.request.Request(
        running.query_url,
        data=form,
        headers={"Accept": "application/sparql-results+xml", "Content-Type": "application/x-www-form-urlencoded"},
    )
    status, _, body = _open(post)
    assert status == 200 and b"<boolean>true</boolean>" in body
    direct = urllib.request.Request(
        running.url + "/sparql",
        data=b"CONSTRUCT WHERE { ?s a ?c } LIMIT 2",
        headers={"Accept": "application/n-triples", "Content-Type": "application/sparql-query"},
    )
    status, headers, body = _open(direct)
    assert status == 200 and headers["Content-Type"] == "application/n-triples"
    assert len(body.decode().splitlines()) == 2


def test_updates_are_refused_and_change_nothing(served: tuple[Path, RunningServer]) -> None:
    out, running = served
    before = len(open_embedded(out).store)
    attempts = [
        urllib.request.Request(running.url + "/update", data=b"update=DROP+ALL", method="POST"),
        urllib.request.Request(running.url + "/store?default", data=b"<a:b> <a:c> <a:d> .", method="PUT"),
        urllib.request.Request(running.url + "/store?graph=" + graph_iri("b1").value, method="DELETE"),
    ]
    for request in attempts:
        status, _, body = _open(request)
        assert status == 403 and b"read-only" in body
    # An update sent to the query endpoint is not a query: the engine rejects it.
    status, _, _ = _get(running.query_url, "application/sparql-results+json", query="DROP ALL")
    assert status == 400
    assert len(open_embedded(out).store) == before
    status, _, body = _get(running.query_url, "text/csv", query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert body.decode().splitlines()[1] == str(before)


def test_result_limit(served: tuple[Path, RunningServer]) -> None:
    _, running = served
    status, headers, body = _get(running.query_url, "application/sparql-results+json", query="SELECT * { ?s ?p ?o }")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 7
    assert headers["X-SPARQL-MaxRows"] == "7"
    status, headers, body = _get(running.query_url, "text/turtle", query="CONSTRUCT WHERE { ?s ?p ?o }")
    assert status == 200 and headers["X-SPARQL-MaxRows"] == "7"
    small = "SELECT ?b WHERE { ?b a <https://w3id.org/presskg/ontology#Briefing> } LIMIT 3"
    status, headers, body = _get(running.query_url, "application/sparql-results+json", query=small)
    assert "X-SPARQL-MaxRows" not in headers and len(json.loads(body)["results"]["bindings"]) == 3


def test_time_limit(served: tuple[Path, RunningServer]) -> None:
    _, running = served
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    status, _, body = _get(running.query_url, "application/sparql-results+json", query=heavy)
    assert status == 503 and b"time limit of 1 s" in body
    assert time.monotonic() - started < 10
    streaming = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    status, _, _ = _get(running.query_url, "application/sparql-results+json", query=streaming)
    assert status == 200  # cut at the row limit long before the time limit


def test_query_page(served: tuple[Path, RunningServer]) -> None:
    _, running = served
    status, headers, body = _get(running.url + "/", "text/html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert "PREFIX pk: <https://w3id.org/presskg/ontology#>" in page and 'fetch("query"' in page
    # Nothing is loaded from elsewhere: no src= or href= to any address (the page works offline).
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_queries_may_use_the_project_prefixes(served: tuple[Path, RunningServer]) -> None:
    _, running = served
    query = "SELECT (COUNT(?b) AS ?n) WHERE { ?b a pk:Briefing }"
    status, _, body = _get(running.query_url, "text/csv", query=query)
    assert status == 200 and body.decode().split() == ["n", str(BRIEFINGS)]


def test_service_description_names_this_endpoint_only(served: tuple[Path, RunningServer]) -> None:
    _, running = served
    status, headers, body = _get(running.query_url, "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    endpoints = re.findall(r"sd:endpoint <([^>]+)>", body.decode())
    assert endpoints == [running.query_url]


def test_a_new_build_is_served_without_a_restart(tmp_path: Path) -> None:
    _build(tmp_path, range(2))
    count = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b a <https://w3id.org/presskg/ontology#Briefing> }"
    with start_server(ServeOptions(out=tmp_path, port=0)) as running:
        assert _get(running.query_url, "text/csv", query=count)[2].decode().split()[1] == "2"
        first = running.server.backend.current
        _build(tmp_path, range(2, 5))
        time.sleep(0.6)
        assert _get(running.query_url, "text/csv", query=count)[2].decode().split()[1] == "5"
        assert running.server.backend.current is not first
        assert first is not None and first.lease.closed  # the old generation is no longer held
        # Builds do not delete a generation that is being served.
        served_generation = current_generation(tmp_path)
        for i in range(3):
            _build(tmp_path, range(5 + i, 6 + i))
        assert served_generation is not None and served_generation.is_dir()


def test_kg_serve_command(tmp_path: Path) -> None:
    _build(tmp_path, range(3))
    env = _env()
    process = subprocess.Popen(
        [sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store", str(tmp_path), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    children: list[psutil.Process] = []
    try:
        assert process.stderr is not None
        banner = process.stderr.readline()
        assert "SPARQL endpoint http://127.0.0.1:" in banner, banner
        url = banner.split("SPARQL endpoint ")[1].split()[0]
        status, _, body = _get(url, "text/csv", query="SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert status == 200 and int(body.decode().split()[1]) > 0
        children = psutil.Process(process.pid).children(recursive=True)
        assert children  # the query workers (and the server that forks them)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    assert process.returncode == 0
    _, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, "a query worker outlived kg serve"


def test_kg_serve_killed_leaves_no_worker(tmp_path: Path) -> None:
    # SIGKILL gives kg serve no chance to stop its workers: they must die with it.
    _build(tmp_path, range(2))
    process = subprocess.Popen(
        [sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store", str(tmp_path), "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(),
        text=True,
    )
    assert process.stderr is not None
    assert "SPARQL endpoint" in process.stderr.readline()
    children = psutil.Process(process.pid).children(recursive=True)
    process.kill()
    process.wait(timeout=10)
    _, alive = psutil.wait_procs(children, timeout=10)
    assert children and not alive
