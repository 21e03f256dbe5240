"""What each exchange and statement of a Chinese briefing is about: the topics of ``ontology/topics.ttl``, from
the Chinese cue phrases of ``lexicon-zh.ttl`` (``lex:zhCue``), scored and chosen as for English
(``kg.extract.topics``: the same weights by strength and place, the same thresholds).

A cue matches wherever its characters occur (Chinese writes no spaces between words); where cues overlap, a
phrase inside a longer cue of another topic counts for that one only ("人权" in "人权理事会"). Mentions of
entities the scheme relates to a topic count as cues, as in English.

>>> from kg.types import Briefing, Exchange, Role, Source, Layout, Turn
>>> q = Turn(Role.QUESTION, 1, None, "美方宣布就涉疆问题对中方官员实施制裁，中方对此有何回应？")
>>> a = Turn(Role.ANSWER, 1, "汪文斌", "新疆事务纯属中国内政。")
>>> b = Briefing("b", Source("p", "p", ""), Layout.TEXT, "t", None, False, "汪文斌", "MFA", (),
...              (Exchange(1, q, a, None),))
>>> [(t.unit, t.topic, [c.text for c in t.cues]) for t in extract_zh_topics(b)]
[('e1', 'xinjiang', ['涉疆', '新疆']), ('e1', 'sanctions', ['制裁'])]
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from kg.errors import OntologyError
from kg.extract.actcues import mentions_by_turn
from kg.extract.topic_scoring import CUE_KINDS, Hit
from kg.extract.topics import _assign, _entity_key, _shadowed, entity_kind, load_topic_lexicon
from kg.extract.zh.lexicon import load_zh_lexicon
from kg.extract.zh.sentences import split_sentences
from kg.ontology import resolved_folder
from kg.types import Briefing, Mention, Role, TopicAssignment, Turn

Weights = Mapping[str, float]  # the weight of each kind of hit (TopicScoring.weights)


@dataclass(frozen=True, slots=True)
class _ZhCues:
    automaton: ahocorasick.Automaton  # phrase -> (length, ((topic, kind), ...))


@cache
def _cues_for(directory: Path) -> _ZhCues:
    lexicon = load_zh_lexicon(directory)
    topics = load_topic_lexicon(directory)
    known, weights = set(topics.topics), topics.scoring.weights if topics.scoring else {}
    by_phrase: dict[str, dict[str, str]] = defaultdict(dict)  # phrase -> topic -> the strongest kind given
    for topic, raws in lexicon.topic_cues.items():
        if topic not in known:
            raise OntologyError(
                "E551",
                f"lex:zhCue given for {topic!r}, which is not a topic",
                path=str(directory),
                hint="attach Chinese cues to a topic of topics.ttl",
            )
        for raw in raws:
            marker = raw[0] if raw[:1] in CUE_KINDS and raw[:1] else ""
            phrase = raw[len(marker) :].strip()
            old = by_phrase[phrase].get(topic) if phrase else None
            if phrase and (old is None or weights[marker] > weights[old]):
                by_phrase[phrase][topic] = marker
    automaton = ahocorasick.Automaton()
    for phrase, kinds in by_phrase.items():
        automaton.add_word(phrase, (len(phrase), tuple(sorted(kinds.items()))))
    automaton.make_automaton()
    return _ZhCues(automaton)


def _turn_hits(
    turn: Turn, cues: _ZhCues, relations: dict[str, tuple[str, ...]], mentions: Sequence[Mention], weights: Weights
) -> list[Hit]:
    text = turn.text
    if not text or len(cues.automaton) == 0:
        return []
    sentence_ends = [end for _, end in split_sentences(text)] or [len(text)]
    found: dict[tuple[str, int], tuple[int, str]] = {}  # the longest hit per topic at each place: (end, kind)

    def keep(topic: str, start: int, end: int, kind: str) -> None:
        old = found.get((topic, start))
        if old is None or end > old[0] or (end == old[0] and weights[kind] > weights[old[1]]):
            found[(topic, start)] = (end, kind)

    for last, (length, kinds) in cues.automaton.iter(text):
        for topic, kind in kinds:
            keep(topic, last + 1 - length, last + 1, kind)
    for key in _shadowed(found):
        del found[key]
    for m in mentions:
        for topic in relations.get(_entity_key(m.key), ()):
            keep(topic, m.start, m.end, entity_kind(m.kind))
    hits: list[Hit] = []
    asked = turn.role is Role.QUESTION
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (topic, start), (end, kind) in sorted(found.items(), key=lambda kv: (kv[0][1], -kv[1][0])):
        if any(s <= start and end <= e for s, e in covered[topic]):
            continue  # inside a longer hit of the same topic
        covered[topic].append((start, end))
        sentence = bisect_right(sentence_ends, start)
        hits.append(Hit(topic, turn.key, asked, start, end, text[start:end], kind, sentence))
    return hits


def extract_zh_topics(
    briefing: Briefing, mentions: Sequence[Mention] = (), *, directory: Path | None = None
) -> tuple[TopicAssignment, ...]:
    """The topics each exchange (``e3``) and statement (``s1``) of a Chinese briefing is substantially about."""
    folder = resolved_folder(directory)
    lexicon = load_topic_lexicon(folder)
    if lexicon.scoring is None:
        return ()  # the folder defines no topic
    cues, weights = _cues_for(folder), lexicon.scoring.weights
    by_turn = mentions_by_turn(mentions)

    def hits(turn: Turn, found: Sequence[Mention]) -> list[Hit]:
        return _turn_hits(turn, cues, lexicon.entities, found, weights)

    out: list[TopicAssignment] = []
    for st in briefing.statements:
        out.extend(_assign(f"s{st.ordinal}", (st.turn,), lexicon, by_turn, hits))
    for ex in briefing.exchanges:
        out.extend(_assign(f"e{ex.ordinal}", ex.turns(), lexicon, by_turn, hits))  # follow-ups included
    return tuple(out)
