"""Chinese text in the HTML views and the report, as a reader sees it: a build of Chinese pages opened in headless
Chromium (Debian's ``chromium``, driven by Playwright; the fonts are the system's, fonts-noto-cjk).

For each page the Chinese quotes are checked in the DOM (the evidence sentences of the store, as written), and
their glyphs are checked as drawn: the fonts Chromium used for the text (DevTools' platform fonts) include a CJK
font that supplied glyphs, the element has a size, and its screenshot has ink in it. Without a CJK font the text
would be drawn as empty boxes from a fallback font, and the font check fails.

Skipped, with the reason, where Chromium or Playwright is missing (``tools/ensure-chromium`` installs Chromium).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from test_views_browser import SETTLE_MS, browser, click_node, node_id, open_page, open_view

import kg
from kg.export.report_page import write_report
from kg.network import ViewFilter, view
from kg.store import open_embedded

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the Chromium fixture, shared with the English browser tests

# Pages of both layouts of the Chinese sample, with positions aimed at the United States.
PAGES = ("t1567715.html", "t1774228.html", "zh-2021-01-04.html", "zh-2023-07-12.html")
CJK = re.compile(r"[\u4e00-\u9fff]")
USA = "https://w3id.org/presskg/id/country/USA"


@pytest.fixture(scope="module")
def chinese_store(tmp_path_factory: pytest.TempPathFactory, zh_sample_dir: Path) -> ox.Store:
    out = tmp_path_factory.mktemp("zh-browser")
    report = kg.build([zh_sample_dir / name for name in PAGES], out=out, overview=False, workers=1)
    assert report.briefings == len(PAGES)
    return open_embedded(out).store


def _evidence_toward_usa(store: ox.Store) -> set[str]:
    rows = store.query(
        f"""PREFIX pk: <https://w3id.org/presskg/ontology#>
        SELECT DISTINCT ?e WHERE {{ GRAPH ?g {{ ?p pk:target <{USA}> ; pk:evidence ?e }} }}"""
    )
    return {row["e"].value for row in rows}


def _ink(png: bytes) -> int:
    """Pixels of a screenshot that differ from its commonest colour (the background)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    background = max(range(256), key=lambda v: histogram[v])
    return sum(n for v, n in enumerate(histogram) if abs(v - background) > 40)


def assert_cjk_drawn(page: Any, selector: str) -> str:
    """The first element matching ``selector`` holds Chinese text, drawn with glyphs of a CJK font; its text."""
    element = page.query_selector(selector)
    assert element is not None, selector
    element.scroll_into_view_if_needed()
    text = element.inner_text()
    chinese = CJK.findall(text)
    assert len(chinese) >= 5, text
    box = element.bounding_box()
    assert box is not None and box["width"] > 20 and box["height"] > 5, box
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cjk_glyphs = sum(f["glyphCount"] for f in fonts if "CJK" in f["familyName"])
    # every Chinese character of the quote is a glyph of a CJK font (none left to a font without it)
    assert cjk_glyphs >= len(chinese), fonts
    ink = _ink(element.screenshot())
    assert ink > 2 * len(chinese), f"{ink} inked pixels for {len(chinese)} characters"
    return text


def test_the_stance_view_shows_chinese_quotes_with_their_glyphs(
    browser: Any, chinese_store: ox.Store, tmp_path: Path
) -> None:
    evidence = _evidence_toward_usa(chinese_store)
    assert evidence
    visit = open_view(browser, view(chinese_store, "stance", ViewFilter(lang="zh")), tmp_path / "stance-zh.html")
    assert visit.errors == [], visit.errors
    assert visit.page.evaluate("window.kgView.settledAt") < SETTLE_MS
    click_node(visit, node_id(visit, "United States"))
    details = visit.page.inner_text("#kg-details")
    assert "United States" in details
    assert any(quote in details for quote in evidence), details[:500]  # the sentences as the store holds them
    text = assert_cjk_drawn(visit.page, "#kg-details q")
    assert any(text.strip('“”"') in quote or quote in text for quote in evidence), text
    visit.page.screenshot(path=str(tmp_path / "stance-zh.png"))
    visit.page.close()


def test_the_report_shows_chinese_quotes_with_their_glyphs(
    browser: Any, chinese_store: ox.Store, tmp_path: Path
) -> None:
    path = write_report(chinese_store, tmp_path / "report", ViewFilter(lang="zh"))
    visit = open_page(browser, path)
    assert visit.errors == [], visit.errors
    quotes = visit.page.eval_on_selector_all("q", "qs => qs.map(q => q.textContent)")
    chinese = [q for q in quotes if CJK.search(q)]
    assert len(chinese) >= 10
    assert set(chinese) & _evidence_toward_usa(chinese_store) or any(
        q in e for q in chinese for e in _evidence_toward_usa(chinese_store)
    )
    assert_cjk_drawn(visit.page, "q")
    visit.page.screenshot(path=str(tmp_path / "report-zh.png"), full_page=True)
    visit.page.close()
