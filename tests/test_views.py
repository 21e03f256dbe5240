"""The HTML views, graph exports, report and their CLI, without a browser (tests/test_views_browser.py has one)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import os
import re
import stat
from pathlib import Path

import lxml.etree
import lxml.html
import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from viewstore import HOSTILE_OUTLET, HOSTILE_PERSON, PAYLOAD, build_store

from kg.cli import main
from kg.errors import ExportError
from kg.export import export_format
from kg.export.graph import GRAPH_FORMATS, read_graph, simple_graph, write_graph
from kg.export.html import EDGE_LABELS_UP_TO, esc, html_page, network_data, safe_href, write_html, write_overview
from kg.export.rdfwrite import write_rdf
from kg.export.report import SECTIONS, build_report, run_named
from kg.export.report_page import report_html, write_report
from kg.network import VIEWS, ViewFilter, view
from kg.store import open_embedded

RAW_PAYLOADS = ("<script>window.__kgPwned", "<img src=x onerror", "<svg onload", 'href="javascript:')


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("hostile"), hostile=True)


@pytest.fixture(scope="module")
def hostile(hostile_out: Path) -> ox.Store:
    return open_embedded(hostile_out).store


def page_data(page: str) -> dict:  # type: ignore[type-arg]
    doc = lxml.html.fromstring(page)
    (script,) = doc.xpath('//script[@id="kg-data"]')
    return json.loads(script.text)  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_pages_carry_no_live_markup_from_transcripts(hostile: ox.Store, name: str) -> None:
    graph = view(hostile, name)
    page = html_page(graph)
    for raw in RAW_PAYLOADS:
        assert raw not in page, f"{raw!r} reached the {name} page unescaped"
    data = page_data(page)
    # the drawn data is the projection, node for node and edge for edge
    assert len(data["nodes"]) == graph.number_of_nodes() and len(data["edges"]) == graph.number_of_edges()
    assert data["meta"]["nodes"] == graph.number_of_nodes()
    # text arrives intact, and escaped wherever it is HTML
    labels = {n["label"] for n in data["nodes"]}
    titles = " ".join([*(n["title"] for n in data["nodes"]), *(e["title"] for e in data["edges"])])
    assert "<script" not in titles and "<img" not in titles and "<svg" not in titles
    if name in ("outlet-topic", "outlet-country"):
        assert HOSTILE_OUTLET.label in labels
        assert esc(HOSTILE_OUTLET.label) in titles
    if name == "person-country":
        assert HOSTILE_PERSON.label in labels


def test_hostile_quotes_are_quoted_as_text(hostile: ox.Store) -> None:
    g = view(hostile, "stance", ViewFilter(start=dt.date(2020, 5, 18), end=dt.date(2020, 5, 18)))
    quotes = [q["text"] for *_, d in g.edges(data=True) for q in d["quotes"]]
    assert any(PAYLOAD in q for q in quotes)  # kept as written in the graph...
    page = html_page(g)
    assert PAYLOAD not in page  # ...and never written raw into the page, but escaped in the tooltips
    assert any(esc(PAYLOAD) in e["title"] for e in page_data(page)["edges"])


def test_page_is_self_contained_and_its_scripts_are_the_ones_allowed(hostile: ox.Store) -> None:
    page = html_page(view(hostile, "overview"))
    doc = lxml.html.fromstring(page)
    assert not doc.xpath("//script[@src] | //link | //iframe | //img[@src] | //object | //embed")
    assert "cdnjs.cloudflare.com" not in page and "cdn.jsdelivr.net" not in page  # where pyvis' template loads from
    (meta,) = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    csp = meta.get("content")
    assert "default-src 'none'" in csp
    for script in doc.xpath("//script[not(@type)]"):
        digest = base64.b64encode(hashlib.sha256(script.text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_marker_text_in_transcripts_stays_text() -> None:
    g = nx.Graph()
    g.add_node("a", label="@DATA@ @VIS_JS@ </script><script>", type="Country")
    g.add_node("b", label="B", type="Country")
    g.add_edge("a", "b", weight=1)
    page = html_page(g)
    assert page.count("vis.Network(") == 1
    assert page_data(page)["nodes"][0]["label"] == "@DATA@ @VIS_JS@ </script><script>"


def test_safe_href_and_esc() -> None:
    assert safe_href("javascript:alert(1)") is None and safe_href("data:text/html,x") is None
    assert safe_href("https://w3id.org/presskg/id/x") == "https://w3id.org/presskg/id/x"
    assert esc('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"


def test_legend_lists_types_and_edge_signs(hostile: ox.Store) -> None:
    doc = lxml.html.fromstring(html_page(view(hostile, "stance")))
    legend = " ".join(doc.xpath('//div[@id="kg-legend"]//li/text()'))
    assert "country" in legend and "organisation" in legend
    assert "conflictual act" in legend and "cooperative act" in legend


def test_size_and_colour_choices(hostile: ox.Store) -> None:
    g = view(hostile, "country-comention")
    by_weight = {n["label"]: n["value"] for n in page_data(html_page(g))["nodes"]}
    by_betweenness = {n["label"]: n["value"] for n in page_data(html_page(g, size_by="betweenness"))["nodes"]}
    assert by_weight["China"] == g.nodes["https://w3id.org/presskg/id/country/CHN"]["weight"]
    assert by_betweenness != by_weight
    with pytest.raises(ExportError):
        html_page(g, size_by="colour")


def test_write_html_and_overview(tmp_path: Path, hostile: ox.Store) -> None:
    path = write_html(view(hostile, "stance"), tmp_path / "stance.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    overview = write_overview(hostile, tmp_path / "graph.html")
    data = page_data(overview.read_text(encoding="utf-8"))
    kinds = {n["kgType"] for n in data["nodes"]}
    assert {"Outlet", "Topic", "Country"} <= kinds


@pytest.mark.parametrize("fmt", sorted(GRAPH_FORMATS))
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_graph_formats_round_trip_through_networkx(tmp_path: Path, hostile: ox.Store, name: str, fmt: str) -> None:
    graph = view(hostile, name)
    path = write_graph(graph, tmp_path / f"{name}.{fmt}", fmt)
    if fmt == "gexf":  # written for Gephi: one edge per pair (test_gexf_is_what_gephi_imports)
        graph = simple_graph(graph)
    # networkx's own readers open the files as they are
    reader = {"graphml": nx.read_graphml, "gexf": nx.read_gexf, "json": None}[fmt]
    if reader is not None:
        raw = reader(path)
        assert set(raw.nodes) == set(graph.nodes) and raw.number_of_edges() == graph.number_of_edges()
    else:
        raw = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
        assert set(raw.nodes) == set(graph.nodes)
    back = read_graph(path)
    assert back.is_directed() == graph.is_directed() and back.is_multigraph() == graph.is_multigraph()
    assert {n: back.nodes[n]["label"] for n in back} == {n: graph.nodes[n]["label"] for n in graph}
    assert {n: back.nodes[n]["type"] for n in back} == {n: graph.nodes[n]["type"] for n in graph}

    def edges(g: nx.Graph) -> dict[tuple[str, ...], tuple[int, list[str], list[dict]]]:  # type: ignore[type-arg]
        items = g.edges(keys=True, data=True) if g.is_multigraph() else g.edges(data=True)
        out = {}
        for u, v, *rest in items:
            d = rest[-1]
            key = (*sorted((u, v)), *rest[:-1]) if not g.is_directed() else (u, v, *rest[:-1])
            out[key] = (int(d["weight"]), d["evidence"], d["quotes"])
        return out

    assert edges(back) == edges(graph)


@pytest.mark.parametrize("name", ["stance", "overview", "country-comention"])
def test_gexf_is_what_gephi_imports(tmp_path: Path, hostile: ox.Store, name: str) -> None:
    graph = view(hostile, name)
    doc = lxml.etree.parse(str(write_graph(graph, tmp_path / f"{name}.gexf", "gexf")))
    ns = {"g": doc.getroot().nsmap[None]}
    titles = doc.xpath("//g:attributes/g:attribute/@title", namespaces=ns)
    assert titles and not {"json_attributes", "networkx_key", "key", "id"} & set(titles), titles
    edges = doc.xpath("//g:edges/g:edge", namespaces=ns)
    pairs = [(e.get("source"), e.get("target")) for e in edges]
    # a simple weighted graph: one edge per pair, each with its weight and a label Gephi shows
    assert len(pairs) == len(set(pairs)) == len({p if graph.is_directed() else frozenset(p) for p in pairs})
    assert all(e.get("label") and float(e.get("weight")) > 0 for e in edges)
    expected: dict[tuple[str, str], int] = {}
    for u, v, data in graph.edges(data=True):
        expected[(u, v)] = expected.get((u, v), 0) + data["weight"]
    assert {p: float(e.get("weight")) for p, e in zip(pairs, edges, strict=True)} == expected
    if name == "stance":
        assert graph.is_multigraph() and len(edges) < graph.number_of_edges()  # the fixture has parallel acts
        chn_usa = next(e for e in edges if e.get("target").endswith("/country/USA"))
        acts = [data["act_notation"] for u, v, data in graph.edges(data=True) if v.endswith("/country/USA")]
        assert sorted(part.split()[0] for part in chn_usa.get("label").split(", ")) == sorted(acts)


def test_report_numbers_are_their_queries_rows(hostile: ox.Store) -> None:
    filters = ViewFilter()
    sections = build_report(hostile, filters)
    assert [s.key for s in sections] == list(SECTIONS)
    doc = lxml.html.fromstring(report_html(sections, filters))
    tables = doc.xpath("//table[@data-query]")
    assert {t.get("data-query") for t in tables} == {
        "report-most-targeted-countries",
        "report-positions-by-month",
        "report-topic-mix-per-outlet",
        "report-outlet-activity",
        "report-topics-by-spokesperson",
        "report-quoted-statements",
        "report-exchanges-by-month",
        "report-stance-index-by-month",
        "report-topics-by-outlet-type",
        "report-stance-index-by-outlet-type",
        "compare-positions",
    }
    for table in tables:
        if table.get("data-query") == "compare-positions":  # two states, not the view filters: its own test
            continue
        rows = run_named(hostile, table.get("data-query"), filters).rows
        columns = [th.text_content() for th in table.xpath(".//th")]
        printed = [[td.text_content() for td in tr.xpath("./td")] for tr in table.xpath(".//tbody/tr")]
        assert printed == [[row[c] or "" for c in columns] for row in rows]
    # hand counts on the fixture: the United States is the target of 9 + 1 (hostile briefing) positions
    ranked = run_named(hostile, "report-most-targeted-countries", filters).rows
    assert (ranked[0]["label"], ranked[0]["positions"]) == ("United States", "10")
    activity = {r["outletLabel"]: r["exchanges"] for r in run_named(hostile, "report-outlet-activity", filters).rows}
    assert activity["AFP"] == "2" and activity["CNN"] == "1"


def test_charts_state_their_population_and_period(hostile: ox.Store) -> None:
    """The outlet charts count only exchanges that name their outlet: D's anonymous exchange of 2020-03 is not
    in them, and the page says so with the months each chart covers."""
    coverage = run_named(hostile, "report-exchanges-by-month", ViewFilter())
    months = {(r["month"], r["asker"]): r["exchanges"] for r in coverage.rows}
    assert months == {("2020-03", "unnamed"): "1", ("2020-05", "named"): "5", ("2020-09", "named"): "2",
                      ("2021-12", "named"): "5"}  # fmt: skip
    sections = {s.key: s for s in build_report(hostile)}
    assert sections["activity"].population.startswith("Counts the 12 of 13 dated exchanges")
    assert "2020-05 to 2021-12" in sections["activity"].population and "none before 2020-05" in (
        sections["activity"].population
    )
    assert sections["topic-mix"].population == sections["activity"].population
    assert "2020-05 to 2021-12" in sections["targets"].population
    assert "2020-03-02 to 2021-12-09" in sections["topics-by-spokesperson"].population
    doc = lxml.html.fromstring(report_html(list(sections.values())))
    for key in ("targets", "topic-mix", "activity", "topics-by-spokesperson"):
        assert doc.xpath(f'//section[@id="{key}"]/p[@class="population"]/text()') == [sections[key].population]


def test_report_charts_quoted_statements_and_escaping(tmp_path: Path, hostile: ox.Store) -> None:
    page = write_report(hostile, tmp_path, ViewFilter(spokesperson="Zhao Lijian")).read_text(encoding="utf-8")
    for raw in RAW_PAYLOADS:
        assert raw not in page
    doc = lxml.html.fromstring(page)
    images = doc.xpath("//img/@src")
    assert len(images) == 7 and all(src.startswith("data:image/svg+xml;base64,") for src in images)
    assert b"<script" not in b"".join(base64.b64decode(src.split(",", 1)[1]) for src in images)
    # the quoted statements link to their exchange, and only through http(s)
    links = doc.xpath('//section[@id="quoted"]//a/@href')
    assert links and all(h.startswith("https://w3id.org/presskg/id/briefing/") for h in links)
    assert "--param spokesperson='Zhao Lijian'" in html.unescape(page)
    oppose = doc.xpath('//section[@id="quoted"]//h3[text()="oppose"]/following-sibling::ol[1]/li/q/text()')
    assert "We are firmly opposed to it." in oppose
    assert "China opposes the politicization" not in " ".join(oppose)  # Wang Wenbin's, filtered out


def test_cli_view_export_report(tmp_path: Path, hostile_out: Path) -> None:
    runner = CliRunner()
    page = tmp_path / "stance.html"
    result = runner.invoke(main, ["view", "stance", "--store", str(hostile_out), "--out", str(page), "--top", "4"])
    assert result.exit_code == 0, result.output
    assert len(page_data(page.read_text(encoding="utf-8"))["nodes"]) == 4
    target = tmp_path / "c.gexf"
    args = ["export", "--format", "gexf", "--view", "country-comention", "--min-weight", "2"]
    result = runner.invoke(main, [*args, "--store", str(hostile_out), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(target).number_of_edges() == 2  # CHN-USA and CHN-RUS
    args = ["export", "--format", "gexf", "--view", "stance", "--store", str(hostile_out), "--out", str(target)]
    result = runner.invoke(main, args)
    written = nx.read_gexf(target).number_of_edges()
    assert result.exit_code == 0 and f"{written} edges" in " ".join(result.output.split()), result.output
    result = runner.invoke(main, ["export", "--format", "json", "--view", "stance", "--store", str(hostile_out)])
    assert result.exit_code == 0 and json.loads(result.stdout)["graph"]["view"] == "stance"
    result = runner.invoke(
        main, ["report", "--store", str(hostile_out), "--out", str(tmp_path / "r"), "--to", "2020-12-31"]
    )
    assert result.exit_code == 0 and (tmp_path / "r" / "report.html").exists()
    result = runner.invoke(main, ["export", "--format", "turtle", "--view", "stance", "--store", str(hostile_out)])
    assert result.exit_code != 0 and "--view goes with the graph formats" in result.output
    result = runner.invoke(main, ["view", "stance", "--store", str(hostile_out), "--out", str(page), "--from", "May 1"])
    assert result.exit_code != 0 and "not a date" in result.output


def test_the_filter_options_are_the_filter_fields() -> None:
    """Every field of the one filter is a command-line option named as its query parameter, and lands in the
    ViewFilter the commands pass on."""
    import click

    from kg.cliparams import filter_options, view_filter
    from kg.views.filter import FIELDS

    seen: list[ViewFilter] = []

    @click.command()
    @filter_options
    def probe(**options: object) -> None:
        seen.append(view_filter(options, top=7))

    args = ["--from", "2020-01-02", "--to", "2020-03-04", "--spokesperson", "Zhao Lijian", "--outlet", "AFP",
            "--topic", "taiwan", "--country", "USA", "--lang", "zh", "--min-weight", "2"]  # fmt: skip
    assert {a.removeprefix("--") for a in args[::2]} == {f.param for f in FIELDS} | {"min-weight"}
    result = CliRunner().invoke(probe, args)
    assert result.exit_code == 0, result.output
    assert seen == [
        ViewFilter(dt.date(2020, 1, 2), dt.date(2020, 3, 4), "Zhao Lijian", "AFP", "taiwan", "USA", "zh", 2, 7)
    ]
    assert set(seen[0].bindings()) == {f.param for f in FIELDS}


def test_one_lookup_for_every_export_format() -> None:
    assert export_format("nt").name == "nt" and export_format("application/gexf+xml").name == "gexf"
    with pytest.raises(ExportError, match=re.escape("graphml")):
        export_format("dot")


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_generated_files_honour_the_umask(tmp_path: Path, hostile: ox.Store, umask: int) -> None:
    """The report, a view page and an export are readable by whom the umask allows, not only their owner."""
    previous = os.umask(umask)
    try:
        written = [write_report(hostile, tmp_path / "report")]
        write_html(view(hostile, "stance"), tmp_path / "stance.html")
        written.append(tmp_path / "stance.html")
        write_rdf(hostile, tmp_path / "all.ttl", "turtle")
        written.append(tmp_path / "all.ttl")
    finally:
        os.umask(previous)
    assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in written} == {
        path.name: 0o666 & ~umask for path in written
    }


@pytest.mark.parametrize("edges", [EDGE_LABELS_UP_TO, EDGE_LABELS_UP_TO + 1])
def test_stance_edges_carry_their_act_while_few(edges: int) -> None:
    g = nx.MultiDiGraph(view="stance")
    for i in range(edges):
        g.add_edge("CHN", f"T{i}", key="oppose", weight=1, act_label="oppose", evidence=[], quotes=[])
    labels = [e.get("label") for e in network_data(g)["edges"]]
    assert labels == (["oppose"] * edges if edges <= EDGE_LABELS_UP_TO else [None] * edges)
