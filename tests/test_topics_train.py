"""``tests/dev/topics-train/``: the readers' topics of the training pages cover each page's every exchange, once,
with topics of the project's scheme."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.ontology import load_ontology, topic_scheme

DEV = Path(__file__).resolve().parent / "dev"
BATCHES = sorted((DEV / "topics-train").glob("topics-train-*.jsonl"))


def _exchanges_per_page(acts_train: Path) -> dict[str, int]:
    rows = (json.loads(line) for line in acts_train.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["doc"]: row["exchanges"] for row in rows if row["kind"] == "doc"}


@pytest.mark.parametrize("batch", BATCHES, ids=lambda p: p.stem)
def test_every_exchange_of_the_batchs_pages_has_one_line_of_known_topics(batch: Path) -> None:
    rows = [json.loads(line) for line in batch.read_text(encoding="utf-8").splitlines() if line.strip()]
    expected = _exchanges_per_page(DEV / "train" / batch.name.replace("topics-train", "acts-train"))
    assert Counter(row["doc"] for row in rows) == Counter(expected)
    for doc, count in expected.items():
        assert sorted(row["n"] for row in rows if row["doc"] == doc) == list(range(1, count + 1)), doc
    known = set(topic_scheme(load_ontology()).notations.values())
    assert {topic for row in rows for topic in row["topics"]} <= known


def test_the_four_batches_are_there() -> None:
    assert [p.name for p in BATCHES] == [f"topics-train-{k}.jsonl" for k in range(1, 5)]
