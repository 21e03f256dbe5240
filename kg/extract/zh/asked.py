"""The actors of a Chinese turn that can be targets, and what a question asks about, for the targets of the
positions in its answer (``kg.extract.zh.positions``): the actors of a turn (not a venue, nor an organisation named
as the owner of rules; groups of states as their bloc), the actor a question names most (not a state named only as
the nationality of a non-state actor, nor as the victim of a deed opposed), the actors named together with it
("美英澳"), its states, the parties a call on "the parties concerned" is addressed to, and the part of a question
each part of the answer answers (conventions v2 of ``shared/spec/annotation.md``, rules 1 and 2).

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
from dataclasses import replace

from kg.extract.positions.actors import target_actors
from kg.extract.zh.entities import RULE_COMPOUND
from kg.extract.zh.grammar import HOLDER, Grammar
from kg.types import EntityKind, Mention, Turn

COORDINATORS = "、和与及"  # what may join coordinated actors ("美方和韩方", "美、英")
MAX_PARTIES = 2  # a question naming more states does not say which are the parties ("美国邀请日本、韩国…加入")
INCLUDED = "在内的"  # "包括X在内的Y": X is named as part of Y
RULE_GROUP = "zh-group"  # a group of states named as a party, as its bloc
RULES_REACH = 10  # characters after an organisation in which a noun of its rules makes it their owner
VICTIM_REACH = 12  # characters after the asked actor in which a victim marker makes it no doer ("美国万豪…遭受")
NATIONALITY = re.compile(r"(?:[\u4e00-\u9fff]{0,3}?的)?(?:一|多|某|部分)?(?:家|名|位|些)?")  # 英国伦敦的一名…
NOUN_REACH = 7  # characters after a state in which the noun it modifies ends ("荷兰皇家电信公司", "华为荷兰分公司")
CLAUSE_BREAK = "，,：:；"  # what ends a clause
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


def actors_of(mentions: Sequence[Mention], text: str, g: Grammar) -> list[Mention]:
    """The mentions that can be targets, as the English extractor has them (``target_actors``): states other than
    the holder, organisations, and people as the state they serve; not those named as a venue or frame
    (``lex:zhVenueMarkers``: "在加拿大举行的…外长会", "在安理会框架外")."""
    refs = {(s, e): ref for s, e, ref in target_actors(mentions, HOLDER)}
    found = ((m, refs.get((m.start, m.end))) for m in sorted(mentions, key=lambda m: (m.start, -m.end)))
    return [
        replace(m, kind=ref.kind, key=ref.key)
        for m, ref in found
        if ref is not None and not _venue(text, m.start, g) and not _owns_rules(m, text, g)
    ]


def asking_actors(mentions: Sequence[Mention], text: str, g: Grammar) -> list[Mention]:
    """The actors a question asks about: its actors, less a state named only as the nationality or place of people
    or a body that are no state (``lex:zhNonStateNouns``: "荷兰一家咨询公司报告称", "英国伦敦的一名研究员称")."""
    return [m for m in actors_of(mentions, text, g) if not (m.kind is EntityKind.COUNTRY and _of_non_state(text, m, g))]


def _of_non_state(text: str, m: Mention, g: Grammar) -> bool:
    linked = NATIONALITY.match(text, m.end)
    rest = text[linked.end() if linked else m.end :]
    head = re.split(f"[{CLAUSE_BREAK}、。？！（(]", rest[:NOUN_REACH], maxsplit=1)[0]
    return any(w in head for w in g.non_state_nouns)


def _venue(text: str, start: int, g: Grammar) -> bool:
    """A venue marker (``lex:zhVenueMarkers``) just before ``start`` ("在加拿大举行的…"), not the end of a word that
    makes no venue (``lex:zhNotVenueMarkers``: "对于伊朗称…")."""
    return text.endswith(g.venues, 0, start) and not text.endswith(g.not_venues, 0, start)


def _owns_rules(m: Mention, text: str, g: Grammar) -> bool:
    """An organisation named as the owner of rules or a frame (``lex:zhRuleNouns``: "安理会第2334号决议",
    "《联合国宪章》", "二十国集团等框架下"), not as an actor (conventions v2, rule 2)."""
    if m.kind is not EntityKind.ORGANIZATION:
        return False
    following = re.split(r"[，,。；：:、]", text[m.end : m.end + RULES_REACH], maxsplit=1)[0]
    return text[: m.start].endswith("《") or any(w in following for w in g.rule_nouns)


def with_groups(actors: list[Mention], mentions: Sequence[Mention], turn: Turn, g: Grammar) -> list[Mention]:
    """The actors of an answer or statement and the groups of states it names as a party, each as its bloc
    (``lex:zhGroupName``: "中方愿同阿拉伯国家加强合作" is cooperation with the Arab League; conventions v2, rule 2),
    where no mention reaches past them (a place inside one, 非洲 of 非洲国家, does not)."""
    if g.groups is None:
        return actors
    taken = [(m.start, m.end) for m in mentions]
    groups = [
        Mention(turn.key, m.start(), m.end(), m.group(), *g.group_of[m.group()], RULE_GROUP)
        for m in g.groups.finditer(turn.text)
        if not any(s < m.end() and m.start() < e and not (m.start() <= s and e <= m.end()) for s, e in taken)
        and not _venue(turn.text, m.start(), g)
    ]
    return sorted([*actors, *groups], key=lambda m: (m.start, -m.end)) if groups else actors


def suffered(text: str, asked: Mention, g: Grammar) -> bool:
    """The question names ``asked`` as the victim or the place of an event (``lex:zhVictimMarkers``: "埃及发生了一起
    恐怖袭击", "巴基斯坦驻阿富汗大使馆遭到袭击"): a marker in its clause, a few characters on."""
    following = re.split(f"[{CLAUSE_BREAK}。？！]", text[asked.end : asked.end + VICTIM_REACH], maxsplit=1)[0]
    return any(w in following for w in g.victim_markers)


__all__ = [
    "COORDINATORS",
    "MAX_PARTIES",
    "Part",
    "actors_of",
    "asked_by_part",
    "asked_together",
    "asking_actors",
    "compound_start",
    "coordinated",
    "main_actor",
    "question_parts",
    "states_of",
    "suffered",
    "with_groups",
]
