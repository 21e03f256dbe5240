"""The views' totals, aggregated when a build commits (``kg.views.totals``): a whole-store answer read from them is
the answer the walk of every unit gives (and so SPARQL's, tests/test_view_index.py), and after adding,
replacing and removing briefings the totals are exactly those a rebuild from every briefing makes."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from kg.api import build
from kg.pipeline import remove
from kg.store import current_generation, open_embedded, views_path
from kg.viewquery import answer_from_index
from kg.views import totals
from kg.views.filter import ViewFilter
from kg.views.index import AGGREGATES, evaluate
from kg.views.spec import AGGREGATED, VIEWS
from kg.views.totals import TOTAL_TERMS, Total, answer_from_totals, fingerprint, update_totals
from kg.viewunits import load_view_index


def _generation(out: Path) -> Path:
    generation = current_generation(out)
    assert generation is not None
    return generation


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, sample_dir: Path, zh_sample_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("totals") / "out"
    chinese = [zh_sample_dir / "t1558642.html", zh_sample_dir / "zh-2020-10-09.html"]
    build([seeds_dir, sample_dir, *chinese], out=out, exports=(), overview=False)
    return out


def test_every_measure_has_a_totals_form() -> None:
    assert set(TOTAL_TERMS) == set(AGGREGATES)


@pytest.mark.parametrize("name", sorted(AGGREGATED))  # the views and the tallies of kg.views.compare
def test_the_totals_answer_is_the_walk_of_every_unit(built: Path, name: str) -> None:
    store = open_embedded(built).store
    generation = _generation(built)
    from_totals = answer_from_totals(AGGREGATED[name], generation, store)
    assert from_totals is not None, f"{name}: no totals"
    index = load_view_index(generation, store)
    assert index is not None
    walked = evaluate(AGGREGATED[name], index, ViewFilter())
    assert from_totals.variables == walked.variables
    assert from_totals.rows == walked.rows  # the same terms in the same order
    if name in VIEWS:
        assert answer_from_index(store, name, {}) is from_totals  # what a whole-store query reads, made once
    assert name == "view-person-country" or from_totals.rows  # the sample names no person beside a country


def _tables(index: Path) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(index)) as db:
        return db.execute("SELECT * FROM total ORDER BY view, key").fetchall()


def _rebuilt(generation: Path, tmp: Path) -> list[tuple[object, ...]]:
    """The totals of a copy of the generation's index, rebuilt from every briefing (a fingerprint unknown)."""
    copy = tmp / "rebuilt.sqlite"
    shutil.copyfile(views_path(generation), copy)
    with contextlib.closing(sqlite3.connect(copy)) as db, db:
        db.execute("UPDATE meta SET value = 'stale' WHERE name = 'totals'")
        update_totals(db, generation, {}, [])
    return _tables(copy)


def test_add_replace_remove_keep_the_totals_those_of_a_rebuild(
    tmp_path: Path, seeds_dir: Path, sample_dir: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    pages = sorted(sample_dir.glob("*.html"))
    for path in [*pages[:3], *sorted(seeds_dir.glob("*.txt"))]:
        shutil.copy(path, src / path.name)
    out = tmp_path / "out"
    build([src], out=out, exports=(), overview=False)
    sizes = []

    def check() -> None:
        generation = _generation(out)
        made = _tables(views_path(generation))
        assert made == _rebuilt(generation, tmp_path) and made
        sizes.append(len(made))

    check()
    shutil.copy(pages[3], src / pages[3].name)  # add one
    assert build([src], out=out, exports=(), overview=False).extracted == 1
    check()
    seed = sorted(src.glob("*.txt"))[0]  # replace one: the last paragraph dropped
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text[: text.rindex("\n\n", 0, len(text) - 10)] + "\n", encoding="utf-8")
    assert build([src], out=out, exports=(), overview=False).extracted == 1
    check()
    remove([pages[0].stem, pages[1].stem], out=out, exports=(), overview=False)
    check()
    assert sizes[1] > sizes[0] and sizes[3] < sizes[2]  # the adds and removals changed the totals


def test_totals_of_another_fingerprint_are_not_read_and_the_next_build_remakes_them(
    tmp_path: Path, seeds_dir: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build([seeds_dir], out=out, exports=(), overview=False)
    changed = replace(VIEWS["view-stance"], order=("source", "-weight"))
    assert fingerprint() != fingerprint([*VIEWS.values(), changed]) and fingerprint() == fingerprint()
    with contextlib.closing(sqlite3.connect(views_path(_generation(out)))) as db, db:
        db.execute("UPDATE meta SET value = 'an older presskg' WHERE name = 'totals'")
    monkeypatch.setattr(totals, "_ANSWERS", {})
    store = open_embedded(out).store
    assert answer_from_totals(VIEWS["view-stance"], _generation(out), store) is None
    assert answer_from_index(store, "view-stance", {}) is not None  # the units are walked instead
    build([sample_dir / "t1558711.html"], out=out, exports=(), overview=False)
    assert answer_from_totals(VIEWS["view-stance"], _generation(out), open_embedded(out).store) is not None


def test_a_share_added_then_subtracted_leaves_the_total_as_it_was() -> None:
    total = Total(3, 2, Decimal("-7.5"), ["-|b", "2020-01-02|a", "2020-01-03|c"], None, Counter({"u1": 2, "u2": 1}))
    share = Total(2, 1, Decimal("4"), ["2020-01-02|d", "2020-02-01|e"], None, Counter({"u3": 2}))
    before = Total(total.n, total.b, total.stance, list(total.items or ()), None, Counter(total.latest))
    total.add(share)
    assert total.finished() == (5, 3, "-3.5", "2020-01-02", "2020-02-01", "u3",
                                "-|b 2020-01-02|a 2020-01-02|d 2020-01-03|c 2020-02-01|e")  # fmt: skip
    total.add(share, -1)
    assert total == before and total.finished()[3:5] == ("2020-01-02", "2020-01-03")
    dated = Total(2, 1, dates=Counter({"-": 1, "2019-05-01": 1}))
    assert dated.finished()[3:] == ("2019-05-01", "2019-05-01", None, None)


def _index_rows(index: Path) -> dict[str, list[tuple[object, ...]]]:
    """The index's rows, but the name of the generation it was brought forward from (``base``: its folder's name,
    a time, another in each output folder)."""
    with contextlib.closing(sqlite3.connect(index)) as db:
        rows = {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in ("meta", "briefing", "total")}
    rows["meta"] = [row for row in rows["meta"] if row[0] != "base"]
    return rows


def test_an_index_written_while_the_store_compacts_is_the_one_written_at_commit(
    tmp_path: Path, seeds_dir: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that compacts writes the view index ahead, from the open store, and the commit moves it into place:
    the same rows as the index the commit writes, fresh and after an add; none is left behind, even when the
    commit fails."""
    import kg.compaction as compaction
    from kg import commit

    pages = sorted(sample_dir.glob("*.html"))
    first, then = [seeds_dir, *pages[:4]], pages[4:6]
    made: dict[int, list[dict[str, list[tuple[object, ...]]]]] = {}
    monkeypatch.setattr(compaction, "FEW_CALLS", 0)  # a small new store is compacted too
    monkeypatch.setattr(compaction, "UNREAD_CALLS", 0)  # exported or not
    for after in (10**9, 1):  # at commit, then ahead (every build compacts)
        monkeypatch.setattr(compaction, "COMPACT_AFTER", after)
        out = tmp_path / f"out-{after}"
        build(first, out=out, exports=(), overview=False, workers=1)
        rows = [_index_rows(views_path(_generation(out)))]
        build(then, out=out, exports=(), overview=False, workers=1)
        rows.append(_index_rows(views_path(_generation(out))))
        made[after] = rows
        assert not list((out / "store.gen").glob(".ahead-*")) and rows[0]["total"]
    assert made[1] == made[10**9]

    def fail(step: object, generation: Path) -> None:
        raise RuntimeError("the manifest cannot be written")

    monkeypatch.setitem(commit.COMMIT_STEPS, "manifest", fail)
    with pytest.raises(RuntimeError):
        build([pages[7]], out=tmp_path / "out-1", exports=(), overview=False, workers=1)
    assert not list((tmp_path / "out-1" / "store.gen").glob(".ahead-*"))


def _typing(generation: Path) -> dict[str, object]:
    with contextlib.closing(sqlite3.connect(views_path(generation))) as db:
        return dict(json.loads(db.execute("SELECT value FROM meta WHERE name = 'typing'").fetchone()[0]))


def test_an_add_grows_the_entity_typing_of_the_previous_snapshot_without_reading_the_store(
    tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update that only adds briefings grows the previous generation's typing snapshot by the entity descriptions
    it loaded (``totals._grown``): the same typing, and so the same totals, as the store's, without opening it."""
    pages = sorted(sample_dir.glob("*.html"))
    src = tmp_path / "src"
    src.mkdir()
    for page in pages[:3]:
        shutil.copy(page, src / page.name)
    out = tmp_path / "out"
    build([src], out=out, exports=(), overview=False)
    before = _typing(_generation(out))
    read: list[Path] = []
    real = totals._entities
    monkeypatch.setattr(totals, "_entities", lambda generation, store=None: read.append(generation) or real(generation))
    for page in pages[3:5]:  # two adds: the second grows the first's snapshot
        shutil.copy(page, src / page.name)
        assert build([src], out=out, exports=(), overview=False).extracted == 1
    assert read == []  # the typing grew from the snapshot; no generation was opened for it
    generation = _generation(out)
    grown = _typing(generation)
    assert grown != before  # the added pages name entities the first three do not
    assert grown == totals.typing_of(real(generation))  # what the store holds
    assert _tables(views_path(generation)) == _rebuilt(generation, tmp_path)
