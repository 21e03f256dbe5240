"""The transfer check (tests/zhtransfer.py) holds its floor: Chinese extraction scored against the English tuning gold
carried over through the alignment (23 briefings, 247 exchanges linked one to one when the corpus is present).

Floors: the figures measured at the end of issue 14's fourth round (topics 0.751, acts 0.806, pairs 0.634; at the
start of the second round topics 0.726, acts 0.722, pairs 0.544), less a small margin; raise them as extraction
improves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import Evaluation
from tests.conftest import CHINESE_CORPUS, corpus_missing, find_corpus
from tests.zhtransfer import CHINESE_SAMPLE, chinese_pages, one_to_one, transfer

FLOORS = {"countries": 0.94, "topics": 0.73, "acts": 0.78, "act_targets": 0.61}


@pytest.fixture(scope="module")
def carried() -> Evaluation:
    corpus = find_corpus(CHINESE_CORPUS)
    if corpus is None:
        corpus_missing("the Chinese corpus (shared/corpus/fmprc-zh) is absent: most originals are only there")
    return transfer((CHINESE_SAMPLE, corpus))


def test_transfer_covers_the_english_gold(carried: Evaluation) -> None:
    assert carried.documents >= 20
    assert carried.gold_exchanges >= 230
    assert carried.found_exchanges == carried.gold_exchanges


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_transfer_floor(carried: Evaluation, field: str) -> None:
    assert carried.scores[field].f1 >= FLOORS[field], f"{field}: {carried.scores[field].f1:.3f}"


def test_one_to_one_drops_split_and_merged_links() -> None:
    assert one_to_one([(1, 1), (2, 2), (3, 2), (4, 4), (4, 5), (6, 6)]) == {1: 1, 6: 6}


def test_chinese_pages_by_date() -> None:
    pages = chinese_pages({"2019-08-02"}, (CHINESE_SAMPLE, Path("/nonexistent")))
    assert [p.name for p in pages] == ["t1685719.html"]
