"""The query page of ``kg serve`` used as a person would, in headless Chromium with the network cut: every request
to anything but the endpoint itself is refused and recorded."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.serve import RunningServer, ServeOptions, start_server
from tests.test_views_browser import browser  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.server]

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    out = tmp_path_factory.mktemp("page")
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--store", str(out), "--no-export"])
    assert result.exit_code == 0, result.output
    with start_server(ServeOptions(out=out, port=0)) as running:
        yield running


def test_query_page_works_offline(browser: Any, served: RunningServer, tmp_path: Path) -> None:  # noqa: F811
    page = browser.new_page()
    errors: list[str] = []
    refused: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(served.url):
            request_route.continue_()
        else:
            refused.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(served.url + "/")
    # The default query counts exchanges per outlet, with the project's prefixes.
    page.click("#run")
    page.wait_for_selector("#results table", timeout=15_000)
    assert page.locator("#results tr").count() > 1
    # An example from the named queries, chosen from the list, runs as well.
    page.select_option("#examples", "exchanges-per-outlet")
    assert "PREFIX pk:" in page.input_value("#query")
    page.click("#run")
    page.wait_for_function("document.getElementById('status').textContent.includes('row(s)')", timeout=15_000)
    # A bad query shows the endpoint's one-line error, not a blank page.
    page.fill("#query", "SELECT nonsense")
    page.click("#run")
    page.wait_for_selector("#status.error", timeout=15_000)
    assert "E401" in page.inner_text("#status")
    page.screenshot(path=str(tmp_path / "query-page.png"))
    if shots := os.environ.get("PRESSKG_SCREENSHOTS"):
        page.screenshot(path=str(Path(shots) / "query-page.png"))
    assert refused == [] and [e for e in errors if "400" not in e] == []
    page.close()
