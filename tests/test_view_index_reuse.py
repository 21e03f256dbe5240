"""A build takes the view index of the generation it removes and brings it forward by the last two builds' changes
(``kg.viewindex._take_older``) instead of copying the previous generation's whole: the rows are those the copy
gives, after adds, a replace and a removal; an index a reader holds, or one too far behind, is left alone. Where
there is no such index (the first add after a full build), it takes the spare copy the previous build left
(``kg.viewindex.leave_spare``)."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from kg import viewindex
from kg.api import build
from kg.pipeline import remove
from kg.store import GENERATIONS, SPARE_SUFFIX, current_generation, hold_lease, spare_path, views_path


def _rows(out: Path) -> dict[str, list[tuple[object, ...]]]:
    """The current index's rows, its bookkeeping of the last build's changes (``base``, ``changed``) left out."""
    generation = current_generation(out)
    assert generation is not None
    with contextlib.closing(sqlite3.connect(views_path(generation))) as db:
        return {
            "meta": db.execute("SELECT * FROM meta WHERE name NOT IN ('base', 'changed') ORDER BY 1").fetchall(),
            "briefing": db.execute("SELECT * FROM briefing ORDER BY 1").fetchall(),
            "total": db.execute("SELECT * FROM total ORDER BY 1, 2").fetchall(),
        }


def _inode(out: Path) -> int:
    generation = current_generation(out)
    assert generation is not None
    return views_path(generation).stat().st_ino


def _spares(out: Path) -> list[Path]:
    return sorted((out / GENERATIONS).glob("*" + SPARE_SUFFIX + "*"))


def _indexes(out: Path) -> list[int]:
    """The inodes of the generations' index files, oldest generation first (their names sort by time)."""
    return [p.stat().st_ino for p in sorted((out / GENERATIONS).glob("*" + viewindex.VIEWS_SUFFIX))]


def test_the_index_taken_from_the_generation_removed_has_the_rows_of_a_copy(
    tmp_path: Path, seeds_dir: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = sorted(sample_dir.glob("*.html"))[:6]
    src = tmp_path / "src"
    src.mkdir()
    for page in [*sorted(seeds_dir.glob("*.txt")), *pages[:2]]:
        shutil.copy(page, src / page.name)
    taken, copied = tmp_path / "taken", tmp_path / "copied"

    def both(step: str, *, reused: bool) -> None:
        """The step in both folders, copying the index in one (CARRIED 0, no spare taken); the rows then agree."""
        for out in (taken, copied):
            with monkeypatch.context() as patched:
                if out == copied:
                    patched.setattr(viewindex, "CARRIED", 0)
                    patched.setattr(viewindex, "_take_spare", lambda previous, tmp: False)
                # the generation the step removes, where there are two, or the previous one's spare
                older = [*_indexes(out)[:1], *(p.stat().st_ino for p in _spares(out))]
                if step == "remove":
                    remove([pages[0].stem], out=out, exports=(), overview=False)
                else:
                    build([src], out=out, exports=(), overview=False)
                if out == taken:
                    assert (_inode(out) in older) is reused, step
                else:
                    assert _inode(out) not in older, step
        assert _rows(taken) == _rows(copied), step

    both("first build", reused=False)
    shutil.copy(pages[2], src / pages[2].name)
    assert [p.name for p in _spares(taken)] == [spare_path(current_generation(taken) or taken).name]
    both("add: the previous index was written whole (no base), its spare taken", reused=True)
    assert _spares(taken) == []  # taken; this add's index has a base, which the next add takes
    shutil.copy(pages[3], src / pages[3].name)
    both("add", reused=True)
    seed = sorted(src.glob("*.txt"))[0]  # replace one: its last paragraph dropped
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text[: text.rindex("\n\n", 0, len(text) - 10)] + "\n", encoding="utf-8")
    both("replace", reused=True)
    both("remove", reused=True)
    (src / pages[0].name).unlink()
    for page in pages[4:6]:
        shutil.copy(page, src / page.name)
    both("add two after a removal", reused=True)


def test_an_index_a_reader_holds_or_one_too_far_behind_is_not_taken(
    tmp_path: Path, seeds_dir: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = sorted(sample_dir.glob("*.html"))[:4]
    out = tmp_path / "out"
    build([seeds_dir], out=out, exports=(), overview=False)
    build([pages[0]], out=out, exports=(), overview=False)
    older = current_generation(out)
    assert older is not None
    build([pages[1]], out=out, exports=(), overview=False)
    lease = hold_lease(older)  # a server still reads it
    try:
        build([pages[2]], out=out, exports=(), overview=False)
        assert views_path(older).exists() and _inode(out) != views_path(older).stat().st_ino
    finally:
        lease.close()
    older_index = _indexes(out)[-2]  # the previous generation's, which the next build could take
    monkeypatch.setattr(viewindex, "CARRIED", 0)  # the previous build changed more than the build carries
    build([pages[3]], out=out, exports=(), overview=False)
    assert len(_indexes(out)) == 2 and _indexes(out)[0] != older_index


def test_damaged_bookkeeping_copies_the_index(tmp_path: Path, seeds_dir: Path, sample_dir: Path) -> None:
    pages = sorted(sample_dir.glob("*.html"))[:6]
    out = tmp_path / "out"
    for given in ([seeds_dir], [pages[0]], [pages[1]]):
        build(given, out=out, exports=(), overview=False)
    damage = (("../elsewhere", "[]"), ("", "[]"), (None, "not json"), (None, '{"a": 1}'))
    for page, (base, changed) in zip(pages[2:], damage, strict=True):
        generation = current_generation(out)
        assert generation is not None
        with contextlib.closing(sqlite3.connect(views_path(generation))) as db, db:
            if base is not None:
                db.execute("UPDATE meta SET value = ? WHERE name = 'base'", (base,))
            db.execute("UPDATE meta SET value = ? WHERE name = 'changed'", (changed,))
        older = _indexes(out)[0]
        assert build([page], out=out, exports=(), overview=False).extracted == 1
        assert _inode(out) != older, (base, changed)


def test_a_spare_is_left_by_a_full_build_and_taken_only_whole(
    tmp_path: Path, seeds_dir: Path, sample_dir: Path
) -> None:
    pages = sorted(sample_dir.glob("*.html"))[:3]
    out = tmp_path / "out"
    build([seeds_dir], out=out, exports=(), overview=False)
    first = current_generation(out)
    assert first is not None and _spares(out) == [spare_path(first)]
    assert spare_path(first).read_bytes() == views_path(first).read_bytes()
    with open(spare_path(first), "ab") as handle:  # not the index's size: not taken, removed
        handle.write(b"\0")
    build([pages[0]], out=out, exports=(), overview=False)
    assert _spares(out) == [] and views_path(first).exists()
    second = current_generation(out)
    assert second is not None and second != first
    for leftover in (spare_path(first), spare_path(second).with_name(spare_path(second).name + ".tmp")):
        leftover.write_bytes(b"left by a killed build")  # a spare of no current generation, a half-written one
    assert build([seeds_dir, *pages[:2]], out=out, exports=(), overview=False, full=True).extracted > 2
    third = current_generation(out)
    assert third is not None and _spares(out) == [spare_path(third)]  # the full build's, and only it
