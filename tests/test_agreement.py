"""Agreement between two annotations (kg.agreement, `kg eval --other`): identical files agree fully, a reading
that drops or changes positions loses exactly what it changed, and the command prints the same figures."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.agreement import agreement
from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "gold-a.jsonl"


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_file_agrees_with_itself() -> None:
    result = agreement([GOLD], [GOLD])
    assert result.found_exchanges == result.gold_exchanges > 50
    assert all(s.fp == s.fn == 0 for s in result.scores.values())
    assert result.outlet_accuracy == 1.0


def test_a_changed_reading_loses_what_it_changed(tmp_path: Path) -> None:
    rows = _rows(GOLD)
    exchanges = [r for r in rows if r["kind"] == "exchange" and r["positions"]]
    first, second = exchanges[0], exchanges[1]
    dropped = len({p["act"] for p in first["positions"]})  # type: ignore[union-attr]
    first["positions"] = []
    second["positions"] = [dict(p, target="NZL") for p in second["positions"]]  # type: ignore[union-attr]
    other = _write(tmp_path / "other.jsonl", rows)
    result = agreement([GOLD], [other])
    acts, pairs = result.scores["acts"], result.scores["act_targets"]
    assert acts.fp == 0 and acts.fn == dropped
    assert pairs.fp == len({(p["act"], "NZL") for p in second["positions"]})  # type: ignore[union-attr]
    # The same figures from the command, the gold as reference.
    printed = CliRunner().invoke(main, ["eval", "--json", "--gold", str(GOLD), "--other", str(other)])
    assert printed.exit_code == 0, printed.output
    scores = json.loads(printed.output)
    assert (scores["acts"]["fn"], scores["act_targets"]["fp"]) == (acts.fn, pairs.fp)


def test_an_exchange_the_other_lacks_counts_as_missed(tmp_path: Path) -> None:
    rows = _rows(GOLD)
    index = next(i for i, r in enumerate(rows) if r["kind"] == "exchange" and r["positions"])
    missing = rows.pop(index)
    result = agreement([GOLD], [_write(tmp_path / "other.jsonl", rows)])
    assert result.found_exchanges == result.gold_exchanges - 1
    assert result.scores["acts"].fn == len({p["act"] for p in missing["positions"]})  # type: ignore[union-attr]
