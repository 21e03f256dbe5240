"""When a build compacts its new store generation: not a new store the bulk loader filled in a few calls (their
files need no merging for fast reads), but one filled in many, and any store an incremental build changed; and the
stores hold the same quads either way."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import seeds_and_pages

from kg import compaction, load
from kg.api import build
from kg.store import open_embedded


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """The two seeds and four corpus pages."""
    return seeds_and_pages(tmp_path / "src", 4)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the bulk loader and the compaction ran, with every build compacting from one briefing on."""
    calls = {"bulk_load": 0, "compact": 0}
    real_load, real_compact = load.bulk_load, compaction.compact

    def bulk_load(store: ox.Store, pieces: list[bytes]) -> None:
        calls["bulk_load"] += 1
        real_load(store, pieces)

    def compact(store: ox.Store) -> None:
        calls["compact"] += 1
        real_compact(store)

    monkeypatch.setattr(load, "bulk_load", bulk_load)
    monkeypatch.setattr(compaction, "compact", compact)
    monkeypatch.setattr(compaction, "COMPACT_AFTER", 1)
    return calls


def quads(out: Path) -> list[str]:
    return sorted(str(q) for q in open_embedded(out).store)


def test_a_new_store_loaded_in_one_call_is_not_compacted(
    sources: Path, tmp_path: Path, counted: dict[str, int]
) -> None:
    build([sources], out=tmp_path / "out", exports=(), overview=False, workers=1)
    assert counted == {"bulk_load": 1, "compact": 0}


def test_a_new_store_loaded_in_many_calls_is_compacted_and_holds_the_same(
    sources: Path, tmp_path: Path, counted: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    build([sources], out=tmp_path / "one", exports=(), overview=False, workers=1)
    monkeypatch.setattr(load, "BULK_BATCH_BYTES", 1)  # a call per briefing, then the entities'
    monkeypatch.setattr(compaction, "UNREAD_CALLS", 6)  # without exports, more than 6 calls compact
    counted.update(bulk_load=0, compact=0)
    build([sources], out=tmp_path / "many", exports=(), overview=False, workers=1)
    assert counted == {"bulk_load": 7, "compact": 1}
    assert quads(tmp_path / "many") == quads(tmp_path / "one")


@pytest.mark.parametrize(("exports", "compacted"), [((), 0), (("turtle",), 1)])
def test_a_new_store_nothing_reads_is_compacted_only_past_unread_calls(
    sources: Path,
    tmp_path: Path,
    counted: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    exports: tuple[str, ...],
    compacted: int,
) -> None:
    """Seven calls: over FEW_CALLS, under UNREAD_CALLS; a build that exports reads the store, so it compacts."""
    monkeypatch.setattr(load, "BULK_BATCH_BYTES", 1)
    assert compaction.FEW_CALLS < 7 <= compaction.UNREAD_CALLS
    build([sources], out=tmp_path / "out", exports=exports, overview=False, workers=1)
    assert counted == {"bulk_load": 7, "compact": compacted}


def test_an_incremental_build_compacts_what_it_changed(sources: Path, tmp_path: Path, counted: dict[str, int]) -> None:
    seeds = sorted(sources.glob("*.txt"))
    out = tmp_path / "out"
    build(seeds, out=out, exports=(), overview=False, workers=1)
    assert counted["compact"] == 0
    build([sources], out=out, exports=(), overview=False, workers=1)
    assert counted["compact"] == 1
    build([sources], out=tmp_path / "fresh", exports=(), overview=False, workers=1)
    assert quads(out) == quads(tmp_path / "fresh")
