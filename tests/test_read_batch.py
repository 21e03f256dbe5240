"""Reading a run: sources, years inferred from neighbours, duplicates kept once, keys unique."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from kg.errors import InputError, ParseError
from kg.read import iter_sources, read_briefing, read_briefings
from kg.read.batch import infer_year
from kg.types import Briefing

YEARLESS_IN_SAMPLE = {"t1593756": 10, "t1595274": 14, "t1595908": 17, "t1600384": 28}


@pytest.fixture(scope="module")
def sample_run(sample_dir: Path):  # type: ignore[no-untyped-def]
    return read_briefings([sample_dir])


def test_sample_run_reads_every_page_and_keeps_the_duplicate_once(sample_run, sample_dir: Path) -> None:  # type: ignore[no-untyped-def]
    pages = sorted(sample_dir.glob("*.html"))
    assert sample_run.errors == ()
    assert len(sample_run.briefings) == len(pages) - 1
    keys = [b.key for b in sample_run.briefings]
    assert "t1659619" in keys and "t1660057" not in keys
    [warning] = [w for w in sample_run.warnings if "same briefing" in w]
    assert "t1659619.html" in warning and "t1660057.html" in warning


def test_yearless_pages_get_the_year_of_their_neighbours(sample_run) -> None:  # type: ignore[no-untyped-def]
    by_key = {b.key: b for b in sample_run.briefings}
    for key, day in YEARLESS_IN_SAMPLE.items():
        b = by_key[key]
        assert b.date == dt.date(2018, 9, day) and b.date_inferred, key
        assert any("inferred from" in w for w in b.warnings)
    printed = [b for b in sample_run.briefings if b.key not in YEARLESS_IN_SAMPLE]
    assert not any(b.date_inferred for b in printed)


def test_explicit_year_is_used_for_yearless_pages(sample_dir: Path) -> None:
    b = read_briefing(sample_dir / "t1595908.html", year=2018)
    assert b.date == dt.date(2018, 9, 17) and b.date_inferred


def test_read_briefing_asks_for_a_year(sample_dir: Path) -> None:
    with pytest.raises(ParseError) as caught:
        read_briefing(sample_dir / "t1595908.html")
    assert caught.value.code == "E202" and "--year" in str(caught.value) and "t1595908" in str(caught.value)


def test_yearless_page_alone_is_an_error_naming_year(tmp_path: Path, sample_dir: Path) -> None:
    shutil.copy(sample_dir / "t1595908.html", tmp_path)
    result = read_briefings([tmp_path])
    assert result.briefings == ()
    [error] = result.errors
    assert error.code == "E208" and "--year" in str(error) and "t1595908.html" in str(error)
    assert read_briefings([tmp_path], year=2018).briefings[0].date == dt.date(2018, 9, 17)


def test_same_bytes_twice_is_one_briefing(tmp_path: Path, seeds_dir: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(seeds_dir / "001_c898893308e39e3b.txt", tmp_path / folder)
    result = read_briefings([tmp_path])
    assert len(result.briefings) == 1
    [warning] = result.warnings
    assert "a/001_c898893308e39e3b.txt" in warning and "b/001_c898893308e39e3b.txt" in warning


def test_keys_stay_unique_when_stems_collide(tmp_path: Path, seeds_dir: Path) -> None:
    shutil.copy(seeds_dir / "000_921da15b2d4a4fd7.txt", tmp_path / "briefing.txt")
    shutil.copy(seeds_dir / "001_c898893308e39e3b.txt", tmp_path / "briefing.text")
    keys = [b.key for b in read_briefings([tmp_path]).briefings]
    assert len(set(keys)) == 2 and all(k.startswith("briefing-") for k in keys)


def _dated(seed: Briefing, when: dt.date | None) -> Briefing:
    return dataclasses.replace(seed, date=when, date_inferred=False)


@pytest.mark.parametrize(
    ("month", "day", "before", "after", "year"),
    [
        (12, 31, dt.date(2019, 12, 30), dt.date(2020, 1, 2), 2019),
        (1, 2, dt.date(2019, 12, 30), dt.date(2020, 1, 3), 2020),
        (9, 17, dt.date(2018, 9, 14), None, 2018),
        (9, 17, None, dt.date(2018, 10, 8), 2018),
        (9, 17, dt.date(2018, 10, 8), dt.date(2018, 9, 7), 2018),  # out of order: one neighbour alone decides
        (9, 17, dt.date(2016, 1, 4), dt.date(2019, 1, 4), None),  # two years fit: no guess
        (9, 17, None, None, None),
    ],
)
def test_infer_year(
    seeds_dir: Path, month: int, day: int, before: dt.date | None, after: dt.date | None, year: int | None
) -> None:
    seed = read_briefing(seeds_dir / "001_c898893308e39e3b.txt")
    found = infer_year(month, day, _dated(seed, before) if before else None, _dated(seed, after) if after else None)
    assert (found[0] if found else None) == year


def test_iter_sources_expands_sorts_dedups_and_skips(tmp_path: Path, seeds_dir: Path) -> None:
    shutil.copytree(seeds_dir, tmp_path / "s")
    for name in ("README.md", ".hidden.txt", "photo.jpg", "INDEX.tsv"):
        (tmp_path / "s" / name).write_text("x")
    (tmp_path / "s" / "deeper").mkdir()
    shutil.copy(seeds_dir / "000_921da15b2d4a4fd7.txt", tmp_path / "s" / "deeper" / "c.txt")
    found = iter_sources([tmp_path / "s", str(tmp_path / "s" / "*.txt"), tmp_path / "s" / "INDEX.tsv"])
    assert [p.name for p in found] == [
        "000_921da15b2d4a4fd7.txt", "001_c898893308e39e3b.txt", "INDEX.tsv", "c.txt",
    ]  # fmt: skip
    assert found == sorted(found, key=str)


def test_iter_sources_names_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        iter_sources([tmp_path / "nowhere"])
    assert caught.value.code == "E100" and "nowhere" in str(caught.value)
    with pytest.raises(InputError) as caught:
        iter_sources([str(tmp_path / "*.html")])
    assert caught.value.code == "E100"


def test_a_reading_child_takes_up_to_64_files_and_every_worker_several() -> None:
    """A reading child costs about 15 ms of CPU besides its files (bench/PROFILE.md, session 15): the three corpora
    (3,300 files) on two cores are read by 52 children, not 207, and a small run still gives each worker four."""
    from kg.read.batch import child_chunks

    assert [len(c) for c in child_chunks(list(range(3300)), 2)][:-1] == [64] * 51
    assert len(child_chunks(list(range(379)), 2)) >= 8
    assert [len(c) for c in child_chunks(list(range(9)), 2)] == [1] * 9
