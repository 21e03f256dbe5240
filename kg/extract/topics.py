"""What each exchange and statement is about: the topics of ``ontology/topics.ttl``, scored from cue phrases.

Every cue phrase of the scheme is matched in one pass over each turn (an Aho-Corasick automaton, word-bounded);
mentions of entities the scheme relates to a topic (``dcterms:relation``) count as cues too. A unit's score for a
topic sums its hits, each weighted by the cue's strength and by where it stands (the question says what the
exchange is about; the first sentence of an answer or statement says more than the rest, and later sentences
less and less), with each further hit worth less than the one before so that length alone does not win. A
phrase inside a longer cue of another topic counts for that one only ("security" in "Security Council").

A topic is assigned where its score passes an absolute threshold and a share of the unit's best score (a share
that stops growing past a cap); where the question names a subject, a topic only the answer raises must pass a
higher bar; at most ``MAX_TOPICS`` per unit. A unit that no topic passes these bars for is still about something:
its best topic, where the question names it, it scores at least the scheme's ``pk:soleTopicMinScore`` (one
ordinary cue in the question) and the runner-up stays below ``pk:soleTopicLead`` of it, is its sole topic. A
short question that names no topic but ties itself to what was just said ("Are you saying that...?", phrases of
``rd:follow-up-phrase`` in ``ontology/reading.ttl``) takes the previous exchange's topics.

>>> from kg.types import Briefing, Exchange, Role, Source, Layout, Turn
>>> q = Turn(Role.QUESTION, 1, None, "What is your comment on the US sanctions over Xinjiang?")
>>> a = Turn(Role.ANSWER, 1, "Geng Shuang", "Xinjiang affairs are China's internal affairs.")
>>> b = Briefing("b", Source("p", "p", ""), Layout.TEXT, "t", None, False, "Geng Shuang", "MFA", (),
...              (Exchange(1, q, a, None),))
>>> [(t.unit, t.topic) for t in extract_topics(b)]
[('e1', 'xinjiang'), ('e1', 'sanctions')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from kg.errors import OntologyError
from kg.extract.sentences import split_sentences
from kg.namespace import PK
from kg.ontology import key_of, load_ontology, ontology_dir, reading_cues, serving_people, topic_scheme
from kg.read.cues import alternation
from kg.types import Briefing, Cue, EntityKind, Mention, Role, TopicAssignment, Turn

RULE = "topics/cue-score"
FOLLOW_UP_RULE = "topics/follow-up"  # a question that names no topic but continues the previous exchange
SOLE_RULE = "topics/sole-subject"  # no topic passes the bars, but one leads clearly (pk:soleTopicMinScore, -Lead)

# Cue strengths by the marker the Turtle file writes before a phrase ("!" strong, none ordinary, "~" weak).
STRENGTH: dict[str, float] = {"!": 3.0, "": 1.0, "~": 0.4}
# A mention of a related entity: places and people the scheme relates to a topic name it ("Xinjiang", "Meng
# Wanzhou"); a state or an organisation only suggests one (the WHO is named in many exchanges about other things),
# though an organisation a question names is usually what it asks about (one such mention there reaches MIN_SCORE).
ENTITY_WEIGHT: dict[EntityKind, float] = {EntityKind.PLACE: 3.0, EntityKind.PERSON: 3.0}
OTHER_ENTITY_WEIGHT = 1.5
# Where a hit stands: the question names the subject; an answer's or statement's first sentence frames it.
QUESTION_FACTOR = 2.0
FIRST_SENTENCE_FACTOR = 1.25
REPEAT_DECAY = 0.8  # the k-th hit of a topic (strongest first) counts REPEAT_DECAY ** k of its value
# Past an answer's first sentence each further sentence counts a little less, down to a floor: long answers
# wander into context ("as with our cooperation in trade...") that is not what the exchange is about.
TAIL_DECAY = 0.85
TAIL_FLOOR = 0.6
MIN_SCORE = 3.0  # one strong cue, or a few ordinary ones
# A topic must also reach a share of the unit's best score; past SHARE_CAP the best no longer raises the bar, so
# a second subject is not drowned by a first one that is merely named often.
MIN_SHARE = 0.4
SHARE_CAP = 8.0
# A topic the question does not touch is the answer's own: it must be argued at more length to count.
ANSWER_ONLY_MIN = 5.0
MAX_TOPICS = 3
FOLLOW_UP_MAX_WORDS = 30  # a longer question that names no topic raises a new subject, whatever its phrasing

FOLLOW_UP_PHRASE = "follow-up-phrase"  # the reading concept (rd:follow-up-phrase in ontology/reading.ttl)

# Typographic quotes map to straight ones, one character for one, so offsets stay valid.
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
INNER_CAPITAL = re.compile(r"\w[A-Z]")


@dataclass(frozen=True, slots=True)
class TopicCue:
    """One cue phrase of one topic, as the automaton stores it."""

    topic: str
    phrase: str  # without marker and star
    weight: float
    prefix: bool  # a trailing "*": the phrase may continue with more word characters


@dataclass(frozen=True, slots=True)
class TopicLexicon:
    """The topic scheme compiled for matching: two automata (any case, exact case) and entity relations."""

    topics: tuple[str, ...]  # notations in file order
    folded: ahocorasick.Automaton  # phrases matched in any case, keyed lower-cased
    exact: ahocorasick.Automaton  # phrases with inner capitals ("WHO"), keyed as written
    entities: dict[str, tuple[str, ...]]  # normalised entity key -> topics it is evidence for
    follow_up: re.Pattern[str] | None  # phrases that tie a question to the previous exchange, if any are listed
    sole_min: float | None  # pk:soleTopicMinScore of the scheme; None: a unit no topic passes gets none
    sole_lead: float  # pk:soleTopicLead of the scheme


class _Hit(NamedTuple):  # a tuple: one is made for every cue found, and a frozen dataclass is slow to make
    topic: str
    turn: str
    asked: bool  # in the question
    start: int
    end: int
    text: str
    value: float  # weight x position factor


def extract_topics(briefing: Briefing, mentions: Sequence[Mention] = ()) -> tuple[TopicAssignment, ...]:
    """The topics each exchange (``e3``) and statement (``s1``) of ``briefing`` is substantially about.

    Assignments come unit by unit in briefing order (statements first), best score first within a unit;
    each records the cues that fired (``turn.text[cue.start:cue.end] == cue.text``).

    >>> from kg.types import Briefing, Source, Layout, Statement, Turn, Role
    >>> s = Turn(Role.STATEMENT, 1, "Hua Chunying", "At the invitation of Foreign Minister Wang Yi, "
    ...          "Foreign Minister Sergey Lavrov will pay an official visit to China from May 4 to 6.")
    >>> b = Briefing("b", Source("p", "p", ""), Layout.TEXT, "t", None, False, "Hua Chunying", "MFA",
    ...              (Statement(1, s),), ())
    >>> [(t.unit, t.topic, [c.text for c in t.cues]) for t in extract_topics(b)]
    [('s1', 'diplomatic_visits', ['At the invitation of', 'official visit', 'visit to'])]
    """
    lexicon = load_topic_lexicon()
    by_turn: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_turn[m.turn].append(m)
    out: list[TopicAssignment] = []
    for st in briefing.statements:
        out.extend(_assign(f"s{st.ordinal}", (st.turn,), lexicon, by_turn))
    previous: list[TopicAssignment] = []
    for ex in briefing.exchanges:
        turns = ex.turns()
        unit = f"e{ex.ordinal}"
        assigned = _assign(unit, turns, lexicon, by_turn)
        if not assigned and previous and _continues(ex.question, lexicon):
            # "Are you saying that...?": the subject is the previous exchange's, and so are the cues that show it.
            assigned = [TopicAssignment(unit, t.topic, t.score, t.cues, FOLLOW_UP_RULE) for t in previous]
        out.extend(assigned)
        previous = assigned
    return tuple(out)


def _continues(question: Turn, lexicon: TopicLexicon) -> bool:
    """A short question with a follow-up phrase ("Further to what you said", "Does that mean") of the reading cues."""
    if lexicon.follow_up is None or len(question.text.split()) > FOLLOW_UP_MAX_WORDS:
        return False
    return lexicon.follow_up.search(question.text) is not None


def _assign(
    unit: str,
    turns: Iterable[Turn],
    lexicon: TopicLexicon,
    mentions: dict[str, list[Mention]],
    turn_hits: Callable[[Turn, Sequence[Mention]], list[_Hit]] | None = None,
) -> list[TopicAssignment]:
    """The topics of one unit from its turns' hits (``turn_hits``: another language's cue finder; by default
    the English cues of ``lexicon``), scored and chosen as the module says."""
    hits: list[_Hit] = []
    for turn in turns:
        found = mentions.get(turn.key, [])
        hits.extend(turn_hits(turn, found) if turn_hits else _turn_hits(turn, lexicon, found))
    by_topic: dict[str, list[_Hit]] = defaultdict(list)
    for h in hits:
        by_topic[h.topic].append(h)
    scores = {topic: _score(topic_hits) for topic, topic_hits in by_topic.items()}
    if not scores:
        return []
    best = max(scores.values())
    order = {t: i for i, t in enumerate(lexicon.topics)}
    ranked = sorted(scores, key=lambda t: (-scores[t], order.get(t, len(order))))
    asked = {h.topic for h in hits if h.asked}
    bar = max(MIN_SCORE, MIN_SHARE * min(best, SHARE_CAP))
    passing = [t for t in ranked if scores[t] >= bar]
    # Where the question names a subject, a topic only the answer raises needs more to count; where the
    # question names none ("What is your comment?"), the answer says what the exchange is about.
    answer_bar = ANSWER_ONLY_MIN if any(t in asked for t in passing) else bar
    chosen = [t for t in passing if t in asked or scores[t] >= answer_bar][:MAX_TOPICS]
    rule = RULE
    if not chosen and ranked and ranked[0] in asked and _sole_leader(ranked, scores, lexicon):
        chosen, rule = ranked[:1], SOLE_RULE
    return [
        TopicAssignment(
            unit=unit,
            topic=t,
            score=round(scores[t], 3),
            cues=tuple(Cue(h.turn, h.start, h.end, h.text) for h in by_topic[t]),
            rule=rule,
        )
        for t in chosen
    ]


def _sole_leader(ranked: Sequence[str], scores: dict[str, float], lexicon: TopicLexicon) -> bool:
    """Whether the best of ``ranked`` (best first) may be the sole topic of a unit that no topic passes the bars for:
    it reaches the scheme's least score and the runner-up stays below the lead's share of it.

    >>> lexicon = load_topic_lexicon()
    >>> _sole_leader(["legal_cases"], {"legal_cases": 2.0}, lexicon)
    True
    >>> _sole_leader(["legal_cases", "consular_affairs"], {"legal_cases": 2.0, "consular_affairs": 1.5}, lexicon)
    False
    """
    if lexicon.sole_min is None or not ranked:
        return False
    best = scores[ranked[0]]
    runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
    return best >= lexicon.sole_min and runner_up < lexicon.sole_lead * best


def _score(hits: list[_Hit]) -> float:
    values = sorted((h.value for h in hits), reverse=True)
    return sum(v * REPEAT_DECAY**k for k, v in enumerate(values))


def _turn_hits(turn: Turn, lexicon: TopicLexicon, mentions: Iterable[Mention]) -> list[_Hit]:
    text = turn.text
    if not text:
        return []
    straight = text.translate(QUOTES)
    folded = straight.lower()
    if len(folded) != len(text):  # a few characters lower-case to two; keep offsets aligned
        folded = "".join(ch.lower()[0] for ch in straight)
    sentence_ends = [end for _, end in split_sentences(text)] or [len(text)]

    # Per topic, the longest hit at each place: "Hong Kong SAR" does not also count as "Hong Kong".
    found: dict[tuple[str, int], tuple[int, float]] = {}

    def keep(topic: str, start: int, end: int, weight: float) -> None:
        old = found.get((topic, start))
        if old is None or end > old[0] or (end == old[0] and weight > old[1]):
            found[(topic, start)] = (end, weight)

    for automaton, haystack in ((lexicon.folded, folded), (lexicon.exact, straight)):
        if len(automaton) == 0:
            continue
        size = len(haystack)
        # A word character is alphanumeric or "_" (tested inline: this loop runs for every phrase the automaton meets).
        for last, cues in automaton.iter(haystack):
            for cue in cues:
                start = last + 1 - len(cue.phrase)
                end = last + 1
                if start > 0 and ((ch := haystack[start - 1]).isalnum() or ch == "_"):
                    continue
                if cue.prefix:
                    while end < size and ((ch := haystack[end]).isalnum() or ch == "_"):
                        end += 1
                elif end < size and ((ch := haystack[end]).isalnum() or ch == "_"):
                    continue
                keep(cue.topic, start, end, cue.weight)
    # A phrase read inside a longer cue of another topic means what the longer one means: "security" in
    # "Security Council", "health" in "World Health Organization", "visa" in "visa restrictions".
    for key in _shadowed(found):
        del found[key]
    for m in mentions:
        for topic in lexicon.entities.get(_entity_key(m.key), ()):
            keep(topic, m.start, m.end, ENTITY_WEIGHT.get(m.kind, OTHER_ENTITY_WEIGHT))

    hits: list[_Hit] = []
    # Hits come by start, so a hit lies inside an earlier one of its topic exactly when it ends no later than the
    # furthest end of that topic so far: one number per topic, not a scan of every earlier hit.
    reach: dict[str, int] = {}
    turn_key, role = turn.key, turn.role  # a property and an attribute, read once rather than per hit
    for (topic, start), (end, weight) in sorted(found.items(), key=lambda kv: (kv[0][1], -kv[1][0])):
        if topic in reach and end <= reach[topic]:
            continue  # inside a longer hit of the same topic
        reach[topic] = max(end, reach.get(topic, end))
        factor = _position_factor(role, bisect_right(sentence_ends, start))
        hits.append(_Hit(topic, turn_key, role is Role.QUESTION, start, end, text[start:end], weight * factor))
    return hits


def _position_factor(role: Role, sentence: int) -> float:
    """How much a hit in the ``sentence``-th (0-based) sentence of a turn says about the unit."""
    if role is Role.QUESTION:
        return QUESTION_FACTOR
    if sentence == 0:
        return FIRST_SENTENCE_FACTOR
    return max(TAIL_FLOOR, TAIL_DECAY ** (sentence - 1))


def _shadowed(found: dict[tuple[str, int], tuple[int, float]]) -> list[tuple[str, int]]:
    """Hits lying inside a strictly longer hit of another topic.

    One sweep by start (ties: longer first): the spans before a hit in that order are exactly those that start no
    later and are longer or start earlier, and such a span holds the hit when it ends no earlier; so the furthest end
    reached by each other topic so far decides. Identical spans are compared before either is counted.

    >>> _shadowed({("taiwan", 0): (20, 1.0), ("security_defense", 5): (15, 1.0), ("taiwan", 5): (15, 1.0)})
    [('security_defense', 5)]
    """
    hits = sorted(((start, end, topic) for (topic, start), (end, _) in found.items()), key=lambda h: (h[0], -h[1]))
    reach: dict[str, int] = {}
    out: list[tuple[str, int]] = []
    for (start, end), same in groupby(hits, key=lambda h: (h[0], h[1])):
        topics = [topic for _, _, topic in same]
        out.extend((t, start) for t in topics if any(e >= end for other, e in reach.items() if other != t))
        for topic in topics:
            reach[topic] = max(end, reach.get(topic, end))
    return out


@cache  # a briefing names the same few entities many times
def _entity_key(key: str) -> str:
    """Entity keys compared without case or punctuation: ``hong-kong``, ``hong_kong`` and ``HongKong`` agree."""
    return "".join(ch for ch in key.lower() if ch.isalnum())


def load_topic_lexicon(directory: Path | None = None) -> TopicLexicon:
    """The topic scheme of the ontology folder (every ``*.ttl`` in it), compiled once per folder.

    >>> lexicon = load_topic_lexicon()
    >>> len(lexicon.topics), "xinjiang" in lexicon.topics
    (30, True)
    """
    return _load_lexicon(directory or ontology_dir())


@cache
def _load_lexicon(directory: Path) -> TopicLexicon:
    onto = load_ontology(directory)
    scheme = topic_scheme(onto)
    topics, sources, relations = scheme.notations, scheme.sources, scheme.relations
    serving = serving_people(onto)  # country IRI -> people who serve it
    follow_up = reading_cues(onto).lists.get(FOLLOW_UP_PHRASE, ())
    wanted = (PK.soleTopicMinScore, PK.soleTopicLead)
    settings = {p: float(o) for s, p, o, _kind in onto.rows() if s == PK.Topics and p in wanted}
    folded = ahocorasick.Automaton()
    exact = ahocorasick.Automaton()
    entities: dict[str, list[str]] = defaultdict(list)
    for iri, notation in topics.items():
        for raw, _file in scheme.cues.get(iri, ()):
            cue = _parse_cue(notation, raw, source=sources[iri])
            automaton, key = (exact, cue.phrase) if INNER_CAPITAL.search(cue.phrase) else (folded, cue.phrase.lower())
            entries: list[TopicCue] = automaton.get(key, [])
            automaton.add_word(key, [*entries, cue])
        # A person who serves a state the topic relates to names it as well as the state does ("Kim Yong Chol").
        related = [*relations.get(iri, ())]
        related += [person for target in related for person in serving.get(target, ())]
        for target in related:
            entities[_entity_key(key_of(target))].append(notation)
    for automaton in (folded, exact):
        if len(automaton):
            automaton.make_automaton()
    return TopicLexicon(
        topics=tuple(topics.values()),
        folded=folded,
        exact=exact,
        entities={k: tuple(dict.fromkeys(v)) for k, v in entities.items()},
        follow_up=_phrase_pattern(follow_up),
        sole_min=settings.get(PK.soleTopicMinScore),
        sole_lead=settings.get(PK.soleTopicLead, 1.0),
    )


def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """Word-bounded phrases in any case, longest first, spaces matching any run of white space."""
    return re.compile(rf"(?<!\w)(?:{alternation(phrases)})(?!\w)", re.IGNORECASE) if phrases else None


def _parse_cue(topic: str, raw: str, *, source: str) -> TopicCue:
    marker = raw[:1] if raw[:1] in ("!", "~") else ""
    phrase = raw[len(marker) :].translate(QUOTES).strip()
    prefix = phrase.endswith("*")
    phrase = phrase.rstrip("*").strip()
    if not phrase or "*" in phrase:
        raise OntologyError(
            "E521",
            f"topic {topic}: malformed cue {raw!r}",
            path=source,
            hint='write "!phrase", "phrase" or "~phrase", with an optional trailing *',
        )
    return TopicCue(topic=topic, phrase=phrase, weight=STRENGTH[marker], prefix=prefix)
