"""Child processes that never outlive the process that started them, and work run in one within hard bounds.

>>> die_with_parent()  # a no-op where the kernel has no parent-death signal
>>> run_bounded(sum, [1, 2, 3], seconds=10, memory=64 * 2**20)
6
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import gc
import multiprocessing
import multiprocessing.context
import multiprocessing.pool
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn, Protocol, TypeVar

PR_SET_PDEATHSIG = 1

A = TypeVar("A")
R = TypeVar("R")


def die_with_parent(sig: int = signal.SIGKILL, parent: int | None = None) -> None:
    """Ask Linux to send ``sig`` to this process when its parent dies, even by SIGKILL.

    Call it first thing in a child. The parent is the *thread* that forked the child: start long-lived children
    from a thread that lives as long as they should. A parent that died between the fork and this call sends no
    signal: with ``parent`` (the pid of the process that started this one), the child then ends itself.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, sig)
    if parent is not None and os.getppid() != parent:  # orphaned before the request above took effect
        os.kill(os.getpid(), sig)


def die_with_this_process() -> tuple[int, int]:
    """``initargs`` for a pool whose ``initializer`` is ``die_with_parent``: its workers die with this process, even
    one killed while they start."""
    return (signal.SIGKILL, os.getpid())


class OutOfBounds(Exception):
    """Work run by ``run_bounded`` did not finish within its bounds; the message says which and how."""


class OverTime(OutOfBounds):
    """The work took longer than its seconds: its process was killed."""


class OverMemory(OutOfBounds):
    """The work needed more memory than its budget (its process ran out of address space)."""


class ChildDied(OutOfBounds):
    """The work's process died without an answer (a signal, or an exit), most often from a failed allocation in
    C code once its memory budget was spent."""


def run_bounded(work: Callable[[A], R], arg: A, *, seconds: float, memory: int | None) -> R:
    """``work(arg)`` run in a forked child process that may take ``seconds`` of wall time and ``memory`` bytes of
    address space more than it held before (None: no limit); see ``run_each_bounded``, whose outcome it raises."""
    outcome = next(run_each_bounded(work, [arg], seconds=seconds, memory=lambda _: memory))
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def run_each_bounded(
    work: Callable[[A], R], args: Sequence[A], *, seconds: float, memory: Callable[[A], int | None]
) -> Iterator[R | Exception]:
    """``work(arg)`` for each of ``args``, in order, each bounded in time and memory; yields each answer, or the
    exception that ended it (work's own, or an ``OutOfBounds``).

    The work runs in a forked child process, one for all the args while they stay within bounds: before each,
    the child limits its address space (``RLIMIT_AS``) to what it holds plus ``memory(arg)`` bytes (None: no
    limit). The caller is the watchdog: it waits for each answer, from whatever thread it runs in, and kills the
    child once an arg has taken ``seconds`` (``OverTime``). A ``MemoryError`` is ``OverMemory`` (and the child
    leaves, as its state is doubtful); a child that dies without answering is ``ChildDied``; a new child takes
    the args that are left. Children die with their parent. Answers must pickle. Where there is no fork the work
    runs in this process, unbounded.

    >>> list(run_each_bounded(len, ["ab", "c"], seconds=10, memory=lambda arg: 64 * 2**20))
    [2, 1]
    """
    if not hasattr(os, "fork"):
        for arg in args:
            try:
                yield work(arg)
            except Exception as exc:
                yield exc
        return
    done = 0
    while done < len(args):
        for outcome in _one_child(work, args[done:], seconds, memory):
            done += 1
            yield outcome


def _one_child(
    work: Callable[[A], R], args: Sequence[A], seconds: float, memory: Callable[[A], int | None]
) -> Iterator[R | Exception]:
    """The outcomes of one child's life, for a prefix of ``args``: it ends at the first arg out of bounds."""
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(work, args, write_end, memory, parent)
    os.close(write_end)
    reader = _Frames(read_end, pid)
    kind = ""
    try:
        for arg in args:
            budget = memory(arg)
            try:
                kind, value = reader.next(time.monotonic() + seconds)
            except OverTime:
                yield OverTime(f"over a budget of {seconds:g} s")
                return
            except EOFError as exc:
                if exc.args and kind == "memory":  # the child left after a MemoryError: a new one goes on
                    return
                yield ChildDied(_death(reader.reap(), budget))
                return
            yield OverMemory(f"over a budget of {_mb(budget)}") if kind == "memory" else value
    finally:
        reader.close()


def _child(
    work: Callable[[Any], Any], args: Sequence[Any], fd: int, memory: Callable[[Any], int | None], parent: int
) -> NoReturn:
    """The child's whole life: for each arg, bound itself, do the work and write its outcome as a frame (its
    length, then its pickle); then leave without cleaning up what belongs to the parent (``os._exit``: no atexit
    handlers, no flushing of the parent's buffers). After a MemoryError it leaves at once."""
    code = 0
    try:
        die_with_parent(parent=parent)
        faulthandler.disable()  # a crash is the parent's to report, in one line (ChildDied), not a C traceback
        with os.fdopen(fd, "wb", buffering=0) as out:
            for arg in args:
                budget = memory(arg)
                _limit(None if budget is None else address_space() + budget)
                outcome = _outcome(work, arg)
                _limit(None)
                data = _pickled(outcome)
                write_all(out, len(data).to_bytes(8, "big") + data)
                if outcome[0] == "memory":
                    break
    except BaseException:
        code = 70
    finally:
        os._exit(code)


class RawWriter(Protocol):
    def write(self, data: memoryview, /) -> int | None: ...


def write_all(out: RawWriter, data: bytes) -> None:
    """Write all of ``data`` to an unbuffered file: one raw write to a pipe may take only part of it (when a signal
    or a profiler's ptrace stop interrupts it), and the rest would be lost, leaving the reader a torn frame.

    >>> class Slow:
    ...     def __init__(self): self.got = b""
    ...     def write(self, data): self.got += bytes(data[:3]); return min(3, len(data))
    >>> out = Slow(); write_all(out, b"0123456789"); out.got
    b'0123456789'
    """
    view = memoryview(data)
    while view:
        view = view[out.write(view) or 0 :]


def _limit(limit: int | None) -> None:
    """Set this process's soft address-space limit (None: up to the hard limit)."""
    with contextlib.suppress(OSError, ValueError):  # no /proc (not Linux): the time limit alone
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        soft = hard if limit is None else limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _outcome(work: Callable[[Any], Any], arg: Any) -> tuple[str, Any]:
    try:
        return ("value", work(arg))
    except MemoryError:
        return ("memory", None)
    except Exception as exc:
        return ("raised", exc)


def _pickled(outcome: tuple[str, Any]) -> bytes:
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("memory", None))
    except Exception as exc:
        return pickle.dumps(("raised", ChildDied(f"its answer could not be sent: {exc!r}")))


class _Frames:
    """The parent's end of a child's pipe: its frames one by one, each awaited until a deadline."""

    def __init__(self, fd: int, pid: int) -> None:
        self.fd, self.pid, self.buffer, self.reaped = fd, pid, bytearray(), False
        self.poller = select.poll()
        self.poller.register(fd, select.POLLIN | select.POLLHUP)
        self.status = 0

    def next(self, deadline: float) -> tuple[str, Any]:
        """The next frame's outcome; ``OverTime`` (the child killed) at the deadline; ``EOFError`` where the
        child closed its end (with an argument where it did so between two frames)."""
        while True:
            if len(self.buffer) >= 8:
                size = int.from_bytes(self.buffer[:8], "big")
                if len(self.buffer) >= 8 + size:
                    frame = bytes(self.buffer[8 : 8 + size])
                    del self.buffer[: 8 + size]
                    return pickle.loads(frame)  # type: ignore[no-any-return]
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise OverTime
            if not self.poller.poll(min(left, 1.0) * 1000):
                continue
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                raise EOFError(*(("between frames",) if not self.buffer else ()))
            self.buffer += chunk

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)

    def reap(self) -> int:
        if not self.reaped:
            self.status, self.reaped = os.waitpid(self.pid, 0)[1], True
        return self.status

    def close(self) -> None:
        os.close(self.fd)
        if not self.reaped:
            self.kill()
            self.reap()


def _death(status: int, memory: int | None) -> str:
    if os.WIFSIGNALED(status):
        how = f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    else:
        how = f"exited with status {os.waitstatus_to_exitcode(status)}"
    return how + (f" (its memory budget was {_mb(memory)})" if memory is not None else "")


def _mb(memory: int | None) -> str:
    return "no limit" if memory is None else f"{memory / 2**20:,.0f} MB"


def address_space() -> int:
    """This process's virtual memory size in bytes (what ``RLIMIT_AS`` counts).

    >>> address_space() > 0
    True
    """
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def process_context() -> multiprocessing.context.BaseContext:
    """The start method of every process a build starts: fork where there is one (no interpreter to start,
    nothing to import again)."""
    return multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


class WorkerPool(multiprocessing.pool.Pool):
    """The standard process pool (``process_context``'s start method), whose worker-handler thread sleeps while
    results wait to be read.

    The standard pool's handler also wakes on its result pipe (``Pool._get_sentinels``), and a wait on a pipe
    that holds data returns at once: while the caller is busy and results queue up unread (a build loading the
    store while its workers run ahead), the handler spins, re-checking its workers, and takes the GIL from the
    threads that read and load the results (6 s of the main process's CPU in the 5,000-briefing build, more than
    the thread that unpickles every result; bench/PROFILE.md, session 14). Its workers never retire (no
    ``maxtasksperchild``), so the pipe tells the handler nothing: it still wakes when a worker process ends
    (their sentinels) and when the pool changes state or its cache empties (the notifier, all the thread pool
    waits on).

    >>> with WorkerPool(2) as pool:
    ...     sorted(pool.imap_unordered(abs, [-1, -2, 3]))
    [1, 2, 3]
    """

    def __init__(
        self, processes: int, initializer: Callable[..., object] | None = None, initargs: Sequence[Any] = ()
    ) -> None:
        super().__init__(processes, initializer, initargs, context=process_context())

    def _get_sentinels(self) -> list[Any]:
        return [self._change_notifier._reader]  # type: ignore[attr-defined]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block: for work that makes long-lived objects, not garbage (a build,
    the view index read), where every full collection would walk them all again. The collector is as it was after.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
