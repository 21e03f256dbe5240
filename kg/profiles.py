"""Institution profiles (``ontology/profiles.ttl``): the government a briefing speaks for, as data.

A profile names the institution, the state whose positions its spokesperson states, the layouts its transcripts
come in, its spokespersons and their titles, and the pattern of the phrases by which it names itself ("China", "the
Chinese side", "we"). The reader picks a document's profile by its layout; the extractors take the holder of every
position, and the speaker's side in the act patterns, from the briefing's profile. The values are read once by
the ``institution_profiles`` accessor of ``kg.ontology``; this module looks them up.

>>> profile("fmprc").state, profile("whitehouse").state
('CHN', 'USA')
>>> profile_for_layout("markdown").key
'whitehouse'
>>> "the Chinese (?:side" in profile("fmprc").self_pattern, "the United States" in profile("whitehouse").self_pattern
(True, True)
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from kg.errors import OntologyError
from kg.ontology import Profile, institution_profiles, load_ontology, ontology_dir
from kg.types import Briefing, Turn

__all__ = ["Profile", "load_profiles", "profile", "profile_for_layout", "speaks_for_holder"]


def load_profiles(directory: Path | None = None) -> tuple[Profile, ...]:
    """Every profile of the ontology folder; ``OntologyError`` (E540) where it holds none. Read once per
    folder, as the act lexicon is: the extractors ask for a briefing's profile at every position."""
    if directory is not None:
        return _profiles_in(directory)
    # Keyed by the variable that picks the folder, not the folder: resolving the path is what costs here.
    return _default_profiles(os.environ.get("PRESSKG_ONTOLOGY"))


@cache
def _default_profiles(_environment: str | None) -> tuple[Profile, ...]:
    return _profiles_in(ontology_dir())


@cache
def _profiles_in(folder: Path) -> tuple[Profile, ...]:
    onto = load_ontology(folder)
    found = institution_profiles(onto)
    if not found:
        raise OntologyError(
            "E540", "no institution profiles", path=str(onto.folder), hint="restore ontology/profiles.ttl"
        )
    return found


def profile(key: str, directory: Path | None = None) -> Profile:
    """The profile with this key (of ``directory``'s ontology, by default the one in use); ``OntologyError`` (E542)
    where there is none."""
    profiles = load_profiles(directory)
    for found in profiles:
        if found.key == key:
            return found
    known = ", ".join(p.key for p in profiles)
    raise OntologyError("E542", f"no institution profile {key!r}", hint=f"known profiles: {known}")


def profile_for_layout(layout: str) -> Profile | None:
    """The profile whose transcripts come in this layout, or None where no profile claims it."""
    return next((p for p in load_profiles() if layout in p.layouts), None)


def speaks_for_holder(briefing: Briefing, turn: Turn) -> bool:
    """Whether a turn's speaker speaks for the state that holds the briefing's positions (its profile's state).

    The spokesperson and turns of no named official do. An official answering under a label of their own
    (``Briefing.speakers``) does only where the reader placed them with that state: a foreign leader at a joint
    press conference ("PRESIDENT ZELENSKYY:", placed with Ukraine) or a guest whom nothing places (state None)
    states no position of the United States, and no position at all: the extractors hold positions only for the
    profile's state.

    >>> from kg.types import Layout, Role, Source, Speaker
    >>> b = Briefing("b", Source("p", "p", ""), Layout.MARKDOWN, "t", None, False, "Jen Psaki", "The White House",
    ...              (), (), profile="whitehouse", speakers=(Speaker("PRESIDENT ZELENSKYY", "Volodymyr Zelensky",
    ...              "President", True, "UKR"), Speaker("MR. KIRBY", "John Kirby", None, True, "USA")))
    >>> [speaks_for_holder(b, Turn(Role.ANSWER, 1, name, "...")) for name in ("Volodymyr Zelensky", "John Kirby",
    ...                                                                        "Jen Psaki", None)]
    [False, True, True, True]
    """
    holder = profile(briefing.profile).state
    return all(s.state == holder for s in briefing.speakers if s.name == turn.speaker)
