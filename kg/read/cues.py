"""The reader's cue phrases, read from ``ontology/*.ttl`` (concepts in ``https://w3id.org/presskg/reading#``).

Knowledge stays in Turtle: which labels open a question or an answer, which words mark a reporter,
which phrases open an announcement. This module only loads the lists and compiles them into regexes.

>>> cues = load_cues()
>>> "Q" in cues.labels("anonymous-question")
True
>>> cues.institution
"Ministry of Foreign Affairs of the People's Republic of China"

Phrases tagged with a language (``"问"@zh``) form their own list, named ``concept@language``:

>>> "问" in cues.labels("anonymous-question@zh")
True
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import OntologyError
from kg.gazetteer import load_turtle, ontology_dir

READING_IRI = "https://w3id.org/presskg/reading#"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"

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
    "spokesperson-name",
    "briefing-title",
    "institution",
)


@dataclass(frozen=True, slots=True)
class Cues:
    """Cue lists by concept name (the IRI's local part), and the institution's canonical name."""

    lists: dict[str, tuple[str, ...]]
    institution: str

    def labels(self, concept: str) -> tuple[str, ...]:
        """The phrases of one concept, as written in the Turtle; ``concept@zh`` for its Chinese ones."""
        return self.lists[concept]

    def folded(self, concept: str) -> frozenset[str]:
        """The phrases of one concept, case-folded with single spaces, for exact lookups."""
        return frozenset(fold(p) for p in self.lists[concept])

    def alternation(self, concept: str) -> str:
        """A regex alternation of the concept's phrases, longest first, spaces matching any whitespace."""
        phrases = sorted(self.lists[concept], key=len, reverse=True)
        return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in phrases)


def fold(text: str) -> str:
    """Case-folded text with runs of whitespace made single spaces.

    >>> fold("  Follow-UP   question ")
    'follow-up question'
    """
    return " ".join(text.split()).casefold()


@cache
def load_cues(directory: Path | None = None) -> Cues:
    """Read every reading concept from the ontology folder's Turtle files (values of all files are merged)."""
    lists: dict[str, list[str]] = defaultdict(list)
    preferred: dict[str, str] = {}
    folder = directory or ontology_dir()
    for path in sorted(folder.glob("*.ttl")):
        for quad in load_turtle(path):
            subject, obj = quad.subject, quad.object
            if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(READING_IRI):
                continue
            if not isinstance(obj, ox.Literal):
                continue
            name = subject.value[len(READING_IRI) :]
            if obj.language:  # a label in another language is a list of its own: "anonymous-question@zh"
                name = f"{name}@{obj.language}"
            if quad.predicate.value == SKOS_ALT:
                lists[name].append(obj.value)
            elif quad.predicate.value == SKOS_PREF:
                preferred[name] = obj.value
    missing = [name for name in REQUIRED if not lists.get(name)]
    if missing:
        raise OntologyError(
            "E504",
            f"reading cues missing: {', '.join(missing)}",
            path=str(folder),
            hint="restore ontology/reading.ttl or set PRESSKG_ONTOLOGY to a folder that has it",
        )
    frozen = {name: tuple(dict.fromkeys(values)) for name, values in lists.items()}
    return Cues(lists=frozen, institution=preferred.get("institution", frozen["institution"][0]))
