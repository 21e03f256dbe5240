"""Files written whole or not at all: through a temporary file beside the target, flushed and renamed into place.

Every file presskg publishes (exports, reports, views, the manifest) is written this way, so a reader or a build
killed half-way never sees half a file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A binary handle on a temporary file beside ``path``, renamed into place when the block ends without an
    error and removed otherwise: never a half-written file.

    >>> folder = Path(tempfile.mkdtemp())
    >>> with atomic_file(folder / "a.txt") as handle:
    ...     _ = handle.write(b"done")
    >>> (folder / "a.txt").read_bytes(), [p.name for p in folder.iterdir()]
    (b'done', ['a.txt'])
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file 0600; what we publish gets the mode open() would give it under the umask.
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    """The process's umask, read without changing it where Linux tells it (``/proc/self/status``); elsewhere
    set and restored at once."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write through a temporary file beside ``path`` and rename it into place: never a half-written file."""
    with atomic_file(path) as handle:
        write(handle)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """``atomic_write`` of bytes already in hand."""
    with atomic_file(path) as handle:
        handle.write(data)
