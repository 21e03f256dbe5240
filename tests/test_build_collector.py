"""A build pauses Python's cyclic garbage collector while it runs (kg.pipeline.build): it makes millions of long-lived
objects and little cyclic garbage, and every full collection walked them all (bench/README.md, sessions 12 and 13:
on the three corpora 16 s of the main process's CPU). The collector is as it was once the build ends, and pausing it
changes nothing in what is built."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from kg import pipeline
from kg.api import build


def test_the_collector_is_paused_while_briefings_are_extracted_and_restored_after(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    extract = pipeline.extract_briefing

    def recording(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return extract(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "extract_briefing", recording)
    assert gc.isenabled()
    report = build([seeds_dir], out=tmp_path / "out", exports=(), overview=False, workers=1)
    assert report.briefings == 2 and seen == [False, False]
    assert gc.isenabled()


def test_a_build_leaves_a_paused_collector_paused(tmp_path: Path, seeds_dir: Path) -> None:
    gc.disable()
    try:
        build([seeds_dir], out=tmp_path / "out", exports=(), overview=False, workers=1)
        assert not gc.isenabled()
    finally:
        gc.enable()
