"""Saved ministry pages (the committed sample): article body only, every era's labels, statements, dates."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from kg.read import parse_briefing, read_document
from kg.types import Briefing, Layout

SPOKESPERSONS = {"Geng Shuang", "Hua Chunying", "Lu Kang", "Zhao Lijian"}


def briefing(sample_dir: Path, stem: str, year: int | None = None) -> Briefing:
    return parse_briefing(read_document(sample_dir / f"{stem}.html"), year=year)


def test_every_sample_page_is_a_briefing_with_a_spokesperson(sample_dir: Path) -> None:
    pages = sorted(sample_dir.glob("*.html"))
    assert len(pages) >= 20
    for page in pages:
        b = parse_briefing(read_document(page), year=2018)
        assert b.layout is Layout.HTML
        assert b.spokesperson in SPOKESPERSONS, page.name
        assert b.date is not None and dt.date(2018, 5, 1) <= b.date <= dt.date(2020, 6, 1), page.name
        assert b.exchanges, page.name
        assert all(e.answer is not None for e in b.exchanges), page.name


def test_only_the_article_body_counts(sample_dir: Path) -> None:
    doc = read_document(sample_dir / "t1558711.html")
    text = "\n".join(doc.paragraphs)
    for outside in ("Related News", "Suggest to a friend", "search_checkeng", "Press and Media Service", "Copyright"):
        assert outside not in text
    assert doc.title == "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 11, 2018"
    assert doc.paragraphs[0].startswith("At the invitation of President Julius Maada Wonie Bio")


def test_source_has_hash_and_url_from_index(sample_dir: Path) -> None:
    doc = read_document(sample_dir / "t1558711.html")
    assert doc.source.sha256 == hashlib.sha256((sample_dir / "t1558711.html").read_bytes()).hexdigest()
    assert doc.source.url == "https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/2511_665403/t1558711.shtml"
    assert doc.source.name == "t1558711.html"


def test_early_page_anonymous_questions_and_grouped_announcements(sample_dir: Path) -> None:
    b = briefing(sample_dir, "t1558711")
    assert b.date == dt.date(2018, 5, 11) and b.spokesperson == "Geng Shuang"
    assert len(b.exchanges) == 10 and all(e.outlet is None for e in b.exchanges)
    assert b.exchanges[0].question.text.startswith("You just announced State Councilor")
    assert b.exchanges[0].answer is not None and b.exchanges[0].answer.text.startswith("France is a permanent")
    # Sierra Leone (2 paragraphs), Oman (3), Wang Yi's tour (1)
    assert [s.turn.text.count("\n") + 1 for s in b.statements] == [2, 3, 1]


def test_glued_month_and_day_in_title(sample_dir: Path) -> None:
    assert briefing(sample_dir, "t1567808").date == dt.date(2018, 6, 11)


def test_yearless_title_needs_a_year(sample_dir: Path) -> None:
    b = briefing(sample_dir, "t1595908")
    assert b.date is None and any("has no year" in w for w in b.warnings)
    given = briefing(sample_dir, "t1595908", year=2018)
    assert given.date == dt.date(2018, 9, 17) and given.date_inferred


def test_br_separated_paragraphs_are_split(sample_dir: Path) -> None:
    b = briefing(sample_dir, "t1752564")
    assert b.statements[0].turn.text.startswith("First, some figures from the NHC")
    assert len(b.exchanges) == (sample_dir / "t1752564.html").read_text().count("Q: ") == 11
    assert all("\nA:" not in e.question.text and "Q:" not in e.question.text for e in b.exchanges)


def test_outlet_era_multi_paragraph_answers(sample_dir: Path) -> None:
    b = briefing(sample_dir, "t1761102")
    assert [e.outlet.key for e in b.exchanges if e.outlet] == [
        "cctv", "china-news-service", "ria-novosti", "phoenix-tv", "beijing-youth-daily", "bloomberg", "afp",
        "reuters",
    ]  # fmt: skip
    assert b.exchanges[0].answer is not None and b.exchanges[0].answer.speaker == "Geng Shuang"
    assert b.exchanges[0].answer.text.count("\n") == 2
    assert [s.turn.text.split()[0] for s in b.statements] == ["According", "To"]


def test_follow_up_is_its_own_exchange_asked_by_the_same_outlet(sample_dir: Path) -> None:
    b = briefing(sample_dir, "t1774380")
    fourth, fifth = b.exchanges[3], b.exchanges[4]
    assert fourth.outlet is not None and fourth.outlet.name == "The Australian"
    assert fifth.outlet == fourth.outlet and fifth.question.text.startswith("I don't trust")


def test_labelled_statements_before_the_first_question(sample_dir: Path) -> None:
    b = briefing(sample_dir, "t1748946")
    assert b.spokesperson == "Zhao Lijian"
    assert [s.turn.speaker for s in b.statements][:2] == ["Hua Chunying", "Zhao Lijian"]
    assert b.statements[0].turn.text.startswith("Good afternoon, friends from the press")


def test_numbered_announcements_are_separate_statements(sample_dir: Path) -> None:
    b = briefing(sample_dir, "t1770103")
    assert [s.turn.text[:3] for s in b.statements] == ["I. ", "II."]


def test_announcement_after_a_rule_of_asterisks_is_a_statement(sample_dir: Path) -> None:
    b = briefing(sample_dir, "t1625726")
    assert b.statements[-1].turn.text.startswith("The regular press conference of the Ministry of Foreign Affairs")
    assert "adjourned" not in b.exchanges[-1].answer.text  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("stem", "ordinal", "start"),
    [
        ("t1583054", 9, "The investigation team on the missing Malaysia Airlines Flight MH370"),
        ("t1603452", 7, 'the US leaders recently said that China was just "paying lip service"'),
        ("t1651487", 8, "After the Press Conference, a journalist asked if China"),
        ("t1698607", 11, "According to media reports, the Solomon Islands has decided"),
    ],
)
def test_questions_asked_after_the_press_conference(sample_dir: Path, stem: str, ordinal: int, start: str) -> None:
    b = briefing(sample_dir, stem, year=2019)
    assert len(b.exchanges) == ordinal
    last = b.exchanges[-1]
    assert last.outlet is None and last.question.text.startswith(start)
    assert last.answer is not None and last.answer.text
    assert "after the press conference" not in b.exchanges[-2].answer.text.lower()  # type: ignore[union-attr]


def test_reporter_replies_are_turns_of_their_own(sample_dir: Path) -> None:
    # Issue 13: the reply no longer joins the question (which lost the order of the turns).
    b = briefing(sample_dir, "t1595274", year=2018)
    mekong = b.exchanges[5]
    assert "\n" not in mekong.question.text
    assert [(t.key, t.text.splitlines()[0]) for t in mekong.turns()[1:5]] == [
        ("e6a", "Where did your correspondent travel to?"),
        ("e6q2", "The border areas of Thailand."),
        ("e6a2", "Who is doing the construction there at this point? The Chinese side or the Thai side?"),
        ("e6q3", "The Chinese side."),
    ]
    assert not any("Journalist" in t.text for t in mekong.turns())


def test_missing_answer_label_is_recovered_with_a_warning(sample_dir: Path) -> None:
    b = briefing(sample_dir, "t1662090")
    first = b.exchanges[0]
    assert first.question.text.endswith("this week?")
    assert first.answer is not None and first.answer.text.startswith("China's position on the Meng Wanzhou case")
    assert any("no answer label" in w for w in b.warnings)


def test_follow_up_without_answer_label(sample_dir: Path) -> None:
    b = briefing(sample_dir, "t1678570")
    last = b.exchanges[-1]
    assert last.question.text == "I wonder if you could add more to that?"
    assert last.answer is not None and last.answer.text.startswith("Yesterday, State Councilor")


def test_duplicate_title_pair_reads_as_two_versions_of_one_briefing(sample_dir: Path) -> None:
    a, b = briefing(sample_dir, "t1659619"), briefing(sample_dir, "t1660057")
    assert a.date == b.date == dt.date(2019, 4, 29) and a.spokesperson == b.spokesperson == "Geng Shuang"
    assert len(a.exchanges) == len(b.exchanges) == 12
    assert a.source.sha256 != b.source.sha256
