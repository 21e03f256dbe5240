"""Issue 11, case 12: a damaged view index (``<generation>.views.sqlite``) gives a one-line coded error, or the
answer the undamaged store gives, never a traceback.

A file of garbage is recognised (no index of this format: the queries run as SPARQL); damage inside a valid
SQLite file (a dropped table, a record that is not JSON or lacks its fields) is E319, whose hint says
``kg build --full`` rebuilds the index.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.api import build
from kg.store import current_generation
from kg.viewindex import views_path

ROOT = Path(__file__).resolve().parent.parent


def _garbage(path: Path) -> None:
    path.write_bytes(b"garbage" * 1000)


def _bad_json(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE briefing SET facts = ?", (b'{"briefing": "x", "da',))


def _missing_fields(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE briefing SET facts = ?", (b'{"briefing": "x"}',))


def _no_table(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE briefing")


DAMAGE: list[object] = [
    pytest.param(_garbage, id="garbage"),
    pytest.param(_bad_json, id="bad-json"),
    pytest.param(_missing_fields, id="missing-fields"),
    pytest.param(_no_table, id="no-table"),
]


@pytest.fixture(scope="module")
def built(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("views") / "out"
    build([seeds_dir], out=out, exports=())
    return out


def _kg(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from kg.cli import main; main(sys.argv[1:])"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=False)


# The whole store's answer comes from the totals made at commit; a filtered one walks the briefing records.
QUERIES = [
    pytest.param([], id="whole-store"),
    pytest.param(["--param", "lang=en"], id="filtered"),
]


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("params", QUERIES)
def test_a_damaged_view_index_is_a_coded_error_or_the_same_answer(
    damage: Callable[[Path], None], params: list[str], built: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    command = ["query", "--name", "view-outlet-topic", "--format", "csv", "--store", str(out), *params]
    sound = _kg(*command)
    assert sound.returncode == 0, sound.stderr
    generation = current_generation(out)
    assert generation is not None
    damage(views_path(generation))
    damaged = _kg(*command)
    assert "Traceback" not in damaged.stderr, damaged.stderr[-400:]
    if damaged.returncode == 0:
        assert damaged.stdout == sound.stdout
    else:
        assert "[E" in damaged.stderr and "--full" in damaged.stderr
