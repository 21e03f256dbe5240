"""The HTML views and the report opened as a person would: headless Chromium (Debian's ``chromium``) driven by
Playwright. The pages are file:// pages; every request the browser makes is recorded.

Skipped, with the reason, where Chromium or Playwright is missing (``tools/ensure-chromium`` installs Chromium).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import CORPUS_BUILD
from viewstore import HOSTILE_OUTLET, build_store

from kg.export.html import DEFAULT_TOP, write_html
from kg.export.report_page import write_report
from kg.network import VIEWS, Graph, ViewFilter, view
from kg.pipeline import BuildReport
from kg.store import open_embedded

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SETTLE_MS = 5000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if shutil.which("chromium") is None and not Path(CHROMIUM).exists():
        pytest.skip("browser test: Debian's chromium is not installed (tools/ensure-chromium installs it)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="browser test: playwright is not installed")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    return open_embedded(build_store(tmp_path_factory.mktemp("browser"), hostile=True)).store


@dataclass
class Visit:
    """A page opened in a fresh tab, with what the browser said and asked for meanwhile."""

    page: Any
    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def open_page(browser: Any, path: Path, *, bypass_csp: bool = False) -> Visit:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp)
    visit = Visit(page, path.resolve().as_uri())
    page.on("console", lambda m: visit.errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: visit.errors.append(str(e)))
    page.on("request", lambda r: visit.requests.append(r.url))
    page.goto(visit.url)
    page.wait_for_load_state("load")
    return visit


def open_view(browser: Any, graph: Graph, path: Path, *, bypass_csp: bool = False) -> Visit:
    write_html(graph, path)
    visit = open_page(browser, path, bypass_csp=bypass_csp)
    # a selector, not wait_for_function: the page's Content-Security-Policy forbids the eval that polling uses
    visit.page.wait_for_selector("body[data-settled=true]", state="attached", timeout=SETTLE_MS * 2)
    return visit


def drawn(visit: Visit) -> tuple[int, int]:
    counts = visit.page.evaluate(
        "[window.kgView.network.body.nodeIndices.length, window.kgView.network.body.edgeIndices.length]"
    )
    return int(counts[0]), int(counts[1])


def click_node(visit: Visit, node_id: int) -> None:
    x, y = visit.page.evaluate(
        """(id) => {
            const network = window.kgView.network;
            const dom = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.getElementById("kg-network").getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""",
        node_id,
    )
    visit.page.mouse.click(x, y)


def node_id(visit: Visit, label: str) -> int:
    return int(visit.page.evaluate("(label) => window.kgView.nodes.get({filter: n => n.label === label})[0].id", label))


@pytest.mark.parametrize("name", ["stance", "outlet-topic", "country-comention", "overview"])
def test_view_loads_offline_draws_the_projection_and_settles(
    browser: Any, hostile: ox.Store, tmp_path: Path, name: str
) -> None:
    graph = view(hostile, name)
    visit = open_view(browser, graph, tmp_path / f"{name}.html")
    assert visit.errors == []
    assert visit.requests == [visit.url]  # nothing but the page itself: no CDN, no font, no image
    assert drawn(visit) == (graph.number_of_nodes(), graph.number_of_edges())
    assert visit.page.evaluate("window.kgView.settledAt") < SETTLE_MS
    assert visit.page.evaluate("window.kgView.network.physics.options.enabled") is False  # settled and still
    visit.page.screenshot(path=str(tmp_path / f"{name}.png"))
    assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    visit.page.close()


def test_clicking_a_node_shows_its_details(browser: Any, hostile: ox.Store, tmp_path: Path) -> None:
    visit = open_view(browser, view(hostile, "stance"), tmp_path / "stance.html")
    click_node(visit, node_id(visit, "France"))
    details = visit.page.inner_text("#kg-details")
    assert "France" in details and "1 position ·" in details
    assert "we firmly oppose other countries selling arms to the Taiwan region" in details  # a quote of its edges
    visit.page.screenshot(path=str(tmp_path / "stance-details.png"))
    visit.page.close()


def test_hovering_shows_a_tooltip(browser: Any, hostile: ox.Store, tmp_path: Path) -> None:
    visit = open_view(browser, view(hostile, "stance"), tmp_path / "stance.html")
    x, y = visit.page.evaluate(
        """(id) => {
            const network = window.kgView.network;
            const dom = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.getElementById("kg-network").getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""",
        node_id(visit, "United States"),
    )
    visit.page.mouse.move(x - 5, y - 5)
    visit.page.mouse.move(x, y)
    visit.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=3000)
    assert "United States" in visit.page.inner_text("div.vis-tooltip")
    visit.page.close()


def test_search_box_finds_a_node(browser: Any, hostile: ox.Store, tmp_path: Path) -> None:
    visit = open_view(browser, view(hostile, "outlet-topic"), tmp_path / "outlet-topic.html")
    visit.page.fill("#kg-search", "reuters")
    visit.page.press("#kg-search", "Enter")
    assert "Reuters" in visit.page.inner_text("#kg-details")
    selected = visit.page.evaluate("window.kgView.network.getSelectedNodes()")
    assert selected == [node_id(visit, "Reuters")]
    visit.page.close()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_hostile_transcripts_execute_nothing(browser: Any, hostile: ox.Store, tmp_path: Path, bypass_csp: bool) -> None:
    # with the browser told to ignore the page's Content-Security-Policy, escaping alone must hold
    only_hostile = ViewFilter(start=dt.date(2020, 5, 18), end=dt.date(2020, 5, 18))
    for name in ("overview", "stance", "outlet-topic", "person-country"):
        graph = view(hostile, name, only_hostile)
        assert graph.number_of_nodes() > 0
        visit = open_view(browser, graph, tmp_path / f"hostile-{name}.html", bypass_csp=bypass_csp)
        page = visit.page
        # every node clicked, every node's details (its edges' quotes with them) rendered, the search used
        for label in page.evaluate("window.kgView.nodes.get().map(n => n.label)"):
            click_node(visit, node_id(visit, label))
        shown = page.evaluate(
            """() => window.kgView.nodes.get().map(n => {
                window.kgView.showNode(n.id);
                return document.getElementById("kg-details").innerText;
            }).join("\\n")"""
        )
        page.fill("#kg-search", HOSTILE_OUTLET.label if name != "person-country" else "Mallory")
        page.press("#kg-search", "Enter")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__kgPwned") is None, f"script ran in the {name} view"
        assert page.query_selector_all('a[href^="javascript:" i]') == []
        assert page.query_selector_all("#kg-details img, #kg-details script, #kg-details svg, .vis-tooltip img") == []
        assert "window.__kgPwned" in shown  # the payloads are there, shown as text
        assert visit.errors == [] and visit.requests == [visit.url]
        page.screenshot(path=str(tmp_path / f"hostile-{name}.png"))
        page.close()


def test_report_loads_offline_and_runs_nothing(browser: Any, hostile: ox.Store, tmp_path: Path) -> None:
    path = write_report(hostile, tmp_path / "report")
    visit = open_page(browser, path)
    assert visit.errors == []
    assert [r for r in visit.requests if not r.startswith("data:")] == [visit.url]
    assert visit.page.evaluate("window.__kgPwned") is None
    images = visit.page.evaluate("Array.from(document.images).map(i => [i.naturalWidth, i.complete])")
    assert len(images) == 7 and all(width > 100 and done for width, done in images)
    assert visit.page.query_selector_all('a[href^="javascript:" i]') == []
    quoted = visit.page.inner_text("#quoted")
    assert "<script>" in quoted  # the hostile evidence, as text
    visit.page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    visit.page.close()


@pytest.fixture(scope="module")
def corpus_out(corpus_build: tuple[Path, BuildReport]) -> Path:
    """The whole corpus's store, built once for the session (``conftest.corpus_build``, shared with
    test_build_cli's whole-corpus test, in one xdist group)."""
    return corpus_build[0]


@pytest.mark.corpus
@pytest.mark.xdist_group(CORPUS_BUILD)
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_whole_corpus_pages_render_and_settle_within_five_seconds(
    browser: Any, corpus_out: Path, tmp_path: Path, name: str
) -> None:
    store = open_embedded(corpus_out).store
    graph = view(store, name, ViewFilter(top=DEFAULT_TOP) if name != "overview" else None)
    assert graph.graph["nodes_before_cut"] > graph.number_of_nodes() or name == "topic-cooccurrence"
    visit = open_view(browser, graph, tmp_path / f"corpus-{name}.html")
    assert visit.errors == [] and visit.requests == [visit.url]
    assert drawn(visit) == (graph.number_of_nodes(), graph.number_of_edges())
    settled = visit.page.evaluate("window.kgView.settledAt")
    assert settled < SETTLE_MS, f"{name}: settled after {settled:.0f} ms"
    visit.page.screenshot(path=str(tmp_path / f"corpus-{name}.png"))
    visit.page.close()


@pytest.mark.corpus
@pytest.mark.xdist_group(CORPUS_BUILD)
def test_build_writes_the_overview_page(browser: Any, corpus_out: Path) -> None:
    visit = open_page(browser, corpus_out / "graph.html")
    visit.page.wait_for_selector("body[data-settled=true]", state="attached", timeout=SETTLE_MS * 2)
    assert visit.errors == [] and visit.page.evaluate("window.kgView.settledAt") < SETTLE_MS
    kinds = set(visit.page.evaluate("window.kgView.nodes.get().map(n => n.kgType)"))
    assert {"Outlet", "Topic", "Country"} <= kinds
    visit.page.close()
