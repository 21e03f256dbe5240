"""Targets, tenth round of issue 12 (tests/dev/targets-errors-10.md): who an act is aimed at where the act is right
and the target was not. The sentences are from the derive sets (acts-train-1..4, acts-dev..-3)."""

from __future__ import annotations

from kg.types import Position
from tests.test_position_groups import positions


def pairs(found: tuple[Position, ...], act: str) -> list[tuple[str | None, str | None]]:
    return sorted(((p.target.key if p.target else None), p.target_rule) for p in found if p.act == act)


def test_a_report_denied_as_untrue_is_aimed_at_no_one_the_sentence_does_not_name() -> None:
    # acts-train t1589364 e6, t1777953 e7, t1779579 e9, t1679792 e7: a fact denied ("it is not true", "not factual")
    # or a claim dismissed ("nothing more than a pipe dream") answers the report, not the state the question is
    # about (pk:targetPolicy "sentence": 1 right of 8 inferred so on the derive sets)
    question = "Indian media reported that China is building a military base in Afghanistan. Can you confirm that?"
    for answer in (
        "We have checked on this report and it is not true.",
        "We have checked and found it to be not factual.",
        "Some of the media reports are not factual.",
        "On your second question, Denise Ho's so-called removal is nothing more than a pipe dream.",
    ):
        assert pairs(positions(answer, question), "reject") == [(None, None)], answer
    # a state the sentence names stays the target
    answer = "The US report about the base is not true."
    assert [k for k, _rule in pairs(positions(answer, question), "reject")] == ["USA"]
