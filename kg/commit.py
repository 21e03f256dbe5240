"""What a new store generation gets with its store before the ``output/store`` link moves to it.

Each step registered in ``COMMIT_STEPS`` writes one file of the generation from a ``Commit``; all of them run,
in order, once the generation's store is complete, and only then does the link swap
(``kg.store.write_generation``). A step that fails discards the generation: readers never see one without its
manifest, its view index or its exports (``kg.export.outputs``). A new file of a generation is one more entry here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.export.outputs import OVERVIEW, link_exports, write_generation_exports
from kg.export.spool import GraphSpool
from kg.manifest import Manifest, write_manifest
from kg.store import views_path
from kg.viewindex import leave_spare, write_view_index


@dataclass(frozen=True, slots=True)
class Commit:
    """What a store update hands to the commit steps: the new generation's manifest, the generation it was copied
    from (None: it started empty), the view-index facts of the briefings it loaded (by key) and the keys whose
    graphs it dropped."""

    manifest: Manifest
    previous: Path | None
    facts: Mapping[str, bytes] = field(default_factory=dict)
    removed: tuple[str, ...] = ()
    exports: tuple[str, ...] = ()  # the RDF formats written into the generation
    overview: bool = False  # the overview page too
    spool: GraphSpool | None = None  # the graphs the build loaded, for the exports (kg.export.spool)
    views: Path | None = None  # the view index written ahead (kg.viewindex.prepare_view_index), moved into place
    described: bytes | None = None  # the entity descriptions the update loaded (kg.load.Loaded.described)


def _views(commit: Commit, generation: Path) -> None:
    if commit.views is not None:
        os.replace(commit.views, views_path(generation))
    else:
        # The previous generation's index is the base of the new one: only what changed is indexed again.
        write_view_index(
            generation,
            previous=commit.previous,
            facts=commit.facts,
            removed=commit.removed,
            described=commit.described,
        )
    leave_spare(generation)  # where the next build could take no older index: it takes this copy


def _manifest(commit: Commit, generation: Path) -> None:
    write_manifest(generation, commit.manifest)


def _exports(commit: Commit, generation: Path) -> None:
    # After the view index: the overview page answers its views from it. The links of the output folder
    # (out/graph.ttl -> store/exports/graph.ttl) are in place before the switch and follow it.
    write_generation_exports(generation, commit.exports, overview=commit.overview, spool=commit.spool)
    link_exports(generation.parent.parent, [*commit.exports, *([OVERVIEW] if commit.overview else [])])


CommitStep = Callable[[Commit, Path], None]
COMMIT_STEPS: dict[str, CommitStep] = {"view index": _views, "manifest": _manifest, "exports": _exports}


def run_commit_steps(commit: Commit, generation: Path, *, done: Callable[[str], None] | None = None) -> None:
    """Write every file of ``generation`` that ``COMMIT_STEPS`` names, in order; ``done`` hears each step's name
    as it ends (the build times them)."""
    for name, step in COMMIT_STEPS.items():
        step(commit, generation)
        if done is not None:
            done(name)
