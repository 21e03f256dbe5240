"""What the extractors derive once from the ontology, kept in files between processes.

A process's first extraction used to parse every act pattern to find its literal openings and compile the patterns
it met (a quarter to half a second of a one-page build). Both depend only on the patterns' text and the Python that
reads them, so they are written once to a file named by a hash of exactly that (``cache_name``), under
``$PRESSKG_CACHE``, else ``$XDG_CACHE_HOME/presskg``, else ``~/.cache/presskg``. A file holds plain values in
``marshal`` form (which builds values, never runs code) behind the sha256 of its bytes: one that is missing,
damaged, truncated or of another Python is simply made again, with the same result, and a folder that cannot be
written only costs the work it would have saved.

The folder is pruned (``prune_cache``) by the first process that writes a file in it, which is the first process
of a new ontology, pattern set, code or Python: a file is removed once no process has read it for a day (each read
marks it used, at most once an hour, by its modification time), so the files of other versions go and those in use
stay, whichever checkout or worktree uses them. Only files named as this module names them are touched; a
temporary file goes only after a day (a process writes one in milliseconds, then renames it); a file removed
while another process still wants it is made again by that process.

>>> import os, tempfile
>>> given = os.environ.get("PRESSKG_CACHE")
>>> os.environ["PRESSKG_CACHE"] = tempfile.mkdtemp()
>>> name = cache_name("example", ["a pattern", 2])
>>> read_cached(name) is None
True
>>> write_cached(name, {"openings": ["oppos"]})
>>> read_cached(name)
{'openings': ['oppos']}
>>> _ = (cache_dir() / name).write_bytes(b"damaged")
>>> read_cached(name) is None
True
>>> old = cache_dir() / cache_name("example", ["an older pattern"])
>>> write_cached(old.name, [1])
>>> os.utime(old, (0, 0))  # not used since 1970
>>> prune_cache() == [old.name] and (cache_dir() / name).exists()
True
>>> _ = os.environ.pop("PRESSKG_CACHE") if given is None else os.environ.update(PRESSKG_CACHE=given)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import re
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

_DIGEST = 32  # bytes of the sha256 that opens every file
# What a file cannot be read or written for: no home folder (RuntimeError), a damaged marshal stream (ValueError,
# EOFError, TypeError), a folder that is a file or not writable (OSError).
_UNUSABLE = (OSError, ValueError, EOFError, TypeError, RuntimeError)
UNUSED_FOR_S = 24 * 3600  # a file no process has read for this long is pruned
_MARK_EVERY_S = 3600  # a read marks its file used (its mtime) when the mark is older than this
_OURS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{24}\.bin(?:\.[0-9]+\.tmp)?")  # cache_name's, or its temp
_PRUNED: set[Path] = set()  # the folders this process has pruned


def cache_dir() -> Path:
    """Where presskg keeps what it derives once per ontology: ``$PRESSKG_CACHE``, else ``$XDG_CACHE_HOME/presskg``,
    else ``~/.cache/presskg``."""
    given = os.environ.get("PRESSKG_CACHE")
    if given:
        return Path(given)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "presskg"


def cache_name(prefix: str, material: object, *, derived_by: tuple[ModuleType, ...] = ()) -> str:
    """A file name for what is derived from ``material`` (JSON-serialisable: the patterns, the parameters) by the
    code of the modules ``derived_by`` (their source files' bytes: a change to how a value is derived makes another
    file) under this Python (its version: the ``re`` engine's code and the ``marshal`` format are its own)."""
    code = hashlib.sha256()
    for module in derived_by:
        with contextlib.suppress(OSError, TypeError):  # a module without a readable file: its name alone
            code.update(Path(str(module.__file__)).read_bytes())
        code.update(module.__name__.encode("utf-8"))
    text = json.dumps([sys.version, marshal.version, code.hexdigest(), material], ensure_ascii=False)
    return f"{prefix}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:24]}.bin"


def read_cached(name: str) -> Any | None:
    """The value kept under ``name``, or None where there is none or it cannot be trusted (its digest differs)."""
    with contextlib.suppress(*_UNUSABLE):
        with open(cache_dir() / name, "rb") as file:
            data = file.read()
            if time.time() - os.fstat(file.fileno()).st_mtime > _MARK_EVERY_S:
                with contextlib.suppress(OSError):  # a folder we may read, not write: no mark
                    os.utime(file.fileno())
        payload = data[_DIGEST:]
        if len(data) > _DIGEST and hashlib.sha256(payload).digest() == data[:_DIGEST]:
            return marshal.loads(payload)
    return None


def write_cached(name: str, value: Any) -> None:
    """Keep ``value`` (plain values only: dicts, lists, tuples, strings, numbers, None) under ``name``: written to a
    temporary file renamed into place, so a reader sees a whole file or none; nothing where it cannot be written.
    The first write of a process prunes the folder (``prune_cache``)."""
    payload = marshal.dumps(value)
    with contextlib.suppress(*_UNUSABLE):
        path = cache_dir() / name
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        if path.parent not in _PRUNED:
            _PRUNED.add(path.parent)
            prune_cache()


def prune_cache(*, unused_for: float = UNUSED_FOR_S) -> list[str]:
    """Remove the cache's files (``cache_dir``) that no process has read for ``unused_for`` seconds: those of other
    ontologies, patterns, code or Pythons, and temporary files left by a process killed while it wrote. Only names
    this module makes are touched; returns those removed (none where the folder cannot be read)."""
    folder, removed = cache_dir(), []
    horizon = time.time() - unused_for
    with contextlib.suppress(*_UNUSABLE):
        for entry in os.scandir(folder):
            with contextlib.suppress(OSError):  # gone already (another process pruned it), or not ours to remove
                ours = _OURS.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
                if ours and entry.stat(follow_symlinks=False).st_mtime < horizon:
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return sorted(removed)


def file_stamp(path: Path) -> list[object]:
    """What names a data file another package ships, for ``cache_name``'s material: its path, size and time (its
    path alone where it cannot be read)."""
    try:
        stat = path.stat()
    except OSError:
        return [str(path)]
    return [str(path), stat.st_size, stat.st_mtime_ns]
