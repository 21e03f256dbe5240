"""An out-of-fold measure of the sentence classifier of acts (``sentence_model.py``) on its own training pages, and
of what it adds: readable freely, with no held-out page.

The 293 labelled briefings are dealt into ``FOLDS`` groups (``train.folds``: sorted, no briefing in two groups); the
classifier is fitted on four and scores the fifth, so every labelled sentence gets a score from a model that never
saw its page. Its additions are then made as the extractor makes them (an act it scores at its threshold that the
rules do not state in the sentence, with the target the resolver gives it there: ``Example.added``) and scored by
act and (act, target) per exchange, as ``kg eval`` counts (``sentence_choose.counts``). What it adds is split three
ways: right, the act wrong, the act right and the target wrong (``Added``).

>>> x = Exchange("d", "d#1", frozenset({"oppose"}), frozenset({"oppose|USA"}), frozenset(), frozenset())
>>> tally([x], {"d#1": {"oppose|USA", "warn|USA"}}).added
Added(right=1, act_wrong=1, target_wrong=0)
>>> tally([x], {"d#1": {"oppose|JPN"}}).added
Added(right=0, act_wrong=0, target_wrong=1)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field

from kg.evaluate import target_kind
from kg.extract.positions.sentence_choose import (
    Example,
    Exchange,
    Scored,
    Scorer,
    additions,
    choose_thresholds,
    f1,
    final_pairs,
)

FOLDS = 5


@dataclass(frozen=True, slots=True)
class Added:
    """The (act, target) pairs the classifier adds to exchanges that the rules had not stated, by the gold."""

    right: int = 0
    act_wrong: int = 0  # the exchange's gold has no position of the act
    target_wrong: int = 0  # the act is in the gold, aimed elsewhere

    @property
    def precision(self) -> float:
        total = self.right + self.act_wrong + self.target_wrong
        return self.right / total if total else 0.0


@dataclass(frozen=True, slots=True)
class Tally:
    """tp, fp, fn of acts, of pairs and of organisation pairs over some exchanges, and what was added, per act too."""

    acts: tuple[int, int, int]
    pairs: tuple[int, int, int]
    organisations: tuple[int, int, int]
    added: Added
    by_act: dict[str, Added] = field(default_factory=dict)


def tally(exchanges: Sequence[Exchange], added: Mapping[str, set[str]]) -> Tally:
    """The counts of ``exchanges`` with ``added``'s pairs added to the rules' (as ``counts``), and the added pairs
    (those the rules' own did not hold) by how they stand against the gold."""
    acts, pairs, orgs = [0, 0, 0], [0, 0, 0], [0, 0, 0]
    split: dict[str, list[int]] = {}
    for x in exchanges:
        got = final_pairs(x, added.get(x.key, set()))
        got_acts = {p.split("|", 1)[0] for p in got}
        got_orgs = {p for p in got if target_kind(p) == "organization"}
        gold_orgs = {p for p in x.pairs if target_kind(p) == "organization"}
        for c, have, gold in ((acts, got_acts, x.acts), (pairs, got, x.pairs), (orgs, got_orgs, gold_orgs)):
            c[0], c[1], c[2] = c[0] + len(have & gold), c[1] + len(have - gold), c[2] + len(gold - have)
        for pair in sorted(got - x.rule_pairs):
            act = pair.split("|", 1)[0]
            k = 0 if pair in x.pairs else 2 if act in x.acts else 1
            split.setdefault(act, [0, 0, 0])[k] += 1
    by_act = {act: Added(*v) for act, v in sorted(split.items())}
    total = Added(*(sum(v[k] for v in split.values()) for k in range(3)))
    return Tally(tuple(acts), tuple(pairs), tuple(orgs), total, by_act)  # type: ignore[arg-type]


def out_of_fold(fit: Scorer, c: float, examples: Sequence[Example], folds: Sequence[set[str]]) -> Scored:
    """Every example scored by a classifier fitted on the other folds' briefings, in the order of ``examples``."""
    scores: dict[int, dict[str, float]] = {}
    for held in folds:
        train = [e for e in examples if e.doc not in held]
        test = [(k, e) for k, e in enumerate(examples) if e.doc in held]
        for (k, _e), (_e2, s) in zip(test, fit(c, train, [e for _k, e in test]), strict=True):
            scores[k] = s
    return [(e, scores[k]) for k, e in enumerate(examples)]


def nested(
    scored: Scored,
    exchanges: Sequence[Exchange],
    folds: Sequence[set[str]],
    acts: Sequence[str],
    aim: str,
    untargeted: Set[str],
) -> dict[str, set[str]]:
    """The additions to every fold's exchanges with thresholds chosen (``choose_thresholds``) on the other folds'
    out-of-fold scores only: how the whole choice does on pages it did not see, where the thresholds chosen on every
    page and measured there would flatter it."""
    out: dict[str, set[str]] = {}
    for held in folds:
        rest = [x for x in exchanges if x.doc not in held]
        keys = {x.key for x in rest}
        thresholds = choose_thresholds([(e, s) for e, s in scored if e.exchange in keys], rest, acts, aim, untargeted)
        out.update(additions([(e, s) for e, s in scored if e.doc in held], thresholds, aim, untargeted))
    return out


def line(name: str, rules: Tally, got: Tally) -> str:
    """One set's figures, rules -> rules + classifier, and what was added."""

    def fmt(c: Sequence[int]) -> str:
        return "{:.3f}/{:.3f}/{:.3f}".format(*f1(c))

    a = got.added
    return (
        f"  {name}: acts {fmt(rules.acts)} -> {fmt(got.acts)}; pairs {fmt(rules.pairs)} -> {fmt(got.pairs)}; "
        f"organisation pairs {fmt(rules.organisations)} -> {fmt(got.organisations)}; added pairs right "
        f"{a.right}, act wrong {a.act_wrong}, target wrong {a.target_wrong} ({a.precision:.2f} right)"
    )


def by_act(got: Tally) -> str:
    """What was added per act: right / act wrong / target wrong."""
    return "    per act [right, act wrong, target wrong]: " + ", ".join(
        f"{act} {a.right}/{a.act_wrong}/{a.target_wrong}" for act, a in got.by_act.items()
    )
