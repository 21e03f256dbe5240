"""A second, independent SPARQL engine: Virtuoso (Debian's virtuoso-opensource), as users run it in production.

`kg push` writes the built store to a Virtuoso server by the Graph Store Protocol.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from virtuoso import Virtuoso, start_virtuoso

import kg
from kg.cli import main
from kg.remote import remote_store
from kg.store import open_store, run_query

pytestmark = pytest.mark.server

ID = "https://w3id.org/presskg/id/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, sample_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("virtuoso-out")
    report = kg.build([seeds_dir, sample_dir], out=out, exports=(), overview=False)
    assert report.briefings > 40
    return out


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    with start_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="module")
def pushed(built: Path, virtuoso: Virtuoso) -> Virtuoso:
    # Virtuoso's /sparql is recognised: its Graph Store endpoint is /sparql-graph-crud
    result = CliRunner().invoke(main, ["push", virtuoso.url, "--out", str(built)])
    assert result.exit_code == 0, result.output
    return virtuoso


def _ours(names: set[str]) -> set[str]:
    # Virtuoso keeps graphs of its own (its schemas, its system data) beside ours
    return {name for name in names if name.startswith(ID)}


def test_kg_push_writes_every_graph_and_triple(built: Path, pushed: Virtuoso) -> None:
    local = open_store(built)
    remote = remote_store(pushed.url)
    assert remote.endpoints.graph_store == pushed.graph_store
    assert _ours(remote.graph_names()) == {g.value for g in local.named_graphs()}
    count = f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{ID}")) }}'
    assert run_query(remote, count).values() == [{"n": len(local)}]
    # pushing again replaces each graph: nothing is doubled
    result = CliRunner().invoke(main, ["push", pushed.url, "--out", str(built)])
    assert result.exit_code == 0, result.output
    assert run_query(remote, count).values() == [{"n": len(local)}]
