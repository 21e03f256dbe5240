"""A child started by a build dies with it, even when the build dies before the child has asked to (the crash
matrix's "read" phase: the build killed while its pool's workers were still starting)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import os, signal, sys, time
from kg.process import die_with_parent
die_with_parent(signal.SIGKILL, parent=int(sys.argv[1]))
print("alive", flush=True)
"""


def _run(parent: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(parent)], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_a_child_whose_parent_is_already_gone_ends_itself() -> None:
    # The pid given is not this child's parent (this test process is): as if the parent had died before the call.
    gone = _run(parent=os.getpid() + 1_000_000)
    assert gone.returncode == -signal.SIGKILL and "alive" not in gone.stdout


def test_a_child_whose_parent_lives_goes_on() -> None:
    kept = _run(parent=os.getpid())
    assert kept.returncode == 0 and kept.stdout.strip() == "alive", kept.stderr


def test_pool_workers_are_told_this_process() -> None:
    from kg.process import die_with_this_process

    assert die_with_this_process() == (signal.SIGKILL, os.getpid())
