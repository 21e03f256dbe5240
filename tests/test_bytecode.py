"""presskg's modules are compiled to bytecode at set-up (the Makefile's ``bytecode``, the benchmark's
``compile_presskg``), so that a new process reads them instead of compiling them from source: an editable install
is never compiled, and PYTHONDONTWRITEBYTECODE (set in this project's environment) stops Python caching them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import load_script

ROOT = Path(__file__).resolve().parent.parent


def test_after_the_benchmarks_set_up_a_new_process_compiles_no_presskg_module() -> None:
    bench = load_script("bench/run.py", "bench_run")
    assert bench.compile_presskg() == sum(1 for _ in (ROOT / "kg").rglob("*.py"))  # type: ignore[attr-defined]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    found = subprocess.run(
        [sys.executable, "-v", "-c", "import kg.cli, kg.extract.positions"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    # `python -v` names where each module's code object came from: its .py (compiled now) or its bytecode file.
    kg_folder = str(ROOT / "kg")
    loaded = [line for line in found.stderr.splitlines() if line.startswith("# code object from") and kg_folder in line]
    from_source = [line for line in loaded if "__pycache__" not in line]
    assert not from_source, from_source[:3]
    assert len(loaded) > 50


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_every_make_target_that_runs_presskg_compiles_it_first() -> None:
    for target in ("build", "test", "bench"):
        planned = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        commands = [line for line in planned.splitlines() if line.strip()]
        compiling = next(i for i, line in enumerate(commands) if "-m compileall" in line and " kg" in line)
        runs = ("kg build", "-m pytest", "bench/run.py")
        running = next(i for i, line in enumerate(commands) if any(command in line for command in runs))
        assert compiling < running, (target, commands)
