"""A build that extracts a few briefings in its own process (an add) extracts them before it opens the new store
generation for writing (kg.pipeline.EXTRACT_AHEAD): RocksDB starts compacting an uncompacted generation in the
background as soon as it is opened for writing, and drops that work when it closes, so the generation is open only
while it loads (bench/PROFILE.md, session 14). More briefings, or the rest of a few once their graphs hold
kg.pipeline.AHEAD_BYTES (a loader batch), are still streamed into the open generation one by one, and both ways
build the same store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg import pipeline
from kg.api import build
from kg.store import GENERATIONS, open_embedded


def quads(out: Path) -> list[str]:
    return sorted(str(q) for q in open_embedded(out).store)


def opened_during_extraction(monkeypatch: pytest.MonkeyPatch, out: Path) -> list[bool]:
    """For each briefing extracted, whether a new generation of ``out`` was being written at the time."""
    seen: list[bool] = []
    extract = pipeline.extract_briefing

    def recording(*args: object, **kwargs: object) -> object:
        seen.append(any((out / GENERATIONS).glob("*.partial")))
        return extract(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "extract_briefing", recording)
    return seen


def test_an_add_extracts_before_the_new_generation_is_opened(
    tmp_path: Path, seeds_dir: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build([seeds_dir], out=out, exports=(), overview=False, workers=1)
    seen = opened_during_extraction(monkeypatch, out)
    page = sorted(sample_dir.glob("*.html"))[0]
    report = build([page], out=out, exports=(), overview=False)
    assert report.extracted == 1 and seen == [False]
    assert "extract" in report.stages


def test_more_briefings_stream_into_the_open_generation_and_build_the_same_store(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ahead = tmp_path / "ahead"
    build([seeds_dir], out=ahead, exports=(), overview=False, workers=1)
    monkeypatch.setattr(pipeline, "EXTRACT_AHEAD", 1)
    streamed = tmp_path / "streamed"
    seen = opened_during_extraction(monkeypatch, streamed)
    build([seeds_dir], out=streamed, exports=(), overview=False, workers=1)
    assert seen == [True, True]
    assert quads(ahead) == quads(streamed)


def test_briefings_are_extracted_ahead_only_until_their_graphs_fill_a_loader_batch(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ahead = tmp_path / "ahead"
    build([seeds_dir], out=ahead, exports=(), overview=False, workers=1)
    monkeypatch.setattr(pipeline, "AHEAD_BYTES", 1)  # the first graph fills it: the second is streamed
    out = tmp_path / "out"
    seen = opened_during_extraction(monkeypatch, out)
    report = build([seeds_dir], out=out, exports=("turtle",), overview=False, workers=1)
    assert report.extracted == 2 and seen == [False, True]
    assert quads(out) == quads(ahead)


def test_an_add_killed_while_extracting_leaves_no_generation_behind(
    tmp_path: Path, seeds_dir: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build([seeds_dir], out=out, exports=(), overview=False, workers=1)
    before = sorted(p.name for p in (out / GENERATIONS).iterdir())

    def failing(*args: object, **kwargs: object) -> object:
        raise RuntimeError("extraction failed")

    monkeypatch.setattr(pipeline, "extract_briefing", failing)
    page = tmp_path / "page.html"
    shutil.copy(sorted(sample_dir.glob("*.html"))[0], page)
    with pytest.raises(RuntimeError):
        build([page], out=out, exports=(), overview=False)
    assert sorted(p.name for p in (out / GENERATIONS).iterdir()) == before
