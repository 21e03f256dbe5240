"""Where an actor named near an act is not its target: only the place or the topic of what is evaluated, an
organisation named as the venue, as one told something, or as the one who speaks (annotation.md, positions v2
rule 2). The word lists are ``ontology/targets.ttl`` (``tc.lex.grammar``).

>>> from kg.extract.positions.lexicon import load_act_lexicon
>>> from kg.types import EntityKind, EntityRef
>>> who = EntityRef(EntityKind.ORGANIZATION, "who")
>>> text = "China has been timely informing the WHO of the epidemic."
>>> r = Reading(load_act_lexicon(), text, text, ((0, len(text)),), [0], [(36, 39, who)], [36])
>>> venue(r, r.actors[0], 0), evaluated(r, 0, len(text))
(True, [])
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from kg.extract.positions.lexicon import ActCue
from kg.extract.positions.turn import COORDINATION, Reading, facing
from kg.types import EntityKind, EntityRef

CLAUSE_MARK = re.compile(r"[,;:]")
OPENING = re.compile(r"\s*\(\s*")  # "the Forum on China-Africa Cooperation (FOCAC)": the name restated


def evaluated(tc: Reading, ss: int, se: int) -> list[tuple[int, int, EntityRef]]:
    """The actors of a sentence an evaluation may be aimed at. An evaluation's target is rarely where something
    happens: "smears ... at the UN", "epidemic in the US"; but "the accusations in the US bill" and "a certain
    politician in the US" do name the actor."""
    found = [
        a
        for a in facing(tc, ss, se)
        if not (
            a[2].kind is EntityKind.ORGANIZATION
            and (tc.lex.grammar.org_as_modifier.match(tc.norm, a[1], se) or venue(tc, a, ss) or speaker(tc, a, ss, se))
        )
    ]
    return [
        a
        for a in found
        if not tc.lex.grammar.place_preposition.search(tc.norm, max(ss, a[0] - 16), a[0])
        or tc.lex.grammar.actor_as_modifier.match(tc.norm, a[1], se)
        or tc.lex.grammar.people_in.search(tc.norm, max(ss, a[0] - 30), a[0])
    ]


def speaker(tc: Reading, actor: tuple[int, int, EntityRef], ss: int, se: int) -> bool:
    """Whether an organisation opens its clause as one who speaks or states a stance of its own, alone or named with
    others ("The UN and the WHO have called on countries to fight disinformation", "WHO and the international
    community explicitly oppose linking the virus with any specific country"): what it said is reported, it is not
    accused (annotation.md v2, positions rule 2)."""
    if actor[2].kind is not EntityKind.ORGANIZATION:
        return False
    first = _coordinated_before(tc, actor, ss)[-1][0]
    if len(tc.norm[tc.clause_start(ss, first) : first].split()) > 2:
        return False
    end = min(se, actor[1] + 60)
    said = tc.lex.report.search(tc.norm, actor[1], end) or tc.lex.grammar.stance_verb.search(tc.norm, actor[1], end)
    return said is not None and not CLAUSE_MARK.search(tc.norm, actor[1], said.start())


def venue(tc: Reading, actor: tuple[int, int, EntityRef], ss: int) -> bool:
    """Whether an organisation is named as where something happens ("at the UN", "the Summit of the Forum on
    China-Africa Cooperation", a numbered session: "the 73rd United Nations General Assembly") or as one told
    something ("timely informing the WHO"), itself or as one of organisations named together after such a word
    ("participation in the WHO and the World Health Assembly"), or restated in brackets.

    >>> from kg.extract.positions.lexicon import load_act_lexicon
    >>> focac, unga = EntityRef(EntityKind.ORGANIZATION, "focac"), EntityRef(EntityKind.ORGANIZATION, "unga")
    >>> text = "At the Summit of the Forum on China-Africa Cooperation (FOCAC) and the 73rd United Nations General "
    >>> actors = [(21, 54, focac), (56, 61, focac), (76, 99, unga)]
    >>> r = Reading(load_act_lexicon(), text, text, ((0, len(text)),), [0], actors, [a[0] for a in actors])
    >>> [venue(r, a, 0) for a in actors]
    [True, True, True]
    """
    if actor[2].kind is not EntityKind.ORGANIZATION:
        return False
    return any(
        tc.lex.grammar.org_as_venue.search(tc.norm, max(ss, a[0] - 40), a[0])
        or tc.lex.grammar.recipient.search(tc.norm, max(ss, a[0] - 20), a[0])  # "informing the WHO and ..."
        for a in _coordinated_before(tc, actor, ss)
    )


def _coordinated_before(tc: Reading, actor: tuple[int, int, EntityRef], ss: int) -> list[tuple[int, int, EntityRef]]:
    """The actor and the organisations of its sentence named together with it before it, nearest first; a name
    restated in brackets ("the Summit of the Forum on China-Africa Cooperation (FOCAC)") is the name before it."""
    chain = [actor]
    k = bisect.bisect_left(tc.actor_starts, actor[0]) - 1
    while k >= 0 and tc.actors[k][0] >= ss and tc.actors[k][2].kind is EntityKind.ORGANIZATION:
        restated = tc.actors[k][2] == chain[-1][2] and OPENING.fullmatch(tc.norm, tc.actors[k][1], chain[-1][0])
        if not (restated or COORDINATION.fullmatch(tc.norm, tc.actors[k][1], chain[-1][0])):
            break
        chain.append(tc.actors[k])
        k -= 1
    return chain


def states_only(tc: Reading, ss: int, se: int) -> Reading:
    """The reading without the organisations, for an act never aimed at one (pk:organisationTarget "none": "paying
    no respect to science and WHO advice, some US officials have been stigmatizing China" criticizes the US; an
    organisation named in a criticism is an authority cited, a speaker, the owner of rules, a venue)."""
    if all(a[2].kind is not EntityKind.ORGANIZATION for a in tc.actors_between(ss, se)):
        return tc
    kept = [a for a in tc.actors if a[2].kind is not EntityKind.ORGANIZATION]
    return dataclasses.replace(tc, actors=kept, actor_starts=[a[0] for a in kept])


def sanctions_unnamed(tc: Reading, cue: ActCue, e: int, ss: int, se: int) -> bool:
    """Whether an act against someone (pk:accusesDoer) takes up sanctions the question says a state imposed, naming no
    one after the act ("we oppose unilateral sanctions", "wanton use or threat of sanctions won't solve any problem"):
    aimed at that state, not at the sanctioned one nor at one the sentence names before the act. Not an evaluation
    inside the speaker's own clause ("China opposes the wanton use of unilateral sanctions"), which counts only
    against an actor it names (``Verdict.needs_target``)."""
    return (
        tc.imposer is not None
        and cue.act in tc.lex.accusing
        and tc.lex.grammar.sanctions.search(tc.norm, ss, se) is not None
        and not tc.actors_between(e, se)
    )


def bilateral_partner(
    tc: Reading, cue: ActCue, span: tuple[int, int], found: tuple[EntityRef | None, ...]
) -> tuple[EntityRef | None, ...]:
    """The question's one actor for an act that names no one in a sentence on the relation of two sides ("Our two
    sides will act on the consensus of the two leaders to ... advance cooperation across the board", answering a
    question about India: India; pk:bilateralPartner, BILATERAL in targets.ttl); else what was ``found``. The one
    actor is also the question's one state where it names organisations besides ("the German cabinet lowered the
    threshold for non-EU share purchases": Germany)."""
    partner = tc.sole if tc.sole is not None or len(tc.parties) != 1 else tc.parties[0]
    if found != (None,) or cue.act not in tc.lex.bilateral or partner is None:
        return found
    return (partner,) if tc.lex.grammar.bilateral.search(tc.norm, *span) else found


def parties_named(
    tc: Reading, e: int, span: tuple[int, int], found: tuple[EntityRef | None, ...]
) -> tuple[EntityRef | None, ...]:
    """The question's states an act's group is aimed at ("all relevant parties"), narrowed to those the sentence names
    after the act where it names some: "We hope that all relevant parties to the Yemen issue could implement the
    outcomes", answering on the Yemen talks in Sweden, is aimed at Yemen alone; "We hope all parties can make more
    efforts to promote stability in Venezuela" at no one else the question names (round 12: 7 of 7 such inferred
    targets wrong on the derive sets). Else what was ``found``.

    >>> from kg.extract.positions.lexicon import load_act_lexicon
    >>> yem, swe = EntityRef(EntityKind.COUNTRY, "YEM"), EntityRef(EntityKind.COUNTRY, "SWE")
    >>> text = "We hope all parties to the Yemen issue will act."
    >>> r = Reading(load_act_lexicon(), text, text, ((0, len(text)),), [0], [(27, 32, yem)], [27], parties=(yem, swe))
    >>> [t.key for t in parties_named(r, 7, (0, len(text)), (yem, swe)) if t]
    ['YEM']
    """
    if len(found) < 2 or not set(found) <= set(tc.parties):
        return found
    named = {a[2] for a in tc.actors_between(e, span[1])}
    if not named & set(found) or set(found) <= named:
        return found
    return tuple(t for t in found if t in named)
