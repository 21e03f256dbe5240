"""compare-positions and translation-position-disagreements answered from what a build keeps
(``kg.views.compare``: the tallies aggregated at commit, the alignment's links and the view index) give the rows
their SPARQL gives, on every combination of their parameters, on a build of the seeds and every sample of
tests/data (the ministry's English pages and Chinese originals, the White House transcripts): two governments,
and translations whose positions differ."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.api import build
from kg.queries import bind, named_query
from kg.store import QueryResult, current_generation, open_embedded, run_query
from kg.viewquery import answer_from_index, run_named
from kg.views import compare
from kg.viewunits import _LOADED

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

PAIRS = [("CHN", "USA"), ("USA", "CHN"), ("CHN", "RUS"), ("USA", "RUS"), ("CHN", "CHN"), ("chn", "USA"), ("CHN", "ZZZ")]
DATES: list[dict[str, str]] = [
    {},
    {"from": "2021-01-01"},
    {"to": "2021-12-31"},
    {"from": "2020-01-01", "to": "2022-06-30"},
    {"from": "1990-01-01", "to": "1990-12-31"},
]
ACTS: list[dict[str, str]] = [{}, {"act": "oppose"}, {"act": "support"}, {"act": "no-such-act"}]


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("compare") / "out"
    build(
        [seeds_dir, DATA / "fmprc-en", DATA / "fmprc-zh", DATA / "whitehouse-en"], out=out, exports=(), overview=False
    )
    return out


def _both(out: Path, name: str, params: dict[str, str]) -> tuple[QueryResult, QueryResult]:
    """The index's answer (it must give one) and the SPARQL's, for the same parameters."""
    store = open_embedded(out).store
    bindings = dict(bind(named_query(name), params))
    from_index = answer_from_index(store, name, bindings)
    assert from_index is not None, f"{name} {params}: the index did not answer"
    return from_index, run_query(store, named_query(name).sparql, bindings=bindings)


def _rows(result: QueryResult) -> list[tuple[str | None, ...]]:
    return [tuple(None if t is None else str(t) for t in row) for row in result.rows]  # N-Triples: types compared


@pytest.mark.parametrize("dates", DATES, ids=lambda d: "-".join(d.values()) or "all")
@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_compare_positions_from_the_tallies_is_the_sparql(
    bilingual: Path, first: str, second: str, dates: dict[str, str]
) -> None:
    from_index, from_sparql = _both(bilingual, "compare-positions", {"first": first, "second": second, **dates})
    assert from_index.variables == from_sparql.variables
    # ORDER BY month, holder, act is a total order here: the holder fixes the target.
    assert _rows(from_index) == _rows(from_sparql)


@pytest.mark.parametrize("acts", ACTS, ids=lambda d: "-".join(d.values()) or "any")
@pytest.mark.parametrize("dates", DATES, ids=lambda d: "-".join(d.values()) or "all")
def test_disagreements_from_the_index_are_the_sparql(
    bilingual: Path, dates: dict[str, str], acts: dict[str, str]
) -> None:
    from_index, from_sparql = _both(bilingual, "translation-position-disagreements", {**dates, **acts})
    assert from_index.variables == from_sparql.variables
    assert Counter(_rows(from_index)) == Counter(_rows(from_sparql))
    order = [row[:4] for row in _rows(from_index)]  # ORDER BY date, english, only, actNotation
    assert order == [row[:4] for row in _rows(from_sparql)]


def test_the_cases_compared_are_not_all_empty(bilingual: Path) -> None:
    """Equal empty answers would pass whatever the index did: both queries have rows here, of both sides."""
    store = open_embedded(bilingual).store
    compared = run_named(
        store, "compare-positions", dict(bind(named_query("compare-positions"), {"first": "CHN", "second": "USA"}))
    )
    assert {r["holder"] for r in compared.values()} == {"CHN", "USA"}
    differing = run_named(store, "translation-position-disagreements", {}).values()
    assert {r["only"] for r in differing} == {"en", "zh"}
    assert any(r["target"] is None for r in differing) and any(r["target"] is not None for r in differing)


def test_the_whole_store_comparison_reads_the_totals_not_the_units(bilingual: Path) -> None:
    store = open_embedded(bilingual).store
    generation = current_generation(bilingual)
    assert generation is not None
    _LOADED.pop(generation, None)  # the units not loaded (a fresh process)
    compare._MEMO.clear()
    bindings = dict(bind(named_query("compare-positions"), {"first": "USA", "second": "CHN"}))
    found = answer_from_index(store, "compare-positions", bindings)
    assert found is not None and found.rows and generation not in _LOADED
    assert answer_from_index(store, "compare-positions", bindings) is found  # kept with its generation


def test_a_store_without_translations_answers_no_disagreement_without_loading_the_units(
    tmp_path: Path, seeds_dir: Path
) -> None:
    out = tmp_path / "out"
    build([seeds_dir], out=out, exports=(), overview=False)
    store = open_embedded(out).store
    generation = current_generation(out)
    found = answer_from_index(store, "translation-position-disagreements", {})
    assert found is not None and found.rows == () and generation not in _LOADED
    assert run_query(store, named_query("translation-position-disagreements").sparql).rows == ()


@pytest.mark.parametrize(
    "bindings",
    [
        {"first": ox.Literal("CHN"), "second": ox.Literal("USA"), "from": ox.Literal("2021")},  # not an xsd:date
        {"first": ox.Literal("CHN"), "second": ox.Literal("USA"), "topic": ox.Literal("taiwan")},  # not its parameter
        {"first": ox.NamedNode("https://w3id.org/presskg/id/country/CHN"), "second": ox.Literal("USA")},
    ],
)
def test_parameters_the_index_cannot_take_run_as_sparql(bilingual: Path, bindings: dict[str, ox.Literal]) -> None:
    assert answer_from_index(open_embedded(bilingual).store, "compare-positions", bindings) is None


def test_dates_and_acts_narrow_the_disagreements(bilingual: Path) -> None:
    store = open_embedded(bilingual).store
    every = run_named(store, "translation-position-disagreements", {}).values()
    some = str(every[len(every) // 2]["date"])
    later = run_named(
        store,
        "translation-position-disagreements",
        dict(bind(named_query("translation-position-disagreements"), {"from": some})),
    ).values()
    assert 0 < len(later) < len(every) and all(str(r["date"]) >= some for r in later)
