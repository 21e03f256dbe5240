"""Institution profiles (``ontology/profiles.ttl``): the government a briefing speaks for, as data.

A profile names the institution, the state whose positions its spokesperson states, the layouts its transcripts
come in, its spokespersons and their titles, and the pattern of the phrases by which it names itself ("China", "the
Chinese side", "we"). The reader picks a document's profile by its layout; the extractors take the holder of every
position from the briefing's profile.

>>> profile("fmprc").state, profile("whitehouse").state
('CHN', 'USA')
>>> profile_for_layout("markdown").key
'whitehouse'
>>> "the Chinese (?:side" in profile("fmprc").self_pattern, "the United States" in profile("whitehouse").self_pattern
(True, True)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import OntologyError
from kg.gazetteer import load_turtle, ontology_dir

PROFILE_IRI = "https://w3id.org/presskg/profile#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROFILE_FILE = "profiles.ttl"


@dataclass(frozen=True, slots=True)
class Profile:
    """One institution's profile; lists keep the Turtle's order."""

    key: str  # skos:notation, e.g. "fmprc"
    institution: str  # skos:prefLabel, the institution's canonical name
    names: tuple[str, ...]  # skos:altLabel: how titles name the institution
    organization: str  # the key of its id:organization/<key> node in the graph
    state: str  # ISO3 of the state it speaks for: every position's holder
    layouts: tuple[str, ...]  # the reader's Layout values its transcripts come in
    spokesperson_titles: tuple[str, ...]
    spokespersons: tuple[str, ...]
    self_pattern: str  # how it names itself as a subject ("China|we|the Chinese side|..."), in act-pattern syntax
    procedural_labels: tuple[str, ...] = ()
    anonymous_words: tuple[str, ...] = ()
    honorifics: tuple[str, ...] = ()


_FIELDS = {
    "organization": "organization",
    "state": "state",
    "layout": "layouts",
    "spokespersonTitle": "spokesperson_titles",
    "spokesperson": "spokespersons",
    "selfPattern": "self_pattern",
    "proceduralLabel": "procedural_labels",
    "anonymousWord": "anonymous_words",
    "honorific": "honorifics",
}
_REQUIRED = ("organization", "state", "layouts", "spokesperson_titles", "self_pattern")


@cache
def load_profiles(directory: Path | None = None) -> tuple[Profile, ...]:
    """Every profile of ``ontology/profiles.ttl``, in the order of their keys."""
    folder = directory or ontology_dir()
    path = folder / PROFILE_FILE
    if not path.is_file():
        raise OntologyError("E540", "no institution profiles", path=str(path), hint="restore ontology/profiles.ttl")
    values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    profiles: set[str] = set()
    for quad in load_turtle(path):
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(PROFILE_IRI):
            continue
        name = subject.value[len(PROFILE_IRI) :]
        predicate = quad.predicate.value
        if predicate == RDF_TYPE and quad.object == ox.NamedNode(PROFILE_IRI + "Profile"):
            profiles.add(name)
        elif isinstance(quad.object, ox.Literal):
            local = predicate.rsplit("#", 1)[-1]
            if predicate.startswith(PROFILE_IRI) and local in _FIELDS:
                values[name][_FIELDS[local]].append(quad.object.value)
            elif predicate.startswith(SKOS):
                values[name][local].append(quad.object.value)
    return tuple(_profile(name, values[name], str(path)) for name in sorted(profiles))


def _profile(name: str, found: dict[str, list[str]], path: str) -> Profile:
    missing = [f for f in ("notation", "prefLabel", *_REQUIRED) if not found.get(f)]
    if missing:
        raise OntologyError("E541", f"profile {name!r} lacks {', '.join(missing)}", path=path,
                            hint="give every profile the properties ps:ProfileShape requires")  # fmt: skip
    lists = {f: tuple(dict.fromkeys(found.get(f, ()))) for f in _FIELDS.values()}
    return Profile(
        key=found["notation"][0],
        institution=found["prefLabel"][0],
        names=tuple(found.get("altLabel", ())),
        organization=lists["organization"][0],
        state=lists["state"][0],
        layouts=lists["layouts"],
        spokesperson_titles=lists["spokesperson_titles"],
        spokespersons=lists["spokespersons"],
        self_pattern=lists["self_pattern"][0],
        procedural_labels=lists["procedural_labels"],
        anonymous_words=lists["anonymous_words"],
        honorifics=lists["honorifics"],
    )


def profile(key: str) -> Profile:
    """The profile with this key; ``OntologyError`` (E542) where there is none."""
    for found in load_profiles():
        if found.key == key:
            return found
    known = ", ".join(p.key for p in load_profiles())
    raise OntologyError("E542", f"no institution profile {key!r}", hint=f"known profiles: {known}")


def profile_for_layout(layout: str) -> Profile | None:
    """The profile whose transcripts come in this layout, or None where no profile claims it."""
    return next((p for p in load_profiles() if layout in p.layouts), None)
