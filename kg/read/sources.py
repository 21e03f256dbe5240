"""Which files to read: paths, directories (recursively) and globs, expanded, sorted and deduplicated.

Inside directories, obvious non-transcripts are skipped (hidden files, READMEs, the corpus's INDEX.tsv,
images, style sheets, scripts, archives); a file named explicitly is always read. A folder's ``INDEX.tsv``
(columns ``file``, ``url``, ``title``) gives each page's URL, since saved pages do not name their own.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> for name in ("b.html", "a.txt", "INDEX.tsv", ".hidden", "logo.png"):
...     _ = (folder / name).write_text("x")
>>> [p.name for p in iter_sources([folder, folder / "INDEX.tsv"])]
['INDEX.tsv', 'a.txt', 'b.html']
>>> [p.name for p in iter_sources([folder])]
['a.txt', 'b.html']
"""

from __future__ import annotations

import csv
import glob
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from kg.read.codes import input_error

#: Names (folded) and name prefixes that are never transcripts when met inside a directory.
SKIPPED_NAMES = frozenset({"index.tsv", "thumbs.db", "desktop.ini"})
SKIPPED_PREFIXES = ("readme", "license", "licence", "changelog", "index.")
#: Extensions that are never transcripts when met inside a directory.
SKIPPED_SUFFIXES = frozenset(
    {
        ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".ico", ".tif", ".tiff",
        ".css", ".js", ".json", ".tsv", ".csv", ".ttl", ".py", ".pyc", ".rst",
        ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".pdf", ".woff", ".woff2", ".ttf",
        ".mp3", ".mp4", ".avi", ".mov", ".part", ".tmp", ".swp", ".bak",
    }
)  # fmt: skip
INDEX_NAME = "INDEX.tsv"
_GLOB_CHARS = frozenset("*?[")


def is_transcript_candidate(path: Path) -> bool:
    """Whether a file met inside a directory may be a transcript (obvious non-transcripts are not)."""
    name = path.name.casefold()
    return not (
        name.startswith((".", "~"))
        or name in SKIPPED_NAMES
        or name.startswith(SKIPPED_PREFIXES)
        or path.suffix.casefold() in SKIPPED_SUFFIXES
    )


def iter_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Every file to read, sorted and without duplicates; a path that does not exist is an ``InputError``."""
    found: dict[str, Path] = {}
    for given in paths:
        text = str(given)
        path = Path(text).expanduser()
        if path.is_file():
            found.setdefault(os.path.realpath(path), path)
        elif path.is_dir():
            files = _walk(path)
            if not files:
                raise input_error("E106", text, detail=" in this directory")
            for file in files:
                found.setdefault(os.path.realpath(file), file)
        elif path.is_symlink():
            raise input_error("E107", text, detail=repr(os.readlink(path)))
        elif _GLOB_CHARS & set(text):
            matches = [Path(m) for m in sorted(glob.glob(os.path.expanduser(text), recursive=True))]
            files = [m for m in matches if not m.is_dir() and is_transcript_candidate(m)]
            for directory in (m for m in matches if m.is_dir()):
                files.extend(_walk(directory))
            if not files:
                raise input_error("E100", text, detail="")
            for file in files:
                found.setdefault(os.path.realpath(file), file)
        elif path.exists():
            raise input_error("E104", text, detail="not a regular file or directory")
        else:
            raise input_error("E100", text)
    return sorted(found.values(), key=lambda p: str(p))


def _walk(directory: Path) -> list[Path]:
    files: list[Path] = []

    def fail(exc: OSError) -> None:
        raise input_error("E104", exc.filename or str(directory), detail=exc.strerror or "cannot list") from None

    for root, dirs, names in os.walk(directory, onerror=fail):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            candidate = Path(root) / name
            # Anything but a directory is kept: a FIFO, a socket or a broken link is then refused, by name,
            # when read, rather than passed over in silence.
            if is_transcript_candidate(candidate) and not candidate.is_dir():
                files.append(candidate)
    return files


def index_url(path: Path) -> str | None:
    """The page's URL from an ``INDEX.tsv`` beside it, where there is one that lists the file."""
    return web_address(_index_of(str(path.parent.resolve())).get(path.name))


def web_address(value: str | None) -> str | None:
    """``value`` where it is an absolute http(s) IRI the graph can hold, else None: a page's or an index's
    claim about its own address may hold anything (spaces, quotes, broken percent-escapes).

    >>> web_address("https://www.fmprc.gov.cn/mfa_eng/t1558711.shtml")
    'https://www.fmprc.gov.cn/mfa_eng/t1558711.shtml'
    >>> web_address('https://example.com/a b>"'), web_address("https://example.com/%zz"), web_address("/relative")
    (None, None, None)
    """
    import pyoxigraph as ox

    if not value or not value.startswith(("http://", "https://")):
        return None
    try:
        ox.NamedNode(value)
    except (ValueError, UnicodeError):
        return None
    return value


@lru_cache(maxsize=64)
def _index_of(folder: str) -> dict[str, str]:
    index = Path(folder) / INDEX_NAME
    try:
        with index.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle, delimiter="\t")
            if not rows.fieldnames or "file" not in rows.fieldnames or "url" not in rows.fieldnames:
                return {}
            return {row["file"]: row["url"] for row in rows if row.get("file") and row.get("url")}
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
