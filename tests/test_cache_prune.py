"""The cache folder is pruned (``kg.cache.prune_cache``): files no process has read for a day go (other ontology
versions, a killed writer's temporary file), the files in use and whatever presskg did not name stay; and the test
suite keeps its own folder, never the home folder's."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import kg.cache
from kg.cache import UNUSED_FOR_S, cache_dir, cache_name, prune_cache, read_cached, write_cached

DAY_AND_MORE = time.time() - UNUSED_FOR_S - 60


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRESSKG_CACHE", str(tmp_path))
    monkeypatch.setattr(kg.cache, "_PRUNED", set())
    return tmp_path


def _aged(path: Path, when: float = DAY_AND_MORE, text: str | None = None) -> Path:
    if text is not None:
        path.write_text(text)
    os.utime(path, (when, when))
    return path


def test_the_first_write_removes_what_no_process_used_for_a_day(folder: Path) -> None:
    write_cached(cache_name("ontology-rows", ["version 1"]), [1])
    old = _aged(folder / cache_name("ontology-rows", ["version 1"]))
    used = _aged(folder / cache_name("gazetteer", ["version 1"]), time.time() - 3 * 3600, "read 3 hours ago")
    killed_writer = _aged(folder / f"{cache_name('gazetteer', ['version 0'])}.4242.tmp", text="half")
    writing = _aged(folder / f"{cache_name('gazetteer', ['version 2'])}.4243.tmp", time.time(), "another writes it")
    not_ours = [_aged(folder / name, text="kept") for name in ("notes.txt", "ontology-rows-latest.bin")]
    kg.cache._PRUNED.clear()
    write_cached(cache_name("ontology-rows", ["version 2"]), [2])  # a new ontology's first process
    assert not old.exists() and not killed_writer.exists()
    assert used.exists() and writing.exists() and all(path.exists() for path in not_ours)
    assert read_cached(cache_name("ontology-rows", ["version 2"])) == [2]


def test_a_read_marks_its_file_used_so_a_version_in_use_stays(folder: Path) -> None:
    name = cache_name("entity-forms", ["in use"])
    write_cached(name, ["forms"])
    _aged(folder / name, time.time() - 2 * UNUSED_FOR_S)
    assert read_cached(name) == ["forms"]  # a process of this version reads it
    assert time.time() - (folder / name).stat().st_mtime < 60
    assert prune_cache() == [] and read_cached(name) == ["forms"]


def test_a_process_prunes_once(folder: Path) -> None:
    write_cached(cache_name("zh-lexicon", ["a"]), 1)
    late = _aged(folder / cache_name("zh-lexicon", ["a"]))
    write_cached(cache_name("zh-lexicon", ["b"]), 2)  # the same process's second write: no second scan
    assert late.exists()
    assert prune_cache() == [late.name]


def test_a_folder_that_cannot_be_read_prunes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSKG_CACHE", str(tmp_path / "missing"))
    assert prune_cache() == []


def test_the_suite_keeps_its_own_cache_folder() -> None:
    given = os.environ.get("PRESSKG_CACHE")
    assert given and Path(given).name.startswith("presskg-test-cache-") and cache_dir() == Path(given)
    assert not cache_dir().resolve().is_relative_to(Path.home() / ".cache")
