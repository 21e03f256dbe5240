"""The supervised query engine behind ``kg serve`` (issue 11, case 1): a worker that dies, idle or mid-query,
is replaced, and the engine goes on answering."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.api import build
from kg.engine import Limits, QueryEngine
from kg.errors import KGError
from kg.store import current_generation

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def generation(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("engine") / "out"
    build([seeds_dir], out=out, exports=())
    found = current_generation(out)
    assert found is not None
    return found


@pytest.fixture
def engine() -> Iterator[QueryEngine]:
    running = QueryEngine(2, Limits(timeout=20))
    try:
        yield running
    finally:
        running.close()


def _count(engine: QueryEngine, generation: Path) -> int:
    answer = engine.run(generation, COUNT)
    return int(answer.data.decode().split()[1].split("^^")[0].strip('"'))


def test_idle_workers_killed_from_outside_are_replaced_without_an_error(engine: QueryEngine, generation: Path) -> None:
    total = _count(engine, generation)
    for pid in engine.pids():
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    assert [_count(engine, generation) for _ in range(4)] == [total] * 4
    assert len(engine.pids()) == 2


def test_a_worker_that_dies_after_the_job_was_sent_but_before_it_took_it_is_replaced_without_an_error(
    engine: QueryEngine, generation: Path
) -> None:
    # A stopped worker looks alive and its socket takes the job: as one killed while idle does during a core dump.
    total = _count(engine, generation)
    before = engine.pids()
    for pid in before:
        os.kill(pid, signal.SIGSTOP)
    answers: list[int] = []
    thread = threading.Thread(target=lambda: answers.append(_count(engine, generation)))
    thread.start()
    time.sleep(0.5)  # the job waits in a stopped worker's socket
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    thread.join(30)
    assert answers == [total]


def test_a_worker_that_dies_mid_query_is_one_coded_error_and_the_engine_goes_on(
    engine: QueryEngine, generation: Path
) -> None:
    total = _count(engine, generation)
    before = set(engine.pids())
    failure: list[KGError] = []

    def ask() -> None:
        try:
            engine.run(generation, CROSS)
        except KGError as exc:
            failure.append(exc)

    thread = threading.Thread(target=ask)
    thread.start()
    time.sleep(1.0)  # the cross join is running on one worker
    busy = [pid for pid in before if _cpu_ticks(pid) > 0]
    for pid in busy:
        os.kill(pid, signal.SIGSEGV)  # as a stack overflow in Oxigraph would end it
    thread.join(30)
    assert [e.code for e in failure] == ["E434"]
    assert _count(engine, generation) == total
    deadline = time.monotonic() + 10
    while len(engine.pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(engine.pids()) == 2 and set(engine.pids()) != before


def _cpu_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def test_a_worker_whose_parent_is_already_gone_ends_itself() -> None:
    # The pid given is not the worker's parent: as if the fork server had ended between the fork and the worker's
    # first line (the engine killed while it started a worker). Without the pid the worker would wait on forever.
    import multiprocessing

    from kg.engine import _worker_main

    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    worker = context.Process(target=_worker_main, args=(theirs, os.getpid() + 1_000_000))
    worker.start()
    worker.join(30)
    ours.close()
    assert worker.exitcode == -signal.SIGKILL


ENGINE = """
from pathlib import Path
import sys
from kg.engine import Limits, QueryEngine
engine = QueryEngine(2, Limits(timeout=600))
print("ready", flush=True)
engine.run(Path(sys.argv[1]), sys.argv[2])
"""


def test_an_engine_killed_mid_query_leaves_no_process(generation: Path) -> None:
    # SIGKILL mid-query: the busy worker had held the fork server open, and both ran on, the query with no clock.
    import subprocess
    import sys

    import psutil

    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(
        [sys.executable, "-c", ENGINE, str(generation), CROSS], stdout=subprocess.PIPE, env=env, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    children = psutil.Process(process.pid).children(recursive=True)
    start = {child.pid: _cpu_ticks(child.pid) for child in children}
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not any(_cpu_ticks(pid) > ticks + 30 for pid, ticks in start.items()):
        time.sleep(0.1)  # until the cross join has run for a while
    process.kill()
    process.wait(timeout=10)
    _, alive = psutil.wait_procs(children, timeout=10)
    for child in alive:
        child.kill()
    assert children and not alive, [child.cmdline()[:3] for child in alive]
