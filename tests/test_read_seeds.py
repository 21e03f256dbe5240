"""The two seed transcripts: "Outlet reporter:" questions, "Wang Wenbin:" answers, labels broken over lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.read import parse_briefing, read_briefing, read_briefings, read_document
from kg.types import Briefing, Layout, Role

SEED_000 = "000_921da15b2d4a4fd7.txt"
SEED_001 = "001_c898893308e39e3b.txt"

OUTLETS_000 = [
    "xinhua", "reuters", "rthk", "aussie-satellite-tv", "bloomberg", "hubei-radio-television", "ap", "kyodo",
    "pti", "peoples-daily", "bloomberg", "rthk", "china-news-service", "dragon-tv", "global-times", "bloomberg",
]  # fmt: skip
NAMES_001 = [
    "Xinhua News Agency", "Egyptian Middle East News Agency", "NHK", "CCTV", "Bloomberg", "Macao Monthly",
    "Reuters", "Taiwan Guoguang", "Agence France-Presse", "Phoenix TV", "Bloomberg", "The Paper",
]  # fmt: skip


@pytest.fixture(scope="module")
def seed_000(seeds_dir: Path) -> Briefing:
    return read_briefing(seeds_dir / SEED_000)


@pytest.fixture(scope="module")
def seed_001(seeds_dir: Path) -> Briefing:
    return read_briefing(seeds_dir / SEED_001)


def test_seed_000_has_16_exchanges_with_their_outlets(seed_000: Briefing) -> None:
    assert len(seed_000.exchanges) == 16
    assert [e.outlet.key for e in seed_000.exchanges if e.outlet] == OUTLETS_000
    assert seed_000.date == dt.date(2021, 12, 9) and not seed_000.date_inferred
    assert seed_000.spokesperson == "Wang Wenbin"
    assert seed_000.layout is Layout.SEED
    assert seed_000.statements == ()


def test_seed_001_has_12_exchanges_with_their_outlets(seed_001: Briefing) -> None:
    assert len(seed_001.exchanges) == 12
    assert [e.outlet.name for e in seed_001.exchanges if e.outlet] == NAMES_001
    assert seed_001.date == dt.date(2020, 9, 14)
    assert seed_001.spokesperson == "Wang Wenbin"


def test_label_broken_over_two_lines_is_mended(seed_001: Briefing) -> None:
    nhk = seed_001.exchanges[2]
    assert nhk.outlet is not None and nhk.outlet.key == "nhk" and nhk.outlet.known
    assert nhk.question.text.startswith("First question, Yoshihide Suga")
    assert "reporter:" not in nhk.question.text and not nhk.question.text.startswith("NHK")


def test_questions_continue_over_unlabelled_paragraphs_until_the_answer(seed_000: Briefing) -> None:
    kyodo = seed_000.exchanges[7]
    assert kyodo.question.text.count("\n") == 4  # five paragraphs, the label's own and four more
    assert kyodo.question.text.splitlines()[-1].startswith("Will it also take countermeasures")
    assert kyodo.answer is not None and kyodo.answer.text.startswith("Regarding your first question")


def test_question_broken_mid_sentence_stays_one_question(seed_001: Briefing) -> None:
    nhk = seed_001.exchanges[2]
    lines = nhk.question.text.splitlines()
    assert "family members" in lines and lines[-1] == "Any comment on this?"


def test_answers_continue_over_unlabelled_paragraphs(seed_000: Briefing) -> None:
    first = seed_000.exchanges[0].answer
    assert first is not None and first.speaker == "Wang Wenbin" and first.role is Role.ANSWER
    assert first.text.startswith("The relevant report you mentioned")
    assert first.text.splitlines()[-1].startswith("U.S. political manipulation")
    assert "Reuters reporter" not in first.text


def test_turn_text_drops_the_label_and_keeps_paragraph_breaks(seed_001: Briefing) -> None:
    paper = seed_001.exchanges[-1]
    assert paper.question.text.startswith("The U.S. State Department\ntweeted on the 13th")
    assert paper.question.speaker == "The Paper"
    for exchange in seed_001.exchanges:
        assert exchange.answer is not None
        assert not exchange.answer.text.startswith("Wang Wenbin")
        assert exchange.question.ordinal == exchange.answer.ordinal == exchange.ordinal


def test_source_records_name_hash_and_no_url(seeds_dir: Path, seed_000: Briefing) -> None:
    import hashlib

    assert seed_000.source.name == SEED_000
    assert seed_000.source.sha256 == hashlib.sha256((seeds_dir / SEED_000).read_bytes()).hexdigest()
    assert seed_000.source.url is None
    assert seed_000.key == "000_921da15b2d4a4fd7"
    assert seed_000.institution == "Ministry of Foreign Affairs of the People's Republic of China"


def test_seeds_folder_reads_both(seeds_dir: Path) -> None:
    result = read_briefings([seeds_dir])
    assert result.errors == () and result.warnings == ()
    assert [len(b.exchanges) for b in result.briefings] == [16, 12]


def test_parse_briefing_is_deterministic(seeds_dir: Path) -> None:
    doc = read_document(seeds_dir / SEED_001)
    assert parse_briefing(doc) == parse_briefing(doc)
