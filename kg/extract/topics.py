"""What each exchange and statement is about: the topics of ``ontology/topics.ttl``, scored from cue phrases.

Every cue phrase of the scheme is matched in one pass over each turn (an Aho-Corasick automaton, word-bounded);
mentions of entities the scheme relates to a topic (``dcterms:relation``) count as cues too. A unit's score for a
topic sums its hits, each weighted by the cue's strength and by where it stands (the question says what the
exchange is about; the first sentence of an answer or statement says more than the rest, and later sentences
less and less), with each further hit worth less than the one before so that length alone does not win. A
phrase inside a longer cue of another topic counts for that one only ("security" in "Security Council").

A topic is assigned where its score passes an absolute threshold and a share of the unit's best score (a share
that stops growing past a cap); where the question names a subject, a topic only the answer raises must pass a
higher bar; at most ``pk:maxTopics`` per unit. A unit that no topic passes these bars for is still about something:
its best topic, where the question names it, it scores at least the scheme's ``pk:soleTopicMinScore`` (one
ordinary cue in the question) and the runner-up stays below ``pk:soleTopicLead`` of it, is its sole topic. A
short question that names no topic but ties itself to what was just said ("Are you saying that...?", phrases of
``rd:follow-up-phrase`` in ``ontology/reading.ttl``) takes the previous exchange's topics. Every weight, factor
and bar is a setting of ``pk:Topics`` (``kg/extract/topic_scoring.py``, which scores and chooses).

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

import ahocorasick

from kg.errors import OntologyError
from kg.extract.quotes import QUOTES as QUOTES  # re-exported: the tests name it from here
from kg.extract.quotes import straighten
from kg.extract.sentences import split_sentences
from kg.extract.topic_model import RULE as LEARNED_RULE
from kg.extract.topic_model import TopicModel, check, load_topic_model
from kg.extract.topic_scoring import NAMING_ENTITY, RELATED_ENTITY, Hit, TopicScoring, choose, load_scoring, unit_score
from kg.ontology import key_of, load_ontology, ontology_dir, reading_cues, serving_people, topic_scheme
from kg.read.cues import alternation
from kg.types import Briefing, Cue, EntityKind, Mention, Role, TopicAssignment, Turn

RULE = "topics/cue-score"
FOLLOW_UP_RULE = "topics/follow-up"  # a question that names no topic but continues the previous exchange
SOLE_RULE = "topics/sole-subject"  # no topic passes the bars, but one leads clearly (pk:soleTopicMinScore, -Lead)

FOLLOW_UP_PHRASE = "follow-up-phrase"  # the reading concept (rd:follow-up-phrase in ontology/reading.ttl)

INNER_CAPITAL = re.compile(r"\w[A-Z]")


@dataclass(frozen=True, slots=True)
class TopicCue:
    """One cue phrase of one topic, as the automaton stores it."""

    topic: str
    phrase: str  # without marker and star
    kind: str  # its marker: "!" strong, "" ordinary, "~" weak (topic_scoring.CUE_KINDS)
    prefix: bool  # a trailing "*": the phrase may continue with more word characters


@dataclass(frozen=True, slots=True)
class TopicLexicon:
    """The topic scheme compiled for matching: two automata (any case, exact case) and entity relations."""

    topics: tuple[str, ...]  # notations in file order
    order: dict[str, int]  # notation -> its place in file order (ties between scores go to the earlier)
    folded: ahocorasick.Automaton  # phrases matched in any case, keyed lower-cased
    exact: ahocorasick.Automaton  # phrases with inner capitals ("WHO"), keyed as written
    entities: dict[str, tuple[str, ...]]  # normalised entity key -> topics it is evidence for
    follow_up: re.Pattern[str] | None  # phrases that tie a question to the previous exchange, if any are listed
    scoring: TopicScoring | None  # the scheme's scoring settings (pk:Topics); None: the folder defines no topic


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
    model = load_topic_model(briefing.profile)  # the learned check, where it is trained and switched on
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
        assigned = _assign(unit, turns, lexicon, by_turn, model=model)
        if not assigned and previous and _continues(ex.question, lexicon):
            # "Are you saying that...?": the subject is the previous exchange's, and so are the cues that show it.
            assigned = [TopicAssignment(unit, t.topic, t.score, t.cues, FOLLOW_UP_RULE) for t in previous]
        out.extend(assigned)
        previous = assigned
    return tuple(out)


def _continues(question: Turn, lexicon: TopicLexicon) -> bool:
    """A short question with a follow-up phrase ("Further to what you said", "Does that mean") of the reading cues."""
    if lexicon.follow_up is None or lexicon.scoring is None:
        return False
    if len(question.text.split()) > lexicon.scoring.follow_up_max_words:
        return False
    return lexicon.follow_up.search(question.text) is not None


def _assign(
    unit: str,
    turns: Iterable[Turn],
    lexicon: TopicLexicon,
    mentions: dict[str, list[Mention]],
    turn_hits: Callable[[Turn, Sequence[Mention]], list[Hit]] | None = None,
    model: TopicModel | None = None,
) -> list[TopicAssignment]:
    """The topics of one unit from its turns' hits (``turn_hits``: another language's cue finder; by default
    the English cues of ``lexicon``), scored and chosen as the module says; with ``model``, the rules' choice is
    checked by the learned model (``topic_model.py``), which may drop a chosen topic or add one the cues hit."""
    hits: list[Hit] = []
    for turn in turns:
        found = mentions.get(turn.key, [])
        hits.extend(turn_hits(turn, found) if turn_hits else _turn_hits(turn, lexicon, found))
    scoring = lexicon.scoring
    if scoring is None:
        return []
    by_topic: dict[str, list[Hit]] = defaultdict(list)
    for h in hits:
        by_topic[h.topic].append(h)
    scores = {topic: unit_score([scoring.value(h) for h in hs], scoring.repeat_decay) for topic, hs in by_topic.items()}
    chosen, sole = choose(scores, {h.topic for h in hits if h.asked}, lexicon.order, scoring)
    rules = {t: SOLE_RULE if sole else RULE for t in chosen}
    if model is not None and scores:
        chosen = check(model, hits, scores, chosen, scoring, lexicon.order)
    return [
        TopicAssignment(
            unit=unit,
            topic=t,
            score=round(scores[t], 3),
            cues=tuple(Cue(h.turn, h.start, h.end, h.text) for h in by_topic[t]),
            rule=rules.get(t, LEARNED_RULE),
        )
        for t in chosen
    ]


def _turn_hits(turn: Turn, lexicon: TopicLexicon, mentions: Iterable[Mention]) -> list[Hit]:
    text = turn.text
    if not text:
        return []
    straight = straighten(text)
    folded = straight.lower()
    if len(folded) != len(text):  # a few characters lower-case to two; keep offsets aligned
        folded = "".join(ch.lower()[0] for ch in straight)
    sentence_ends = [end for _, end in split_sentences(text)] or [len(text)]

    # Per topic, the longest hit at each place: "Hong Kong SAR" does not also count as "Hong Kong".
    found: dict[tuple[str, int], tuple[int, str]] = {}  # (topic, start) -> (end, kind)
    weights = lexicon.scoring.weights if lexicon.scoring else {}

    def keep(topic: str, start: int, end: int, kind: str) -> None:
        old = found.get((topic, start))
        if old is None or end > old[0] or (end == old[0] and weights[kind] > weights[old[1]]):
            found[(topic, start)] = (end, kind)

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
                keep(cue.topic, start, end, cue.kind)
    # A phrase read inside a longer cue of another topic means what the longer one means: "security" in
    # "Security Council", "health" in "World Health Organization", "visa" in "visa restrictions".
    for key in _shadowed(found):
        del found[key]
    for m in mentions:
        for topic in lexicon.entities.get(_entity_key(m.key), ()):
            keep(topic, m.start, m.end, entity_kind(m.kind))

    hits: list[Hit] = []
    # Hits come by start, so a hit lies inside an earlier one of its topic exactly when it ends no later than the
    # furthest end of that topic so far: one number per topic, not a scan of every earlier hit.
    reach: dict[str, int] = {}
    turn_key, role = turn.key, turn.role  # a property and an attribute, read once rather than per hit
    asked = role is Role.QUESTION
    for (topic, start), (end, kind) in sorted(found.items(), key=lambda kv: (kv[0][1], -kv[1][0])):
        if topic in reach and end <= reach[topic]:
            continue  # inside a longer hit of the same topic
        reach[topic] = max(end, reach.get(topic, end))
        hits.append(Hit(topic, turn_key, asked, start, end, text[start:end], kind, bisect_right(sentence_ends, start)))
    return hits


def entity_kind(kind: EntityKind) -> str:
    """The kind of hit a mention of a related entity makes: places and people the scheme relates to a topic name it
    ("Xinjiang", "Meng Wanzhou"); a state or an organisation only suggests one (the WHO is named in many exchanges
    about other things)."""
    return NAMING_ENTITY if kind in (EntityKind.PLACE, EntityKind.PERSON) else RELATED_ENTITY


def _shadowed(found: dict[tuple[str, int], tuple[int, str]]) -> list[tuple[str, int]]:
    """Hits lying inside a strictly longer hit of another topic.

    One sweep by start (ties: longer first): the spans before a hit in that order are exactly those that start no
    later and are longer or start earlier, and such a span holds the hit when it ends no earlier; so the furthest end
    reached by each other topic so far decides. Identical spans are compared before either is counted.

    >>> _shadowed({("taiwan", 0): (20, "!"), ("security_defense", 5): (15, ""), ("taiwan", 5): (15, "")})
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
        order={t: i for i, t in enumerate(topics.values())},
        scoring=load_scoring(directory) if topics else None,
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
    return TopicCue(topic=topic, phrase=phrase, kind=marker, prefix=prefix)
