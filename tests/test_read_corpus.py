"""The whole 380-page corpus (skipped with a reason where it is absent).

Each page's exchanges are checked against a count made differently from the reader: regular expressions
over the raw HTML, counting the paragraphs that open a question (``Q:``, ``Follow-up:``, a question noted as
asked after the press conference, or an outlet's label), without the reader's HTML parser or state machine.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from kg.read import ReadResult, read_briefings

pytestmark = pytest.mark.corpus

SPOKESPERSONS = {"Geng Shuang", "Hua Chunying", "Lu Kang", "Zhao Lijian"}
_SEGMENT = re.compile(r"(?i)<br\s*/?>|</?p\b[^>]*>")
_ANON = re.compile(r"^(?:Q|Follow-up)\s*[:\uff1a]\s*\S")
_AFTER = re.compile(
    r"^(?:[^:]{0,100}\b(?:following questions?|journalist (?:asked|posed)|question was raised)\b[^:]*:\s*\S"
    r"|after the press conference, a journalist asked\b)",
    re.I,
)
_LABEL = re.compile(r"^([A-Z][^:]{0,58}?)\s*:\s*\S")
_NOT_ASKING = re.compile(r"^(?:A|(?:The )?[Jj]ournalist(?: \w+)?|Reporter)$")
_CONNECTORS = {"of", "the", "and"}


def independent_count(raw: str) -> int:
    title = re.search(r"<title>(.*?)</title>", raw, re.S)
    name = re.search(r"Spokesperson (\w+ \w+)'s", title.group(1) if title else "")
    names = SPOKESPERSONS | ({name.group(1)} if name else set())
    body = raw.split('class="content"', 1)[1].split('id="Appendix_article"', 1)[0]
    count = 0
    for segment in _SEGMENT.split(body):
        text = html.unescape(re.sub(r"<[^>]+>", "", segment)).replace("\xa0", " ").strip()
        if _ANON.match(text) or _AFTER.match(text):
            count += 1
            continue
        m = _LABEL.match(text)
        if m is None:
            continue
        label = m.group(1)
        words = label.split()
        if label in names or _NOT_ASKING.match(label) or re.search(r"\d", label) or len(words) > 6:
            continue
        if all(w[0].isupper() or w in _CONNECTORS for w in words):
            count += 1
    return count


@pytest.fixture(scope="module")
def corpus_run(corpus_dir: Path) -> tuple[ReadResult, float]:
    start = time.perf_counter()
    result = read_briefings([corpus_dir])
    return result, time.perf_counter() - start


def test_every_page_is_read(corpus_run: tuple[ReadResult, float], corpus_dir: Path) -> None:
    result, seconds = corpus_run
    pages = sorted(corpus_dir.glob("*.html"))
    assert len(pages) == 380
    assert result.errors == ()
    # 380 pages, of which one is a second version of another (see the duplicate test).
    assert len(result.briefings) == 379
    # Printed, not asserted: a time limit flakes on a shared 2-core machine (21 s at load 20 against 4 s quiet);
    # reading speed is the benchmark's figure (bench/run.py).
    print(f"\nread {len(pages)} pages in {seconds:.2f} s")


def test_every_briefing_is_dated_with_a_spokesperson(corpus_run: tuple[ReadResult, float]) -> None:
    result, _ = corpus_run
    for b in result.briefings:
        assert b.date is not None and dt.date(2018, 5, 1) <= b.date <= dt.date(2020, 7, 31), b.key
        assert b.spokesperson in SPOKESPERSONS, b.key
        assert b.spokesperson in b.title, b.key
        assert b.source.url and b.source.url.endswith(f"/{b.key}.shtml"), b.key


def test_exchanges_match_an_independent_count(corpus_run: tuple[ReadResult, float], corpus_dir: Path) -> None:
    result, _ = corpus_run
    mismatches = {}
    for b in result.briefings:
        expected = independent_count((corpus_dir / b.source.name).read_text(encoding="utf-8"))
        if expected != len(b.exchanges):
            mismatches[b.key] = (len(b.exchanges), expected)
    assert mismatches == {}


def test_every_exchange_is_answered_and_outlets_appear_from_march_2020(corpus_run: tuple[ReadResult, float]) -> None:
    result, _ = corpus_run
    for b in result.briefings:
        assert all(e.answer is not None and e.answer.text for e in b.exchanges), b.key
        assert all(e.question.text for e in b.exchanges), b.key
        named = [e for e in b.exchanges if e.outlet is not None]
        if b.date and b.date < dt.date(2020, 3, 24):
            assert not named, b.key
        elif b.date and b.date > dt.date(2020, 3, 24):
            # Questions sent in after the press conference stay anonymous ("Q:") on these pages too.
            assert len(named) > len(b.exchanges) / 2, b.key


def test_outlets_are_known_to_the_gazetteer(corpus_run: tuple[ReadResult, float]) -> None:
    result, _ = corpus_run
    unknown = Counter(e.outlet.name for b in result.briefings for e in b.exchanges if e.outlet and not e.outlet.known)
    assert unknown == Counter()


def test_fourteen_yearless_pages_are_september_2018(corpus_run: tuple[ReadResult, float]) -> None:
    result, _ = corpus_run
    inferred = [b for b in result.briefings if b.date_inferred]
    assert len(inferred) == 14
    assert all(b.date and b.date.year == 2018 and b.date.month == 9 and 10 <= b.date.day <= 28 for b in inferred)
    assert all(re.search(r"September \d+$", b.title) for b in inferred)


def test_duplicate_title_pair_is_one_briefing(corpus_run: tuple[ReadResult, float]) -> None:
    result, _ = corpus_run
    april_29 = [b for b in result.briefings if b.date == dt.date(2019, 4, 29)]
    assert [b.key for b in april_29] == ["t1659619"]
    [warning] = [w for w in result.warnings if "t1660057.html" in w]
    assert "t1659619.html" in warning and "same briefing" in warning


def test_statements_are_found(corpus_run: tuple[ReadResult, float]) -> None:
    result, _ = corpus_run
    with_statements = [b for b in result.briefings if b.statements]
    assert 150 <= len(with_statements) <= 250
    for b in with_statements:
        for s in b.statements:
            assert s.turn.text and not re.match(r"^(?:Q|A)\s*:", s.turn.text), b.key
