"""tools/score_topics_readers.py: readers' topic files tied to the extractor's exchanges and scored, pooled and by
topic, with each error classed."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from conftest import load_script

from kg.extract import extract
from kg.read import read_briefings

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "tests" / "data" / "fmprc-en"


def _tool() -> ModuleType:
    return load_script("tools/score_topics_readers.py", "score_topics_readers")


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_readers_lines_are_tied_by_number_and_scored_against_the_extractor(tmp_path: Path) -> None:
    tool = _tool()
    briefing = sorted(read_briefings([FOLDER]).briefings, key=lambda b: b.source.name)[0]
    name = briefing.source.name
    topics = extract(briefing).topics
    got = {ex.ordinal: sorted({t.topic for t in topics if t.unit == f"e{ex.ordinal}"}) for ex in briefing.exchanges}
    assert len(got) >= 3 and got[1], "the first exchange of the page has topics"
    pages: list[dict[str, object]] = [{"kind": "doc", "doc": name}]
    pages += [
        {"kind": "exchange", "doc": name, "n": ex.ordinal, "question_start": ex.question.text[:50]}
        for ex in briefing.exchanges
    ]
    # The reader agrees on every exchange but the first, where a topic the extractor never gives replaces its own.
    lines = [{"doc": name, "n": n, "topics": t} for n, t in got.items() if n > 1]
    lines.append({"doc": name, "n": 1, "topics": ["olympics_sports"]})  # written out of order: rows are sorted
    starts = tool.question_starts([_write(tmp_path / "pages.jsonl", pages)])
    rows = tool.reader_rows([_write(tmp_path / "r.jsonl", lines)], starts)
    assert [r["n"] for r in rows[name]] == sorted(got)
    tally = tool.tally(tool.reader_docs(rows, FOLDER))
    expected_tp = sum(len(t) for n, t in got.items() if n > 1)
    assert tally.tied == len(got)
    assert (tally.total.tp, tally.total.fp, tally.total.fn) == (expected_tp, len(got[1]), 1)
    assert tally.per_topic["olympics_sports"].fn == 1
    assert {e[0] + " " + e[3].split(":")[0] for e in tally.errors} == {"FP scope", "FN scope"}
    assert tool.classes(tally) == {"FN scope": (1, 1), "FP scope": (len(got[1]), 1)}


def test_a_line_no_page_file_numbers_is_an_error(tmp_path: Path) -> None:
    tool = _tool()
    with pytest.raises(SystemExit, match=r"exchange 7 of x\.html"):
        tool.reader_rows([_write(tmp_path / "r.jsonl", [{"doc": "x.html", "n": 7, "topics": []}])], {})


def test_error_classes() -> None:
    tool = _tool()
    assert tool.error_class("FP", True, True, False) == "passing"
    assert tool.error_class("FN", True, False, True) == "below-bars"
    assert tool.error_class("FN", False, False, True) == "no-cue"
    assert tool.error_class("FN", True, True, True) == "scope"
