"""A test whose corpus is absent skips on a developer's clone and fails under CI, which always has ``../shared``
beside the clone (``conftest.corpus_missing``): a retraining test that skipped in a helper's worktree once let a
model file that did not reproduce reach ``main``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import corpus_missing

ROOT = Path(__file__).resolve().parent.parent


def test_without_ci_a_missing_corpus_skips_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no fmprc-zh beside the corpus"):
        corpus_missing("no fmprc-zh beside the corpus")


def test_under_ci_a_missing_corpus_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"no fmprc-zh beside the corpus \(CI=true"):
        corpus_missing("no fmprc-zh beside the corpus")


def test_a_corpus_test_fails_under_ci_where_the_corpus_is_not(tmp_path: Path) -> None:
    """A real whole-corpus test, in a pytest run of its own, told to look for the corpus where there is none."""
    test = "tests/test_precision.py::test_sample_from_the_corpus"
    outcomes = {}
    for ci in ("true", ""):
        env = {**os.environ, "CI": ci, "PRESSKG_CORPUS": str(tmp_path / "nowhere" / "fmprc-en")}
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "no:xdist", test],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        outcomes[ci] = (run.returncode, run.stdout)
    assert outcomes["true"][0] == 1 and "1 failed" in outcomes["true"][1], outcomes["true"][1]
    assert outcomes[""][0] == 0 and "1 skipped" in outcomes[""][1], outcomes[""][1]
