"""What users are told about their filters: an unknown value is an error naming it and the closest known values,
a known value that selects nothing says so, and case is treated alike in view filters and named-query
parameters; the quoted statements are ranked by the briefings that say them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from viewstore import build_store

from kg.cli import main
from kg.errors import QueryError
from kg.store import open_embedded
from kg.viewindex import Entities
from kg.viewquery import run_named
from kg.views.filter import ViewFilter
from kg.views.index import evaluate
from kg.views.spec import VIEWS
from kg.viewunits import Position, Unit, ViewIndex


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("filters"))


@pytest.mark.parametrize(
    ("chosen", "named", "closest"),
    [
        (ViewFilter(outlet="Reuter"), "outlet 'Reuter'", "Reuters"),
        (ViewFilter(spokesperson="Zhao Lijan"), "spokesperson 'Zhao Lijan'", "Zhao Lijian"),
        (ViewFilter(topic="taiwn"), "topic 'taiwn'", "taiwan"),
        (ViewFilter(country="USB"), "country 'USB'", "USA"),
    ],
)
def test_an_unknown_value_is_an_error_naming_the_closest(
    out: Path, chosen: ViewFilter, named: str, closest: str
) -> None:
    store = open_embedded(out).store
    for plain in (False, True):  # the index, then the SPARQL of a store without one
        target = ox.Store() if plain else store
        if plain:
            target.bulk_extend(store.quads_for_pattern(None, None, None, None))
        with pytest.raises(QueryError) as caught:
            run_named(target, "view-outlet-topic", chosen.bindings())
        assert caught.value.code == "E450" and named in caught.value.message
        assert closest in (caught.value.hint or "").split(": ", 1)[1].split(", ")


def test_case_is_alike_in_parameters_and_filters(out: Path) -> None:
    store = open_embedded(out).store
    for field, lower, upper in (("outlet", "reuters", "REUTERS"), ("topic", "taiwan", "TAIWAN"),
                                ("spokesperson", "zhao lijian", "ZHAO LIJIAN"), ("country", "usa", "USA")):  # fmt: skip
        rows = [run_named(store, "view-outlet-country", ViewFilter(**{field: v}).bindings()).rows
                for v in (lower, upper)]  # fmt: skip
        assert rows[0] == rows[1], field
    taiwan = run_named(store, "view-topic-cooccurrence", {"topic": ox.Literal("TAIWAN")}).rows
    assert taiwan, "a topic parameter in another case still selects"


def test_the_cli_names_an_unknown_value_and_says_when_nothing_matches(out: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["--store", str(out), "--out", str(tmp_path / "r")]
    result = runner.invoke(main, ["report", *args, "--spokesperson", "Zhao Lijan"])
    assert result.exit_code != 0 and "E450" in result.output and "Zhao Lijian" in result.output
    result = runner.invoke(main, ["report", *args, "--spokesperson", "Zhao Lijian", "--to", "2019-01-01"])
    assert result.exit_code == 0, result.output
    assert "no exchange or statement matches spokesperson=Zhao Lijian, to=2019-01-01" in result.output
    assert "no exchange or statement matches" in (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    page = str(tmp_path / "v.html")
    result = runner.invoke(main, ["view", "stance", "--store", str(out), "--out", page, "--topic", "TAIWAN",
                                  "--to", "2019-01-01"])  # fmt: skip
    assert result.exit_code == 0 and "no exchange or statement matches" in result.output
    result = runner.invoke(main, ["view", "stance", "--store", str(out), "--out", page, "--topic", "TAIWAN"])
    assert result.exit_code == 0 and "no exchange or statement matches" not in result.output


def _index(units: tuple[Unit, ...]) -> ViewIndex:
    empty: dict = {}  # type: ignore[type-arg]
    act = "https://w3id.org/presskg/id/act/oppose"
    entities = Entities(empty, empty, empty, empty, {act: ox.Literal("oppose")}, empty, frozenset(), empty, empty)
    return ViewIndex(Path("."), (), units, entities, {})


def test_quoted_statements_rank_by_briefings_not_positions() -> None:
    """A sentence naming two targets states two positions at one briefing; one said at two briefings ranks
    above it."""
    act = "https://w3id.org/presskg/id/act/oppose"

    def unit(n: int, day: str, sentence: str, targets: tuple[str, ...]) -> Unit:
        iri = f"https://w3id.org/presskg/id/briefing/{n}/exchange/1"
        item = f"2020-01-{day}|{iri}"
        positions = tuple(Position(f"{iri}/p{i}", act, "c:CHN", t, sentence, f"{item}/p{i}")
                          for i, t in enumerate(targets))  # fmt: skip
        return Unit(
            iri=iri, item=item, briefing=f"b{n}", date=f"2020-01-{day}", spokespersons=(), language=None,
            ordinal="1", question=None, exchange=True, statement=False, outlets=(), topics=(), mentions=(),
            positions=positions, countries=(), persons=(), months=("2020-01",),
        )  # fmt: skip

    units = (unit(1, "01", "We oppose both.", ("c:USA", "c:AUS")), unit(2, "02", "We oppose it.", ("c:USA",)),
             unit(3, "03", "We oppose it.", ("c:USA",)))  # fmt: skip
    rows = evaluate(VIEWS["report-quoted-statements"], _index(units), ViewFilter()).lexical()
    assert [(r["evidence"], r["briefings"], r["positions"]) for r in rows] == [
        ("We oppose it.", "2", "2"),
        ("We oppose both.", "1", "2"),
    ]


def test_filters_know_dates_only_as_dates() -> None:
    assert ViewFilter(start=dt.date(2020, 1, 1)).nothing_matches() == "no exchange or statement matches from=2020-01-01"
