"""What a store generation holds: per briefing its key, source path, sha256 and counts; plus what built it.

A manifest is kept beside each generation (``store.gen/<id>.manifest.json``). An incremental build skips a
briefing whose source has the same sha256 as in the manifest, as long as the ontology fingerprint (every
gazetteer and cue file) and the presskg version are the same too; otherwise it re-extracts.

>>> m = Manifest(fingerprint="f", version="0.1.0", briefings=(ManifestEntry("b1", "seeds/b1.txt", "00"),))
>>> parse_manifest(format_manifest(m)) == m
True
>>> m.entry("b1").sha256, m.entry("b2")
('00', None)
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from kg.atomicfile import atomic_write_bytes
from kg.errors import StoreError
from kg.store import current_generation, manifest_path

FORMAT_VERSION = 1
_SURROGATE = re.compile("[\ud800-\udfff]")
COUNTS = ("statements", "exchanges", "mentions", "positions", "quads", "sentences")


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One briefing of a generation: its graph is ``id:graph/<key>``."""

    key: str
    path: str
    sha256: str
    counts: tuple[tuple[str, int], ...] = ()  # (name, n) for the names in COUNTS, for summaries
    outlets: tuple[str, ...] = ()  # keys of the outlets whose reporters asked, for the build summary

    def count(self, name: str) -> int:
        for counted, n in self.counts:  # a loop: summaries call this for every entry of the store, several times
            if counted == name:
                return n
        return 0


@dataclass(frozen=True, slots=True)
class Manifest:
    """A generation's contents, and the ontology fingerprint and presskg version that produced them."""

    fingerprint: str
    version: str
    briefings: tuple[ManifestEntry, ...] = ()

    def entry(self, key: str) -> ManifestEntry | None:
        return next((e for e in self.briefings if e.key == key), None)

    def by_key(self) -> dict[str, ManifestEntry]:
        return {e.key: e for e in self.briefings}

    def compatible(self, fingerprint: str, version: str) -> bool:
        """True where briefings of this manifest can be kept as they are by a build with these."""
        return self.fingerprint == fingerprint and self.version == version

    def updated(self, entries: Iterable[ManifestEntry], *, removed: Iterable[str] = ()) -> Manifest:
        """A copy with ``entries`` added or replaced by key and ``removed`` keys dropped, sorted by key."""
        keyed = self.by_key()
        for key in removed:
            keyed.pop(key, None)
        keyed.update((e.key, e) for e in entries)
        return replace(self, briefings=tuple(keyed[k] for k in sorted(keyed)))


def _as_dict(entry: ManifestEntry) -> dict[str, object]:
    out: dict[str, object] = {"key": entry.key, "path": entry.path, "sha256": entry.sha256}
    if entry.counts:
        out["counts"] = dict(entry.counts)
    if entry.outlets:
        out["outlets"] = list(entry.outlets)
    return out


def format_manifest(manifest: Manifest) -> str:
    # One briefing a line, each line put together from the json module's C string encoder (an indented dump goes
    # through its pure Python encoder, a dump per line makes an encoder per line: a quarter and a tenth of a
    # second on 5,000 briefings, written at every build).
    head = {"format": FORMAT_VERSION, "fingerprint": manifest.fingerprint, "presskg": manifest.version}
    if len(_LINES) > 2 * len(manifest.briefings) + 1024:
        _LINES.clear()  # lines of entries long replaced
    lines = ",\n".join([_LINES.get(e) or _LINES.setdefault(e, _entry_line(e)) for e in manifest.briefings])
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "briefings": [\n' + lines + "\n]}\n"


# Each entry's line as this process last read or wrote it: a build rewrites the manifest of every briefing to add
# one, and the lines of the others are those it read (a tenth of a second of encoding on 5,000 briefings).
_LINES: dict[ManifestEntry, str] = {}
# The manifests this process last read or wrote, by file and the file's identity (inode, size, mtime): the next
# build of the same store in the process reads its predecessor's without parsing it.
_KNOWN: dict[Path, tuple[tuple[int, int, int], Manifest]] = {}
_KNOWN_FILES = 4


_string = json.encoder.encode_basestring  # a str as JSON, non-ASCII as it is (the C function where there is one)


def _entry_line(entry: ManifestEntry) -> str:
    """``_json_line(_as_dict(entry))``, the same text, written without a JSON encoder per entry.

    >>> e = ManifestEntry("b1", "seeds/b\u00e9.txt", "00", (("quads", 3), ("exchanges", 2)), ("afp",))
    >>> _entry_line(e) == _json_line(_as_dict(e))
    True
    """
    parts = [f'{{"key": {_string(entry.key)}, "path": {_string(entry.path)}, "sha256": {_string(entry.sha256)}']
    if entry.counts:
        parts.append(', "counts": {' + ", ".join(f"{_string(k)}: {int(v)}" for k, v in entry.counts) + "}")
    if entry.outlets:
        parts.append(', "outlets": [' + ", ".join(_string(o) for o in entry.outlets) + "]")
    text = "".join(parts) + "}"
    return _json_line(_as_dict(entry)) if _SURROGATE.search(text) else text


def _json_line(value: dict[str, object]) -> str:
    r"""One entry as JSON; a source path whose file name is not UTF-8 (lone surrogates in Python) is written with
    ``\u`` escapes, so that the file is UTF-8 and the path reads back as the same name.

    >>> _json_line({"path": "caf\udce9.txt"})
    '{"path": "caf\\udce9.txt"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    return json.dumps(value) if _SURROGATE.search(text) else text


def parse_manifest(text: str, *, source: str = "manifest") -> Manifest:
    try:
        data = json.loads(text)
        entries = tuple(
            ManifestEntry(
                key=e["key"],
                path=e["path"],
                sha256=e["sha256"],
                counts=tuple((k, int(v)) for k, v in e.get("counts", {}).items()),
                outlets=tuple(e.get("outlets", ())),
            )
            for e in data["briefings"]
        )
        lines = text.split("\n")
        if len(lines) == len(entries) + 3:  # as format_manifest writes it: head, one entry a line, end
            _LINES.update(zip(entries, (line.removesuffix(",") for line in lines[1:-2]), strict=True))
        return Manifest(fingerprint=data["fingerprint"], version=data["presskg"], briefings=entries)
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError("E330", f"unreadable manifest: {exc}", path=source, hint="rebuild with --full") from exc


def write_manifest(generation: Path, manifest: Manifest) -> Path:
    """Write the manifest beside ``generation`` atomically."""
    path = manifest_path(generation)
    atomic_write_bytes(path, format_manifest(manifest).encode("utf-8"))
    _remember(path, manifest)
    return path


def _identity(path: Path) -> tuple[int, int, int]:
    found = path.stat()
    return found.st_ino, found.st_size, found.st_mtime_ns


def _remember(path: Path, manifest: Manifest) -> None:
    with contextlib.suppress(OSError):
        _KNOWN[path.resolve()] = (_identity(path), manifest)
        for old in list(_KNOWN)[:-_KNOWN_FILES]:
            del _KNOWN[old]


def read_manifest(out: Path) -> Manifest | None:
    """The manifest of the current generation of ``out``; None before the first build or for a store
    built before manifests existed (then everything is rebuilt)."""
    generation = current_generation(out)
    if generation is None:
        return None
    path = manifest_path(generation)
    if not path.exists():
        return None
    known = _KNOWN.get(path.resolve())
    with contextlib.suppress(OSError):
        if known is not None and known[0] == _identity(path):
            return known[1]
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError("E330", f"unreadable manifest: {exc}", path=str(path), hint="rebuild with --full") from exc
    manifest = parse_manifest(text, source=str(path))
    _remember(path, manifest)
    return manifest
