"""What a question asks about, for the targets of the positions in its answer (``kg.extract.zh.positions``): the
actor it names most, the actors named together with it ("美英澳"), and its states, the parties a call on "the
parties concerned" is addressed to (conventions v2 of ``shared/spec/annotation.md``, rules 1 and 2).

>>> from kg.extract.zh.grammar import grammar_for
>>> from kg.ontology import ontology_dir
>>> from kg.types import EntityKind, Mention
>>> us = Mention("q1", 0, 1, "美", EntityKind.COUNTRY, "USA", "zh-compound")
>>> uk = Mention("q1", 1, 2, "英", EntityKind.COUNTRY, "GBR", "zh-compound")
>>> [m.key for m in coordinated("美英两国", [us, uk], us, grammar_for(ontology_dir()))]
['USA', 'GBR']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from kg.extract.zh.entities import RULE_COMPOUND
from kg.extract.zh.grammar import Grammar
from kg.types import EntityKind, Mention

COORDINATORS = "、和与及"  # what may join coordinated actors ("美方和韩方", "美、英")
MAX_PARTIES = 2  # a question naming more states does not say which are the parties ("美国邀请日本、韩国…加入")
INCLUDED = "在内的"  # "包括X在内的Y": X is named as part of Y
QUESTION_PART = re.compile(r"第([一二三四五])(?:个问题)?(?:是)?[，,、：:]")  # "第一，…第二个问题，…"
ANSWER_PART = re.compile(r"第([一二三四五])个问题")  # "关于第二个问题，…": the answer to that part

Part = tuple[int, Mention | None, tuple[Mention, ...], tuple[Mention, ...]]  # answer offset, asked, with it, parties


def main_actor(actors: Sequence[Mention]) -> Mention | None:
    """The actor named most often (the first named, on a tie)."""
    if not actors:
        return None
    counts = Counter((m.kind, m.key) for m in actors)
    best = max(counts.values())
    return next(m for m in actors if counts[(m.kind, m.key)] == best)


def compound_start(before: Sequence[Mention]) -> Mention:
    """The first state of the compound that ends ``before`` ("美加两国滥用…" -> 美, "希望美加两国与中方相向而行"): an
    act aimed at a compound's states is aimed at each (``coordinated``); the last actor where it is no compound."""
    first = before[-1]
    for m in reversed(before[:-1]):
        if not (m.rule == first.rule == RULE_COMPOUND and m.end == first.start):
            break
        first = m
    return first


def coordinated(text: str, actors: Sequence[Mention], first: Mention, g: Grammar) -> list[Mention]:
    """``first`` and the actors coordinated with it: a compound or list of states ("美韩", "美英澳", "美、英、澳")
    or actors joined by a conjunction ("美方和韩方", "俄、印双方", "加拿大政府、美国政府"), each a target of the
    same act; and the group an actor is named as part of ("包括尼日利亚在内的非洲国家": Nigeria and the AU)."""
    out = [first]
    for m in actors:
        gap = past_suffix(text[out[-1].end : m.start], g)  # a side form's mention is its abbreviation
        if m.start >= out[-1].end and ((len(gap) <= 1 and all(c in COORDINATORS for c in gap)) or gap == INCLUDED):
            if (m.kind, m.key) not in {(o.kind, o.key) for o in out}:
                out.append(m)
            else:
                out[-1] = m  # the same actor again ("美方和美军"): go on from it
    return out


def past_suffix(gap: str, g: Grammar) -> str:
    """``gap`` past the side word that may follow a state in a list (``lex:zhSideSuffixes``: "美方和韩方",
    "加拿大政府、美国政府"), where a conjunction follows it ("美国驻德国大使" is no list); 方 always, as before."""
    rest = next((gap[len(w) :] for w in g.side_suffixes if gap.startswith(w)), gap)
    return rest if rest or gap == "方" else gap


def states_of(actors: Sequence[Mention]) -> list[Mention]:
    return [m for m in actors if m.kind is EntityKind.COUNTRY]


def asked_together(
    text: str, asking: Sequence[Mention], asked: Mention, g: Grammar
) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """The question's actors named together with ``asked`` ("美英澳"), and its states, once each, where it names at
    most ``MAX_PARTIES`` of them (the parties concerned of a call)."""
    states = tuple({m.key: m for m in states_of(asking)}.values())
    return tuple(coordinated(text, asking, asked, g)), states if len(states) <= MAX_PARTIES else ()


def question_parts(text: str) -> list[tuple[str, int, int]]:
    """The parts of a question in two or more (第一，… 第二，…): (ordinal, start, end); none where it has one.

    >>> question_parts("第一，美方宣布对台军售。第二，日本首相将访华。")
    [('一', 0, 12), ('二', 12, 23)]
    >>> question_parts("美方宣布对台军售，中方有何评论？第二个问题，日本首相将访华吗？")
    [('一', 0, 16), ('二', 16, 31)]
    """
    marks = [(m.group(1), m.start()) for m in QUESTION_PART.finditer(text)]
    if marks and marks[0][0] == "二":  # "…有何评论？第二个问题，…": the first part is unmarked
        marks.insert(0, ("一", 0))
    if len({ordinal for ordinal, _ in marks}) < 2:
        return []
    ends = [start for _, start in marks[1:]] + [len(text)]
    return [(ordinal, start, end) for (ordinal, start), end in zip(marks, ends, strict=True)]


def asked_by_part(question: str, asking: Sequence[Mention], answer: str, g: Grammar) -> tuple[Part, ...]:
    """Where a question asks in parts and the answer takes them in turn ("关于第二个问题，…"), what each part of the
    answer answers: from the offset where it starts, the actor its part of the question names most (none where that
    part names none), those named together with it, and its parties."""
    parts = {ordinal: (start, end) for ordinal, start, end in question_parts(question)}
    out: list[Part] = []
    for mark in ANSWER_PART.finditer(answer) if parts else ():
        if mark.group(1) not in parts:
            continue
        start, end = parts[mark.group(1)]
        named = [m for m in asking if start <= m.start < end]
        asked = main_actor(named)
        together = asked_together(question, named, asked, g) if asked is not None else ((), ())
        out.append((mark.start(), asked, *together))
    return tuple(out)


__all__ = [
    "COORDINATORS",
    "MAX_PARTIES",
    "Part",
    "asked_by_part",
    "asked_together",
    "compound_start",
    "coordinated",
    "main_actor",
    "question_parts",
    "states_of",
]
