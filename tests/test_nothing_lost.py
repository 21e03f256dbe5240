"""Nothing lost: a build killed mid-way (SIGKILL) leaves the previous store and exports intact, and the next
build gives the same triples as an uninterrupted one; queries during a build get one generation's answer,
or "store is busy" while the very first build runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.api import build, query
from kg.errors import StoreError
from kg.export.outputs import EXPORTS_FOLDER
from kg.pipeline import EXPORT_STAMP
from kg.store import GENERATIONS, current_generation, open_embedded

ROOT = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b a pk:Briefing }"


def quads(out: Path) -> list[str]:
    return sorted(str(q) for q in open_embedded(out).store)


def _start_build(paths: list[Path], out: Path) -> subprocess.Popen[bytes]:
    """A build in its own process (and process group, so that its workers go down with it)."""
    code = "import sys; from kg.api import build; build(sys.argv[2:], out=sys.argv[1], workers=2)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(
        [sys.executable, "-c", code, str(out), *map(str, paths)], env=env, start_new_session=True, cwd=ROOT
    )


def _kill(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def _wait_for(condition: object, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        assert process.poll() is None, "the build ended before the point the test waits for"
        time.sleep(0.005)
    raise AssertionError("timed out")


def _exports(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("graph.*"))}


# The second build's pages: enough for a build of two workers (kg.pipeline.MIN_PER_WORKER each) that lasts well
# over a second, so that a test sees it mid-way (the tests assert they did: killed while its generation is partial,
# queries answered by the old generation and told the store is busy); the whole sample (64 pages) made the file's
# four tests cost 28.6 s of CPU (user+sys, children included), these 16 pages 16.4 s.
SECOND_PAGES = 16


@pytest.fixture
def inputs(seeds_dir: Path, sample_dir: Path) -> tuple[list[Path], list[Path]]:
    """A first build (the seeds), and a second, larger one that the test kills."""
    return [seeds_dir], [seeds_dir, *sorted(sample_dir.glob("*.html"))[:SECOND_PAGES]]


def test_sigkill_mid_build_loses_nothing(inputs: tuple[list[Path], list[Path]], tmp_path: Path) -> None:
    first, second = inputs
    out = tmp_path / "out"
    build(first, out=out)
    generation, before, exports = current_generation(out), quads(out), _exports(out)
    assert set(exports) == {"graph.ttl", "graph.trig", "graph.jsonld", "graph.html"}

    process = _start_build(second, out)
    # Kill it while it writes the new generation: the workers are extracting into the bulk loader.
    _wait_for(lambda: any(p.name.endswith(".partial") for p in (out / GENERATIONS).iterdir()), process)
    _kill(process)

    assert current_generation(out) == generation
    assert quads(out) == before
    assert _exports(out) == exports
    assert query(COUNT, out=out).values() == [{"n": 2}]

    again = build(second, out=out)
    assert again.ok
    uninterrupted = tmp_path / "uninterrupted"
    build(second, out=uninterrupted)
    assert quads(out) == quads(uninterrupted)
    assert not any(p.name.endswith(".partial") for p in (out / GENERATIONS).iterdir())
    for name, data in _exports(uninterrupted).items():
        if name not in ("graph.jsonld", "graph.html"):  # node order may differ; the triples are compared above
            assert sorted((out / name).read_bytes().splitlines()) == sorted(data.splitlines()), name


def test_exports_missing_from_a_generation_are_written(inputs: tuple[list[Path], list[Path]], tmp_path: Path) -> None:
    # A generation without its exports' stamp (written by an older presskg, or its exports damaged): the next
    # build, even with nothing to extract, writes them into it again.
    first, _ = inputs
    out = tmp_path / "out"
    build(first, out=out, exports=("nq",))
    generation = current_generation(out)
    assert generation is not None
    (generation / EXPORTS_FOLDER / EXPORT_STAMP).unlink()
    (out / "graph.nq").write_text("", encoding="utf-8")
    again = build(first, out=out, exports=("nq",))
    assert again.extracted == 0
    assert len((out / "graph.nq").read_text(encoding="utf-8").splitlines()) == again.triples
    assert (out / "graph.nq").resolve().parent == generation / EXPORTS_FOLDER


def test_queries_during_a_build_see_one_generation(inputs: tuple[list[Path], list[Path]], tmp_path: Path) -> None:
    first, second = inputs
    out = tmp_path / "out"
    build(first, out=out, exports=())
    process = _start_build(second, out)
    answers: set[str] = set()
    try:
        while process.poll() is None:
            answers.add(str(query(COUNT, out=out).values()[0]["n"]))
    finally:
        if process.poll() is None:
            _kill(process)
    assert process.returncode == 0
    final = str(query(COUNT, out=out).values()[0]["n"])
    assert int(final) > 2
    assert answers <= {"2", final}  # the old generation's answer or the new one's, never a mix
    assert "2" in answers  # queries ran while the build did (the old generation answered them)


def test_the_first_build_makes_queries_wait(inputs: tuple[list[Path], list[Path]], tmp_path: Path) -> None:
    _, second = inputs
    out = tmp_path / "out"
    process = _start_build(second, out)
    seen: set[str] = set()
    try:
        _wait_for(lambda: (out / ".build.lock").exists(), process)
        while process.poll() is None:
            try:
                query(COUNT, out=out)
                seen.add("answer")
            except StoreError as err:
                seen.add(err.code)
                assert err.code in ("E303", "E307", "E301"), err
                if err.code in ("E303", "E307"):
                    assert "busy" in str(err)
    finally:
        if process.poll() is None:
            _kill(process)
    assert seen & {"E303", "E307"}
