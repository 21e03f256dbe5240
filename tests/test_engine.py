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
