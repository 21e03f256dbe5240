"""Exports pause Python's cyclic garbage collector while they write (kg.export.rdf.write_streams, the pass behind
every RDF export, and kg.export.outputs.write_generation_exports, which also writes the overview page), as a build
does (tests/test_build_collector.py): the pass makes many objects and almost no cyclic garbage, and each full
collection walked them all (bench/README.md, session 14). The collector is as it was once the export ends."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.api import build
from kg.cli import main
from kg.export import outputs, rdf
from kg.export.outputs import write_exports
from kg.store import open_embedded


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("collector") / "out"
    build([seeds_dir], out=out, exports=(), overview=False, workers=1)
    return out


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[bool]]:
    """Whether the collector ran when the RDF pass ordered its graphs and when the overview page was written."""
    found: dict[str, list[bool]] = {"rdf": [], "overview": []}
    order, overview = rdf.graph_order, outputs._overview

    def recording_order(*args: object, **kwargs: object) -> object:
        found["rdf"].append(gc.isenabled())
        return order(*args, **kwargs)  # type: ignore[arg-type]

    def recording_overview(*args: object, **kwargs: object) -> object:
        found["overview"].append(gc.isenabled())
        return overview(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rdf, "graph_order", recording_order)
    monkeypatch.setattr(outputs, "_overview", recording_overview)
    return found


def test_kg_export_writes_with_the_collector_paused_and_restores_it(
    built: Path, tmp_path: Path, seen: dict[str, list[bool]]
) -> None:
    assert gc.isenabled()
    target = tmp_path / "graph.nq"
    result = CliRunner().invoke(main, ["export", "--format", "nq", "--out", str(target), "--store", str(built)])
    assert result.exit_code == 0, result.output
    assert seen["rdf"] == [False] and target.stat().st_size > 0
    assert gc.isenabled()


def test_the_exports_and_the_overview_are_written_with_the_collector_paused(
    built: Path, seen: dict[str, list[bool]]
) -> None:
    assert gc.isenabled()
    written = write_exports(built, ("turtle", "trig"), overview=True)
    assert len(written) == 3
    assert seen == {"rdf": [False], "overview": [False]}
    assert gc.isenabled()


def test_an_export_leaves_a_paused_collector_paused(built: Path, tmp_path: Path) -> None:
    gc.disable()
    try:
        with (tmp_path / "g.ttl").open("wb") as handle:
            rdf.rdf_format("turtle").write(open_embedded(built).store, handle)
        assert not gc.isenabled()
    finally:
        gc.enable()
