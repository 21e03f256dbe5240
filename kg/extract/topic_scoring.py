"""How a unit's topic hits become its topics: the scoring settings of the topic scheme and the choice they drive.

Every number the choice uses is a property of ``pk:Topics`` in ``ontology/topics.ttl`` (checked by
``ps:TopicSchemeShape``), read here once per ontology folder: the weight of each kind of hit, the factor of where
it stands, the decay of repeated hits, the bars a topic must pass, the cap on topics per unit and the sole-subject
settings. ``tools/topics_cv.py`` chooses them by cross-validation by briefing; Python holds none of their values.

>>> s = load_scoring()
>>> s.weights["!"], s.weights["~"], s.max_topics
(3.0, 0.4, 3)
>>> s.value(Hit("taiwan", "e1q", True, 0, 6, "Taiwan", "!", 0))
6.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from kg.errors import OntologyError
from kg.namespace import PK
from kg.ontology import load_ontology, resolved_folder

# The kinds of hit: a cue phrase by its marker ("!" strong, "" ordinary, "~" weak), a related place or person (that
# names the topic: "Xinjiang", "Meng Wanzhou"), another related entity (a state or organisation only suggests one).
CUE_KINDS = ("!", "", "~")
NAMING_ENTITY = "naming-entity"
RELATED_ENTITY = "related-entity"


class Hit(NamedTuple):  # a tuple: one is made for every cue found, and a frozen dataclass is slow to make
    topic: str
    turn: str
    asked: bool  # in the question
    start: int
    end: int
    text: str
    kind: str  # one of CUE_KINDS, NAMING_ENTITY or RELATED_ENTITY
    sentence: int  # the 0-based sentence of its turn


@dataclass(frozen=True, slots=True)
class TopicScoring:
    """The settings of ``pk:Topics``: how hits are weighted and which topics a unit takes."""

    weights: Mapping[str, float]  # by hit kind
    question_factor: float  # a hit in the question: the question names the subject
    first_sentence_factor: float  # in an answer's or statement's first sentence, which frames it
    tail_decay: float  # each later sentence counts this much of the one before ...
    tail_floor: float  # ... down to this floor: long answers wander into context
    repeat_decay: float  # the k-th hit of a topic (strongest first) counts repeat_decay ** k of its value
    min_score: float  # the least score of a topic (one strong cue, or a few ordinary ones)
    min_share: float  # ... and the least share of the unit's best score
    share_cap: float  # past this the best score no longer raises the bar
    answer_only_min: float  # the least score of a topic only the answer raises, where the question names one
    max_topics: int
    follow_up_max_words: int  # a longer question that names no topic raises a new subject, whatever its phrasing
    sole_min: float | None  # the least score of a unit's sole topic; None: a unit no topic passes gets none
    sole_lead: float  # the share of it the runner-up must stay below

    def value(self, hit: Hit) -> float:
        """A hit's weight times the factor of where it stands."""
        if hit.asked:
            factor = self.question_factor
        elif hit.sentence == 0:
            factor = self.first_sentence_factor
        else:
            factor = max(self.tail_floor, self.tail_decay ** (hit.sentence - 1))
        return self.weights[hit.kind] * factor


# pk:Topics property -> (field, type, required). Weights by kind are listed apart (WEIGHT_SETTINGS).
SETTINGS: dict[str, tuple[str, type, bool]] = {
    PK.questionFactor: ("question_factor", float, True),
    PK.firstSentenceFactor: ("first_sentence_factor", float, True),
    PK.tailDecay: ("tail_decay", float, True),
    PK.tailFloor: ("tail_floor", float, True),
    PK.repeatDecay: ("repeat_decay", float, True),
    PK.topicMinScore: ("min_score", float, True),
    PK.topicMinShare: ("min_share", float, True),
    PK.topicShareCap: ("share_cap", float, True),
    PK.answerOnlyMinScore: ("answer_only_min", float, True),
    PK.maxTopics: ("max_topics", int, True),
    PK.followUpMaxWords: ("follow_up_max_words", int, True),
    PK.soleTopicMinScore: ("sole_min", float, False),
    PK.soleTopicLead: ("sole_lead", float, False),
}
WEIGHT_SETTINGS: dict[str, str] = {
    PK.strongCueWeight: "!",
    PK.ordinaryCueWeight: "",
    PK.weakCueWeight: "~",
    PK.namingEntityWeight: NAMING_ENTITY,
    PK.relatedEntityWeight: RELATED_ENTITY,
}


def load_scoring(directory: Path | None = None) -> TopicScoring:
    """The scoring settings of the topic scheme of the ontology folder (every ``*.ttl`` in it)."""
    return _load_scoring(resolved_folder(directory))


@cache
def _load_scoring(directory: Path) -> TopicScoring:
    onto = load_ontology(directory)
    values = {p: o for s, p, o, _kind in onto.rows() if s == PK.Topics and (p in SETTINGS or p in WEIGHT_SETTINGS)}
    missing = [p for p, (_f, _t, required) in SETTINGS.items() if required and p not in values]
    missing += [p for p in WEIGHT_SETTINGS if p not in values]
    if missing:
        names = ", ".join(sorted(p.rsplit("#", 1)[-1] for p in missing))
        raise OntologyError(
            "E522",
            f"pk:Topics lacks {names}",
            path=str(directory),
            hint="give pk:Topics every scoring setting, as ontology/topics.ttl does",
        )
    fields: dict[str, object] = {"sole_min": None, "sole_lead": 1.0}
    fields |= {field: kind(float(values[p])) for p, (field, kind, _r) in SETTINGS.items() if p in values}
    weights = {kind: float(values[p]) for p, kind in WEIGHT_SETTINGS.items()}
    return TopicScoring(weights=weights, **fields)  # type: ignore[arg-type]


def unit_score(values: Sequence[float], repeat_decay: float) -> float:
    """A topic's score from its hits' values: the strongest first, each further one worth less."""
    return sum(v * repeat_decay**k for k, v in enumerate(sorted(values, reverse=True)))


def choose(
    scores: Mapping[str, float], asked: set[str], order: Mapping[str, int], scoring: TopicScoring
) -> tuple[list[str], bool]:
    """The topics a unit takes from its topic scores (``asked``: the topics its question names), best first, and
    whether they come by the sole-subject rule.

    A topic must pass an absolute bar and a share of the best score (a share that stops growing past a cap); where
    the question names a subject, a topic only the answer raises must pass a higher bar. Where none passes, the best
    topic is the sole one if the question names it, it reaches the least sole score and the runner-up stays below
    the lead's share of it.

    >>> s = load_scoring()
    >>> choose({"taiwan": 6.0, "trade_economy": 2.5}, {"taiwan"}, {}, s)
    (['taiwan'], False)
    >>> choose({"legal_cases": 2.0}, {"legal_cases"}, {}, s)
    (['legal_cases'], True)
    """
    if not scores:
        return [], False
    best = max(scores.values())
    ranked = sorted(scores, key=lambda t: (-scores[t], order.get(t, len(order))))
    bar = max(scoring.min_score, scoring.min_share * min(best, scoring.share_cap))
    passing = [t for t in ranked if scores[t] >= bar]
    # Where the question names a subject, a topic only the answer raises needs more to count; where the
    # question names none ("What is your comment?"), the answer says what the exchange is about.
    answer_bar = scoring.answer_only_min if any(t in asked for t in passing) else bar
    chosen = [t for t in passing if t in asked or scores[t] >= answer_bar][: scoring.max_topics]
    if chosen or ranked[0] not in asked or scoring.sole_min is None:
        return chosen, False
    runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
    if best >= scoring.sole_min and runner_up < scoring.sole_lead * best:
        return ranked[:1], True
    return [], False
