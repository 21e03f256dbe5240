"""The protocol that sets the sentence classifier of acts (kg/extract/positions/sentence_choose.py): the precision
floor binds on every set, a setting that raises nothing is refused, and the choice is deterministic."""

from __future__ import annotations

from kg.extract.positions import sentence_choose as sc

RULES = {"a": {"acts": [8, 2, 10], "pairs": [6, 4, 12]}, "b": {"acts": [8, 2, 10], "pairs": [6, 4, 12]}}


def _counts(acts_a: list[int], acts_b: list[int]) -> dict[str, dict[str, list[int]]]:
    return {"a": {"acts": acts_a, "pairs": [6, 4, 12]}, "b": {"acts": acts_b, "pairs": [6, 4, 12]}}


def test_choose_keeps_the_floor_on_every_set() -> None:
    results = {
        sc.Setting(0.5, 0.5): _counts([14, 6, 4], [14, 2, 4]),  # most recall, but set a falls to 0.70 precision
        sc.Setting(0.5, 0.8): _counts([10, 1, 8], [9, 1, 9]),  # both sets at 0.90: the best that keeps the floor
        sc.Setting(1.0, 0.8): _counts([9, 1, 9], [9, 1, 9]),
    }
    assert sc.choose(results, RULES, ["a", "b"]) == sc.Setting(0.5, 0.8)
    assert sc.choose(results, RULES, ["b"]) == sc.Setting(0.5, 0.5)  # set b alone allows it
    checked = sc.cross_check(results, RULES)
    assert checked == [("a", "b", sc.Setting(0.5, 0.8)), ("b", "a", sc.Setting(0.5, 0.5))]
    assert "chosen on all: Setting(c=0.5, add_from=0.8)" in sc.report(results, RULES)


def test_choose_refuses_a_setting_that_raises_nothing() -> None:
    assert sc.choose({sc.Setting(0.5, 0.9): _counts([8, 2, 10], [8, 2, 10])}, RULES, ["a", "b"]) is None
    assert "chosen on all: None" in sc.report({sc.Setting(0.5, 0.9): _counts([8, 2, 10], [8, 2, 10])}, RULES)


def test_choose_breaks_ties_by_the_higher_threshold_then_the_smaller_c() -> None:
    same = _counts([10, 1, 8], [10, 1, 8])
    results = {sc.Setting(1.0, 0.6): same, sc.Setting(0.5, 0.7): same, sc.Setting(0.25, 0.7): same}
    assert sc.choose(results, RULES, ["a", "b"]) == sc.Setting(0.25, 0.7)


def test_added_acts_counts_new_acts_only() -> None:
    x = sc.Exchange("d", "d#1", frozenset({"oppose"}), frozenset({"oppose|USA"}), frozenset({"support"}), frozenset())
    e = sc.Example(
        "d",
        "d#1",
        (),
        frozenset(),
        frozenset(),
        {"oppose": ("oppose|USA",), "support": ("support|",), "warn": ("warn|",)},
    )
    scored = [(e, {"oppose": 0.9, "support": 0.9, "warn": 0.9})]
    assert sc.added_acts(scored, [x], {"oppose": 0.5, "support": 0.5, "warn": 0.95}) == {"oppose": [1, 0]}
    assert sc.added_acts(scored, [x], {"warn": 0.5}) == {"warn": [0, 1]}
