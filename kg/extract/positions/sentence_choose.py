"""How the sentence classifier of acts (``sentence_model.py``) is set: its penalty and threshold are chosen on
development sets the rules were not written from (``acts-dev-4``, ``acts-dev-5``: each scored blind first), never
on the sentences it is trained on, whose pages the cues were written from (the rules look far better there than
on new pages, so a threshold chosen there finds almost nothing to add).

The classifier is trained on the labelled sentences (``sentence_train.py``); each development set's answer
sentences are then scored, and a position of act X is added wherever X's score reaches the threshold and the rules
state no X in the sentence. A setting is a penalty ``C`` and one threshold for every act (a threshold per act,
chosen on sixteen pages, would fit their few additions). The chosen setting keeps the acts' precision of every
development set at ``PRECISION_FLOOR`` or above and raises the acts F1 of the sets pooled most (then their pairs
F1, then the higher threshold, then the smaller C); where none raises it, the classifier adds nothing.
``cross_check`` chooses on one set and measures on the other, both ways: the honest figures.

>>> x = Exchange("d", "d#1", frozenset({"oppose"}), frozenset({"oppose|USA"}), frozenset(), frozenset())
>>> counts([x], {"d#1": {"oppose|USA"}})["acts"], counts([x], {})["acts"]
([1, 0, 0], [0, 0, 1])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

PRECISION_FLOOR = 0.85  # the least acts precision of every development set with the classifier's additions
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
CS = (0.25, 0.5, 1.0, 2.0)  # the inverse L2 penalties tried
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


@dataclass(frozen=True, slots=True)
class Setting:
    """A penalty and the one threshold every act adds from."""

    c: float
    add_from: float


def counts(exchanges: Sequence[Exchange], added: Mapping[str, set[str]]) -> dict[str, list[int]]:
    """tp, fp, fn of acts and pairs over ``exchanges`` with these pairs added to the rules'."""
    out = {"acts": [0, 0, 0], "pairs": [0, 0, 0]}
    for x in exchanges:
        pairs = set(x.rule_pairs) | added.get(x.key, set())
        # An untargeted pair of an act the exchange also aims at someone is left out (``restated_apart``).
        aimed = {p.split("|", 1)[0] for p in pairs if not p.endswith("|")}
        pairs = {p for p in pairs if not p.endswith("|") or p.split("|", 1)[0] not in aimed or p in x.rule_pairs}
        acts = {p.split("|", 1)[0] for p in pairs}
        for field, got, gold in (("acts", acts, x.acts), ("pairs", pairs, x.pairs)):
            c = out[field]
            c[0], c[1], c[2] = c[0] + len(got & gold), c[1] + len(got - gold), c[2] + len(gold - got)
    return out


def f1(c: Sequence[int]) -> tuple[float, float, float]:
    tp, fp, fn = c
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def additions(scored: Scored, thresholds: Mapping[str, float]) -> dict[str, set[str]]:
    """Exchange -> the pairs the classifier adds where an act's score reaches its threshold."""
    out: dict[str, set[str]] = defaultdict(set)
    for e, scores in scored:
        for act, t in thresholds.items():
            if not e.blocks(act) and scores.get(act, 0.0) >= t:
                out[e.exchange].update(e.added.get(act, ()))
    return out


def added_acts(scored: Scored, exchanges: Sequence[Exchange], thresholds: Mapping[str, float]) -> dict[str, list[int]]:
    """Per act, [right, wrong]: the exchanges it is added to that the rules had not given it, by the gold."""
    by_key = {x.key: x for x in exchanges}
    out: dict[str, list[int]] = {}
    for act, t in sorted(thresholds.items()):
        for key, pairs in additions(scored, {act: t}).items():
            if pairs and act not in by_key[key].rule_acts:
                out.setdefault(act, [0, 0])[0 if act in by_key[key].acts else 1] += 1
    return out


def grid(
    scorer: Scorer, train: Sequence[Example], dev: Mapping[str, Data]
) -> dict[Setting, dict[str, dict[str, list[int]]]]:
    """Every setting -> per development set, the counts of acts and pairs with the classifier's additions."""
    out: dict[Setting, dict[str, dict[str, list[int]]]] = {}
    acts = sorted({a for e in train for a in e.labels})
    names = sorted(dev)
    for c in CS:
        together = scorer(c, train, [e for name in names for e in dev[name][0]])  # one fit for every set
        scored, k = {}, 0
        for name in names:
            scored[name], k = together[k : k + len(dev[name][0])], k + len(dev[name][0])
        for t in THRESHOLDS:
            out[Setting(c, t)] = {
                name: counts(dev[name][1], additions(scored[name], dict.fromkeys(acts, t))) for name in dev
            }
    return out


def choose(
    results: Mapping[Setting, Mapping[str, Mapping[str, list[int]]]],
    rules: Mapping[str, Mapping[str, list[int]]],
    sets: Sequence[str],
) -> Setting | None:
    """The setting that keeps every set's acts precision at PRECISION_FLOOR and raises their pooled acts F1 above
    the rules' (``rules``: each set's counts without the classifier) most, then pooled pairs F1, the higher
    threshold, the smaller C; None where none raises it."""
    base = f1(pooled(rules, sets, "acts"))[2]
    best: tuple[tuple[float, float, float, float], Setting] | None = None
    for setting, by_set in results.items():
        if any(f1(by_set[name]["acts"])[0] < PRECISION_FLOOR for name in sets):
            continue
        acts_f1 = f1(pooled(by_set, sets, "acts"))[2]
        if acts_f1 <= base:
            continue
        key = (round(acts_f1, 9), round(f1(pooled(by_set, sets, "pairs"))[2], 9), setting.add_from, -setting.c)
        if best is None or key > best[0]:
            best = (key, setting)
    return None if best is None else best[1]


def pooled(by_set: Mapping[str, Mapping[str, list[int]]], sets: Sequence[str], field: str) -> list[int]:
    """The counts of ``field`` over ``sets`` together."""
    total = [0, 0, 0]
    for name in sets:
        total = [a + b for a, b in zip(total, by_set[name][field], strict=True)]
    return total


def cross_check(
    results: Mapping[Setting, Mapping[str, Mapping[str, list[int]]]], rules: Mapping[str, Mapping[str, list[int]]]
) -> list[tuple[str, str, Setting | None]]:
    """Chosen on each set alone, measured on each other one: (chosen on, measured on, setting)."""
    return [(a, b, choose(results, rules, [a])) for a in sorted(rules) for b in sorted(rules) if a != b]


def report(
    results: Mapping[Setting, Mapping[str, Mapping[str, list[int]]]],
    rules: Mapping[str, Mapping[str, list[int]]],
    label: str = "",
) -> str:
    """The cross-check and the setting chosen on all sets, as lines: acts and pairs P / R / F1, rules -> rules +
    classifier."""

    def fmt(c: Sequence[int]) -> str:
        return "{:.3f}/{:.3f}/{:.3f}".format(*f1(c))

    def line(name: str, setting: Setting | None) -> str:
        got = rules[name] if setting is None else results[setting][name]
        return (
            f"  {name}: acts {fmt(rules[name]['acts'])} -> {fmt(got['acts'])} {got['acts']}, "
            f"pairs {fmt(rules[name]['pairs'])} -> {fmt(got['pairs'])} {got['pairs']}"
        )

    out = []
    for a, b, setting in cross_check(results, rules):
        out.append(f"{label}chosen on {a}: {setting}; measured on {b}:")
        out.append(line(b, setting))
    chosen = choose(results, rules, sorted(rules))
    out.append(f"{label}chosen on all: {chosen}")
    out.extend(line(name, chosen) for name in sorted(rules))
    return "\n".join(out)
