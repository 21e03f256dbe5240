"""Plain-text copies of pages (tests/data/text, made once by tools/make_text_copies.py with lxml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.read import parse_briefing, read_document
from kg.types import Layout

TEXT_DIR = Path(__file__).parent / "data" / "text"


@pytest.mark.parametrize("stem", ["t1558711", "t1761102", "t1595274"])
def test_text_copy_reads_like_its_page(sample_dir: Path, stem: str) -> None:
    text = parse_briefing(read_document(TEXT_DIR / f"{stem}.txt"), year=2018)
    page = parse_briefing(read_document(sample_dir / f"{stem}.html"), year=2018)
    assert text.layout is Layout.TEXT
    assert (text.title, text.date, text.spokesperson) == (page.title, page.date, page.spokesperson)
    assert [t.text for t in text.turns()] == [t.text for t in page.turns()]
    assert [e.outlet for e in text.exchanges] == [e.outlet for e in page.exchanges]


def test_blank_line_form_with_anonymous_labels() -> None:
    b = parse_briefing(read_document(TEXT_DIR / "t1558711.txt"))
    assert b.date == dt.date(2018, 5, 11) and len(b.exchanges) == 10
    assert all(e.outlet is None and e.question.speaker is None for e in b.exchanges)
    assert b.exchanges[0].answer is not None and b.exchanges[0].answer.speaker == "Geng Shuang"


def test_line_per_paragraph_form_with_outlet_labels_and_crlf() -> None:
    raw = (TEXT_DIR / "t1761102.txt").read_bytes()
    assert b"\r\n" in raw and b"\r\n\r\n" not in raw
    b = parse_briefing(read_document(TEXT_DIR / "t1761102.txt"))
    assert b.date == dt.date(2020, 3, 25)
    assert [e.outlet.name for e in b.exchanges if e.outlet][:3] == ["CCTV", "China News Service", "RIA Novosti"]
    assert all(e.answer is not None and e.answer.speaker == "Geng Shuang" for e in b.exchanges)


def test_hard_wrapped_form_joins_wrapped_lines() -> None:
    doc = read_document(TEXT_DIR / "t1595274.txt")
    assert doc.title == "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on September 14"
    assert all("\n" not in p for p in doc.paragraphs)
    assert parse_briefing(doc).date is None


def test_outlet_and_name_labels_in_a_small_text(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(
        "Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference on March 3, 2021\n\n"
        "Hua Chunying: Good afternoon. I have an announcement.\n\n"
        "Reuters: First question?\n\nSecond part of it?\n\n"
        "Hua Chunying: Answer one.\n\nMore of it.\n\n"
        "Follow-up: And then?\n\nHua Chunying: Then nothing.\n\n"
        "Q: Anonymous?\n\nA: Yes.\n",
        encoding="utf-8",
    )
    b = parse_briefing(read_document(path))
    assert b.layout is Layout.TEXT and b.date == dt.date(2021, 3, 3)
    assert [s.turn.text for s in b.statements] == ["Good afternoon. I have an announcement."]
    assert [(e.outlet.key if e.outlet else None, e.question.text) for e in b.exchanges] == [
        ("reuters", "First question?\nSecond part of it?"),
        ("reuters", "And then?"),
        (None, "Anonymous?"),
    ]
    assert [e.answer.text for e in b.exchanges if e.answer] == ["Answer one.\nMore of it.", "Then nothing.", "Yes."]
