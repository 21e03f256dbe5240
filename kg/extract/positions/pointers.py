"""What pointers and groups in an answer stand for, as the targets stage (targets.py) reads them: "they" and "it" (the
previous sentence's actor), "the two sides" (the pair last named), "the relevant parties" (the question's states),
"all parties, including the US" (the members singled out), "other members" (the organisation named before).

>>> from kg.types import EntityKind, EntityRef
>>> from kg.extract.positions.lexicon import load_act_lexicon
>>> irn, usa = EntityRef(EntityKind.COUNTRY, "IRN"), EntityRef(EntityKind.COUNTRY, "USA")
>>> text = "We call on the relevant parties to exercise restraint."
>>> r = Reading(load_act_lexicon(), text, text, ((0, len(text)),), [0], [], [], parties=(irn, usa))
>>> ref = group_ref(r, 11, len(text))
>>> ref, [t.key for t in pointer(r, ref, None, None) if t]
(('parties', ()), ['IRN', 'USA'])
"""

from __future__ import annotations

import re

from kg.extract.positions.actors import named_pair
from kg.extract.positions.turn import (
    ACTOR,
    CONTEXT,
    COORDINATION,
    GENERIC,
    MENTIONED,
    NOBODY,
    OTHERS,
    PARTIES,
    PREVIOUS,
    SOLE,
    Reading,
    Ref,
    coordinated,
)
from kg.types import EntityKind, EntityRef

Targets = tuple[EntityRef | None, ...]  # an act's targets, None for "aimed at no one"


COMMA = re.compile(r"\s*,\s*(?:the\s+)?")  # ", Greece included": a mention may hold its "the"
MEMBERS_REACH = 200  # characters back from "other members" to the organisation they belong to


def organisation_before(tc: Reading, pos: int) -> EntityRef | None:
    """The organisation named last, at most MEMBERS_REACH characters before ``pos``, or None."""
    before = [a for a in tc.actors_between(max(0, pos - MEMBERS_REACH), pos) if a[2].kind is EntityKind.ORGANIZATION]
    return before[-1][2] if before else None


def pair_meant(tc: Reading, pos: int) -> tuple[EntityRef | None, ...]:
    """Whom "the two sides" at ``pos`` means: the pair last named in the answer, else in the question, else no
    one (China and one other, or a pair never named)."""
    return named_pair(tc.norm, tc.actors, pos) or tc.asked_pair or (None,)


def including(tc: Reading, start: int, end: int) -> tuple[EntityRef, ...]:
    """The actors a group singles out right after it: "all parties concerned, including Russia", "the
    international community, in particular the US"; () where it singles out no one."""
    m = tc.lex.grammar.including.match(tc.norm, start, end)
    if m is None:
        return _included_after(tc, start, end)
    after = tc.actors_between(m.start(), end)
    if after and after[0][0] <= m.end():  # "including the United States": a mention may hold its "the"
        return coordinated(tc, after)
    return ()


def _included_after(tc: Reading, start: int, end: int) -> tuple[EntityRef, ...]:
    """The actors set off after a group and followed by "included": "the international community, Greece
    included" (Greece), "..., the US and Japan included" (both); () where none are."""
    comma = COMMA.match(tc.norm, start, end)
    after = tc.actors_between(start, end) if comma is not None else []
    if comma is None or not after or after[0][0] > comma.end():
        return ()
    k = 1
    while k < len(after) and COORDINATION.fullmatch(tc.norm, after[k - 1][1], after[k][0]):
        k += 1
    if tc.lex.grammar.included.match(tc.norm, after[k - 1][1], end) is None:
        return ()
    return tuple(dict.fromkeys(a[2] for a in after[:k]))


def pointer(tc: Reading, ref: Ref, previous: EntityRef | None, context: EntityRef | None) -> Targets:
    kind, actors = ref
    if kind == ACTOR:
        return actors
    if kind == MENTIONED:
        return (tc.sole,) if tc.sole is not None else tc.asked_pair or (None,)  # "the countries you just mentioned"
    if kind == PARTIES:
        return tc.parties or (None,)  # "all relevant parties": the states the question is about, each
    if kind == SOLE:
        # "The relevant countries", "some countries": the question's actor where it names one, else each of the
        # states it names (annotation.md, positions rule 1: one entry per actor the act concerns alike).
        return (tc.sole,) if tc.sole is not None else tc.parties or (None,)
    return {GENERIC: (None,), OTHERS: (None,), CONTEXT: (context,), PREVIOUS: back(tc, previous, context)}[kind]


def group_ref(tc: Reading, q: int, end: int) -> Ref | None:
    """What a group phrase at ``q`` stands for, or None where none stands there: the members it singles out ("all
    parties, including the US"), the state it lies in ("all parties in Afghanistan"), the states the question is
    about ("the relevant parties", "all sides concerned"), or no one ("the international community")."""
    g = tc.lex.generic_at.match(tc.norm, q, end)
    if g is None:
        return None
    singled = including(tc, g.end(), end)
    if singled:
        return (ACTOR, singled)
    if tc.lex.parties_at.match(tc.norm, q, end):
        m = tc.lex.grammar.members_of.match(tc.norm, g.end(), end)
        after = tc.actors_between(m.end(), end) if m is not None else []
        if m is not None and after and after[0][0] == m.end() and after[0][2].kind is EntityKind.COUNTRY:
            return (ACTOR, (after[0][2],))
        return (PARTIES, ())
    return (GENERIC, ())


def back(tc: Reading, previous: EntityRef | None, context: EntityRef | None) -> Targets:
    """What "they" or "it" refers to: the previous sentence's actor, with those named together with it ("the UK,
    France and Germany ... China opposes that": all three), else the question's; nobody where the previous
    sentence was about a place ("The DPP authorities ... Their scheme will never succeed")."""
    if previous is NOBODY:
        return (None,)
    if previous is not None and tc.previous_all[:1] == (previous,):
        return tc.previous_all
    return (previous or context,)
