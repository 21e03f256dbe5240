"""The plan of a store update (``kg.plan``), a pure function of what was read and of the current manifest: what
is added, replaced, removed and kept as it is."""

from __future__ import annotations

from kg.manifest import Manifest, ManifestEntry
from kg.plan import Source, plan_build, plan_removal

FP, VERSION = "fingerprint", "1.0"


def entry(key: str, sha: str) -> ManifestEntry:
    return ManifestEntry(key, f"{key}.txt", sha, (("quads", 10),), ())


def source(key: str, sha: str) -> Source:
    return Source(key, f"{key}.txt", sha)


STORED = Manifest(FP, VERSION, (entry("a", "1"), entry("b", "2"), entry("c", "3")))


def test_unchanged_sources_are_kept_and_nothing_is_written() -> None:
    plan = plan_build([source("a", "1"), source("b", "2")], STORED, FP, VERSION)
    assert (plan.add, plan.replace, plan.remove, plan.fresh) == ((), (), (), False)
    assert plan.unchanged == (entry("a", "1"), entry("b", "2"))
    assert not plan.changes_store and plan.extract == frozenset()
    assert plan.base is STORED  # the briefings not read again (c) stay in the store


def test_new_sources_are_added_and_changed_ones_replaced() -> None:
    plan = plan_build([source("a", "1"), source("b", "9"), source("d", "4")], STORED, FP, VERSION)
    assert (plan.add, plan.replace, plan.remove) == (("d",), ("b",), ())
    assert plan.unchanged == (entry("a", "1"),)
    assert plan.changes_store and plan.extract == {"b", "d"}
    assert plan.dropped_graphs == ("b",)  # the replaced graph leaves the store before its new version loads
    after = plan.base.updated([entry("b", "9"), entry("d", "4")], removed=plan.remove)
    assert [e.key for e in after.briefings] == ["a", "b", "c", "d"]


def test_a_gazetteer_or_version_change_extracts_everything_into_an_empty_store() -> None:
    for fingerprint, version in (("other", VERSION), (FP, "2.0")):
        plan = plan_build([source("a", "1"), source("b", "2")], STORED, fingerprint, version)
        assert plan.fresh and (plan.add, plan.replace, plan.unchanged) == (("a", "b"), (), ())
        assert plan.remove == ("c",)  # not read again (its source is gone): dropped, from remote stores too
        assert plan.dropped_graphs == ()  # the store starts empty: nothing to drop from it
        assert plan.base == Manifest(fingerprint, version)


def test_full_and_first_builds_start_empty_and_remove_nothing() -> None:
    for previous, full in ((STORED, True), (None, False)):
        plan = plan_build([source("a", "1")], previous, FP, VERSION, full=full)
        assert plan.fresh and plan.add == ("a",) and plan.remove == () and plan.changes_store


def test_a_briefing_read_twice_is_planned_once() -> None:
    plan = plan_build([source("d", "4"), source("d", "4"), source("b", "9"), source("b", "9")], STORED, FP, VERSION)
    assert (plan.add, plan.replace) == (("d",), ("b",))


def test_removal_drops_the_named_graphs_and_keeps_the_rest() -> None:
    plan = plan_removal(STORED, ["b"])
    assert (plan.add, plan.replace, plan.remove, plan.fresh) == ((), (), ("b",), False)
    assert plan.unchanged == (entry("a", "1"), entry("c", "3"))
    assert plan.dropped_graphs == ("b",) and plan.changes_store
    assert [e.key for e in plan.base.updated((), removed=plan.remove).briefings] == ["a", "c"]
