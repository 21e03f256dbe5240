"""Positions the spokesperson states in a Chinese briefing: the acts of ``ontology/acts.ttl``, found by the
Chinese cues of ``acts-zh.ttl`` (``pk:ActCue`` nodes, as in English, linked by ``lex:zhActCue``; the file's
header documents their properties), read and checked by the code the English cues use (``kg.extract.actcues``).

Sentence by sentence (``。！？；``) in answers and statements (every answer of an exchange: the first, and those
after a reporter's follow-up), each cue's pattern is matched; a match is a
position unless

- it reports someone else's words: a verb of ``lex:zhReportVerbs`` stands before it in its clause (or ends a
  clause before it: "美方称，…"), with no self subject (``lex:zhSelf``) before that verb, or a leader, an official
  or a document of ``lex:zhRelayedSpeakers`` speaks through that verb ("秦刚国务委员强调，中国…");
- its frame is ``self`` and another actor is its subject ("美方反对…"; ``other_subject``);
- its polarity says otherwise: a negation of ``lex:zhNegations`` in the few characters before it ("并不反对"
  is no opposition; "不赞成" is opposition by a ``neg`` cue);
- it is what others are asked to do: a verb of ``lex:zhGoverningVerbs`` before it in its clause with no self word
  after that verb ("希望朝美双方相向而行", "敦促美方停止支持…"; one act per clause by its main verb);
- it follows advice to China's own people in its sentence ("要求中国企业…", ``lex:zhOwnPeopleVerbs``), or it is
  support China receives ("得到…的支持", "摩方给予中方积极支持");
- it is cooperation described, not stated: a cue of ``lex:zhIntentCues`` with no word of readiness or intent
  (``lex:zhIntentWords``) before it in its sentence ("中国与瑞典正就…开展合作");
- it is a hope for an outcome China shares in ("希望梅首相此访取得积极成果", "双方要…深化两国人文交流").

The checks of a clause are ``kg.extract.zh.clauses``.

The target follows the cue's policy over the mentions of the turn (states other than China, organisations, and a
person as the state they serve, as in English: ``kg.extract.positions.actors.target_actors``; places are not
targets); the evidence is the sentence, with its offsets into the turn's text.

>>> from kg.types import Briefing, Exchange, Role, Source, Layout, Turn
>>> from kg.extract.zh.entities import extract_zh_entities
>>> q = Turn(Role.QUESTION, 1, None, "美国国务院批准对台军售，中方对此有何回应？")
>>> a = Turn(Role.ANSWER, 1, "汪文斌", "中方坚决反对美方售台武器。我们敦促美方立即撤销有关决定。有报道称日本反对此事。")
>>> b = Briefing("b", Source("p", "p", ""), Layout.TEXT, "t", None, False, "汪文斌", "MFA", (),
...              (Exchange(1, q, a, None),))
>>> mentions, _ = extract_zh_entities(b)
>>> [(p.act, p.target.key if p.target else None, p.intensity, p.rule) for p in extract_zh_positions(b, mentions)]
[('oppose', 'USA', '坚决', 'oppose_verb'), ('demand', 'USA', None, 'demand_urge')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kg.extract.actcues import ActCue, best_topics, mentions_by_turn
from kg.extract.zh.asked import (
    CLAUSE_BREAK,
    COORDINATORS,
    Part,
    actors_of,
    asked_by_part,
    asked_together,
    asking_actors,
    compound_start,
    coordinated,
    main_actor,
    states_of,
    suffered,
    with_groups,
)
from kg.extract.zh.clauses import (
    NEGATION_REACH,
    aimed_at_self,
    clause_start,
    governed,
    hoped_of_others,
    joint_outcome,
    joint_parties,
    joint_with_holder,
    negated,
    object_words,
    other_subject,
    received,
    reported,
)
from kg.extract.zh.grammar import HOLDER, Grammar, grammar_for
from kg.extract.zh.sentences import split_sentences
from kg.ontology import resolved_folder
from kg.types import Briefing, EntityKind, EntityRef, Mention, Position, Role, TopicAssignment, Turn

SUBJECT_REACH = 4  # characters between a subject and its modal ("美方个别官员应")
APPOSITION = re.compile(r"^作为[^。；，]{1,30}，")  # an apposition between a subject and its verb
OBJECT_FRONTING = ("对", "对于", "针对")  # what sets an actor before its verb as the verb's object
ADDRESSEE_REACH = 2  # characters between a cue and the actor it addresses ("敦促美国政府", "希望有关美国政客")
POINTER_REACH = 8  # characters after a cue in which a pointer ("此", "其") refers back
SUBJECT_SPAN = 12  # the first characters of a sentence, where its subject stands ("十四世达赖是…", "该机构在…")
PARTY_POLICIES = ("addressee", "question")  # the policies of calls, which may be addressed to the parties concerned
# The cues that point back to an earlier answer ("我刚才已经介绍了有关情况") or only note a report
# ("我们注意到有关报道。"): no_comment only where the answer adds nothing else on the point (annotation.md,
# positions rule 5), as the English POINTERS_BACK
POINTERS_BACK = frozenset({"no_comment_pointer", "no_comment_noted"})


def _ref(m: Mention | None) -> EntityRef | None:
    return EntityRef(m.kind, m.key) if m is not None else None


@dataclass(frozen=True, slots=True)
class _Turn:
    text: str
    actors: list[Mention]  # the turn's actors, in order
    sentences: tuple[tuple[int, int], ...]
    asked: Mention | None  # the actor the question is most about
    asked_with: tuple[Mention, ...] = ()  # it and the actors the question names together with it ("美英澳")
    asked_all: tuple[Mention, ...] = ()  # every actor the question names, once each
    parts: tuple[Part, ...] = ()  # where the answer takes a question's parts in turn, what each part asks
    asked_suffered: bool = False  # the question names the asked actor as the victim or place of an event


def _in_part(tc: _Turn, end: int) -> _Turn:
    """The turn as the sentence ending at ``end`` reads it: in the part of the answer that answers a part of the
    question ("第一，…第二，…？" "…关于第二个问题，…"), that part's actors are the ones asked about; where that part of
    the question names none, the state that part of the answer names most."""
    at = next((i for i in range(len(tc.parts) - 1, -1, -1) if tc.parts[i][0] < end), None)
    if at is None:
        return tc
    start, asked, with_it, every = tc.parts[at]
    if asked is None:
        stop = tc.parts[at + 1][0] if at + 1 < len(tc.parts) else len(tc.text)
        asked = main_actor(states_of([m for m in tc.actors if start <= m.start < stop]))
    return replace(tc, asked=asked, asked_with=with_it, asked_all=every)


POSSESSIVE = ("的", "方的")  # what makes an actor the owner of the subject, not the subject
CONDITIONAL = re.compile(r"^(?:如果|假如|若|要是|如)?")  # what may open a sentence before its subject


def _target(cue: ActCue, tc: _Turn, si: int, match: re.Match[str], g: Grammar) -> Mention | None:
    ss, se = tc.sentences[si]
    in_sentence = [m for m in tc.actors if ss <= m.start < se]
    inside = [m for m in in_sentence if match.start() <= m.start < match.end()]
    after = [m for m in in_sentence if m.start >= match.end()]
    policy = cue.target
    if policy == "none":
        return None
    if policy == "addressee":
        named = next((m for m in after if m.start - match.end() <= ADDRESSEE_REACH), None)
        following = tc.text[match.end() : match.end() + ADDRESSEE_REACH + 2]
        if named is None and following.startswith(g.back_pointers):
            named = _group_before(tc, in_sentence, match.start())  # "向加方、美方提出严正交涉，要求对方…"
        # "敦促有关国家", "希望个别政客": the actor the question is about; not "希望有关媒体…", no actor
        if named is None and tc.text.startswith(g.parties_concerned, match.end()):
            return tc.asked  # "呼吁各方保持冷静克制": the parties the question is about
        if named is None and tc.text[match.end() :].lstrip("，,").startswith(g.pointed_states):
            return tc.asked  # "希望域外势力不要兴风作浪", "我们希望，有关国家之间…": states pointed at, not named
        pointer = next((w for w in g.pointers if following.startswith(w)), None)
        if named is None and pointer is not None:
            rest = tc.text[match.end() + len(pointer) : match.end() + len(pointer) + 8]
            return None if rest.startswith(g.non_state) else tc.asked
        return named
    if policy == "doer":  # an actor set as an object ("对古巴实施封锁", "对阿富汗、伊拉克…发动") is not the doer
        objects = {
            (o.start, o.end)
            for m in in_sentence
            if m.end <= match.start() and tc.text[: m.start].endswith(g.object_markers)
            for o in coordinated(tc.text, in_sentence, m, g)
        }
        before = [m for m in in_sentence if m.end <= match.start() and (m.start, m.end) not in objects]
        if before:
            return compound_start(before)
        # never one named after the cue, which is what it judges ("炒作台所谓参加世界卫生组织问题"); no one where
        # the subject is no actor ("十四世达赖是…", "该机构…抹黑"); else the actor the question is about
        subject = tc.text[ss : min(match.start(), ss + SUBJECT_SPAN)]
        return None if any(w in subject for w in g.non_state_doers) else tc.asked
    if policy == "object":
        if object_words(g, tc.text, match.end()).startswith(g.non_state):
            return None  # "欢迎外国企业来华投资": an object that is no actor
        found = _object(tc, ss, in_sentence, match)
        if found is None and _situation_fronted(g, tc.text, ss, match.start()):
            return None  # "中方对当前中东局势感到担忧": a situation, no actor
        return found or (None if tc.asked_suffered and cue.act in g.against_deeds else tc.asked)
    if policy == "mention":
        return in_sentence[0] if in_sentence else None
    if policy == "partner" and inside:
        return inside[0]
    unnamed = g.all_parties is not None and g.all_parties.search(
        tc.text, clause_start(tc.text, ss, match.start()), match.end()
    )
    if policy == "partner" and unnamed:
        return None  # "愿同各方一道", "同有关各方加强沟通协作": a partner that names no actor
    if policy in ("sentence", "question", "context") and in_sentence:
        return in_sentence[0]
    if after:
        return after[0]
    if inside:
        return inside[0]
    if policy == "partner":  # "中方愿同玻方保持高层交往，…加强协调", "中国和加拿大相互支持，…开展合作"
        before = [m for m in in_sentence if m.end <= match.start()]
        if before:
            return compound_start(before)
        if any(w in tc.text[ss:se] for w in g.bilateral):  # "推动两国关系和各领域务实合作": China and the one asked
            return tc.asked if tc.asked is not None and tc.asked.kind is EntityKind.COUNTRY else None
    points_back = any(w in tc.text[ss : min(se, match.end() + POINTER_REACH)] for w in g.pointers)
    if points_back or policy in ("question", "context", "doer"):
        previous = [m for m in tc.actors if m.start < ss]
        if points_back and previous and si > 0 and previous[-1].start >= tc.sentences[si - 1][0]:
            return previous[-1]
        return tc.asked
    return None


def _to_parties(g: Grammar, tc: _Turn, match: re.Match[str]) -> bool:
    """The cue is addressed to the parties concerned without naming them (``lex:zhPartiesConcerned``: "呼吁有关各方…",
    "希望有关方面…", "各方应…"): they are the actors the question names, each (conventions v2, rules 1 and 2)."""
    return any(w in match.group() for w in g.parties_concerned) or tc.text.startswith(g.parties_concerned, match.end())


def _group_before(tc: _Turn, in_sentence: Sequence[Mention], pos: int) -> Mention | None:
    """The first of the actors named together last before ``pos`` ("加方、美方" -> 加方), whom a pointer back
    ("要求对方") refers to; the targets then take each of them (``coordinated``)."""
    before = [m for m in in_sentence if m.end <= pos]
    if not before:
        return None
    first = before[-1]
    for m in reversed(before[:-1]):
        gap = tc.text[m.end : first.start].removeprefix("方")
        if len(gap) > 1 or not all(c in COORDINATORS for c in gap):
            break
        first = m
    return first


def _situation_fronted(g: Grammar, text: str, ss: int, pos: int) -> bool:
    """A situation (``lex:zhSituationNouns``) set before ``pos`` in its sentence as the object (对当前局势…,
    对于当前事态，中方…)."""
    clause = text[ss:pos]
    at = max(clause.rfind(marker) for marker in OBJECT_FRONTING)
    return at >= 0 and any(w in clause[at:] for w in g.situations)


def _object(tc: _Turn, ss: int, in_sentence: Sequence[Mention], match: re.Match[str]) -> Mention | None:
    """What the cue acts on: the first actor named after it in its clause (or in its words), else one set before
    it as its object ("中方对美方…坚决反对", "中方对沙特领导的联军宣布停火表示欢迎，希望此举有利于也门…"), else the
    first actor named after it in its sentence. Where the cue's own object is a pointer (对此), the actor set as an
    object earlier in the sentence is the object of the deed pointed at, and the act aims at that deed's doer."""
    named = [m for m in in_sentence if m.start >= match.start()]
    stop = min((at for at in (tc.text.find(c, match.end()) for c in CLAUSE_BREAK) if at >= 0), default=len(tc.text))
    if named and named[0].start < stop:
        return named[0]
    fronted = [m for m in in_sentence if m.end <= match.start() and tc.text[: m.start].endswith(OBJECT_FRONTING)]
    lead = tc.text[clause_start(tc.text, ss, match.start()) : match.start()]
    if fronted and any(f + "此" in lead for f in OBJECT_FRONTING):
        # "美国对古巴实施封锁，…，中方对此坚决反对": the deed pointed at, whose doer is the sentence's subject
        doers = [m for m in in_sentence if m.end <= match.start() and m not in fronted]
        return doers[0] if doers else None
    return fronted[-1] if fronted else (named[0] if named else None)


def _intensity(g: Grammar, text: str, ss: int, match: re.Match[str]) -> str | None:
    if g.intensity is None:
        return None
    found = g.intensity.search(text, max(ss, match.start() - NEGATION_REACH), match.end())
    return found.group(0) if found else None


def _subject(tc: _Turn, ss: int, match: re.Match[str], g: Grammar) -> Mention | None:
    """The actor standing as the subject just before the cue ("美方应", "美国政府必须", "美方个别官员应"), maybe
    with an apposition between ("美方作为当前危机的始作俑者，应"); a subject that points at states without naming
    them (``lex:zhPointedStates``: "有关国家应该…") stands for the actor the question is about."""
    lead = tc.text[max(ss, match.start() - SUBJECT_REACH - 6) : match.start()]
    if any(w in lead and len(lead) - lead.rfind(w) - len(w) <= 2 for w in g.pointed_states):
        return tc.asked
    before = [m for m in tc.actors if ss <= m.start and m.end <= match.start()]
    if not before or joint_with_holder(tc.text, before[-1], g):
        return None  # "中美经贸关系必须…", "中美双方应当…": a joint outcome with China, no demand (v2, rule 9)
    gap = APPOSITION.sub("", tc.text[before[-1].end : match.start()].removeprefix("方"))  # "美方作为…始作俑者，应…"
    fits = len(gap) <= SUBJECT_REACH and not any(c in CLAUSE_BREAK for c in gap)
    if fits:
        return compound_start(before)
    # "如果美方真正关心外空安全，…，就应停止上述行径", "日方在谈论规则和秩序之前，首先应当停止…": the sentence's
    # subject, opening it (past a conditional), the only actor before the cue
    opening = CONDITIONAL.sub("", tc.text[ss : before[0].start])
    owner = tc.text.startswith(POSSESSIVE, before[0].end)  # "伊拉克的主权…应当得到尊重": no subject
    return before[0] if not opening and not owner and all(m.key == before[0].key for m in before) else None


def _turn_positions(
    briefing: Briefing, unit: str, turn: Turn, whole: _Turn, g: Grammar, about: str | None
) -> list[Position]:
    out: dict[tuple[str, int], list[Position]] = {}
    cues = g.cues_in(whole.text)
    for si, (ss, se) in enumerate(whole.sentences):
        tc = _in_part(whole, se)
        advice = g.own_people.search(tc.text, ss, se) if g.own_people is not None else None
        for cue in cues:
            for match in cue.pattern.finditer(tc.text, ss, se):
                if advice is not None and match.start() >= advice.start():
                    continue  # "中国政府一向要求中国企业…开展合作时遵守当地的法律法规": advice to China's own people
                if reported(g, tc.text, ss, match.start()):
                    continue
                if cue.frame == "other" and governed(g, tc.text, ss, match.start()):
                    continue
                if cue.frame == "self" and (
                    other_subject(g, tc.text, tc.actors, ss, match.start())
                    or aimed_at_self(g, tc.text, match.end())
                    or hoped_of_others(g, tc.text, ss, match.start())
                ):
                    continue
                if cue.act in g.received_acts and received(g, tc.text, ss, match.start()):
                    continue
                if cue.id in g.intent_cues and not any(w in tc.text[ss : match.start()] for w in g.intent_words):
                    continue  # "中国与瑞典正就引渡乔建军开展合作": cooperation described, no intent (v2 rule 4)
                if cue.act in g.joint_hope_acts and (
                    joint_outcome(g, tc.text, tc.actors, match.end(), se)
                    or joint_parties(g, tc.text, tc.actors, ss, se, match.group())
                ):
                    continue  # "希望梅首相此访取得积极成果", "双方要…深化两国…": an outcome China shares in (v2 rule 9)
                reversed_ = negated(g, tc.text, ss, match.start())
                if (cue.polarity == "pos" and reversed_) or (cue.polarity == "neg" and not reversed_):
                    continue
                aimed = _subject(tc, ss, match, g) if cue.target == "subject" else _target(cue, tc, si, match, g)
                if aimed is None and cue.target == "subject":
                    continue  # no actor is the subject the cue needs
                if aimed is None:
                    targets: list[EntityRef | None] = [None]
                elif aimed is tc.asked and tc.asked_all and cue.target in PARTY_POLICIES and _to_parties(g, tc, match):
                    targets = [_ref(m) for m in tc.asked_all]  # "呼吁有关各方…": each party the question names
                elif aimed is tc.asked and tc.asked_with:  # the question's actors named together, each
                    targets = [_ref(m) for m in tc.asked_with]
                else:
                    targets = [_ref(m) for m in coordinated(tc.text, tc.actors, aimed, g)]
                key = (cue.act, ss)  # one act per sentence: the first cue's targets, unless it has none
                if key in out and (out[key][0].target is not None or aimed is None):
                    if cue.target == "addressee" and aimed is not None and aimed is not tc.asked:
                        # "敦促美方…，敦促加拿大方面…": the same act addressed to another actor by name
                        had = {p.target for p in out[key]}
                        out[key] += [replace(out[key][0], target=t) for t in targets if t not in had]
                    continue
                intensity = _intensity(g, tc.text, ss, match)
                out[key] = [
                    Position(
                        unit=unit,
                        turn=turn.key,
                        act=cue.act,
                        holder=HOLDER,
                        stated_by=briefing.spokesperson,
                        target=target,
                        about=about,
                        intensity=intensity,
                        evidence=tc.text[ss:se],
                        start=ss,
                        end=se,
                        rule=cue.id,
                    )
                    for target in targets
                ]
    return _pointers_back_alone(turn.text, sorted((p for ps in out.values() for p in ps), key=lambda p: p.start))


def _pointers_back_alone(text: str, positions: list[Position]) -> list[Position]:
    """The positions of one turn without its pointers back to an earlier answer where the turn states another act
    after the pointer or in its paragraph ("我刚才已经阐述了中方立场。中方坚决反对…" is an opposition).

    >>> def pos(act: str, rule: str, start: int) -> Position:
    ...     return Position("e1", "a1", act, HOLDER, None, None, None, None, "x", start, start + 1, rule)
    >>> pointer, opposed = pos("no_comment", "no_comment_pointer", 0), pos("oppose", "oppose_verb", 9)
    >>> [p.act for p in _pointers_back_alone("我刚才说了。" + chr(10) + "中方反对。", [pointer, opposed])]
    ['oppose']
    >>> later = [pos("oppose", "oppose_verb", 0), pos("no_comment", "no_comment_pointer", 6)]
    >>> [p.act for p in _pointers_back_alone("中方反对。" + chr(10) + "我刚才说了。", later)]
    ['oppose', 'no_comment']
    """
    if not any(p.rule in POINTERS_BACK for p in positions):
        return positions
    others = [p for p in positions if p.act != "no_comment"]

    def paragraph(at: int) -> tuple[int, int]:
        return text.rfind("\n", 0, at) + 1, (text.find("\n", at) + 1 or len(text) + 1)

    def alone(p: Position) -> bool:
        start, end = paragraph(p.start)
        return not any(o.start > p.start or start <= o.start < end for o in others)

    return [p for p in positions if p.rule not in POINTERS_BACK or alone(p)]


def extract_zh_positions(
    briefing: Briefing,
    mentions: Sequence[Mention],
    topics: Sequence[TopicAssignment] = (),
    *,
    directory: Path | None = None,
) -> tuple[Position, ...]:
    """Every position the spokesperson states in the answers and statements of a Chinese briefing, in order;
    ``turn.text[p.start:p.end] == p.evidence``; ``about`` is the unit's best topic."""
    g = grammar_for(resolved_folder(directory))
    by_turn = mentions_by_turn(mentions)
    about = best_topics(topics)

    def topic(unit: str) -> str | None:
        return about[unit].topic if unit in about else None

    out: list[Position] = []
    for st in briefing.statements:
        unit, turn = f"s{st.ordinal}", st.turn
        named = by_turn.get(turn.key, ())
        actors = with_groups(actors_of(named, turn.text, g), named, turn, g)
        tc = _Turn(turn.text, actors, split_sentences(turn.text), main_actor(actors))
        out.extend(_turn_positions(briefing, unit, turn, tc, g, topic(unit)))
    for ex in briefing.exchanges:
        unit = f"e{ex.ordinal}"
        asked_first = main_actor(asking_actors(by_turn.get(ex.question.key, ()), ex.question.text, g))
        question = ex.question
        for turn in ex.turns():  # the first answer, and those after a reporter's follow-up (e3q2, e3a2)
            if turn.role is Role.QUESTION:
                question = turn
                continue
            named = by_turn.get(turn.key, ())
            actors = with_groups(actors_of(named, turn.text, g), named, turn, g)
            # the actor the follow-up asks about, else the first question's, else the state the answer names most
            # (not an organisation it names: one is a target only where the act is aimed at it, v2 rule 2)
            asking = asking_actors(by_turn.get(question.key, ()), question.text, g)
            asked = main_actor(asking) or asked_first or main_actor(states_of(asking_actors(named, turn.text, g)))
            with_it, every = asked_together(question.text, asking, asked, g) if asked in asking else ((), ())
            parts = asked_by_part(question.text, asking, turn.text, g)
            victim = asked in asking and suffered(question.text, asked, g)
            tc = _Turn(turn.text, actors, split_sentences(turn.text), asked, with_it, every, parts, victim)
            out.extend(_turn_positions(briefing, unit, turn, tc, g, topic(unit)))
    return tuple(out)
