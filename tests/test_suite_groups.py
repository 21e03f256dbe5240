"""How ``make test`` deals the suite to pytest-xdist's workers (``--dist loadgroup``, tests/conftest.py): each file
is one unit unless its tests name a group; every test that uses the session's whole-corpus build names the same
group, so one worker builds the corpus once; the units that read a whole corpus come first, each unit whole and in
its order. Checked on a real collection of three files, in a process of its own, and dealt by pytest-xdist to two
workers that run none of the tests (a recorder ends each test's protocol before it starts)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS_BUILD

ROOT = Path(__file__).resolve().parent.parent
FILES = ["tests/test_read_seeds.py", "tests/test_build_cli.py", "tests/test_views_browser.py"]
RECORDER = """
import json, os
import pytest

@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    rows = []
    for item in items:
        mark = item.get_closest_marker("xdist_group")
        rows.append([item.nodeid, mark.args[0] if mark else None, sorted(getattr(item, "fixturenames", ()))])
    with open(os.environ["GROUPS_OUT"] + os.environ.get("PYTEST_XDIST_WORKER", ""), "w") as out:
        json.dump(rows, out)

@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return None
    with open(os.environ["GROUPS_OUT"] + ".dealt", "a") as out:  # one short line per write: appended whole
        out.write(json.dumps([os.environ["PYTEST_XDIST_WORKER"], item.nodeid]) + "\\n")
    return True  # the test is not run
"""


def _collect(tmp_path: Path, *options: str) -> list[tuple[str, str | None, list[str]]]:
    (tmp_path / "group_recorder.py").write_text(RECORDER, encoding="utf-8")
    out = tmp_path / "groups.json"
    path = os.pathsep.join(filter(None, [str(tmp_path), str(ROOT), os.environ.get("PYTHONPATH")]))
    # Not the outer run's xdist variables: under `make test` this test runs in a worker, and an inherited
    # PYTEST_XDIST_WORKER would make the inner, unsplit run write its groups under that worker's name.
    outer = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_XDIST_", "PYTEST_CURRENT_TEST"))}
    env = {**outer, "GROUPS_OUT": str(out), "PYTHONPATH": path}
    command = [sys.executable, "-m", "pytest", "-p", "group_recorder", "-p", "no:cacheprovider"]
    done = subprocess.run(
        [*command, "-q", *options, *FILES], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode in (0, 5), done.stdout[-2000:] + done.stderr[-2000:]  # 5: no test ran (the recorder's)
    written = out.with_name(out.name + "gw0") if "-n" in options else out
    return [(nodeid, group, fixtures) for nodeid, group, fixtures in json.loads(written.read_text(encoding="utf-8"))]


def _dealt(tmp_path: Path) -> dict[str, list[str]]:
    """Each worker's tests, in the order it was given them."""
    workers: dict[str, list[str]] = {}
    for line in (tmp_path / "groups.json.dealt").read_text(encoding="utf-8").splitlines():
        worker, nodeid = json.loads(line)
        workers.setdefault(worker, []).append(nodeid)
    return workers


@pytest.mark.skipif(importlib.util.find_spec("xdist") is None, reason="pytest-xdist (the dev extra) is not installed")
def test_loadgroup_keeps_files_whole_shares_the_corpus_build_and_sends_it_first(tmp_path: Path) -> None:
    rows = _collect(tmp_path, "-n", "2", "--dist", "loadgroup", "--no-loadscope-reorder")
    groups = [group for _nodeid, group, _fixtures in rows]
    assert None not in groups  # every test is in a group
    users = [(nodeid, group) for nodeid, group, fixtures in rows if "corpus_build" in fixtures]
    assert {n.split("::")[0] for n, _g in users} == {"tests/test_build_cli.py", "tests/test_views_browser.py"}
    assert all(group == CORPUS_BUILD for _n, group in users), users  # one worker builds the corpus, once
    for nodeid, group, _fixtures in rows:
        if group != CORPUS_BUILD:
            assert group == nodeid.split("::")[0], nodeid  # the rest of a file stays with its file
    runs = [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
    assert len(runs) == len(set(runs)), runs  # each group's tests one after another
    assert runs[0] == CORPUS_BUILD  # the whole-corpus unit first, though its files are collected later
    # Dealt as grouped (pytest 9.2's ids no longer take pytest-xdist's group suffix: tests/xdist_groups.py): every
    # test to one worker, each group's tests all to the same one, the whole-corpus unit first.
    group_of = {nodeid: group for nodeid, group, _fixtures in rows}
    dealt = _dealt(tmp_path)
    assert sorted(n for tests in dealt.values() for n in tests) == sorted(group_of)
    owner = {group_of[n]: worker for worker, tests in dealt.items() for n in tests}
    assert all(owner[group_of[n]] == worker for worker, tests in dealt.items() for n in tests), dealt
    assert len(dealt) == 2 and any(group_of[tests[0]] == CORPUS_BUILD for tests in dealt.values()), dealt
    plain = _collect(tmp_path, "--collect-only")  # without --dist loadgroup: the order as collected, the groups named
    assert sorted(n for n, _g, _f in plain) == sorted(n for n, _g, _f in rows)
    files = [n.split("::")[0] for n, _g, _f in plain]
    assert [f for i, f in enumerate(files) if i == 0 or files[i - 1] != f] == FILES
    assert {g for _n, g, _f in plain} == {None, CORPUS_BUILD}
