"""The package builds without a warning: the metadata is prepared as `pip install` prepares it, warnings as errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PREPARE = "from setuptools import build_meta; print(build_meta.prepare_metadata_for_build_wheel('meta'))"


def _prepare(tree: Path) -> subprocess.CompletedProcess[str]:
    (tree / "meta").mkdir()
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", PREPARE], cwd=tree, capture_output=True, text=True, timeout=300
    )


def _copy(tmp_path: Path, pyproject: str) -> Path:
    tree = tmp_path / "presskg"
    shutil.copytree(ROOT / "kg", tree / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "README.md", tree / "README.md")
    (tree / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return tree


def test_metadata_builds_without_a_warning(tmp_path: Path) -> None:
    pytest.importorskip("setuptools", minversion="77")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    done = _prepare(_copy(tmp_path, pyproject))
    assert done.returncode == 0, done.stderr[-2000:]
    metadata = next((tmp_path / "presskg" / "meta").glob("*.dist-info/METADATA")).read_text(encoding="utf-8")
    assert "License-Expression: MIT" in metadata
    assert tomllib.loads(pyproject)["project"]["license"] == "MIT"


def test_the_deprecated_license_table_is_caught(tmp_path: Path) -> None:
    pytest.importorskip("setuptools", minversion="77")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in pyproject
    done = _prepare(_copy(tmp_path, pyproject.replace('license = "MIT"', 'license = { text = "MIT" }')))
    assert done.returncode != 0 and "project.license" in done.stderr
