"""How the sentence classifier of acts is set (kg/extract/positions/sentence_choose.py, sentence_cv.py): each act's
threshold chosen out of fold where its added pairs gain most, a wrong one costing WRONG_WEIGHT right ones; the aim
that keeps only targets the sentence names; the measure that splits what it adds into right, act wrong and target
wrong; and, in the extractor, an added position whose target would be inferred is left under the ``named`` aim."""

from __future__ import annotations

from kg.extract.positions import extract_positions
from kg.extract.positions import sentence_choose as sc
from kg.extract.positions import sentence_cv as cv
from kg.extract.positions.sentence_model import RULE, ActClassifier, SentenceModel
from kg.extract.topics import extract_topics
from tests._build import briefing, mentions

X = sc.Exchange(
    "d", "d#1", frozenset({"warn", "oppose"}), frozenset({"warn|USA", "oppose|USA"}), frozenset(), frozenset()
)


def _example(act: str, pair: str, inferred: str | None = None, doc: str = "d") -> sc.Example:
    return sc.Example(doc, f"{doc}#1", (), frozenset(), frozenset(), {act: (pair,)}, inferred={act: (inferred,)})


def test_each_act_adds_from_the_threshold_where_its_pairs_gain_most() -> None:
    right, wrong = _example("warn", "warn|USA"), _example("warn", "warn|JPN")
    # one right at 0.9, one wrong at 0.6: from 0.9 it gains 1; from 0.6 it gains 1 - 2.5
    assert sc.choose_thresholds([(right, {"warn": 0.9}), (wrong, {"warn": 0.6})], [X], ["warn"], "any") == {"warn": 0.9}
    # the wrong one scored higher: no threshold gains, the act adds nothing
    assert sc.choose_thresholds([(right, {"warn": 0.6}), (wrong, {"warn": 0.9})], [X], ["warn"], "any") == {
        "warn": sc.NEVER
    }
    # two right for one wrong gain at a weight of 1.5, not at the shipped 2.5
    third = _example("warn", "warn|GBR")
    y = sc.Exchange("d", "d#1", X.acts, X.pairs | {"warn|JPN"}, frozenset(), frozenset())
    scored = [(right, {"warn": 0.7}), (wrong, {"warn": 0.7}), (third, {"warn": 0.7})]
    assert sc.choose_thresholds(scored, [y], ["warn"], "any", weight=1.5) == {"warn": 0.7}
    assert sc.choose_thresholds(scored, [y], ["warn"], "any") == {"warn": sc.NEVER}


def test_the_named_aim_keeps_only_targets_the_sentence_names() -> None:
    named, inferred = _example("warn", "warn|USA"), _example("warn", "warn|USA", "question_actor")
    untargeted = _example("warn", "warn|")
    no_comment = _example("no_comment", "no_comment|")
    scored = [(e, {"warn": 0.9, "no_comment": 0.9}) for e in (named, inferred, untargeted, no_comment)]
    thresholds = {"warn": 0.5, "no_comment": 0.5}
    assert sc.additions(scored, thresholds, "any") == {"d#1": {"warn|USA", "warn|", "no_comment|"}}
    got = sc.additions(scored[1:], thresholds, "named", frozenset({"no_comment"}))
    assert got == {"d#1": {"no_comment|"}}  # inferred and untargeted warn left; no_comment takes no target
    assert sc.additions(scored[:1], thresholds, "named") == {"d#1": {"warn|USA"}}


def test_the_measure_splits_what_is_added() -> None:
    x = sc.Exchange(
        "d", "d#1", frozenset({"warn"}), frozenset({"warn|USA"}), frozenset({"warn"}), frozenset({"warn|USA"})
    )
    got = cv.tally([x], {"d#1": {"warn|USA", "warn|JPN", "support|USA", "support|WHO"}})
    assert got.added == cv.Added(right=0, act_wrong=2, target_wrong=1)  # the rules' own pair is not an addition
    assert got.by_act == {"support": cv.Added(0, 2, 0), "warn": cv.Added(0, 0, 1)}
    assert got.acts == (1, 1, 0) and got.pairs == (1, 3, 0) and got.organisations == (0, 1, 0)
    assert "act wrong 2, target wrong 1 (0.00 right)" in cv.line("d", cv.tally([x], {}), got)


def test_nested_thresholds_are_chosen_on_the_other_folds() -> None:
    # fold a: a right warn at 0.9; fold b: a wrong warn at 0.9. Chosen on a, b gets warn (wrong); on b, a gets none.
    xa = sc.Exchange("a", "a#1", frozenset({"warn"}), frozenset({"warn|USA"}), frozenset(), frozenset())
    xb = sc.Exchange("b", "b#1", frozenset(), frozenset(), frozenset(), frozenset())
    scored = [
        (_example("warn", "warn|USA", doc="a"), {"warn": 0.9}),
        (_example("warn", "warn|USA", doc="b"), {"warn": 0.9}),
    ]
    assert cv.nested(scored, [xa, xb], [{"a"}, {"b"}], ["warn"], "any", frozenset()) == {"b#1": {"warn|USA"}}
    # the scores of each fold come from a fit on the others
    seen: list[tuple[str, ...]] = []

    def fit(_c: float, train: object, test: object) -> sc.Scored:
        seen.append(tuple(sorted({e.doc for e in train})))  # type: ignore[attr-defined]
        return [(e, {"warn": 0.5}) for e in test]  # type: ignore[attr-defined]

    examples = [e for e, _s in scored]
    assert [e.doc for e, _s in cv.out_of_fold(fit, 1.0, examples, [{"a"}, {"b"}])] == ["a", "b"]
    assert seen == [("b",), ("a",)]


def test_an_added_position_with_an_inferred_target_is_left_under_the_named_aim() -> None:
    """A hand-written exchange: the classifier scores "farce" as criticism (no cue of acts.ttl matches). Its first
    sentence names no one (the target would be the question's US), its last points back (the previous sentence's);
    under ``named`` only the sentence naming the US keeps its addition, and an untargeted no_comment stays."""
    q = "The US imposed sanctions on Chinese firms. What is your comment?"
    a = "Such moves are a farce. The US practice is a farce that harms everyone. A farce, to say it again."
    b = briefing([(q, a)])
    acts = {
        "criticize": ActClassifier({"w=farce": 10.0}, -5.0, 0.9),
        "no_comment": ActClassifier({"w=again": 10.0}, -5.0, 0.9),
    }

    def added(aim: str) -> list[tuple[str, str | None, str | None, str]]:
        model = SentenceModel(acts, "sentence", aim=aim)
        found = extract_positions(b, mentions(b), extract_topics(b, mentions(b)), model=None, sentences=model)
        return [(p.act, p.target.key if p.target else None, p.target_rule, p.evidence) for p in found if p.rule == RULE]

    assert [(act, key, rule) for act, key, rule, _e in added("any")] == [
        ("criticize", "USA", "question_actor"),
        ("criticize", "USA", None),
        ("criticize", "USA", "previous_sentence"),
        ("no_comment", None, None),
    ]
    assert added("named") == [
        ("criticize", "USA", None, "The US practice is a farce that harms everyone."),
        ("no_comment", None, None, "A farce, to say it again."),
    ]
    # the shipped aim keeps the actor the previous sentence names too, never the question's
    assert [(act, key, rule) for act, key, rule, _e in added("named_or_previous")] == [
        ("criticize", "USA", None),
        ("criticize", "USA", "previous_sentence"),
        ("no_comment", None, None),
    ]
