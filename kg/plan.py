"""What a store update will do, decided before it touches the store: a pure function of what was read and of the
current generation's manifest (``kg.manifest``).

>>> from kg.manifest import Manifest, ManifestEntry
>>> old = Manifest("f", "1", (ManifestEntry("a", "a.txt", "1", ()), ManifestEntry("b", "b.txt", "2", ())))
>>> plan = plan_build([Source("a", "a.txt", "1"), Source("b", "b.txt", "3"), Source("c", "c.txt", "4")], old, "f", "1")
>>> plan.add, plan.replace, [e.key for e in plan.unchanged], plan.fresh
(('c',), ('b',), ['a'], False)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.manifest import Manifest, ManifestEntry


@dataclass(frozen=True, slots=True)
class Source:
    """A briefing as read, as far as planning goes: its key, source path and the sha256 of the source."""

    key: str
    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Plan:
    """Briefing keys to add (new), replace (their source changed) and remove (their graphs dropped), and the
    manifest entries of those kept as they are. ``fresh``: the update starts from an empty store (``--full``, or a
    gazetteer, cue or presskg change, after which everything is extracted again). ``base`` is the manifest the
    update starts from."""

    base: Manifest
    add: tuple[str, ...] = ()
    replace: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    unchanged: tuple[ManifestEntry, ...] = ()
    fresh: bool = False

    @property
    def extract(self) -> frozenset[str]:
        """The keys whose briefings are extracted and loaded."""
        return frozenset((*self.add, *self.replace))

    @property
    def dropped_graphs(self) -> tuple[str, ...]:
        """The keys whose graphs leave the store before the load (none when it starts empty)."""
        return () if self.fresh else (*self.replace, *self.remove)

    @property
    def changes_store(self) -> bool:
        """Whether the update writes a new generation at all."""
        return self.fresh or bool(self.add or self.replace or self.remove)


def plan_build(
    read: Sequence[Source], previous: Manifest | None, fingerprint: str, version: str, *, full: bool = False
) -> Plan:
    """The plan of a build that read ``read``, over a store whose manifest is ``previous`` (None: no store, or one
    from before manifests).

    A briefing is kept as it is where the manifest has its key with the same sha256 and was built by the same
    ontology fingerprint and presskg version; otherwise everything is extracted again into an empty store, and the
    briefings of ``previous`` that were not read again are removed (their graphs dropped from remote stores).

    >>> old = Manifest("f", "1", (ManifestEntry("a", "a.txt", "1", ()),))
    >>> again = plan_build([Source("a", "a.txt", "1")], old, "f", "2")  # a new presskg version
    >>> again.add, again.unchanged, again.fresh
    (('a',), (), True)
    >>> plan_build([], old, "f", "2").remove
    ('a',)
    """
    keep = not full and previous is not None and previous.compatible(fingerprint, version)
    if not keep:
        read_keys = {s.key for s in read}
        gone = () if full or previous is None else tuple(e.key for e in previous.briefings if e.key not in read_keys)
        return Plan(Manifest(fingerprint, version), add=_unique(s.key for s in read), remove=gone, fresh=True)
    assert previous is not None
    old = previous.entries_of(s.key for s in read)  # only the entries of what was read: an add reads one
    changed = [s.key for s in read if s.key not in old or old[s.key].sha256 != s.sha256]
    return Plan(
        previous,
        add=_unique(k for k in changed if k not in old),
        replace=_unique(k for k in changed if k in old),
        unchanged=tuple(old[s.key] for s in read if s.key in old and old[s.key].sha256 == s.sha256),
    )


def plan_removal(manifest: Manifest, keys: Sequence[str]) -> Plan:
    """The plan of ``kg remove``: drop the graphs of ``keys``, keep every other briefing of ``manifest``.

    >>> m = Manifest("f", "1", (ManifestEntry("a", "a.txt", "1", ()), ManifestEntry("b", "b.txt", "2", ())))
    >>> plan = plan_removal(m, ["a"])
    >>> plan.remove, [e.key for e in plan.unchanged], plan.changes_store
    (('a',), ['b'], True)
    """
    gone = set(keys)
    return Plan(manifest, remove=tuple(keys), unchanged=tuple(e for e in manifest.briefings if e.key not in gone))


def _unique(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(keys))
