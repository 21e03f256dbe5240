"""Issue 11, case 10: each file is read within a hard time and memory budget, in whatever thread the reading
runs; a file over it is refused with a coded error naming it, and the run goes on with the other files."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from kg.process import ChildDied, OverMemory, OverTime, run_bounded, run_each_bounded
from kg.read import batch, html
from kg.read.batch import ReadResult, read_briefings

HEAD = "<!DOCTYPE html><html><head><title>Regular Press Conference on May 11, 2018</title></head><body>"


def huge_page(path: Path, megabytes: int) -> Path:
    """A generated briefing page of about ``megabytes`` MB: long Q/A paragraphs, under the reader's element cap
    (so it is parsed, not refused from its tags)."""
    q = "<p>Q: " + "Will the two sides keep talking about trade and the climate this year? " * 40 + "</p>"
    a = "<p>A: " + "China's position on this question is consistent and clear, and we hope for progress. " * 40
    unit = q + a + "</p>"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD + "<div class='content'>")
        for _ in range(megabytes * 2**20 // len(unit)):
            out.write(unit)
        out.write("</div></body></html>")
    return path


def in_a_thread(paths: list[Path], **kwargs: int) -> tuple[ReadResult, float]:
    """``read_briefings`` run off the main thread (where SIGALRM cannot reach), and its wall time."""
    found: list[ReadResult] = []
    started = time.monotonic()
    worker = threading.Thread(target=lambda: found.append(read_briefings(paths, **kwargs)))
    worker.start()
    worker.join(120)
    assert found, "the reading thread did not finish"
    return found[0], time.monotonic() - started


def test_a_page_over_its_memory_budget_is_refused_by_name_and_the_run_goes_on(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = huge_page(tmp_path / "huge.html", 24)
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    # The default budget reads it (about 250 MB); a budget of 64 MB cannot.
    monkeypatch.setattr(batch, "MEMORY_BASE", 16 * 2**20)
    monkeypatch.setattr(batch, "MEMORY_PER_BYTE", 2)
    result, _ = in_a_thread([page, seed], max_bytes=64 * 2**20)
    assert [(e.code, e.path) for e in result.errors] == [("E230", str(page))]
    assert "64 MB" in str(result.errors[0])
    assert [b.source.name for b in result.briefings] == [seed.name]


def test_the_same_page_within_the_default_budget_is_read(tmp_path: Path) -> None:
    page = huge_page(tmp_path / "huge.html", 24)
    assert batch.memory_budget(page.stat().st_size) < batch.MEMORY_CEILING
    result = read_briefings([page], max_bytes=64 * 2**20)
    assert not result.errors and len(result.briefings[0].exchanges) > 1000


def test_a_small_file_reads_in_a_small_budget_whatever_the_size_limit(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # read_bytes once asked for a buffer of the size limit (here 1 GiB) before reading a 5 KB file.
    monkeypatch.setattr(batch, "MEMORY_BASE", 48 * 2**20)
    result = read_briefings([sorted(seeds_dir.glob("*.txt"))[0]], max_bytes=2**30)
    assert not result.errors and len(result.briefings) == 1


def test_a_deeply_nested_page_read_off_the_main_thread_is_refused_within_its_time(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "deep.html"
    page.write_text(HEAD + "<div>" * 100_000 + "<p>Q: Deep?</p>" + "</div>" * 100_000 + "</body></html>")
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    # The tag count would refuse it at once (E213): lift that, so the parser runs (minutes) and the watchdog acts.
    monkeypatch.setattr(html, "MAX_DEPTH", 10**6)
    monkeypatch.setattr(batch, "SECONDS_PER_FILE", 2.0)
    result, took = in_a_thread([page, seed])
    assert [(e.code, e.path) for e in result.errors] == [("E214", str(page))]
    assert [b.source.name for b in result.briefings] == [seed.name]
    assert took < 15


def test_the_same_page_off_the_main_thread_is_refused_from_its_tags(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text(HEAD + "<div>" * 100_000 + "<p>Q: Deep?</p>" + "</div>" * 100_000 + "</body></html>")
    result, took = in_a_thread([page])
    assert [e.code for e in result.errors] == ["E213"] and took < 30


def _sleep_or_len(arg: str) -> int:
    if arg == "slow":
        time.sleep(60)
    if arg == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    if arg == "greedy":
        return len(bytearray(512 * 2**20))
    return len(arg)


def test_each_out_of_bounds_arg_ends_its_child_and_a_new_one_takes_the_rest() -> None:
    args = ["ab", "slow", "abc", "crash", "a", "greedy", "abcd"]
    started = time.monotonic()
    outcomes = list(run_each_bounded(_sleep_or_len, args, seconds=1.5, memory=lambda arg: 64 * 2**20))
    assert time.monotonic() - started < 20
    assert [type(o).__name__ if isinstance(o, Exception) else o for o in outcomes] == [
        2,
        "OverTime",
        3,
        "ChildDied",
        1,
        "OverMemory",
        4,
    ]
    assert "SIGSEGV" in str(outcomes[3])


def test_run_bounded_raises_what_ended_the_work() -> None:
    assert run_bounded(_sleep_or_len, "abc", seconds=5, memory=None) == 3
    with pytest.raises(OverTime):
        run_bounded(_sleep_or_len, "slow", seconds=0.5, memory=None)
    with pytest.raises(OverMemory):
        run_bounded(_sleep_or_len, "greedy", seconds=5, memory=64 * 2**20)
    with pytest.raises(ChildDied):
        run_bounded(_sleep_or_len, "crash", seconds=5, memory=None)
    with pytest.raises(ZeroDivisionError):
        run_bounded(lambda x: 1 // x, 0, seconds=5, memory=None)


def test_no_child_is_left_behind(tmp_path: Path) -> None:
    before = set(os.listdir("/proc"))
    list(run_each_bounded(_sleep_or_len, ["slow", "ab"], seconds=0.5, memory=lambda arg: None))
    children = [pid for pid in set(os.listdir("/proc")) - before if pid.isdigit() and _parent_of(pid) == os.getpid()]
    assert children == []


def _parent_of(pid: str) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def test_a_build_killed_while_its_readers_read_leaves_no_reader_behind(
    seeds_dir: Path, sample_dir: Path, tmp_path: Path
) -> None:
    """Readers are grandchildren of a pooled build (build -> pool worker -> reader): SIGKILL the build while
    they read, and every one of them dies with it (each dies with its parent), so none holds the store's lock."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    marker = tmp_path / "reading"
    code = (
        "import os, signal, sys, time\n"
        "from pathlib import Path\n"
        "from kg import pipeline\n"
        "from kg.read import batch\n"
        "real = batch._read_file\n"
        "def read(job):\n"
        "    if job[0].name.startswith('warm-up'):\n"
        "        return real(job)\n"
        f"    Path({str(marker)!r}, str(os.getpid())).touch()\n"
        "    time.sleep(120)\n"
        "batch._read_file = read\n"
        "pipeline.build(sys.argv[2:], out=sys.argv[1], workers=2, exports=())\n"
    )
    marker.mkdir()
    paths = [seeds_dir, *sorted(sample_dir.glob("*.html"))[:8]]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    build = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path / "out"), *map(str, paths)], env=env, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while len(list(marker.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        readers = [int(p.name) for p in marker.iterdir()]
        assert len(readers) == 2, "the pooled build's two readers did not start"
        os.kill(build.pid, signal.SIGKILL)
        build.wait(30)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in readers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in readers if _alive(pid)], "readers outlived the build"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
