"""Whether a build compacts its new store generation, and the compaction itself, beside the view index and before
the alignment (``kg.pipeline.update_store`` calls these). The bulk loader leaves overlapping files that RocksDB
merges when asked (``Store.optimize``) or in the background; when to ask is a trade between the reads that follow
and the CPU the merge takes at the end of a build (bench/PROFILE.md, sessions 8, 9 and 14).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from kg.align import Group, align_store, pairable_groups
from kg.buildreport import Clock
from kg.load import Loaded
from kg.plan import Plan
from kg.viewindex import record_head

# A build that bulk-loads this many briefings compacts the store afterwards: the bulk loader leaves many
# overlapping files, and reads (queries, exports) over a compacted store are 3-5 times faster. Not a new store
# loaded in at most FEW_CALLS bulk-loader calls (about 100 MB of N-Quads, the 380-page corpus): reads over its
# few sets of files (the ontology's, each call's, the alignment's if any) are as fast within 10-25%, and the
# compaction would rewrite the whole store on one core after the workers have finished (0.6-1 s of the corpus
# build; bench/PROFILE.md, session 8). A replaced loader that does not count its calls (0) compacts as before.
# Where the build writes no exports, nothing of the build reads the new store but the alignment (which a store
# without Chinese briefings skips: kg.align.pairable_groups), so a new store of up to UNREAD_CALLS calls (about
# 1.9 GB of N-Quads, 8,000 generated briefings) is not compacted either: the named queries over the 5,000-briefing
# store in 25 calls took as long as over the compacted one (the slowest 15-20 ms at load 10, 2.7 ms quiet), the
# compaction 4-7 s of CPU on one core at the end (bench/PROFILE.md, session 9, load6). A later incremental build
# of COMPACT_AFTER briefings or more compacts it.
COMPACT_AFTER = 50
FEW_CALLS = 2
UNREAD_CALLS = 40


def compacts(plan: Plan, loaded: Loaded, *, exported: bool) -> bool:
    """Whether a build compacts its store generation (see ``COMPACT_AFTER``, ``FEW_CALLS`` and ``UNREAD_CALLS``)."""
    if len(loaded.entries) < COMPACT_AFTER:
        return False
    few = FEW_CALLS if exported else max(FEW_CALLS, UNREAD_CALLS)
    return not (plan.fresh and 0 < loaded.calls <= few)


def fresh_groups(loaded: Loaded) -> set[Group] | None:
    """The groups a new store's alignment reads (``kg.align.pairable_groups`` of its briefings' view facts, so
    that a store without a Chinese briefing is not read at all), or None (every briefing) where a loader gave
    no facts for some briefing."""
    facts = [loaded.facts.get(e.key, b"") for e in loaded.entries]
    if not facts or not all(facts):
        return None
    return pairable_groups(record_head(f) for f in facts)  # not the units: the totals decode those


def while_compacting(
    store: ox.Store, groups: set[Group] | None, clock: Clock, index: Callable[[], Path | None]
) -> list[Path]:
    """RocksDB compacts the store in another thread (``Store.optimize`` holds no lock of Python's) while this one
    writes the view index ahead (``index``), then the alignment runs on the compacted store: the three ran one
    after the other on one core, each a few seconds on thousands of briefings, and the alignment's queries take
    a third of their time on a compacted store (read beside the compaction they took longer, not less). Returns
    the index written, if any. The laps: "view index" for this thread's work, "compact" for the rest of the
    compaction, then "align"."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-compact") as background:
        compacting = background.submit(compact, store)
        written = index()
        clock.lap("view index")
        compacting.result()
    clock.lap("compact")
    align_store(store, groups)
    clock.lap("align")
    return [] if written is None else [written]


def compact(store: ox.Store) -> None:
    """RocksDB's compaction of the bulk loader's overlapping files (``Store.optimize``; a function of its own, so
    that a profile tells its time from ours)."""
    store.optimize()
