"""Every gold and development file in the gold format (``shared/spec/annotation.md``) is well formed: each page's
exchange lines are as many as its doc line says, each has the start of its question, and its acts and topics are the
scheme's (a typo in an act would silently count as a miss and a false positive)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.ontology import act_scheme, load_ontology, topic_scheme

TESTS = Path(__file__).resolve().parent


def _gold_format_files() -> list[Path]:
    found = []
    for path in sorted([*(TESTS / "gold").rglob("*.jsonl"), *(TESTS / "dev").rglob("*.jsonl")]):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if first.strip() and json.loads(first).get("kind") == "doc":
            found.append(path)
    return found


FILES = _gold_format_files()


def test_the_gold_format_files_are_found() -> None:
    names = {p.relative_to(TESTS).as_posix() for p in FILES}
    assert {"dev/zh/zh-train-1.jsonl", "dev/train/acts-train-1.jsonl", "gold/gold-a.jsonl"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_a_gold_file_is_well_formed(path: Path) -> None:
    onto = load_ontology()
    acts, topics = set(act_scheme(onto).notations.values()), set(topic_scheme(onto).notations.values())
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    declared = {row["doc"]: row.get("exchanges") for row in rows if row["kind"] == "doc"}
    exchanges = [row for row in rows if row["kind"] == "exchange"]
    counted = Counter(row["doc"] for row in exchanges)
    assert set(counted) <= set(declared), "an exchange of a page with no doc line"
    for doc, count in declared.items():
        assert count is None or counted[doc] == count, (
            f"{doc}: {counted[doc]} exchange lines, the doc line says {count}"
        )
    for row in exchanges:
        where = f"{row['doc']} e{row['n']}"
        assert str(row["question_start"]).strip(), where
        assert {p["act"] for p in row.get("positions") or []} <= acts, where
        assert set(row.get("topics") or []) <= topics, where
