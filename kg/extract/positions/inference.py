"""Inferred targets: where a target the evidence does not name was found, the rule that found it
(``pk:targetRule``), and which inferred targets an act keeps (an organisation only where the question is about it,
and only for acts whose ``pk:organisationTarget`` is "inferred").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.extract.positions.lexicon import group_key
from kg.extract.positions.turn import Reading
from kg.types import EntityKind, EntityRef, Position

Inference = Callable[[Reading, EntityRef, EntityRef | None, EntityRef | None], bool]
# Where a target the evidence does not name was found, in order of preference: (rule, test on the reading, the
# target, the previous sentence's actor and the question's main actor). A target found in none of them came from
# earlier in the answer ("the two sides" after "India and Pakistan").
INFERENCES: tuple[tuple[str, Inference], ...] = (
    ("previous_sentence", lambda tc, target, previous, context: target == previous or target in tc.previous_all),
    ("question_actor", lambda tc, target, previous, context: target == context or target == tc.sole),
    ("question_parties", lambda tc, target, previous, context: target in tc.parties),
    ("question_pair", lambda tc, target, previous, context: target in tc.asked_pair),
)
ANSWER_CONTEXT = "answer_context"


def inferred_by(
    tc: Reading, target: EntityRef, ss: int, se: int, previous: EntityRef | None, context: EntityRef | None
) -> str | None:
    """The rule that inferred ``target`` for an act of the sentence [ss, se), or None where the sentence names it.

    >>> from kg.extract.positions.lexicon import load_act_lexicon
    >>> usa = EntityRef(EntityKind.COUNTRY, "USA")
    >>> text = "We oppose the US move. It is purely China's internal affair."
    >>> r = Reading(load_act_lexicon(), text, text, ((0, 22), (23, 60)), [0, 23], [(14, 16, usa)], [14])
    >>> inferred_by(r, usa, 0, 22, None, usa), inferred_by(r, usa, 23, 60, usa, usa)
    (None, 'previous_sentence')
    """
    if any(a[2] == target for a in tc.actors_between(ss, se)):
        return None
    if any(tc.lex.group_of.get(group_key(m.group())) == target for m in tc.lex.groups.finditer(tc.norm, ss, se)):
        return None  # named as a group of states ("African countries": the AU)
    return next((rule for rule, holds in INFERENCES if holds(tc, target, previous, context)), ANSWER_CONTEXT)


# An organisation is a target only where the act is directed at it (annotation.md, positions rule 2). One the
# evidence does not name is so only where the question is about it: a pronoun whose antecedent is an organisation
# more often points at what it said or hosted ("The WHO has ... We appreciate this").
# An act whose pk:organisationTarget is "named" (acts against someone, sovereignty claims: acts.ttl) takes none
# the evidence does not name, but for a bloc of states the question is about (groups.ttl: "The EU in a statement has
# said ...", "Hong Kong affairs are purely China's internal affairs"), which acts as a state does (round 12).
# A bloc the previous sentence named as a group of states ("our African brothers ... supporting their efforts") is
# the states themselves, not an organisation that spoke (rule PREVIOUS_GROUP).
PREVIOUS_GROUP = "previous_group"
ORGANISATION_INFERENCES = frozenset({"question_actor", PREVIOUS_GROUP})


def aimed(
    tc: Reading,
    target: EntityRef | None,
    ss: int,
    se: int,
    previous: EntityRef | None,
    context: EntityRef | None,
    act: str = "",
) -> tuple[EntityRef | None, str | None]:
    """The target an act of the sentence [ss, se) keeps, and the rule that inferred it (None where named).

    >>> from kg.extract.positions.lexicon import load_act_lexicon
    >>> who = EntityRef(EntityKind.ORGANIZATION, "who")
    >>> text = "The WHO praised China. We appreciate this."
    >>> r = Reading(load_act_lexicon(), text, text, ((0, 22), (23, 42)), [0, 23], [(4, 7, who)], [4])
    >>> aimed(r, who, 23, 42, who, None), aimed(r, who, 23, 42, who, who)
    ((None, None), (EntityRef(kind=<EntityKind.ORGANIZATION: 'organization'>, key='who'), 'question_actor'))
    """
    if target is None or (target.kind is EntityKind.ORGANIZATION and act in tc.lex.no_organisations):
        return None, None
    rule = inferred_by(tc, target, ss, se, previous, context)
    if rule is not None and target.kind is EntityKind.ORGANIZATION:
        rule = "question_actor" if target == context else rule
        if rule == "previous_sentence" and target == tc.previous_bloc == previous:
            rule = PREVIOUS_GROUP  # "in Latin American countries. ... cooperation with these countries"
        bloc_asked = rule == "question_actor" and target in tc.lex.group_of.values()
        if rule not in ORGANISATION_INFERENCES or (act in tc.lex.named_organisations_only and not bloc_asked):
            return None, None
    return target, rule


def restated_apart(positions: list[Position], everyone: re.Pattern[str] | None = None) -> list[Position]:
    """The positions of one answer without the untargeted ones whose act the same answer aims at a named actor.

    "China firmly opposes all cyber attacks. We firmly object to making groundless accusations ...",
    answering a question about a US report: the answer states one opposition, aimed at the US, and the sentence
    that names no one restates it; as an exchange is read (annotation.md, positions rule 1: the target is null
    only where no actor can be identified), it is no second stance aimed at no one. Nothing is inferred: the
    untargeted restatement is left out, the targeted position stays. An untargeted position whose evidence states
    the act to everyone or of a whole class (``everyone``, grammar: "all forms of cyber attack", "work with other
    parties") is a second stance of principle, a clause of its own (annotation.md, version 2), and stays.

    >>> usa = EntityRef(EntityKind.COUNTRY, "USA")
    >>> def pos(act: str, target: EntityRef | None, start: int, evidence: str = "x") -> Position:
    ...     return Position("e1", "a1", act, "CHN", None, target, None, None, evidence, start, start + 1, "r")
    >>> [(p.act, p.target and p.target.key) for p in restated_apart(
    ...     [pos("oppose", None, 0), pos("oppose", usa, 10), pos("support", None, 20)])]
    [('oppose', 'USA'), ('support', None)]
    >>> principle = pos("oppose", None, 0, "We oppose all forms of hacking.")
    >>> [(p.act, p.target and p.target.key) for p in restated_apart(
    ...     [principle, pos("oppose", usa, 10)], re.compile("all forms of"))]
    [('oppose', None), ('oppose', 'USA')]
    """
    aimed_acts = {p.act for p in positions if p.target is not None}
    return [
        p
        for p in positions
        if p.target is not None or p.act not in aimed_acts or (everyone is not None and everyone.search(p.evidence))
    ]
