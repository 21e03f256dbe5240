"""The reading stage's docstring examples run as part of the suite (pytest only collects tests/)."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

MODULES = ["batch", "codes", "cues", "dates", "decode", "document", "html", "labels", "outlets", "sources", "text",
           "turns", "markdown", "whitehouse", "readers", "__init__", "kg.profiles"]  # fmt: skip


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)  # examples read seeds/ relative to the root
    module = importlib.import_module(
        "kg.read" if name == "__init__" else name if name.startswith("kg.") else f"kg.read.{name}"
    )
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0
