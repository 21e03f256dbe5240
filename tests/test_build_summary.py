"""The build summary says which counts are this run's and which the store's, and names files unchanged apart
from files refused; `kg remove` prints its own summary."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main


def _row(output: str, label: str) -> list[str]:
    line = next(line for line in output.splitlines() if re.search(rf"[│|] {re.escape(label)} +[│|]", line))
    return [cell.strip() for cell in re.split(r"[│|]", line)[1:-1]]


def test_this_run_beside_the_store(seeds_dir: Path, tmp_path: Path) -> None:
    out, runner = tmp_path / "out", CliRunner()
    first, second = sorted(seeds_dir.glob("*.txt"))
    result = runner.invoke(main, ["build", str(first), "--store", str(out), "--no-export"])
    assert result.exit_code == 0, result.output
    one = _row(result.stdout, "exchanges")[2]
    result = runner.invoke(main, ["build", str(second), "--store", str(out), "--no-export"])
    assert result.exit_code == 0, result.output
    assert "this run" in result.stdout and "in the store" in result.stdout
    assert _row(result.stdout, "briefings")[1:] == ["1", "2"]
    this_run, stored = _row(result.stdout, "exchanges")[1:]
    assert int(stored) == int(this_run) + int(one)
    assert _row(result.stdout, "files extracted")[1] == "1"
    assert _row(result.stdout, "files unchanged (kept as stored)")[1] == "0"
    assert _row(result.stdout, "files refused (not briefings)")[1] == "0"
    result = runner.invoke(
        main, ["build", str(second), str(tmp_path / "missing.txt"), "--store", str(out), "--no-export"]
    )
    assert result.exit_code == 1
    assert _row(result.stdout, "files unchanged (kept as stored)")[1] == "1"
    assert _row(result.stdout, "files refused (not briefings)")[1] == "1"
    assert any(line.startswith("refused: ") and "missing.txt" in line for line in result.stdout.splitlines())

    result = runner.invoke(main, ["remove", first.stem, "--store", str(out), "--no-export"])
    assert result.exit_code == 0, result.output
    assert "kg remove ->" in result.stdout and "kg build" not in result.stdout
    assert _row(result.stdout, "briefings")[1:] == ["1", "1"]
    assert _row(result.stdout, "exchanges")[1:] == ["", this_run]
