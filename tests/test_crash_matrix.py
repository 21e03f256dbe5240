"""The crash matrix: a build SIGKILLed at each phase (read, extract, load, index, export, swap) leaves the store,
``kg stats``, ``kg query`` and every export describing one generation (the one before it), no child process
behind, and a next build that starts at once, cleans up after it and equals a clean build.

The kill comes from inside the build (the phase's function is wrapped to SIGKILL its own process), so that each
phase is hit for sure, on the seeds and a few sample pages.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.api import build, query, stats
from kg.errors import ExportError
from kg.export import outputs
from kg.export.outputs import EXPORT_STAMP, EXPORTS_FOLDER
from kg.store import GENERATIONS, STORE_LINK, current_generation, open_embedded

ROOT = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b a pk:Briefing }"
EXPORTS = ("turtle", "nq")
PAGES = 8  # with the two seeds, enough briefings for the build to use a pool of two workers

# Per phase: the code that arms the kill in the build's process, before it starts.
_KILL = "os.kill(os.getpid(), signal.SIGKILL)"
PHASES = {
    "read": f"""
real = pipeline.read_briefings
def read_briefings(*a, **k):
    {_KILL}
pipeline.read_briefings = read_briefings
""",
    # The workers are still extracting when the build dies: they must die with it.
    "extract": f"""
def load(store, extracted, total, progress=None):
    next(extracted)
    {_KILL}
pipeline.load_extracted = load
""",
    "load": f"""
real = pipeline.load_extracted
def load(*a, **k):
    real(*a, **k)
    {_KILL}
pipeline.load_extracted = load
""",
    "index": f"""
real = commit.COMMIT_STEPS["view index"]
def index(*a):
    real(*a)
    {_KILL}
commit.COMMIT_STEPS["view index"] = index
""",
    # The overview page is being written by a child process (made slow here) when the build dies.
    "export": f"""
outputs.PARALLEL_OVERVIEW_GRAPHS = 1
real_overview = outputs._write_overview_of
def slow_overview(*a):
    time.sleep(120)
outputs._write_overview_of = slow_overview
real = outputs.write_rdf_formats
def rdf(*a, **k):
    real(*a, **k)
    time.sleep(0.5)
    {_KILL}
outputs.write_rdf_formats = rdf
""",
    "swap": f"""
def swap(*a):
    {_KILL}
store._swap_link = swap
""",
}


def _killed_build(phase: str, paths: list[Path], out: Path) -> int:
    """Run a build that SIGKILLs itself at ``phase``; returns its process group's id."""
    code = (
        "import os, signal, sys, time\n"
        "from kg import commit, pipeline, store\n"
        "from kg.export import outputs\n"
        f"{PHASES[phase]}\n"
        f"pipeline.build(sys.argv[2:], out=sys.argv[1], workers=2, exports={EXPORTS!r})\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(out), *map(str, paths)], env=env, start_new_session=True, cwd=ROOT
    )
    assert process.wait(timeout=300) == -signal.SIGKILL, f"the build was not killed at {phase}"
    return process.pid


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _state(out: Path) -> dict[str, object]:
    """What a user sees of ``out``: the generation, kg stats, kg query, every export and its stamp."""
    generation = current_generation(out)
    assert generation is not None
    exports = {p.name: p.read_bytes() for p in sorted(out.glob("graph.*"))}
    stamp = json.loads((out / STORE_LINK / EXPORTS_FOLDER / EXPORT_STAMP).read_text(encoding="utf-8"))
    return {
        "generation": generation.name,
        "stamp": stamp["generation"],
        "stats": stats(out=out),
        "query": query(COUNT, out=out).values(),
        "exports": exports,
    }


def _leftovers(out: Path) -> list[str]:
    return [
        str(p.relative_to(out))
        for p in out.rglob("*")
        if p.name.endswith((".tmp", ".partial", ".link")) or p.name.startswith((".piece.", ".ahead-"))
    ]


@pytest.fixture(scope="module")
def inputs(seeds_dir: Path, sample_dir: Path) -> tuple[list[Path], list[Path]]:
    return [seeds_dir], [seeds_dir, *sorted(sample_dir.glob("*.html"))[:PAGES]]


@pytest.fixture(scope="module")
def before(inputs: tuple[list[Path], list[Path]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a first build (the seeds), copied for each kill."""
    out = tmp_path_factory.mktemp("before") / "out"
    build(inputs[0], out=out, exports=EXPORTS)
    return out


@pytest.fixture(scope="module")
def clean(inputs: tuple[list[Path], list[Path]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean build of the second input, uninterrupted."""
    out = tmp_path_factory.mktemp("clean") / "out"
    build(inputs[1], out=out, exports=EXPORTS)
    return out


def _quads(out: Path) -> list[str]:
    return sorted(str(q) for q in open_embedded(out).store)


@pytest.mark.parametrize("phase", list(PHASES))
def test_a_build_killed_at_each_phase_loses_nothing(
    phase: str, inputs: tuple[list[Path], list[Path]], before: Path, clean: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(before, out, symlinks=True)
    was = _state(out)
    assert was["generation"] == was["stamp"]
    assert len(was["exports"]["graph.nq"].splitlines()) == was["stats"]["quads"]  # type: ignore[index]

    pgid = _killed_build(phase, inputs[1], out)
    deadline = time.monotonic() + 10
    while _group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    orphans = _group_alive(pgid)
    if orphans:
        os.killpg(pgid, signal.SIGKILL)  # not left running after the test
    assert not orphans, f"children of the build killed at {phase} outlived it"

    assert _state(out) == was  # the store, kg stats, kg query and every export: the generation before

    started = time.monotonic()
    again = build(inputs[1], out=out, exports=EXPORTS)  # no "store is busy": nothing holds the lock
    assert again.ok
    assert time.monotonic() - started < 120
    assert _quads(out) == _quads(clean)
    now, fresh = _state(out), _state(clean)
    assert now["generation"] == now["stamp"] and now["stats"] == fresh["stats"] and now["query"] == fresh["query"]
    for name, data in fresh["exports"].items():  # type: ignore[attr-defined]
        assert sorted(now["exports"][name].splitlines()) == sorted(data.splitlines()), name  # type: ignore[index]
    assert _leftovers(out) == []
    assert not list((out / GENERATIONS).glob("*.partial"))


def test_a_failed_export_leaves_the_store_and_every_export_as_they_were(
    inputs: tuple[list[Path], list[Path]], before: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Disk full while writing an export: the new generation is discarded whole, the store not switched.
    out = tmp_path / "out"
    shutil.copytree(before, out, symlinks=True)
    was = _state(out)

    def disk_full(*args: object, **kwargs: object) -> None:
        raise ExportError("E602", "cannot write: No space left on device", path=str(out))

    monkeypatch.setattr(outputs, "write_rdf_formats", disk_full)
    with pytest.raises(ExportError):
        build(inputs[1], out=out, exports=EXPORTS)
    assert _state(out) == was
    assert [p.name for p in (out / GENERATIONS).iterdir() if p.is_dir()] == [was["generation"]]


def test_temporaries_of_a_killed_build_go_at_the_next_start(
    inputs: tuple[list[Path], list[Path]], before: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(before, out, symlinks=True)
    left = [
        out / ".graph.ttl.abc123.tmp",
        out / ".piece.x1y2.ttl",
        out / ".store.4242.tmp",
        out / STORE_LINK / EXPORTS_FOLDER / ".graph.nq.q9.tmp",
        out / STORE_LINK / EXPORTS_FOLDER / ".piece.zz.nq",
    ]
    left.append(out / STORE_LINK / EXPORTS_FOLDER / f".{EXPORT_STAMP}.k3.tmp")
    # A view index written ahead while the store compacted (kg.viewindex.prepare_view_index), whole or half-written.
    left += [out / GENERATIONS / ".ahead-k7.views.sqlite", out / GENERATIONS / ".ahead-k8.views.sqlite.tmp"]
    for path in left:
        path.write_bytes(b"x" * 1000)
    theirs = out / ".notes.tmp"  # a file of the user's in the output folder: not ours to remove
    theirs.write_text("mine", encoding="utf-8")
    assert build(inputs[0], out=out, exports=EXPORTS).extracted == 0  # even a build that changes nothing
    assert _leftovers(out) == [".notes.tmp"]
