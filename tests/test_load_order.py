"""A large build extracts and loads its briefings in the order their graphs take in the store (kg.load.store_order),
so that the bulk loader's calls do not overlap in the graph-first indexes; what it commits is the same as in read
order: the same quads, the same manifest and view index, byte for byte."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import seeds_and_pages

from kg import load, pipeline
from kg.api import build
from kg.load import Extracted, Loaded, Progress, store_order
from kg.rdf import graph_iri
from kg.store import open_embedded


def test_store_order_is_the_order_of_the_graphs_in_a_store(tmp_path: Path) -> None:
    keys = [f"t{n:04d}" for n in range(60)]
    store = ox.Store(str(tmp_path / "store"))
    lines = "".join(f'<urn:s:{k}> <urn:p> "{k}" {graph_iri(k)} .\n' for k in keys)
    store.bulk_load(input=lines.encode(), format=ox.RdfFormat.N_QUADS)
    ordered = store_order(keys)
    assert sorted(ordered) == keys
    assert [graph_iri(k).value for k in ordered] == [g.value for g in store.named_graphs() if g.value != "urn:p"]
    assert ordered != keys  # a hash's order, not the keys'


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """The two seeds and six corpus pages."""
    return seeds_and_pages(tmp_path / "src", 6)


def _committed(out: Path) -> tuple[list[str], bytes, bytes]:
    generation = (out / "store").resolve()
    quads = sorted(str(q) for q in open_embedded(out).store)
    manifest = generation.parent.joinpath(generation.name + ".manifest.json").read_bytes()
    views = generation.parent.joinpath(generation.name + ".views.sqlite").read_bytes()
    return quads, manifest, views


def test_a_load_in_store_order_commits_what_a_load_in_read_order_does(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded_keys: list[str] = []
    real = pipeline.load_extracted

    def recording(store: ox.Store, extracted: Iterator[Extracted], total: int, progress: Progress | None) -> Loaded:
        def seen() -> Iterator[Extracted]:
            for item in extracted:
                loaded_keys.append(item.entry.key)
                yield item

        return real(store, seen(), total, progress)

    monkeypatch.setattr(pipeline, "load_extracted", recording)
    monkeypatch.setattr(load, "BULK_BATCH_BYTES", 20_000)  # a call every briefing or two
    monkeypatch.setattr(pipeline, "ORDERED_AFTER", 10**6)
    build([sources], out=tmp_path / "read", exports=(), overview=False, workers=1)
    read_order = list(loaded_keys)
    loaded_keys.clear()
    monkeypatch.setattr(pipeline, "ORDERED_AFTER", 1)
    build([sources], out=tmp_path / "ordered", exports=(), overview=False, workers=1)
    assert len(read_order) == 8
    assert loaded_keys == store_order(read_order) != read_order
    assert _committed(tmp_path / "ordered") == _committed(tmp_path / "read")
