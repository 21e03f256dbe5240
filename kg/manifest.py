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

import bisect
import contextlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import Any, overload

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
class Totals:
    """What a manifest's entries add up to: each of ``COUNTS`` summed, and per outlet how many briefings name it
    (so that a briefing's removal takes its outlets off again)."""

    counts: tuple[tuple[str, int], ...] = ()
    outlets: tuple[tuple[str, int], ...] = ()

    def count(self, name: str) -> int:
        return dict(self.counts).get(name, 0)


@dataclass(frozen=True, slots=True)
class Manifest:
    """A generation's contents, and the ontology fingerprint and presskg version that produced them.

    ``briefings`` is a tuple, or, for a manifest read from its file or updated from one, its ``Entries``: the
    same entries in key order, each made from its line only when asked for."""

    fingerprint: str
    version: str
    briefings: Sequence[ManifestEntry] = ()

    def entry(self, key: str) -> ManifestEntry | None:
        if isinstance(self.briefings, Entries):
            return self.briefings.find(key)
        return next((e for e in self.briefings if e.key == key), None)

    def by_key(self) -> dict[str, ManifestEntry]:
        return {e.key: e for e in self.briefings}

    def entries_of(self, keys: Iterable[str]) -> dict[str, ManifestEntry]:
        """The entries of those of ``keys`` the manifest holds, by key (only those are made from their lines)."""
        if not isinstance(self.briefings, Entries):
            every = self.by_key()
            return {key: every[key] for key in keys if key in every}
        found = ((key, self.briefings.find(key)) for key in keys)
        return {key: entry for key, entry in found if entry is not None}

    def compatible(self, fingerprint: str, version: str) -> bool:
        """True where briefings of this manifest can be kept as they are by a build with these."""
        return self.fingerprint == fingerprint and self.version == version

    def updated(self, entries: Iterable[ManifestEntry], *, removed: Iterable[str] = ()) -> Manifest:
        """A copy with ``entries`` added or replaced by key and ``removed`` keys dropped, sorted by key: the lines of
        the others as they were, and their totals brought along, so that an update is the size of its change."""
        given = self.briefings if isinstance(self.briefings, Entries) else Entries.of(self.briefings)
        return replace(self, briefings=given.changed(entries, removed))

    def totals(self) -> Totals:
        """The entries' counts added up (those the file states, where it states them)."""
        if isinstance(self.briefings, Entries):
            return self.briefings.totals()
        return _totals_of(self.briefings)


def _totals_of(entries: Iterable[ManifestEntry]) -> Totals:
    summed: Counter[str] = Counter()
    outlets: Counter[str] = Counter()
    for entry in entries:
        summed.update(dict(entry.counts))
        outlets.update(entry.outlets)
    return _totals(summed, outlets)


def _totals(summed: Counter[str], outlets: Counter[str]) -> Totals:
    return Totals(
        tuple((name, summed[name]) for name in COUNTS),
        tuple(sorted((outlet, n) for outlet, n in outlets.items() if n > 0)),
    )


# Changes an update splices into a manifest's entries one by one (bisection, an insertion each); more are merged by
# key in one sort (a new store's thousands).
SPLICED = 64


class Entries(Sequence[ManifestEntry]):
    """A manifest's entries in key order, each kept as its line of the file (``_entry_line``) and made into a
    ``ManifestEntry`` only when asked for; with their totals (``Totals``) where the file states them.

    Adding one briefing to a store of 5,000 used to make every entry from the file, look each line up again to
    write it, and add up every entry's counts for the summary (40-50 ms of a 0.5 s add; bench/PROFILE.md, session
    15): here an update splices its lines and totals in by key (``changed``), and is the size of its change.

    >>> e = Entries.of([ManifestEntry("b", "b.txt", "2", (("quads", 3),), ("afp",))])
    >>> more = e.changed([ManifestEntry("a", "a.txt", "1", (("quads", 4),))], ())
    >>> [x.key for x in more], more.totals().count("quads"), more.totals().outlets
    (['a', 'b'], 7, (('afp', 1),))
    >>> more.changed([], ["b"]).totals().outlets, more.find("a").sha256, more.find("c")
    ((), '1', None)
    """

    __slots__ = ("_items", "_keys", "_lines", "_source", "_sums")

    def __init__(
        self,
        keys: list[str],
        lines: list[str],
        items: list[ManifestEntry | Mapping[str, Any]],
        sums: Totals | None,
        source: str = "manifest",
    ) -> None:
        self._keys, self._lines, self._items, self._sums, self._source = keys, lines, items, sums, source

    @classmethod
    def of(cls, entries: Iterable[ManifestEntry]) -> Entries:
        """The entries given (the last of a key wins), sorted by key, their lines encoded."""
        keyed = {e.key: e for e in entries}
        made = [keyed[key] for key in sorted(keyed)]
        lines = [_LINES.get(e) or _entry_line(e) for e in made]
        return cls([e.key for e in made], lines, list(made), _totals_of(made))

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> ManifestEntry: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[ManifestEntry, ...]: ...

    def __getitem__(self, index: int | slice) -> ManifestEntry | tuple[ManifestEntry, ...]:
        if isinstance(index, slice):
            return tuple(self._made(i) for i in range(*index.indices(len(self))))
        return self._made(range(len(self))[index])

    def __iter__(self) -> Iterator[ManifestEntry]:
        return (self._made(i) for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def lines(self) -> list[str]:
        return self._lines

    def find(self, key: str) -> ManifestEntry | None:
        at = bisect.bisect_left(self._keys, key)
        return self._made(at) if at < len(self._keys) and self._keys[at] == key else None

    def totals(self) -> Totals:
        if self._sums is None:  # a file that states none (an older presskg's): added up once
            self._sums = _totals_of(self)
        return self._sums

    def changed(self, entries: Iterable[ManifestEntry], removed: Iterable[str]) -> Entries:
        """A copy less the ``removed`` keys, with ``entries`` added or put in place of the entries of their keys: a
        few spliced in by bisection, many merged by key in one sort (``SPLICED``)."""
        entries, removed = list(entries), list(removed)
        sums = self.totals()
        summed, outlets = Counter(dict(sums.counts)), Counter(dict(sums.outlets))

        def count(item: ManifestEntry | Mapping[str, Any], key: str, sign: int) -> None:
            entry = self._made_from(item, key)
            for name, n in entry.counts:
                summed[name] += sign * n
            outlets.update({outlet: sign for outlet in entry.outlets})

        keyed: dict[str, tuple[str, ManifestEntry | Mapping[str, Any]]] = {}
        many = len(entries) + len(removed) > SPLICED
        keys, lines, items = list(self._keys), list(self._lines), list(self._items)
        if many:
            keyed = dict(zip(keys, zip(lines, items, strict=True), strict=True))
        for key in removed:
            if many:
                if (gone := keyed.pop(key, None)) is not None:
                    count(gone[1], key, -1)
                continue
            at = bisect.bisect_left(keys, key)
            if at < len(keys) and keys[at] == key:
                count(items[at], key, -1)
                del keys[at], lines[at], items[at]
        for entry in entries:
            line = _LINES.get(entry) or _entry_line(entry)
            if many:
                if (old := keyed.get(entry.key)) is not None:
                    count(old[1], entry.key, -1)
                keyed[entry.key] = (line, entry)
            else:
                at = bisect.bisect_left(keys, entry.key)
                if at < len(keys) and keys[at] == entry.key:
                    count(items[at], entry.key, -1)
                    lines[at], items[at] = line, entry
                else:
                    keys.insert(at, entry.key)
                    lines.insert(at, line)
                    items.insert(at, entry)
            count(entry, entry.key, 1)
        if many:
            keys = sorted(keyed)
            lines, items = [keyed[k][0] for k in keys], [keyed[k][1] for k in keys]
        return Entries(keys, lines, items, _totals(summed, outlets), self._source)

    def _made(self, at: int) -> ManifestEntry:
        item = self._items[at]
        if isinstance(item, ManifestEntry):
            return item
        made = self._items[at] = self._made_from(item, self._keys[at])
        return made

    def _made_from(self, item: ManifestEntry | Mapping[str, Any], key: str) -> ManifestEntry:
        if isinstance(item, ManifestEntry):
            return item
        try:
            return _entry_of(item)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreError(
                "E334", f"unreadable manifest entry {key!r}: {exc}", path=self._source, hint="rebuild with --full"
            ) from exc


def _entry_of(data: Mapping[str, Any]) -> ManifestEntry:
    return ManifestEntry(
        key=data["key"],
        path=data["path"],
        sha256=data["sha256"],
        counts=tuple((k, int(v)) for k, v in data.get("counts", {}).items()),
        outlets=tuple(data.get("outlets", ())),
    )


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
    # second on 5,000 briefings, written at every build). The head states the entries' totals, which the next
    # build's summary reads instead of adding up every entry.
    totals = manifest.totals()
    head = {
        "format": FORMAT_VERSION,
        "fingerprint": manifest.fingerprint,
        "presskg": manifest.version,
        "totals": {"counts": dict(totals.counts), "outlets": dict(totals.outlets)},
    }
    if isinstance(manifest.briefings, Entries):
        lines = ",\n".join(manifest.briefings.lines())
    else:
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
        fingerprint, version, briefings = data["fingerprint"], data["presskg"], data["briefings"]
        lines = text.split("\n")
        entries: Sequence[ManifestEntry] | None = _entries(briefings, lines, data.get("totals"), source)
        if entries is None:  # not as format_manifest writes it: every entry made now
            entries = tuple(_entry_of(e) for e in briefings)
            if len(lines) == len(entries) + 3:  # head, one entry a line, end
                _LINES.update(zip(entries, (line.removesuffix(",") for line in lines[1:-2]), strict=True))
        return Manifest(fingerprint=fingerprint, version=version, briefings=entries)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreError("E330", f"unreadable manifest: {exc}", path=source, hint="rebuild with --full") from exc


def _entries(briefings: list[Any], lines: list[str], totals: Any, source: str) -> Entries | None:
    """The entries of a file as ``format_manifest`` writes it (the head, one entry a line in key order, the end),
    kept as their lines; None for any other layout. Each line is checked to open with its entry's key."""
    if len(lines) != len(briefings) + 3 or not all(isinstance(b, dict) for b in briefings):
        return None
    keys = [b["key"] for b in briefings]
    if not all(isinstance(k, str) for k in keys) or any(a >= b for a, b in pairwise(keys)):
        return None
    kept = [line.removesuffix(",") for line in lines[1:-2]]
    if not all(line.startswith(f'{{"key": {_string(key)}, ') for line, key in zip(kept, keys, strict=True)):
        return None
    return Entries(keys, kept, list(briefings), _stated_totals(totals), source)


def _stated_totals(stated: Any) -> Totals | None:
    """The totals a manifest's head states, or None where it states none this presskg reads (then they are
    added up from the entries when asked for)."""
    try:
        counts, outlets = stated["counts"], stated["outlets"]
        given = [int(counts.get(name, 0)) for name in COUNTS]
        named = sorted((str(outlet), int(n)) for outlet, n in outlets.items())
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return Totals(tuple(zip(COUNTS, given, strict=True)), tuple((o, n) for o, n in named if n > 0))


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
