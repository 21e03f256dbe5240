"""How the sentence classifier of acts (``sentence_model.py``) is set: which acts it adds, from which score, and
which targets its added positions may take, chosen out of fold on the pages it is trained on (``sentence_cv.py``),
so that what it adds is right far more often than not.

The classifier is trained on the labelled sentences (``sentence_train.py``); every sentence is scored by a model
fitted on the other folds' briefings, and a position of act X is added wherever X's score reaches X's threshold and
the rules state no X in the sentence, with the target the resolver gives it, kept only as the model's ``aim`` says
(``sentence_added.aimed_as_asked``). Each act's threshold is the one of ``THRESHOLDS`` where the (act, target) pairs
it adds to the exchanges (those the rules had not stated) gain most, a right one counting 1 and a wrong one
``WRONG_WEIGHT``; an act none of whose thresholds gains adds nothing (``NEVER``). (Sessions 9-13 chose one
threshold for every act on acts-dev-4 and -5, 16 pages: about half of what it then added was wrong.)

>>> x = Exchange("d", "d#1", frozenset({"oppose"}), frozenset({"oppose|USA"}), frozenset(), frozenset())
>>> counts([x], {"d#1": {"oppose|USA"}})["acts"], counts([x], {})["acts"]
([1, 0, 0], [0, 0, 1])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field

from kg.extract.positions.sentence_added import aimed_as_asked

THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
# A wrong added pair costs this many right ones: an act adds only where its additions are right at least
# 2.5 / 3.5 = 71% of the time at the margin (issue 12's bar for switching it on is 65% over all it adds; thresholds
# chosen in sample look better than they do on new pages: README, "Positions: the sentence classifier").
WRONG_WEIGHT = 2.5
NEVER = 1.01  # a threshold no score reaches (``sentence_model.NEVER``)
SCOPE = "sentence"


@dataclass(frozen=True, slots=True)
class Example:
    """One answer sentence: its features, its labelled acts (none for a development set's), the acts the rules
    state in it, and the (act, target) pairs each act the classifier may add would get, as the scorer writes them."""

    doc: str
    exchange: str
    features: tuple[str, ...]
    labels: frozenset[str]
    stated: frozenset[str]  # the acts the rules state in the sentence
    added: dict[str, tuple[str, ...]]
    in_exchange: frozenset[str] = frozenset()  # the acts the rules state in the exchange
    text: str = ""  # the sentence
    # Per act, for each of its pairs in ``added``, the rule that inferred its target (None: named in the sentence, or
    # no target): ``Position.target_rule``.
    inferred: dict[str, tuple[str | None, ...]] = field(default_factory=dict)

    def blocks(self, act: str) -> bool:
        """Whether a rule position of ``act`` keeps the classifier from adding one here (``SCOPE``)."""
        return act in (self.in_exchange if SCOPE == "exchange" else self.stated)


@dataclass(frozen=True, slots=True)
class Exchange:
    """One gold exchange: its gold acts and pairs, and the rules' acts and pairs."""

    doc: str
    key: str
    acts: frozenset[str]
    pairs: frozenset[str]
    rule_acts: frozenset[str]
    rule_pairs: frozenset[str]


Data = tuple[list[Example], list[Exchange]]
Scored = list[tuple[Example, dict[str, float]]]
# A fitted classifier, as the protocol needs it: (C, training examples, examples to score) -> each one's act scores.
Scorer = Callable[[float, Sequence[Example], Sequence[Example]], Scored]


def counts(exchanges: Sequence[Exchange], added: Mapping[str, set[str]]) -> dict[str, list[int]]:
    """tp, fp, fn of acts and pairs over ``exchanges`` with these pairs added to the rules'."""
    out = {"acts": [0, 0, 0], "pairs": [0, 0, 0]}
    for x in exchanges:
        pairs = final_pairs(x, added.get(x.key, set()))
        acts = {p.split("|", 1)[0] for p in pairs}
        for name, got, gold in (("acts", acts, x.acts), ("pairs", pairs, x.pairs)):
            c = out[name]
            c[0], c[1], c[2] = c[0] + len(got & gold), c[1] + len(got - gold), c[2] + len(gold - got)
    return out


def final_pairs(x: Exchange, added: set[str]) -> set[str]:
    """The exchange's pairs with ``added`` added to the rules': an untargeted pair of an act the exchange also aims
    at someone is left out (``restated_apart``), unless the rules state it."""
    pairs = set(x.rule_pairs) | added
    aimed = {p.split("|", 1)[0] for p in pairs if not p.endswith("|")}
    return {p for p in pairs if not p.endswith("|") or p.split("|", 1)[0] not in aimed or p in x.rule_pairs}


def f1(c: Sequence[int]) -> tuple[float, float, float]:
    tp, fp, fn = c
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def additions(
    scored: Scored, thresholds: Mapping[str, float], aim: str = "any", untargeted: Set[str] = frozenset()
) -> dict[str, set[str]]:
    """Exchange -> the pairs the classifier adds where an act's score reaches its threshold, each kept as ``aim``
    says (``untargeted``: the acts that take no target)."""
    out: dict[str, set[str]] = defaultdict(set)
    for e, scores in scored:
        for act, t in thresholds.items():
            if not e.blocks(act) and scores.get(act, 0.0) >= t:
                pairs = e.added.get(act, ())
                inferred = e.inferred.get(act) or (None,) * len(pairs)
                for pair, rule in zip(pairs, inferred, strict=True):
                    if aimed_as_asked(aim, act in untargeted, not pair.endswith("|"), rule):
                        out[e.exchange].add(pair)
    return out


def added_pairs(exchanges: Sequence[Exchange], added: Mapping[str, set[str]]) -> tuple[int, int]:
    """Right and wrong among the pairs ``added`` adds to exchanges that the rules had not stated there."""
    right = wrong = 0
    for x in exchanges:
        if x.key in added:
            new = final_pairs(x, added[x.key]) - x.rule_pairs
            right, wrong = right + len(new & x.pairs), wrong + len(new - x.pairs)
    return right, wrong


def choose_thresholds(
    scored: Scored,
    exchanges: Sequence[Exchange],
    acts: Sequence[str],
    aim: str,
    untargeted: Set[str] = frozenset(),
    weight: float = WRONG_WEIGHT,
) -> dict[str, float]:
    """Per act, the threshold of THRESHOLDS where its added pairs' right - ``weight`` x wrong is largest (the higher
    threshold on a tie), or NEVER where none is above 0. ``scored``: out-of-fold scores of ``exchanges``' sentences.

    >>> x = Exchange("d", "d#1", frozenset({"warn"}), frozenset({"warn|USA"}), frozenset(), frozenset())
    >>> right = Example("d", "d#1", (), frozenset(), frozenset(), {"warn": ("warn|USA",)})
    >>> wrong = Example("d", "d#1", (), frozenset(), frozenset(), {"warn": ("warn|JPN",)})
    >>> choose_thresholds([(right, {"warn": 0.9}), (wrong, {"warn": 0.6})], [x], ["warn"], "any")
    {'warn': 0.9}
    >>> choose_thresholds([(right, {"warn": 0.6}), (wrong, {"warn": 0.9})], [x], ["warn"], "any")
    {'warn': 1.01}
    """
    out = {}
    for act in acts:
        best = (0.0, NEVER)
        for t in THRESHOLDS:
            right, wrong = added_pairs(exchanges, additions(scored, {act: t}, aim, untargeted))
            if right - weight * wrong > best[0] or (right - weight * wrong == best[0] > 0):
                best = (right - weight * wrong, t)
        out[act] = best[1]
    return out
