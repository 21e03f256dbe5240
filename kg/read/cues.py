"""The reader's cue phrases, read from ``ontology/*.ttl`` (concepts in ``https://w3id.org/presskg/reading#``).

Knowledge stays in Turtle: which labels open a question or an answer, which words mark a reporter,
which phrases open an announcement. This module only loads the lists and compiles them into regexes.

>>> cues = load_cues()
>>> "Q" in cues.labels("anonymous-question")
True
>>> "journalist" in cues.labels("reporter-word")
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import OntologyError
from kg.ontology import load_ontology, reading_cues

#: Every concept the reader looks up; a missing one is an ontology error, not a silent empty list.
REQUIRED = (
    "anonymous-question",
    "anonymous-answer",
    "follow-up",
    "reporter-word",
    "reporter-preposition",
    "name-connector",
    "question-lead-in",
    "announcement-opener",
    "back-reference",
    "future-marker",
    "announcement-verb",
    "spokesperson-title",
    "briefing-title",
)


@dataclass(frozen=True, slots=True)
class Cues:
    """Cue lists by concept name (the IRI's local part)."""

    lists: dict[str, tuple[str, ...]]

    def labels(self, concept: str) -> tuple[str, ...]:
        """The phrases of one concept, as written in the Turtle."""
        return self.lists[concept]

    def folded(self, concept: str) -> frozenset[str]:
        """The phrases of one concept, case-folded with single spaces, for exact lookups."""
        return frozenset(fold(p) for p in self.lists[concept])

    def alternation(self, concept: str) -> str:
        """A regex alternation of the concept's phrases, longest first, spaces matching any whitespace."""
        return alternation(self.lists[concept])


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first (so that the longest wins), spaces matching any whitespace.

    >>> print(alternation(["follow up", "follow-up question"]))
    follow\\-up\\s+question|follow\\s+up
    """
    ordered = sorted(dict.fromkeys(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


def fold(text: str) -> str:
    """Case-folded text with runs of whitespace made single spaces.

    >>> fold("  Follow-UP   question ")
    'follow-up question'
    """
    return " ".join(text.split()).casefold()


@cache
def load_cues(directory: Path | None = None) -> Cues:
    """Every reading concept of the ontology folder's Turtle files (values of all files are merged)."""
    onto = load_ontology(directory)
    read = reading_cues(onto)
    missing = [name for name in REQUIRED if not read.lists.get(name)]
    if missing:
        raise OntologyError(
            "E504",
            f"reading cues missing: {', '.join(missing)}",
            path=str(onto.folder),
            hint="restore ontology/reading.ttl or set PRESSKG_ONTOLOGY to a folder that has it",
        )
    return Cues(lists=read.lists)
