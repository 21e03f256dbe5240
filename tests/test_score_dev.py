"""``tools/score_dev.py``: the development sets' scorer pools several gold files as one set."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDS = ["tests/gold/gold-b.jsonl", "tests/gold/gold-c.jsonl"]


def _totals(*golds: str) -> list[list[int]]:
    args = [arg for gold in golds for arg in ("--gold", gold)]
    done = subprocess.run(
        [sys.executable, "tools/score_dev.py", *args, "--corpus", "tests/data/fmprc-en", "--quiet"],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        [int(n) for n in re.split(r"\s+", line)[1:4]] for line in done.stdout.splitlines() if line.startswith("ALL")
    ]


def test_pooled_golds_count_the_exchanges_of_each() -> None:
    first, second, pooled = _totals(GOLDS[0]), _totals(GOLDS[1]), _totals(*GOLDS)
    assert len(pooled) == 2  # acts, then (act, target)
    assert pooled == [[a + b for a, b in zip(x, y, strict=True)] for x, y in zip(first, second, strict=True)]
    assert all(row[0] > 0 for row in pooled)
