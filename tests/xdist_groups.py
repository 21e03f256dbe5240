"""The scheduler ``make test`` deals the suite with (``--dist loadgroup``, tests/conftest.py): pytest-xdist's own
reads each test's group from a ``@group`` suffix its workers append to the test's id, a suffix pytest 9.2's
structured ids no longer take (pytest-dev/pytest-xdist#1386: every test dealt on its own, module fixtures made
once per worker, the shared whole-corpus build twice). Here the workers write the group of each test they collected
to a file, and the scheduler, which runs where nothing is collected, reads it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadGroupScheduling


def write_groups(folder: Path, groups: dict[str, str]) -> None:
    """A worker's groups (test id -> group), written whole and renamed into place: one file per worker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    part = folder / f".{worker}.json.part"
    part.write_text(json.dumps(groups), encoding="utf-8")
    part.replace(folder / f"{worker}.json")


def read_groups(folder: Path) -> dict[str, str]:
    """The groups one worker wrote (each worker collects the same tests: pytest-xdist checks it before dealing)."""
    written = sorted(folder.glob("*.json"))
    return json.loads(written[0].read_text(encoding="utf-8")) if written else {}


class GroupScheduling(LoadGroupScheduling):  # type: ignore[misc]
    """pytest-xdist's ``--dist loadgroup`` whose unit is the group the workers wrote (a test their file does not
    name: xdist's own reading of its id), dealt in the order of the workers' collection."""

    def __init__(self, config: pytest.Config, log: Any, folder: Path) -> None:
        super().__init__(config, log)
        self._folder = folder
        self._groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self._groups is None:  # first asked once every worker has collected (and written its file)
            self._groups = read_groups(self._folder)
        return self._groups.get(nodeid) or str(super()._split_scope(nodeid))
