"""The view index answers the twelve view and report queries exactly as their SPARQL does (the text ``kg`` runs,
with only the bound filters, and the checked-in text with every filter), under every filter, and stays in step
with the store through incremental builds, replacements and ``kg remove``."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.api import build, query
from kg.pipeline import remove
from kg.queries import bind, named_query
from kg.rdf import label_literal
from kg.store import QueryResult, current_generation, open_embedded, run_query, views_path
from kg.viewquery import SCAN_QUERIES, answer_from_index, run_named, sparql_for
from kg.views import index as view_index
from kg.views import listing
from kg.views.compare import COMPARE_QUERIES
from kg.views.filter import BY_PARAM, ViewFilter, unit_tests
from kg.views.index import AGGREGATES, FILTER_READS, evaluate, groups, in_view_order, literal_key, rows, select
from kg.views.listing import LISTINGS
from kg.views.sparql import bound_query, checked_in, render, write_queries
from kg.views.spec import COLUMNS, FACETS, MEASURES, VIEWS, View, col, key, measure
from kg.viewunits import load_view_index

# The ORDER BY columns of each query (DESC or not): the index must give the rows in the same key order.
ORDER: dict[str, tuple[str, ...]] = {name: tuple(o.lstrip("-") for o in v.order) for name, v in VIEWS.items()}
# The two scans of the whole store the index answers too (their own parameters, not the views' selection).
SCAN_ORDER: dict[str, tuple[str, ...]] = {
    "questions-from-outlet": ("date", "briefing", "ordinal"),
}

FILTERS: dict[str, ViewFilter] = {
    "none": ViewFilter(),
    "dates": ViewFilter(start=dt.date(2020, 3, 1), end=dt.date(2020, 6, 30)),
    "spokesperson": ViewFilter(spokesperson="zhao lijian"),
    "outlet-alt-label-other-case": ViewFilter(outlet="afp"),
    "topic": ViewFilter(topic="taiwan"),
    "country": ViewFilter(country="usa"),
    "combined": ViewFilter(spokesperson="Hua Chunying", country="USA", topic="covid19"),
    "language-zh": ViewFilter(lang="zh"),
    "language-en-other-case": ViewFilter(lang="EN", spokesperson="Hua Chunying"),
    "nothing": ViewFilter(start=dt.date(1990, 1, 1), end=dt.date(1990, 12, 31)),
}


def comparable(
    name: str, result: QueryResult, order: tuple[str, ...] | None = None
) -> tuple[Counter[tuple[object, ...]], list[tuple[str | None, ...]]]:
    """The rows as a multiset (a GROUP_CONCAT cell as the set of its items: SPARQL leaves their order open)
    and the sequence of their ORDER BY keys."""
    concat = {"evidence"} if name.startswith("view-") else set()
    rows: Counter[tuple[object, ...]] = Counter()
    for row in result.rows:
        cells = tuple(
            frozenset(t.value.split(" ")) if v in concat and isinstance(t, ox.Literal) else _text(t)
            for v, t in zip(result.variables, row, strict=True)
        )
        rows[cells] += 1
    position = {v: i for i, v in enumerate(result.variables)}
    columns = order or {**ORDER, **SCAN_ORDER}[name]
    keys = [tuple(_text(row[position[c]]) for c in columns) for row in result.rows]
    return rows, keys


def _text(term: object) -> str | None:
    return None if term is None else str(term)  # N-Triples form: datatypes and languages compared too


SELECTION = "SELECT DISTINCT ?unit ?briefing ?date WHERE {"


def assert_index_answers_as_sparql(out: Path, name: str, bindings: dict[str, ox.Literal]) -> None:
    store = open_embedded(out).store
    from_index = answer_from_index(store, name, bindings)
    assert from_index is not None, f"{name}: the index did not answer"
    sparql, left = sparql_for(name, bindings)
    if name in VIEWS:
        assert not left and all(f"FILTER(!BOUND(?{p})" not in sparql for p in bindings)
    texts = {"run": run_query(store, sparql, bindings=left)}
    if name in VIEWS:
        # The checked-in text, every filter open, with the values where a user would put them.
        checked = named_query(name).sparql
        if bindings:
            names, values = " ".join(f"?{n}" for n in bindings), " ".join(str(t) for t in bindings.values())
            checked = checked.replace(SELECTION, f"{SELECTION} VALUES ({names}) {{ ({values}) }}", 1)
        texts["checked-in"] = run_query(store, checked)
    for form, result in texts.items():
        if name in VIEWS and not VIEWS[name].sorted_in_sparql():
            result = in_view_order(VIEWS[name], result)  # as kg.viewquery.run_named orders it
        assert from_index.variables == result.variables, (name, form)
        assert comparable(name, from_index) == comparable(name, result), (name, form)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, sample_dir: Path, zh_sample_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("views") / "out"
    # Two Chinese originals beside the English pages, one of them the original of an English sample page.
    chinese = [zh_sample_dir / "t1558642.html", zh_sample_dir / "zh-2020-10-09.html"]
    build([seeds_dir, sample_dir, *chinese], out=out, exports=(), overview=False)
    return out


def test_the_registry_covers_every_view_and_report_query() -> None:
    from kg.queries import named_queries

    shipped = {n for n in named_queries() if n.startswith(("view-", "report-"))}
    assert shipped <= set(VIEWS) == set(ORDER) <= set(named_queries())
    for name in VIEWS:
        assert "view index" in named_query(name).sparql.split("\nSELECT", 1)[0], f"{name}: header says nothing"


def test_every_block_has_both_forms() -> None:
    assert set(MEASURES) == set(AGGREGATES)
    used = {(o.role, o.kind) for v in VIEWS.values() for o in v.outputs}
    assert {k for r, k in used if r == "key"} <= set(FACETS) and {k for r, k in used if r == "column"} <= set(COLUMNS)


def test_bound_filter_values_cannot_change_the_query() -> None:
    hostile = ox.Literal('" } } ; DROP ALL ; #')
    text = bound_query(
        "view-stance", {"outlet": hostile, "from": ViewFilter(start=dt.date(2020, 1, 1)).bindings()["from"]}
    )
    assert str(hostile) in text and "DROP ALL" not in text.replace(str(hostile), "")
    assert run_query(ox.Store(), text).rows == ()


def test_the_checked_in_queries_are_generated_from_the_specs(tmp_path: Path) -> None:
    # Regenerate with: python -m kg.views.sparql
    for name in VIEWS:
        assert named_query(name).sparql == checked_in(name), f"kg/queries/{name}.rq is stale: python -m kg.views.sparql"
    for name in LISTINGS:  # questions-from-outlet: one entry of kg/views/listing.py, its SPARQL derived
        assert named_query(name).sparql == listing.checked_in(name), f"kg/queries/{name}.rq is stale"
    assert len(write_queries(tmp_path)) == len(VIEWS) + len(LISTINGS) and write_queries(tmp_path) == []


# Views that are not shipped, made of the existing blocks: adding a view is one such entry.
NEW_VIEW = View(
    "view-speaker-country", "View: spokespersons and the countries their briefings name", "(a test)", "unit",
    (key("speaker", "spokesperson"), col("speakerName", "label", "speaker"), key("country", "named-country"),
     col("countryLabel", "label", "country"), measure("units", "count"), measure("briefings", "briefings"),
     measure("first", "first"), measure("latest", "latest"), measure("evidence", "evidence")),
    ("-units", "speakerName", "-latest"),
)  # fmt: skip
NEW_POSITIONAL_VIEW = View(
    "report-acts-by-topic-and-month", "Report: acts per topic and month", "(a test)", "position",
    (key("topicNode", "topic"), key("act", "act"), col("actLabel", "label", "act"), key("month", "month"),
     key("holder", "holder"), measure("positions", "count"), measure("last", "last")),
    ("topicNode", "-positions", "actLabel"),
)  # fmt: skip


@pytest.mark.parametrize("filter_name", ["none", "country", "combined", "dates"])
@pytest.mark.parametrize("new", [NEW_VIEW, NEW_POSITIONAL_VIEW], ids=lambda v: v.name)
def test_a_new_view_entry_gives_the_same_rows_from_index_and_sparql(built: Path, new: View, filter_name: str) -> None:
    store = open_embedded(built).store
    generation = current_generation(built)
    index = load_view_index(generation, store) if generation is not None else None
    assert index is not None
    chosen = FILTERS[filter_name]
    from_index = evaluate(new, index, chosen)
    from_sparql = run_query(store, render(new, chosen.bindings()))
    if not new.sorted_in_sparql():
        from_sparql = in_view_order(new, from_sparql)
    assert from_index.variables == from_sparql.variables == new.variables()
    order = tuple(o.lstrip("-") for o in new.order)
    assert comparable(new.name, from_index, order) == comparable(new.name, from_sparql, order)
    assert filter_name != "none" or len(from_index.rows) > 3


@pytest.mark.parametrize("filter_name", list(FILTERS))
@pytest.mark.parametrize("name", sorted(ORDER))
def test_index_answer_equals_sparql(built: Path, name: str, filter_name: str) -> None:
    assert_index_answers_as_sparql(built, name, dict(FILTERS[filter_name].bindings()))


@pytest.mark.parametrize(
    ("name", "params", "some"),
    [
        ("questions-from-outlet", {"outlet": "Reuters"}, True),
        ("questions-from-outlet", {"outlet": "AFP"}, True),  # an alternative name
        ("questions-from-outlet", {"outlet": "Agence France-Presse"}, True),
        ("questions-from-outlet", {"outlet": "reuters"}, False),  # the SPARQL matches the name as written
        ("questions-from-outlet", {"outlet": "No Such Outlet"}, False),
        ("questions-from-outlet", {"outlet": "路透社"}, True),  # a Chinese name, a @zh literal in the graph
        ("briefings-per-spokesperson", {}, True),
    ],
)
def test_index_answers_the_scans_as_sparql(built: Path, name: str, params: dict[str, str], some: bool) -> None:
    assert set(SCAN_QUERIES) == {*SCAN_ORDER, *COMPARE_QUERIES}  # the comparisons: tests/test_view_compare.py
    bindings = dict(bind(named_query(name), params))
    assert_index_answers_as_sparql(built, name, bindings)
    assert bool(run_named(open_embedded(built).store, name, bindings).rows) is some


def test_filters_select_something_and_nothing(built: Path) -> None:
    """The filter cases are not all empty answers (which would compare equal whatever the index did)."""
    store = open_embedded(built).store
    for filter_name, expected_rows in (("none", True), ("outlet-alt-label-other-case", True), ("country", True),
                                       ("topic", True), ("dates", True), ("nothing", False)):  # fmt: skip
        rows = run_named(store, "view-outlet-topic", FILTERS[filter_name].bindings()).rows
        assert bool(rows) is expected_rows, filter_name
    stance = run_named(store, "view-stance").values()
    assert stance and all(r["sign"] in (1, -1) for r in stance if r["cameo"])


def test_the_selection_by_value_keeps_what_a_scan_of_every_unit_keeps(built: Path) -> None:
    """``select`` tests a filter once per distinct value of what it reads: for every value each filter can take
    in this store (and the combinations of FILTERS), it keeps exactly the units a test of each unit keeps."""
    assert set(FILTER_READS) <= set(BY_PARAM)
    index = load_view_index(current_generation(built), open_embedded(built).store)  # type: ignore[arg-type]
    assert index is not None
    e = index.entities
    dates = sorted({u.date for u in index.units if u.date is not None})
    chosen = [
        *FILTERS.values(),
        *(ViewFilter(outlet=e.labels[o].value) for u in index.units for o in u.outlets if o in e.labels),
        *(ViewFilter(topic=e.notations[t].value) for u in index.units for t in u.topics if t in e.notations),
        *(ViewFilter(country=code) for codes in e.iso3.values() for code in codes),
        *(ViewFilter(spokesperson=e.labels[s].value) for u in index.units for s in u.spokespersons if s in e.labels),
        *(ViewFilter(start=dt.date.fromisoformat(d), lang=lang) for d in dates for lang in (None, "zh")),
        *(ViewFilter(end=dt.date.fromisoformat(d), topic="taiwan") for d in dates),
    ]
    partial = 0
    for f in dict.fromkeys(chosen):
        tests = unit_tests(e, f)
        scanned = [u for u in index.units if all(test(u) for test in tests)]
        assert select(index, f) == scanned, f
        partial += 0 < len(scanned) < len(index.units)
    assert partial > 20  # most values select some units, not none or all


def test_a_literal_key_is_tagged_as_the_store_tags_it() -> None:
    for text in ("China opposes", "中方坚决反对", "G20峰会", "Café « »", "“quoted”", ""):
        found = literal_key(text)
        assert (found, found.language) == (label_literal(text), label_literal(text).language), text


def test_answers_are_kept_with_their_generation_and_the_filtered_ones_bounded(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = load_view_index(current_generation(built), open_embedded(built).store)  # type: ignore[arg-type]
    assert index is not None
    view, everything = VIEWS["view-stance"], ViewFilter()
    first = evaluate(view, index, everything)
    assert evaluate(view, index, everything) is first  # computed once per generation
    assert first.rows == tuple(rows(view, index.entities, groups(view, index, everything))) and first.rows
    monkeypatch.setattr(view_index, "MEMO_FILTERED", 2)
    filtered = [ViewFilter(topic=t) for t in ("taiwan", "covid19", "trade_economy")]
    answers = [evaluate(view, index, f) for f in filtered]
    kept = [k for k in index.memo if k[0] == view and k[1]]
    assert len(kept) <= 2 and (view, ()) in index.memo  # the oldest filtered answer went, not the whole store's
    assert evaluate(view, index, filtered[0]) == answers[0] and evaluate(view, index, filtered[-1]) is answers[-1]


def test_the_language_filter_keeps_one_language(built: Path) -> None:
    store = open_embedded(built).store

    def outlets(lang: str | None) -> set[str]:
        rows = run_named(store, "report-outlet-activity", ViewFilter(lang=lang).bindings()).values()
        return {str(r["outletNode"]) for r in rows}

    chinese, english, both = outlets("zh"), outlets("en"), outlets(None)
    assert chinese and english and chinese | english == both
    assert "https://w3id.org/presskg/id/outlet/xinhua" in chinese & english  # one IRI in both languages
    assert outlets("fr") == set()


def test_api_and_limit_go_through_the_index(built: Path) -> None:
    full = query(name="view-stance", out=built)
    limited = query(name="view-stance", out=built, limit=3)
    assert limited.rows == full.rows[:3] and len(limited.rows) == 3
    assert answer_from_index(open_embedded(built).store, "view-stance", {}) is not None


def test_a_generation_without_index_falls_back_to_sparql(tmp_path: Path, seeds_dir: Path) -> None:
    out = tmp_path / "out"
    build([seeds_dir], out=out, exports=(), overview=False)
    generation = current_generation(out)
    assert generation is not None and views_path(generation).exists()
    expected = run_named(open_embedded(out).store, "report-outlet-activity")
    # A store built before the index existed: no file beside the generation, in a fresh process's view.
    copy = tmp_path / "copy"
    shutil.copytree(out, copy, symlinks=True)
    old = current_generation(copy)
    assert old is not None
    views_path(old).unlink()
    store = open_embedded(copy).store
    assert answer_from_index(store, "report-outlet-activity", {}) is None
    answer = run_named(store, "report-outlet-activity")
    assert comparable("report-outlet-activity", answer) == comparable("report-outlet-activity", expected)


def test_incremental_add_replace_remove_keep_the_index_in_step(
    tmp_path: Path, seeds_dir: Path, sample_dir: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    pages = sorted(sample_dir.glob("*.html"))
    for path in [*pages[:3], *sorted(seeds_dir.glob("*.txt"))]:
        shutil.copy(path, src / path.name)
    shutil.copy(sample_dir / "INDEX.tsv", src / "INDEX.tsv")
    out = tmp_path / "out"
    build([src], out=out, exports=(), overview=False)

    def check() -> None:
        for name in ORDER:
            for filter_name in ("none", "country"):
                assert_index_answers_as_sparql(out, name, dict(FILTERS[filter_name].bindings()))
        assert_index_answers_as_sparql(out, "briefings-per-spokesperson", {})
        outlet = dict(bind(named_query("questions-from-outlet"), {"outlet": "Xinhua"}))
        assert_index_answers_as_sparql(out, "questions-from-outlet", outlet)

    check()
    shutil.copy(pages[3], src / pages[3].name)  # add one
    assert build([src], out=out, exports=(), overview=False).extracted == 1
    check()
    seed = sorted(src.glob("*.txt"))[0]  # replace one: same key, the last paragraph dropped
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text[: text.rindex("\n\n", 0, len(text) - 10)] + "\n", encoding="utf-8")
    assert build([src], out=out, exports=(), overview=False).extracted == 1
    check()
    removed = remove([pages[0].stem], out=out, exports=(), overview=False)
    assert removed.removed == (pages[0].stem,)
    check()


def test_an_older_store_gets_its_index_back_at_the_next_build(
    tmp_path: Path, seeds_dir: Path, sample_dir: Path
) -> None:
    out = tmp_path / "out"
    build([seeds_dir], out=out, exports=(), overview=False)
    old = current_generation(out)
    assert old is not None
    views_path(old).unlink()
    build([sample_dir / "t1558711.html"], out=out, exports=(), overview=False)
    assert current_generation(out) != old
    for name in ORDER:
        assert_index_answers_as_sparql(out, name, {})


def test_stale_generations_take_their_index_along(tmp_path: Path, seeds_dir: Path, sample_dir: Path) -> None:
    out = tmp_path / "out"
    pages = sorted(sample_dir.glob("*.html"))[:3]
    build([seeds_dir], out=out, exports=(), overview=False)
    for page in pages:
        time.sleep(0.01)
        build([page], out=out, exports=(), overview=False)
    generations = out / "store.gen"
    live = sorted(p for p in generations.iterdir() if p.is_dir())
    indexes = sorted(p for p in generations.iterdir() if p.name.endswith(".views.sqlite"))
    assert len(live) <= 3 and indexes == [views_path(p) for p in live]
    # A half-written index of a killed build, and one whose generation is gone, go at the next build.
    (generations / "1-1.views.sqlite.tmp").write_bytes(b"x")
    (generations / "2-2.views.sqlite").write_bytes(b"x")
    remove([pages[0].stem], out=out, exports=(), overview=False)
    names = {p.name for p in generations.iterdir()}
    assert "1-1.views.sqlite.tmp" not in names and "2-2.views.sqlite" not in names


def _answered_in_child(out: str) -> tuple[int, bool, int]:
    store = open_embedded(Path(out)).store
    found = answer_from_index(store, "view-stance", {})
    return id(store), found is not None, len(found.rows) if found else -1


def test_a_forked_process_opens_the_store_afresh_and_answers_from_the_index(built: Path) -> None:
    import multiprocessing

    parent = open_embedded(built).store  # the parent holds the store open when it forks
    expected = len(run_named(parent, "view-stance").rows)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        handle, answered, rows = pool.apply(_answered_in_child, (str(built),))
    assert handle != id(parent), "the child used the store handle it inherited"  # a forked object keeps its id
    assert answered and rows == expected > 0
    # The parent's handle still works.
    assert answer_from_index(open_embedded(built).store, "view-stance", {}) is not None
