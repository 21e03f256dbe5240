"""Positions in real corpus sentences: readiness to cooperate, declining to answer, criticism and rejection as
evaluations of an actor's conduct, warnings, demands, pronoun subjects, denials and contractions.

The cases are data (``tests/cases/position-acts.toml``, commented by what each group shows); each is one test.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.test_positions_language import Pair, pairs

CASES = Path(__file__).resolve().parent / "cases" / "position-acts.toml"
ASKED = "What is your comment?"
KEYS = {"question", "answer", "present", "absent"}


def _pairs(rows: list[list[str]]) -> set[Pair]:
    """``[["reject", "USA"], ["reject"]]`` -> ``{("reject", "USA"), ("reject", None)}``."""
    if any(len(row) not in (1, 2) for row in rows):
        raise ValueError(f"a pair is [act] or [act, target]: {rows}")
    return {(row[0], row[1] if len(row) == 2 else None) for row in rows}


def load_cases(path: Path = CASES) -> list[Any]:
    """Every case of the file as a pytest parameter with the id ``<group>-<n>``; a malformed case fails here."""
    with path.open("rb") as handle:
        groups: dict[str, list[dict[str, Any]]] = tomllib.load(handle)
    params = []
    for group, cases in groups.items():
        for n, case in enumerate(cases, 1):
            if set(case) - KEYS or not {"answer", "present", "absent"} <= set(case):
                raise ValueError(f"{path.name}: {group} case {n} has keys {sorted(case)}, wanted {sorted(KEYS)}")
            question = case.get("question", ASKED)
            params.append(
                pytest.param(
                    question, case["answer"], _pairs(case["present"]), _pairs(case["absent"]), id=f"{group}-{n}"
                )
            )
    return params


@pytest.mark.parametrize(("question", "answer", "present", "absent"), load_cases())
def test_position_acts(question: str, answer: str, present: set[Pair], absent: set[Pair]) -> None:
    found = pairs(answer, question)
    assert present <= found, (present - found, found)
    assert not (absent & found), (absent & found, found)


def test_a_malformed_case_fails(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[warn]]\nanswer = "x"\npresnt = []\nabsent = []\n', encoding="utf-8")
    with pytest.raises(ValueError, match="warn case 1"):
        load_cases(bad)
    bad.write_text('[[warn]]\nanswer = "x"\npresent = [["oppose", "USA", "CHN"]]\nabsent = []\n', encoding="utf-8")
    with pytest.raises(ValueError, match="a pair is"):
        load_cases(bad)
