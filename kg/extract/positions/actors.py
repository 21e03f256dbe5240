"""The exchange's actors: who the question is about (its main actor, the sole one, the states it names, by part of
a multi-part question), the pair it names together, and the actors a turn's mentions give (a person stands for
the state they serve).

>>> from kg.types import EntityKind, EntityRef
>>> rus, usa = EntityRef(EntityKind.COUNTRY, "RUS"), EntityRef(EntityKind.COUNTRY, "USA")
>>> q = "First, on Putin's visit? Second, the US sanctions?"
>>> [(n, c.key) for n, c, _, _ in question_contexts(q, "On your second question, we oppose it.",
...                                                    [(10, 16, rus), (32, 34, usa)])]
[(0, 'RUS'), (0, 'USA')]
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cache

from kg.extract.positions.openings import lowered
from kg.extract.positions.turn import COORDINATION
from kg.gazetteer import load_gazetteer
from kg.ontology import load_ontology, organs
from kg.types import EntityKind, EntityRef, Mention

# "On your second question, ...": an answer paragraph that takes up one part of a multi-part question.
ANSWER_PART = re.compile(
    r"(?:^|\n)[\W]*(?:on|regarding|as for|as to|with regard to|concerning|for|about|to answer|in response to|to)\s+"
    r"(?:your|the)\s+(first|second|third|fourth|fifth|last)\s+question",
    re.I,
)
ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4}  # "last" is the last part
QUESTION_PART = re.compile(
    r"(?:^|[.?!]\s+|\n)(?:(?:first|second|third|fourth|fifth)(?:ly)?(?:\s+question)?\s*[,:]|"
    r"(?:(?:on|as for|regarding|as to)\s+)?(?:my|the)\s+(?:first|second|third|fourth|fifth)\s+question)",
    re.I,
)
QUESTION_END = re.compile(r"\?+[\"'\u201d\u2019)]*")
# From this answer offset on: the main actor, the sole actor, and the states "the relevant parties" are.
Context = tuple[int, EntityRef | None, EntityRef | None, tuple[EntityRef, ...]]


def question_contexts(question: str, answer: str, asked: list[tuple[int, int, EntityRef]]) -> list[Context]:
    """Whom the answer's pointers ("the relevant country", "such accusations") may mean, by answer offset: the
    question's main actor, and from "On your second question," on, the main actor of that part of the question;
    with each, the states of that question or part, whom "all relevant parties" means.

    >>> from kg.types import EntityKind, EntityRef
    >>> rus, usa = EntityRef(EntityKind.COUNTRY, "RUS"), EntityRef(EntityKind.COUNTRY, "USA")
    >>> q = "First, on Putin's visit? Second, the US sanctions?"
    >>> [(n, c.key, [p.key for p in ps]) for n, c, _, ps in question_contexts(
    ...     q, "On your second question, we oppose it.", [(10, 16, rus), (32, 34, usa)])]
    [(0, 'RUS', ['RUS', 'USA']), (0, 'USA', ['USA'])]
    >>> [c.key for _, c, _, _ in question_contexts(
    ...     q, "AS TO YOUR SECOND QUESTION, no.", [(10, 16, rus), (32, 34, usa)])]
    ['RUS', 'USA']
    """

    def scope(
        actors: list[tuple[int, int, EntityRef]],
    ) -> tuple[EntityRef | None, EntityRef | None, tuple[EntityRef, ...]]:
        main = main_actor(actors)
        states = tuple(dict.fromkeys(a[2] for a in actors if a[2].kind is EntityKind.COUNTRY))
        return main, main if len({a[2] for a in actors}) == 1 else None, states

    out: list[Context] = [(0, *scope(asked))]
    # Every part taken up names its "question", which most answers do not hold (3,026 of 3,556 over 400
    # briefings): the word looked up in their lower case first, the pattern's search from each character
    # after (0.031-0.048 -> 0.010-0.013 s over those answers). Not where lower case is not what re.I matches.
    lower = lowered(answer)
    answered = [] if lower is not None and "question" not in lower else list(ANSWER_PART.finditer(answer))
    if not answered or not asked:
        return out
    marks = [m.start() for m in QUESTION_PART.finditer(question)]
    if len(marks) < 2:
        marks = [0, *[m.end() for m in QUESTION_END.finditer(question)][:-1]]
    parts = list(zip(marks, [*marks[1:], len(question)], strict=True))
    for m in answered:
        n = ORDINALS.get(m.group(1).lower(), len(parts) - 1)
        if 0 <= n < len(parts):
            part = [a for a in asked if parts[n][0] <= a[0] < parts[n][1]]
            if part:
                out.append((m.start(), *scope(part)))
                continue
        out.append((m.start(), *scope(asked)))
    return out


SENTENCE_END = re.compile(r"[.?!]\s")


def imposer(question: str, actors: list[tuple[int, int, EntityRef]], sanctions: re.Pattern[str]) -> EntityRef | None:
    """The state a question names as imposing sanctions: the first state its sentence names before the word ("The US
    introduced new sanctions against Iran": the US), or None.

    >>> iran, usa = EntityRef(EntityKind.COUNTRY, "IRN"), EntityRef(EntityKind.COUNTRY, "USA")
    >>> words = re.compile(r"sanctions?")
    >>> imposer("Hi. The US introduced sanctions against Iran.", [(8, 10, usa), (41, 45, iran)], words).key
    'USA'
    >>> imposer("Iran was hit. What about sanctions?", [(0, 4, iran)], words) is None
    True
    """
    for m in sanctions.finditer(question):
        start = max((s.end() for s in SENTENCE_END.finditer(question, 0, m.start())), default=0)
        states = [a[2] for a in actors if start <= a[0] < m.start() and a[2].kind is EntityKind.COUNTRY]
        if states:
            return states[0]
    return None


def named_pair(text: str, actors: list[tuple[int, int, EntityRef]], end: int) -> tuple[EntityRef, ...]:
    """The last two distinct actors named together before ``end`` ("India and Pakistan", "the DPRK and the US",
    "DPRK-US"), or () where there are none: whom "the two sides" stands for.

    >>> from kg.types import EntityKind, EntityRef
    >>> ind, pak = EntityRef(EntityKind.COUNTRY, "IND"), EntityRef(EntityKind.COUNTRY, "PAK")
    >>> [r.key for r in named_pair("India and Pakistan are neighbours.", [(0, 5, ind), (10, 18, pak)], 34)]
    ['IND', 'PAK']
    """
    before = [a for a in actors if a[1] <= end]
    for (_s1, e1, r1), (s2, _e2, r2) in reversed(list(itertools.pairwise(before))):
        if r1 != r2 and COORDINATION.fullmatch(text, e1, s2):
            return (r1, r2)
    return ()


def target_actors(mentions: Sequence[Mention], holder: str) -> list[tuple[int, int, EntityRef]]:
    """Mentions that can be targets, as (start, end, ref), by position: states, organisations (an organ as the one
    it acts for, ``pk:actsFor``: the European Parliament as the EU), people's states."""
    people = _person_states()
    acting_for = _organs()
    out: list[tuple[int, int, EntityRef]] = []
    for m in mentions:
        ref: EntityRef | None = None
        if m.kind is EntityKind.COUNTRY and m.key != holder:
            ref = EntityRef(EntityKind.COUNTRY, m.key)
        elif m.kind is EntityKind.ORGANIZATION:
            ref = EntityRef(EntityKind.ORGANIZATION, acting_for.get(m.key, m.key))
        elif m.kind is EntityKind.PERSON and people.get(m.key) not in (None, holder):
            ref = EntityRef(EntityKind.COUNTRY, people[m.key])
        if ref is not None:
            out.append((m.start, m.end, ref))
    out.sort(key=lambda a: (a[0], -a[1]))
    return out


def main_actor(actors: list[tuple[int, int, EntityRef]]) -> EntityRef | None:
    """The actor named most often (the first named, on a tie): whom "the relevant country" stands for."""
    if not actors:
        return None
    counts: dict[EntityRef, int] = defaultdict(int)
    for _s, _e, ref in actors:
        counts[ref] += 1
    return max(counts, key=lambda r: counts[r])  # dict order is first-mention order, max keeps the first


@cache
def _organs() -> dict[str, str]:
    # Read once per process: ``load_ontology`` fingerprints every file of ontology/ at each call.
    return organs(load_ontology())


@cache
def _person_states() -> dict[str, str]:
    return {key: e.country for key, e in load_gazetteer(EntityKind.PERSON).items() if e.country}
