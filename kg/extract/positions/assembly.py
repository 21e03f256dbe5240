"""The assembly stage: every answer and statement read, its cue matches judged by their frames, their targets
resolved in sentence order, one position per sentence and (act, target), with the sentence as evidence.

>>> from kg.types import Briefing, Statement, Role, Source, Layout, Turn
>>> s = Turn(Role.STATEMENT, 1, "Hua Chunying", "We welcome the agreement. We will never accept it.")
>>> b = Briefing("b", Source("p", "p", ""), Layout.TEXT, "t", None, False, "Hua Chunying", "MFA",
...              (Statement(1, s),), ())
>>> [(p.act, p.evidence) for p in extract_positions(b, ())]
[('welcome', 'We welcome the agreement.'), ('reject', 'We will never accept it.')]
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import defaultdict
from collections.abc import Sequence

from kg.extract.actcues import best_topics, mentions_by_turn
from kg.extract.positions.actors import Context, imposer, main_actor, named_pair, question_contexts, target_actors
from kg.extract.positions.frames import judge
from kg.extract.positions.hopes import hoped_of_reporter, joint_hope
from kg.extract.positions.inference import aimed, restated_apart
from kg.extract.positions.learned import ActModel, Candidate, decide, load_act_model
from kg.extract.positions.lexicon import ActCue, ActLexicon, load_act_lexicon, match_folded, straighten
from kg.extract.positions.sentence_added import Classifying, SentenceRecord, classified
from kg.extract.positions.sentence_features import question_words
from kg.extract.positions.sentence_model import RULE, SentenceModel, load_sentence_model
from kg.extract.positions.targets import group_named, resolve_targets
from kg.extract.positions.turn import CLAUSE_BREAK, NOBODY, Reading, Verdict, coordinated, facing
from kg.extract.sentences import split_sentences
from kg.profiles import profile, speaks_for_holder
from kg.types import Briefing, EntityKind, EntityRef, Mention, Position, TopicAssignment, Turn

PREDICATES = ("self", "self_to")  # frames whose cue is the speaker's own verb
PREVIOUS_GROUP = 3  # at most this many actors named together in a sentence are what "they", "that" next point back to
# A place heading a subject ("the DPP authorities in Taiwan have") is tc.lex.place_subject (PLACE_VERB, acts.ttl).


Hit = tuple[int, int, ActCue, Verdict]
# What a position is read in: the briefing, unit, turn, topic and sentence index.
Where = tuple[Briefing, str, Turn, TopicAssignment | None, int]


def extract_positions(
    briefing: Briefing,
    mentions: Sequence[Mention],
    topics: Sequence[TopicAssignment] = (),
    model: ActModel | bool | None = True,
    sentences: SentenceModel | bool | None = True,
) -> tuple[Position, ...]:
    """Every position the spokesperson states in the answers and statements of ``briefing``.

    ``mentions`` are the entity mentions of all turns (targets come from them; the question's mentions
    resolve "the relevant country"); ``topics`` give each position's ``about`` (the unit's best topic).
    Positions come in briefing order; ``turn.text[p.start:p.end] == p.evidence`` for each.

    >>> from kg.types import Briefing, Statement, Role, Source, Layout, Turn
    >>> s = Turn(Role.STATEMENT, 1, "Hua Chunying", "Russia opposes the move. China has never opposed it.")
    >>> b = Briefing("b", Source("p", "p", ""), Layout.TEXT, "t", None, False, "Hua Chunying", "MFA",
    ...              (Statement(1, s),), ())
    >>> extract_positions(b, ())
    ()

    ``model`` is the learned check of every candidate (``learned.py``): True for the shipped one where the
    briefing's language has one, None or False for the rules alone, or a model of one's own (cross-validation).
    ``sentences`` is the sentence classifier of acts (``sentence_model.py``), given the same way: its positions
    (``rule`` ``sentence_model``) come after the learned check, which never drops them.
    """
    chosen = load_act_model(briefing.profile) if model is True else (model or None)
    reader = load_sentence_model(briefing.profile) if sentences is True else (sentences or None)
    if chosen is None or chosen.changes_nothing:  # the turned-down matches are not even resolved
        return find_candidates(briefing, mentions, topics, declined=False, sentences=reader)[0]
    # A model that never adds needs only the rules' positions scored: the turned-down matches are not resolved.
    found, candidates = find_candidates(briefing, mentions, topics, declined=not chosen.adds_nothing, sentences=reader)
    kept = decide(chosen, candidates, load_act_lexicon(profile_key=briefing.profile))
    added = [p for p in found if p.rule == RULE]
    if not added:
        return kept
    rank = {p.turn: k for k, p in reversed(list(enumerate(found)))}
    return tuple(sorted((*kept, *added), key=lambda p: (rank[p.turn], p.start)))


def find_candidates(
    briefing: Briefing,
    mentions: Sequence[Mention],
    topics: Sequence[TopicAssignment] = (),
    *,
    declined: bool = True,
    sentences: SentenceModel | None = None,
    sink: list[SentenceRecord] | None = None,
) -> tuple[tuple[Position, ...], tuple[Candidate, ...]]:
    """The positions the rules state, and every candidate a learned check judges: each rule position, and each cue
    match the frames turned down (with the target the same resolver gives it; not where ``declined`` is False),
    with what was read around it. With ``sentences``, the positions include those the sentence classifier adds to
    the answers (never to statements); ``sink`` receives every answer sentence it read (training)."""
    lex = load_act_lexicon(profile_key=briefing.profile)
    holder = profile(briefing.profile).state  # the state the briefing's institution speaks for
    by_turn = mentions_by_turn(mentions)
    about = best_topics(topics)
    out: list[Position] = []
    cands: list[Candidate] = []
    for st in briefing.statements:
        unit = f"s{st.ordinal}"
        context = main_actor(target_actors(by_turn.get(st.turn.key, ()), holder))
        found = _turn_positions(
            briefing, unit, st.turn, lex, by_turn, [(0, context, None, ())], about.get(unit), declined=declined
        )
        out.extend(found[0])
        cands.extend(found[1])
    for ex in briefing.exchanges:
        unit = f"e{ex.ordinal}"
        # "The relevant country" is the one the question is about; the answer's own actors are resolved in place.
        asked = target_actors(by_turn.get(ex.question.key, ()), holder)
        question = straighten(ex.question.text)
        pair = named_pair(question, asked, len(ex.question.text))
        sanctioning = imposer(question, asked, lex.grammar.sanctions)
        reading = Classifying(sentences, question_words(ex.question.text), sink) if sentences else None
        stated: list[Position] = []
        for answer in ex.answers():  # the first answer, and those after a reporter's reply
            contexts = question_contexts(ex.question.text, answer.text, asked)
            found = _turn_positions(
                briefing, unit, answer, lex, by_turn, contexts, about.get(unit), pair, declined, reading, sanctioning
            )
            stated.extend(found[0])
            cands.extend(found[1])
        out.extend(_in_scope(stated, sentences))
    return tuple(out), tuple(cands)


def _in_scope(positions: list[Position], sentences: SentenceModel | None) -> list[Position]:
    """One exchange's positions, without the classifier's of an act the rules state in the exchange where the
    classifier's scope is the exchange."""
    if sentences is None or sentences.scope != "exchange":
        return positions
    stated = {p.act for p in positions if p.rule != RULE}
    return [p for p in positions if p.rule != RULE or p.act not in stated]


def _turn_positions(
    briefing: Briefing,
    unit: str,
    turn: Turn,
    lex: ActLexicon,
    mentions: dict[str, list[Mention]],
    contexts: list[Context],
    about: TopicAssignment | None,
    asked_pair: tuple[EntityRef, ...] = (),
    declined: bool = True,
    reading: Classifying | None = None,
    sanctioning: EntityRef | None = None,
) -> tuple[list[Position], list[Candidate]]:
    text = turn.text
    if not text or not speaks_for_holder(briefing, turn):  # a foreign leader's turn holds no position of ours
        return [], []
    spans = split_sentences(text)
    actors = target_actors(mentions.get(turn.key, ()), profile(briefing.profile).state)
    places = tuple(sorted((m.start, m.end) for m in mentions.get(turn.key, ()) if m.kind is EntityKind.PLACE))
    tc = Reading(lex, text, straighten(text), spans, [s for s, _ in spans], actors, [a[0] for a in actors])
    tc.places = places
    tc.asked_pair = asked_pair
    tc.imposer = sanctioning

    # Frame checks look only inside their sentence, so every match is judged first and targets resolved after,
    # in sentence order, because "they" and "it" need the previous sentence's actor. A match the frames turn down
    # is kept aside as a candidate for the learned check, with a plain verdict.
    found: dict[int, list[Hit]] = defaultdict(list)
    turned_down: dict[int, list[Hit]] = defaultdict(list)
    for cue, m in match_folded(lex, tc.norm, tc.folded):
        s, e = m.start(), m.end()
        i = bisect.bisect_right(tc.starts, s) - 1
        if i < 0 or e > spans[i][1]:
            continue
        hit = judge(tc, cue, i, s, e)
        if hit is not None:
            found[i].append(hit)
        elif declined or reading is not None:
            turned_down[i].append((s, e, cue, Verdict(False, s, None)))

    out: list[Position] = []
    aside: list[Position] = []
    added: list[Position] = []
    previous: EntityRef | None = None
    part = 0
    for i, (ss, se) in enumerate(spans):
        offset, context, tc.sole, tc.parties = next(c for c in reversed(contexts) if c[0] <= ss)
        if offset != part:  # "Regarding your second question, ...": no pointer reaches back into another answer
            part, previous, tc.previous_all, tc.previous_bloc = offset, None, (), None
        where = (briefing, unit, turn, about, i)
        sentence = _sentence_positions(tc, where, found.get(i, ()), previous, context)
        # "We deplore and firmly oppose the US move": where an act of the sentence has a target, the same act
        # without one is the same stance read from a verb whose object comes later; unless the sentence states it
        # to everyone ("work with the international community and ... with Myanmar": EVERYONE, targets.ttl).
        targeted = {act for act, target in sentence if target is not None}
        everyone = tc.addressed_to_everyone(ss, se)
        out.extend(p for (act, target), p in sentence.items() if target is not None or act not in targeted or everyone)
        if declined:
            others = _sentence_positions(tc, where, turned_down.get(i, ()), previous, context)
            aside.extend(p for key, p in others.items() if key not in sentence)
        if reading is not None:
            stated = [act for act, _t in sentence]

            def make(
                cue: ActCue, target: EntityRef | None, rule: str | None, span: tuple[int, int] = (ss, se)
            ) -> Position:
                return _position(briefing, unit, turn, cue, target, about, None, span, rule)

            added.extend(classified(tc, i, reading, stated, turned_down.get(i, ()), (previous, context), make))
        previous = _previous_actor(tc, ss, se, sentence, previous)
    parts = sorted({c[0] for c in contexts})  # "As to your second question, ...": where each part of the answer starts
    kept = restated_apart(_pointers_back_alone(text, out, parts), lex.grammar.everyone)
    candidates = _candidates(text, spans, contexts, kept, aside)
    if reading is not None and reading.sink is not None:  # training: the records know their turn
        reading.sink[-len(spans) :] = [dataclasses.replace(r, turn=turn.key) for r in reading.sink[-len(spans) :]]
    aimed_acts = {p.act for p in (*kept, *added) if p.target is not None}
    added = [p for p in added if p.target is not None or p.act not in aimed_acts]
    return (sorted((*kept, *added), key=lambda p: p.start) if added else kept), candidates


def _sentence_positions(
    tc: Reading, where: Where, hits: Sequence[Hit], previous: EntityRef | None, context: EntityRef | None
) -> dict[tuple[str, EntityRef | None], Position]:
    """The positions of one sentence's judged hits, one per (act, target), targets resolved by the one resolver."""
    if not hits:  # most sentences (17,265 of 24,015 calls over 400 briefings): nothing to order or bound
        return {}
    briefing, unit, turn, about, i = where
    ss, se = tc.spans[i]
    sentence: dict[tuple[str, EntityRef | None], Position] = {}
    ordered = _one_act_per_clause(tc, sorted(hits, key=lambda h: (h[0], h[2].id)))
    for (s, e, cue, verdict), bound in zip(ordered, _object_bounds(tc, ordered, se), strict=True):
        intensity = tc.lex.intensity.search(tc.norm, max(ss, min(verdict.start, s - 30)), e)
        for target in resolve_targets(tc, cue, verdict, i, s, e, previous, context, bound):
            if target is None and verdict.needs_target:
                continue
            target, inferred = aimed(tc, target, ss, se, previous, context, cue.act)
            if target is None and (verdict.needs_target or (cue.act in CALLS and _no_one_asked(tc, s, e, se))):
                continue  # a hope for a joint outcome, or of the reporter, names no one to appeal to (rule 9)
            if (cue.act, target) not in sentence:
                sentence[(cue.act, target)] = _position(
                    briefing, unit, turn, cue, target, about, intensity, (ss, se), inferred
                )
    return sentence


def _previous_actor(
    tc: Reading, ss: int, se: int, sentence: dict[tuple[str, EntityRef | None], Position], previous: EntityRef | None
) -> EntityRef | None:
    """The actor "they" and "it" in the next sentence may point back to."""
    in_sentence = facing(tc, ss, se)
    first = in_sentence[0][0] if in_sentence else se
    # tc.places is sorted: only the places from the sentence's start on are looked at (no scan of them all)
    nearby = tc.places[bisect.bisect_left(tc.places, (ss, -1)) : bisect.bisect_left(tc.places, (first, -1))]
    if any(tc.lex.place_subject.match(tc.norm, b, se) for _, b in nearby):
        return NOBODY
    if in_sentence:
        group = coordinated(tc, in_sentence)  # "the UK, France and Germany": all three; a longer list enumerates
        tc.previous_all = group if len(group) <= PREVIOUS_GROUP else group[:1]
        return in_sentence[0][2]
    bloc = group_named(tc, ss, se)
    if bloc is not None:  # "the situation in Latin American and Caribbean countries. ... with these countries"
        tc.previous_all, tc.previous_bloc = (bloc,), bloc
        return bloc
    targets = [t for _act, t in sentence if t is not None]
    if targets:  # "some non-regional countries made unwelcome remarks", the question's three: all three
        group = tuple(dict.fromkeys(targets))
        tc.previous_all = group if len(group) <= PREVIOUS_GROUP else group[:1]
    return targets[0] if targets else previous


def _candidates(
    text: str, spans: Sequence[tuple[int, int]], contexts: list[Context], kept: list[Position], aside: list[Position]
) -> list[Candidate]:
    """Every position of the turn as a candidate: the rules' own (accepted) and those the frames turned down."""
    starts = [s for s, _ in spans]
    acts_by_sentence: dict[int, set[str]] = defaultdict(set)
    for p in kept:
        acts_by_sentence[p.start].add(p.act)
    out = []
    for accepted, positions in ((True, kept), (False, aside)):
        for p in positions:
            index = bisect.bisect_right(starts, p.start) - 1
            asked = next(c for c in reversed(contexts) if c[0] <= p.start)[1]
            out.append(Candidate(p, accepted, index, len(spans), frozenset(acts_by_sentence[p.start]), asked))
    return out


# Cues that point back to an earlier answer ("China has stated its position on this on many occasions"): no_comment
# only where the answer adds nothing else (annotation.md, positions rule 5). A pointer to a position already stated
# or a question already answered (POSITION_STATED: "I took similar questions yesterday.", round 11) is followed, as a
# rule, by that position restated: any act the same part of the turn states after it, in any paragraph, is the answer.
POINTERS_BACK = frozenset({"no_comment_stated", "no_comment_answered", "no_comment_already", "no_comment_no_repeat"})
POSITION_STATED = frozenset({"no_comment_stated", "no_comment_already", "no_comment_answered", "no_comment_no_repeat"})
NEWLINE = re.compile("\n")


def _no_one_asked(tc: Reading, s: int, e: int, se: int) -> bool:
    """Whether the call at [s, e) asks no state: a hope for a joint outcome, or a hope of the reporter."""
    return joint_hope(tc, s, e, se) or hoped_of_reporter(tc, s, e, se)


def _pointers_back_alone(text: str, positions: list[Position], parts: Sequence[int] = (0,)) -> list[Position]:
    """The positions of one turn, without pointers back to an earlier answer where the same paragraph states other
    acts ("On your first question, my colleague already responded.\nAs to the second, ... China opposes that."
    keeps the first), nor pointers to a position already stated that the same part of the turn (``parts``: where
    each starts, "As to your second question, ...") goes on to restate ("We have made clear our position on this
    many times. ... China firmly opposes ...").

    >>> def pos(act: str, rule: str, start: int) -> Position:
    ...     return Position("e1", "a1", act, "CHN", None, None, None, None, "x", start, start + 1, rule)
    >>> stated, opposed = pos("no_comment", "no_comment_stated", 0), pos("oppose", "oppose_verb", 40)
    >>> lines = ("x" + chr(10)) * 30
    >>> [p.act for p in _pointers_back_alone(lines, [stated, opposed])]
    ['oppose']
    >>> [p.act for p in _pointers_back_alone(lines, [opposed, pos("no_comment", "no_comment_stated", 50)])]
    ['oppose', 'no_comment']
    """

    if not positions:  # most turns state none: no need to find their paragraphs
        return positions
    breaks = [m.start() for m in NEWLINE.finditer(text)]  # once, not a count of the text per position

    def paragraph(p: Position) -> int:
        return bisect.bisect_left(breaks, p.start)

    def part(p: Position) -> int:
        return bisect.bisect_right(parts, p.start)

    stated = {paragraph(p) for p in positions if p.act != "no_comment"}
    last: dict[int, int] = {}  # a part of the turn -> where its last act other than no_comment starts
    for p in positions:
        if p.act != "no_comment":
            last[part(p)] = max(last.get(part(p), -1), p.start)

    def alone(p: Position) -> bool:
        return paragraph(p) not in stated and (p.rule not in POSITION_STATED or p.start > last.get(part(p), -1))

    return [p for p in positions if p.rule not in POINTERS_BACK or alone(p)]


# A call on someone decides its clause: "We urge the US side to stop abusing the concept of national security" is a
# demand, not also a criticism; "We urge the US to stop making groundless accusations" not also a rejection
# (annotation.md, positions rule 6).
CALLS = frozenset({"demand", "appeal"})
EVALUATIONS = frozenset({"criticize", "reject"})
# An opposition decides its clause the same way: "China consistently opposes the US using Xinjiang-related issues to
# interfere in China's internal affairs", "China opposes the US making groundless accusations" are oppose alone
# (round 11: the readers code oppose alone there).
OPPOSITIONS = frozenset({"oppose"})
OPPOSED_EVALUATIONS = frozenset({"criticize", "reject"})


def _one_act_per_clause(tc: Reading, hits: list[Hit]) -> list[Hit]:
    """The hits of one sentence without the evaluations that stand inside the object of an earlier call."""
    calls = [h[1] for h in hits if h[2].act in CALLS]
    opposed = [h[1] for h in hits if h[2].act in OPPOSITIONS]
    return [
        h
        for h in hits
        if not (
            h[2].act in EVALUATIONS
            and h[2].frame == "other"
            and any(e <= h[0] and ";" not in tc.norm[e : h[0]] for e in calls)
        )
        and not (
            h[2].act in OPPOSED_EVALUATIONS
            and h[2].frame == "other"
            and any(e <= h[0] and not CLAUSE_BREAK.search(tc.norm, e, h[0]) for e in opposed)
        )
    ]


def _object_bounds(tc: Reading, hits: list[Hit], se: int) -> list[int]:
    """Where the object of each act of a sentence ends: "China opposes the use of chemical weapons ... and
    supports the OPCW" gives the OPCW to support only. Acts joined by nothing but a conjunction share the object
    that follows the last of them ("We deplore and firmly oppose the US move")."""
    bounds = [se] * len(hits)
    for k in range(len(hits) - 2, -1, -1):
        e = hits[k][1]
        # Only a predicate ends an object; an evaluation inside it ("opposes so-called 'long-arm jurisdiction' by
        # certain country") does not.
        nxt = next((j for j in range(k + 1, len(hits)) if hits[j][0] >= e and hits[j][2].frame in PREDICATES), None)
        if nxt is None:
            continue
        bounds[k] = bounds[nxt] if tc.lex.link.fullmatch(tc.norm, e, hits[nxt][0]) else hits[nxt][0]
    return bounds


def _stated_by(briefing: Briefing, turn: Turn) -> str | None:
    """The spokesperson (pk:statedBy: a Spokesperson), unless the turn is a guest official's (an answer under
    "MR. KIRBY:" at a press secretary's briefing): their turn names them as its pk:speaker, a Person."""
    guests = {s.name for s in briefing.speakers if s.name != briefing.spokesperson}
    return None if turn.speaker in guests else briefing.spokesperson


def _position(
    briefing: Briefing,
    unit: str,
    turn: Turn,
    cue: ActCue,
    target: EntityRef | None,
    about: TopicAssignment | None,
    intensity: re.Match[str] | None,
    span: tuple[int, int],
    target_rule: str | None,
) -> Position:
    ss, se = span
    return Position(
        unit=unit,
        turn=turn.key,
        act=cue.act,
        holder=profile(briefing.profile).state,
        stated_by=_stated_by(briefing, turn),
        target=target,
        about=about.topic if about else None,
        intensity=turn.text[intensity.start() : intensity.end()] if intensity else None,
        evidence=turn.text[ss:se],
        start=ss,
        end=se,
        rule=cue.id,
        target_rule=target_rule,
    )
