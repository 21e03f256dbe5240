"""What the extractors derive once from the ontology, kept in files between processes.

A process's first extraction used to parse every act pattern to find its literal openings and compile the patterns
it met (a quarter to half a second of a one-page build). Both depend only on the patterns' text and the Python that
reads them, so they are written once to a file named by a hash of exactly that (``cache_name``), under
``$PRESSKG_CACHE``, else ``$XDG_CACHE_HOME/presskg``, else ``~/.cache/presskg``. A file holds plain values in
``marshal`` form (which builds values, never runs code) behind the sha256 of its bytes: one that is missing,
damaged, truncated or of another Python is simply made again, with the same result, and a folder that cannot be
written only costs the work it would have saved.

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
>>> _ = os.environ.pop("PRESSKG_CACHE") if given is None else os.environ.update(PRESSKG_CACHE=given)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

_DIGEST = 32  # bytes of the sha256 that opens every file
# What a file cannot be read or written for: no home folder (RuntimeError), a damaged marshal stream (ValueError,
# EOFError, TypeError), a folder that is a file or not writable (OSError).
_UNUSABLE = (OSError, ValueError, EOFError, TypeError, RuntimeError)


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
        data = (cache_dir() / name).read_bytes()
        payload = data[_DIGEST:]
        if len(data) > _DIGEST and hashlib.sha256(payload).digest() == data[:_DIGEST]:
            return marshal.loads(payload)
    return None


def write_cached(name: str, value: Any) -> None:
    """Keep ``value`` (plain values only: dicts, lists, tuples, strings, numbers, None) under ``name``: written to a
    temporary file renamed into place, so a reader sees a whole file or none; nothing where it cannot be written."""
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


def file_stamp(path: Path) -> list[object]:
    """What names a data file another package ships, for ``cache_name``'s material: its path, size and time (its
    path alone where it cannot be read)."""
    try:
        stat = path.stat()
    except OSError:
        return [str(path)]
    return [str(path), stat.st_size, stat.st_mtime_ns]
