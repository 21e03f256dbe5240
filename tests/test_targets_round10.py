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


def test_an_act_stated_to_other_countries_beside_a_targeted_one_is_a_second_stance_aimed_at_no_one() -> None:
    # acts-train t1753656 e3, t1776657 e2, t1605226 e8, t1663725 e2: "other countries", "all like-minded countries",
    # "everyone" beside the same act aimed at a named state (EVERYONE, targets.ttl; 5 of 5 right on the derive sets)
    question = "Pakistan asked China for help with medical supplies. What is your comment?"
    answer = (
        "China supports Pakistan in fighting the outbreak. "
        "China also actively supports other countries in carrying out commercial procurement of materials in China."
    )
    found = [p for p in positions(answer, question) if p.act == "support"]
    assert sorted((p.target.key if p.target else "") for p in found) == ["", "PAK"]
    # a restatement that names no one is still left out
    answer = "China supports Pakistan in fighting the outbreak. China supports the fight against the outbreak."
    assert [p.target and p.target.key for p in positions(answer, question) if p.act == "support"] == ["PAK"]


def test_a_rejection_that_names_no_one_answers_the_state_the_question_is_about() -> None:
    # acts-train t1685765 e4, e6, t1767006 e6, t1764277 e1: reject answers the question as oppose does
    # (pk:answersQuestion true): its object naming no one ("any maximum pressure"), it is aimed at the state asked about
    question = "The US announced new tariffs on Chinese goods yesterday. What is your response?"
    answer = "China does not accept any maximum pressure, threat or blackmail."
    assert [k for k, _rule in pairs(positions(answer, question), "reject")] == ["USA"]
    # a state the sentence names stays the target
    answer = "China does not accept any pressure from Japan."
    assert [k for k, _rule in pairs(positions(answer, question), "reject")] == ["JPN"]


def test_the_state_an_attack_hits_or_takes_place_in_is_not_the_one_condemned() -> None:
    # acts-train t1698607 e2, e4 ("the attacks on Saudi Arabia's oil facilities": VICTIM, targets.ttl) and t1630327
    # e11 ("the terrorist attack in Nairobi, Kenya": a place named with its city, grammar.location)
    for answer in (
        "China condemns the attacks on Pakistan's oil facilities.",
        "China strongly condemns the terrorist attack in Karachi, Pakistan.",
    ):
        assert pairs(positions(answer), "criticize") == [(None, None)], answer
    # the doer named stays the target
    answer = "China condemns the attacks by the US on Syria."
    assert [k for k, _rule in pairs(positions(answer), "criticize")] == ["USA"]
