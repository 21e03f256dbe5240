"""Where the shared corpora are: one rule for the benchmark, the trainers, the development tools and the tests.

A clone has no corpus of its own (its pages come from ``shared/corpus`` beside the clone, never copied into it), so
every whole-corpus figure starts by finding the folder, and each caller used to carry its own copy of the rule.

- ``$PRESSKG_CORPUS`` names the English ministry corpus (``fmprc-en``); the other corpora are its siblings;
- ``$PRESSKG_WH_CORPUS``, where set, names the White House corpus on its own;
- otherwise ``shared/corpus/<name>`` beside the clone or any folder above it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENGLISH = "fmprc-en"
CHINESE = "fmprc-zh"
WHITE_HOUSE = "whitehouse-en"
CORPORA = (ENGLISH, CHINESE, WHITE_HOUSE)  # the folders of shared/corpus, the first the default corpus
CLONE = Path(__file__).resolve().parent.parent


def find_corpus(name: str = ENGLISH, *, start: Path = CLONE, environ: Mapping[str, str] = os.environ) -> Path | None:
    """The folder of corpus ``name``, or None where there is none (callers skip or stop, saying why).

    >>> import tempfile
    >>> top = Path(tempfile.mkdtemp())
    >>> (top / "shared" / "corpus" / "fmprc-zh").mkdir(parents=True)
    >>> (top / "clone").mkdir()
    >>> find_corpus("fmprc-zh", start=top / "clone", environ={}) == top / "shared" / "corpus" / "fmprc-zh"
    True
    >>> find_corpus("fmprc-en", start=top / "clone", environ={}) is None
    True
    >>> named = {"PRESSKG_CORPUS": str(top / "shared" / "corpus" / "fmprc-en")}
    >>> find_corpus("fmprc-zh", environ=named) == top / "shared" / "corpus" / "fmprc-zh"
    True
    """
    if name == WHITE_HOUSE and environ.get("PRESSKG_WH_CORPUS"):
        named = Path(environ["PRESSKG_WH_CORPUS"])
        return named if named.is_dir() else None
    env = environ.get("PRESSKG_CORPUS")
    if env:
        candidate = Path(env) if name == ENGLISH else Path(env).parent / name
        return candidate if candidate.is_dir() else None
    for parent in [start, *start.parents]:
        candidate = parent / "shared" / "corpus" / name
        if candidate.is_dir():
            return candidate
    return None


def require_corpus(name: str = ENGLISH) -> Path:
    """The folder of corpus ``name``, or SystemExit saying how to name it: for the command-line tools."""
    found = find_corpus(name)
    if found is None:
        raise SystemExit(f"no {name} corpus found: set PRESSKG_CORPUS (the fmprc-en folder) or pass --corpus")
    return found
