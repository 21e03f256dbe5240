"""Targets, twelfth round of issue 12, second pass (tests/dev/targets-errors-12.md, "Second pass: the new acts'
targets"): whom the acts of round 12's new cues (acts13) are aimed at. The sentences are written after ones of the
derive sets (acts-train-1..4, acts-dev..-3)."""

from __future__ import annotations

from tests.test_position_groups import positions
from tests.test_targets_round10 import pairs


def test_help_not_forgotten_points_back_to_whom_the_previous_sentence_names() -> None:
    # acts-dev t1763695 e6: "all sectors of the Pakistani society immediately voiced strong support ... The Chinese
    # people will not forget this." welcomes Pakistan (welcome_not_forget: the pronoun after "forget" is the object,
    # not part of the cue, so it refers back as any object pronoun does)
    question = "Can you share some details of China's help in fighting the pandemic?"
    answer = "After the outbreak, Pakistan immediately voiced strong support to China. The Chinese people will not forget this."
    found = positions(answer, question)
    assert pairs(found, "welcome") == [("PAK", "previous_sentence")]
    forgot = next(p for p in found if p.act == "welcome")
    assert answer[forgot.start : forgot.end] == forgot.evidence
    # nothing before it: still a welcome, aimed at no one
    assert pairs(positions("The Chinese people will not forget this.", question), "welcome") == [(None, None)]
