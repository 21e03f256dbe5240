"""Docstring examples are run once, by pytest itself (pyproject: ``--doctest-modules`` with ``kg`` among the
testpaths, from the project's root, where the examples find ``seeds/``); this file checks that the set-up that
runs them is in place and that the modules whose examples document them still have some."""

from __future__ import annotations

import doctest
import importlib
import shlex
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    *(f"kg.read.{name}" for name in ("batch", "codes", "cues", "dates", "decode", "document", "html", "labels",
                                     "outlets", "sources", "text", "turns", "markdown", "whitehouse",
                                     "readers")),
    *(f"kg.extract.positions.{name}" for name in ("actors", "assembly", "frames", "lexicon", "targets", "turn")),
    "kg.read", "kg.extract.positions", "kg.ontology", "kg.namespace", "kg.gazetteer",
    "kg.profiles",
]  # fmt: skip


def test_pytest_collects_the_docstring_examples_of_kg() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in shlex.split(options["addopts"])
    assert "kg" in options["testpaths"]


@pytest.mark.parametrize("name", MODULES)
def test_module_has_docstring_examples(name: str) -> None:
    found = doctest.DocTestFinder().find(importlib.import_module(name))
    assert sum(len(test.examples) for test in found) > 0
